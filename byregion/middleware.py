"""Request id and access log, database-outage pages, and the security headers Django lacks."""

import contextvars
import logging
import re
import sys
import time
import uuid

from django.conf import settings
from django.core.signals import got_request_exception
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

_request_id = contextvars.ContextVar("request_id", default="-")
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
access_log = logging.getLogger("byregion.access")
error_log = logging.getLogger("byregion.errors")

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
_PLAIN_UNAVAILABLE_PAGE = (
    '<!doctype html><html lang="nn"><meta charset="utf-8"><title>Byregion</title>'
    "<h1>Sida er mellombels utilgjengeleg</h1><p>Prøv igjen om eit lite bel.</p></html>"
)


def current_request_id():
    return _request_id.get()


def client_ip(request):
    """Return the client's address: the one the last of PROXY_COUNT proxies saw, else REMOTE_ADDR."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    forwarded = [address.strip() for address in forwarded if address.strip()]
    if settings.PROXY_COUNT and len(forwarded) >= settings.PROXY_COUNT:
        # Entries left of those our own proxies added are the client's word, and can be forged.
        return forwarded[-settings.PROXY_COUNT]
    return request.META.get("REMOTE_ADDR")


class RequestIdMiddleware:
    """Take X-Request-ID from the proxy (or make one), echo it, and log the request.

    A page served from the page cache is not logged line by line (its cost would be mostly the
    log line); the proxy's access log has it, and the X-Request-ID header still ties it together.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex
        token = _request_id.set(request_id)
        request.request_id = request_id
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            if getattr(response, "page_cache_hit", False):
                return response
            access_log.info(
                "request",
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            _request_id.reset(token)


def database_unavailable_response():
    """Return the friendly 503 page; rendering it needs neither the database nor a request."""
    try:
        page = render_to_string("503.html")
    except Exception:  # A missing static manifest must not turn the outage page into a 500.
        error_log.exception("the 503 page could not be rendered")
        page = _PLAIN_UNAVAILABLE_PAGE
    response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response["X-Frame-Options"] = "DENY"
    # The error is logged once, with its exception; Django would add a second "Service Unavailable".
    response._has_been_logged = True
    return response


def _note_database_error(sender, request=None, **kwargs):
    # Django turns an exception raised inside another middleware into a 500 before any outer
    # middleware sees it; this receiver marks the request so the 500 can become a 503.
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, DATABASE_ERRORS):
        request.database_unavailable = True


got_request_exception.connect(_note_database_error, dispatch_uid="byregion_database_unavailable")


class DatabaseUnavailableMiddleware:
    """Answer 503 with a friendly page and Retry-After, never a traceback, while the database is down.

    The connection is not kept: Django's health checks (CONN_HEALTH_CHECKS) reconnect on the next
    request, so the site recovers by itself when the database is back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code >= 500 and getattr(request, "database_unavailable", False):
            return database_unavailable_response()
        return response

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_ERRORS):
            return None
        error_log.error(
            "database unavailable",
            exc_info=(type(exception), exception, exception.__traceback__),
            extra={"method": request.method, "path": request.path, "status": 503},
        )
        return database_unavailable_response()


class RequestSizeLimitMiddleware:
    """Refuse a request body larger than REQUEST_MAX_BYTES before any of it is read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_MAX_BYTES:
            message = _(
                "Det du sende er for stort (%(size)s MB). Største tillatne storleik er %(max)s MB."
            ) % {
                "size": round(length / 1_048_576, 1),
                "max": settings.REQUEST_MAX_BYTES // 1_048_576,
            }
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Send Permissions-Policy: the site uses no camera, microphone, location or similar."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY_DENY)

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.policy)
        return response


class EditorCspMiddleware:
    """Relax style-src for the rich-text editor's pages only (see CSP_EDITOR_PATHS in settings).

    Must sit below csp.middleware.CSPMiddleware, which reads the `_csp_update` this sets.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefixes = tuple(settings.CSP_EDITOR_PATHS)

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(self.prefixes):
            response._csp_update = settings.CSP_EDITOR_UPDATE
        return response


_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _carries_nul(request):
    if "\x00" in request.path:
        return True
    query = request.META.get("QUERY_STRING", "")
    if "%00" in query or "\x00" in query:
        return True
    if request.method == "POST" and request.content_type in _FORM_TYPES:
        # Parsed here rather than later: CsrfViewMiddleware reads request.POST anyway.
        for name, values in request.POST.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                return True
    return False


class NulCharacterMiddleware:
    """Answer 400 with a plain page to a request with a NUL character in its path or parameters.

    PostgreSQL cannot store or compare text holding NUL: any such value that reaches a query (the
    site search, the admin's search and autocomplete, a form) would end in a 500. No legitimate
    address or form field holds one, so the request is refused before any view sees it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _carries_nul(request):
            return self.refusal()
        return self.get_response(request)

    @staticmethod
    def refusal():
        # LocaleMiddleware has not run yet: the page is in the site's language, as its lang says.
        with translation.override(settings.LANGUAGE_CODE):
            title = _("Ugyldig førespurnad")
            text = _(
                "Adressa eller skjemaet inneheld eit teikn som ikkje er tillate (NUL). "
                "Gå tilbake og prøv igjen utan det."
            )
        page = (
            f'<!doctype html><html lang="nn"><meta charset="utf-8"><title>{title}</title>'
            f"<h1>{title}</h1><p>{text}</p></html>"
        )
        response = HttpResponse(page, status=400)
        response["Cache-Control"] = "no-store"
        return response
