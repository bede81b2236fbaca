"""`manage.py check_links` against a local HTTP server on 127.0.0.1, never the internet: HEAD, then
GET when HEAD is refused, redirects, time-outs, a pace per host, and what is stored."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import call_command

from byregion.editorial.links import LinkChecker, external_links, in_turns, links_check
from byregion.models import LinkStatus
from regions.models import Bottleneck, Goal
from tests.factories import make_region, make_result
from tests.servers import free_port

USER_AGENT = "Byregion-lenkjesjekk/1.0 (+https://byregion.test/)"


class _Handler(BaseHTTPRequestHandler):
    """200 at /ok, 404 at /borte, 405 to HEAD at /berre-get, a redirect at /flytta, a redirect to
    ftp at /til-ftp, a redirect to itself at /rundt, an answer after 1.5 s at /treg, and 200 at
    /bø?tema=søk as a browser asks for it."""

    def _answer(self):
        self.server.requests.append(
            (self.command, self.path, time.monotonic(), self.headers["User-Agent"])
        )
        if self.path == "/treg":
            time.sleep(1.5)
        status, headers = {
            "/ok": (200, {}),
            "/borte": (404, {}),
            "/berre-get": (405 if self.command == "HEAD" else 200, {}),
            "/flytta": (301, {"Location": "/ok"}),
            "/til-ftp": (302, {"Location": "ftp://127.0.0.1/fil"}),
            "/treg": (200, {}),
            "/rundt": (302, {"Location": "/rundt"}),
            "/b%C3%B8?tema=s%C3%B8k": (200, {}),
        }.get(self.path, (404, {}))
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", "2")
            self.end_headers()
            if self.command == "GET":
                self.wfile.write(b"ok")
        except (BrokenPipeError, ConnectionResetError):
            pass

    do_HEAD = _answer
    do_GET = _answer

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    """A local HTTP server; `server.requests` lists (method, path, monotonic time, User-Agent)."""
    httpd = ThreadingHTTPServer(("127.0.0.1", free_port()), _Handler)
    httpd.daemon_threads = True
    httpd.requests = []
    httpd.base = f"http://127.0.0.1:{httpd.server_port}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def checker(**options):
    return LinkChecker(user_agent=USER_AGENT, **{"timeout": 5, "pace": 0, **options})


def test_a_working_link_is_asked_with_head_only_and_names_the_site(server):
    answer = checker().check(f"{server.base}/ok")
    assert (answer.status_code, answer.error) == (200, "")
    assert [(method, path, agent) for method, path, _t, agent in server.requests] == [
        ("HEAD", "/ok", USER_AGENT)
    ]


def test_a_missing_page_answers_404(server):
    assert checker().check(f"{server.base}/borte").status_code == 404
    assert [method for method, *_rest in server.requests] == ["HEAD"]


def test_head_refused_falls_back_to_get(server):
    answer = checker().check(f"{server.base}/berre-get")
    assert answer.status_code == 200
    assert [(method, path) for method, path, *_rest in server.requests] == [
        ("HEAD", "/berre-get"),
        ("GET", "/berre-get"),
    ]


def test_a_redirect_is_followed_with_head(server):
    assert checker().check(f"{server.base}/flytta").status_code == 200
    assert [(method, path) for method, path, *_rest in server.requests] == [
        ("HEAD", "/flytta"),
        ("HEAD", "/ok"),
    ]


def test_a_redirect_to_another_scheme_is_not_followed(server):
    answer = checker().check(f"{server.base}/til-ftp")
    assert answer.status_code is None
    assert answer.error == (
        "Vidaresender til ei adresse som ikkje er http eller https: ftp://127.0.0.1/fil"
    )


def test_a_redirect_loop_is_an_error(server):
    answer = checker().check(f"{server.base}/rundt")
    assert answer.status_code == 302
    assert answer.error.startswith("Vidaresendinga fører ingen stad")


def test_an_address_written_with_letters_beyond_ascii_is_asked_as_a_browser_would(server):
    assert checker().check(f"{server.base}/bø?tema=søk").status_code == 200
    assert [path for _m, path, *_rest in server.requests] == ["/b%C3%B8?tema=s%C3%B8k"]


def test_a_slow_answer_is_a_timeout(server):
    started = time.monotonic()
    answer = checker(timeout=0.3).check(f"{server.base}/treg")
    assert time.monotonic() - started < 1.4
    assert answer == type(answer)(error="Fekk ikkje svar i tide (tidsavbrot)")


def test_a_closed_port_is_an_error():
    answer = checker().check(f"http://127.0.0.1:{free_port()}/")
    assert answer.error == "Tenaren tok ikkje imot tilkoplinga"


def test_requests_to_one_host_keep_the_pace(server):
    pace = 0.25
    fast = checker(pace=pace)
    for path in ("/ok", "/borte", "/ok"):
        fast.check(f"{server.base}{path}")
    times = [when for _m, _p, when, _a in server.requests]
    gaps = [later - earlier for earlier, later in zip(times, times[1:], strict=False)]
    assert len(gaps) == 2
    assert all(gap >= pace - 0.01 for gap in gaps), gaps


def test_the_pace_is_per_host_and_hosts_take_turns():
    slept = []
    clock = iter([0.0, 0.0, 0.1, 1.0]).__next__
    paced = LinkChecker(user_agent=USER_AGENT, pace=1.0, clock=clock, sleep=slept.append)
    for url in ("https://a.test/1", "https://b.test/1", "https://a.test/2"):
        paced._wait_for_turn(url)
    # b.test waits for nobody; a.test's second request waits the second minus what has passed.
    assert slept == [pytest.approx(0.9)]
    urls = ["https://a.test/1", "https://a.test/2", "https://b.test/1", "https://a.test/3"]
    assert in_turns(urls) == [
        "https://a.test/1", "https://b.test/1", "https://a.test/2", "https://a.test/3",
    ]  # fmt: skip


def test_external_links_are_http_and_https_only():
    html = (
        '<p><a href="https://a.test/">A</a> <a href="http://b.test/x">B</a> <a href="#">C</a> '
        '<a href="mailto:x@y.no">D</a> <a href="https://a.test/">A igjen</a></p>'
    )
    assert external_links(html) == ["https://a.test/", "http://b.test/x"]


@pytest.mark.django_db
def test_links_check_stores_each_answer_and_forgets_links_no_longer_used(server):
    LinkStatus.objects.create(
        url="https://gammal.test/", status_code=200, checked_at="2026-01-01T00:00Z"
    )
    urls = [f"{server.base}/ok", f"{server.base}/borte", f"{server.base}/treg"]
    links_check(urls=urls, checker=checker(timeout=0.3))
    stored = {status.url: (status.status_code, status.error) for status in LinkStatus.objects.all()}
    assert stored == {
        f"{server.base}/ok": (200, ""),
        f"{server.base}/borte": (404, ""),
        f"{server.base}/treg": (None, "Fekk ikkje svar i tide (tidsavbrot)"),
    }
    assert all(status.checked_at for status in LinkStatus.objects.all())


@pytest.mark.django_db
def test_the_command_checks_links_in_drafts_and_published_content(server):
    region = make_region(
        published=False,
        summary=f'<p>Sjå <a href="{server.base}/ok">rapporten</a>.</p>',
        source_url=f"{server.base}/flytta",
    )
    Goal.objects.filter(region=region, number=1).update(
        text=f'<p><a href="{server.base}/berre-get">Planen</a></p>'
    )
    Bottleneck.objects.create(region=region, text=f'<p><a href="{server.base}/borte">Vegen</a></p>')
    make_result(
        region, body=f'<p><a href="{server.base}/ok">Same lenkje</a> og <a href="#">ingen</a></p>'
    )
    out = StringIO()
    call_command(
        "check_links", "--pace=0", "--timeout=5", "--site-url=https://byregion.test/", stdout=out
    )
    stored = {status.url: status.status_code for status in LinkStatus.objects.all()}
    assert stored == {
        f"{server.base}/ok": 200,
        f"{server.base}/flytta": 200,
        f"{server.base}/berre-get": 200,
        f"{server.base}/borte": 404,
    }
    assert out.getvalue().splitlines() == [
        f"! 404  {server.base}/borte",
        "Sjekka 4 lenkjer; 1 verkar ikkje.",
    ]
    assert {agent for *_rest, agent in server.requests} == {USER_AGENT}
