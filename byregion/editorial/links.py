"""External links: which a text has, what each answers, what was stored, and which are broken.

`LinkChecker` asks each address with HEAD, then GET when HEAD is refused, with a time-out, a pace
per host (never two requests to the same host closer than `pace` seconds), a User-Agent that
names the site, and redirects followed only to http and https. `manage.py check_links` runs it
over all content and stores each answer as a `LinkStatus`; the change forms and the quality
report name the broken ones.
"""

import http.client
import socket
import ssl
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import quote, urlsplit, urlunsplit

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from byregion.editorial.checks import Advice
from byregion.editorial.fragments import parse_fragment
from byregion.models import LinkStatus

URL_MAX_LENGTH = LinkStatus._meta.get_field("url").max_length
# Answers to HEAD after which GET is tried: servers that refuse or do not know HEAD.
HEAD_REFUSED = {400, 403, 405, 406, 501}


def external_links(html):
    """Return the http and https addresses a rich-text fragment links to, each once, in order."""
    found = []
    for link in parse_fragment(html).links:
        if _is_external(link.href) and link.href not in found:
            found.append(link.href)
    return found


def _is_external(url):
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname) and len(url) <= URL_MAX_LENGTH


@dataclass(frozen=True)
class Answer:
    """What one address answered: a status code (after redirects), or an error in words."""

    status_code: int | None = None
    error: str = ""
    # The server closed the connection without an answer (some do so to HEAD).
    dropped: bool = False


def _ascii_url(url):
    """Return `url` as it goes on the wire: the host in IDNA, path and query percent-encoded.

    Editors write addresses as they read them (https://www.vegvesen.no/søk, https://bø.kommune.no/).
    """
    parts = urlsplit(url)
    host = parts.hostname.encode("idna").decode("ascii")
    if ":" in host:
        host = f"[{host}]"
    netloc = host if parts.port is None else f"{host}:{parts.port}"
    keep = "/%:@!$&'()*+,;=-._~"
    return urlunsplit(
        (
            parts.scheme,
            netloc,
            quote(parts.path, safe=keep),
            quote(parts.query, safe=keep + "?"),
            "",
        )
    )


class _UnsafeRedirect(urllib.error.URLError):
    pass


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http and https only (urllib would follow ftp too), keeping HEAD."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme not in ("http", "https"):
            raise _UnsafeRedirect(newurl)
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None:
            new.method = req.get_method()
        return new


class LinkChecker:
    """Ask addresses what they answer, at a pace per host; `clock` and `sleep` for tests."""

    def __init__(
        self, *, user_agent, timeout=10.0, pace=1.0, clock=time.monotonic, sleep=time.sleep
    ):
        self.user_agent = user_agent
        self.timeout = timeout
        self.pace = pace
        self.clock = clock
        self.sleep = sleep
        self._last_request = {}
        self._opener = urllib.request.build_opener(_HttpOnlyRedirects())

    def check(self, url):
        """Return the Answer of `url`: HEAD, then GET when HEAD is refused."""
        answer = self._request(url, "HEAD")
        if answer.status_code in HEAD_REFUSED or answer.dropped:
            answer = self._request(url, "GET")
        return answer

    def _wait_for_turn(self, url):
        host = urlsplit(url).netloc.lower()
        last = self._last_request.get(host)
        if last is not None:
            wait = last + self.pace - self.clock()
            if wait > 0:
                self.sleep(wait)
        self._last_request[host] = self.clock()

    def _request(self, url, method):
        if not _is_external(url):
            return Answer(error=_("Ikkje ei http- eller https-adresse"))
        self._wait_for_turn(url)
        try:
            wire_url = _ascii_url(url)
        except (UnicodeError, ValueError):
            return Answer(error=_("Adressa er ikkje gyldig"))
        request = urllib.request.Request(  # noqa: S310 (http and https only, checked above)
            wire_url, method=method, headers={"User-Agent": self.user_agent, "Accept": "*/*"}
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                if method == "GET":
                    response.read(1)
                return Answer(status_code=response.status)
        except urllib.error.HTTPError as error:
            error.close()
            if 300 <= error.code < 400:
                # A redirect urllib would not follow: a loop, too many, or no address to go to.
                message = _(
                    "Vidaresendinga fører ingen stad (ein ring, for mange steg eller ingi adresse)"
                )
                return Answer(status_code=error.code, error=message)
            return Answer(status_code=error.code)
        except _UnsafeRedirect as error:
            message = _("Vidaresender til ei adresse som ikkje er http eller https: %(url)s")
            return Answer(error=message % {"url": error.reason})
        except urllib.error.URLError as error:
            return _failed(error.reason)
        except (OSError, http.client.HTTPException, ValueError) as error:
            return _failed(error)


def _failed(reason):
    dropped = isinstance(reason, ConnectionResetError | http.client.RemoteDisconnected)
    return Answer(error=_describe(reason), dropped=dropped)


def _describe(reason):
    """Name a failed request's cause in nynorsk."""
    if isinstance(reason, TimeoutError | socket.timeout):
        return _("Fekk ikkje svar i tide (tidsavbrot)")
    if isinstance(reason, socket.gaierror):
        return _("Fann ikkje vertsnamnet")
    if isinstance(reason, ssl.SSLError | ssl.CertificateError):
        return _("Sertifikatet eller krypteringa er ikkje i orden")
    if isinstance(reason, ConnectionRefusedError):
        return _("Tenaren tok ikkje imot tilkoplinga")
    if isinstance(reason, ConnectionError | http.client.RemoteDisconnected):
        return _("Tilkoplinga vart broten")
    return _("Kunne ikkje hente adressa: %(reason)s") % {"reason": reason}


def link_status_store(*, url, answer, checked_at=None):
    """Store what `url` answered, replacing any earlier answer; return the LinkStatus."""
    status, _created = LinkStatus.objects.update_or_create(
        url=url,
        defaults={
            "status_code": answer.status_code,
            "error": answer.error[:300],
            "checked_at": checked_at or timezone.now(),
        },
    )
    return status


def broken_link_advice(places):
    """Advise on the broken links among `places`: (place, [address, …]) pairs; one query."""
    places = [(place, urls) for place, urls in places if urls]
    addresses = {url for _place, urls in places for url in urls}
    if not addresses:
        return []
    statuses = {
        status.url: status
        for status in LinkStatus.objects.filter(url__in=addresses)
        if status.is_broken
    }
    advice = []
    message = _("%(place)s: lenkja til %(url)s verkar ikkje (%(outcome)s, sjekka %(when)s).")
    for place, urls in places:
        for url in urls:
            status = statuses.get(url)
            if status:
                values = {
                    "place": place,
                    "url": url,
                    "outcome": status.outcome,
                    "when": date_format(timezone.localtime(status.checked_at), "DATETIME_FORMAT"),
                }
                advice.append(Advice("broken-link", place, message % values))
    return advice


def in_turns(urls):
    """Return `urls` with the hosts taking turns, so the pace per host costs the least waiting."""
    by_host = {}
    for url in urls:
        by_host.setdefault(urlsplit(url).netloc.lower(), []).append(url)
    queues = list(by_host.values())
    ordered = []
    while queues:
        ordered += [queue.pop(0) for queue in queues]
        queues = [queue for queue in queues if queue]
    return ordered


def links_check(*, urls, checker, report=None):
    """Check each address with `checker`, store its answer, and forget addresses no longer in use.

    `report(status)` is called after each address. Returns the stored LinkStatus rows.
    """
    urls = list(dict.fromkeys(urls))
    LinkStatus.objects.exclude(url__in=urls).delete()
    stored = []
    for url in in_turns(urls):
        status = link_status_store(url=url, answer=checker.check(url))
        stored.append(status)
        if report is not None:
            report(status)
    return stored
