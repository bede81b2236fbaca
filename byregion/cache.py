"""Page cache for anonymous visitors, made stale as a whole whenever content changes.

A public view is marked with `public_page`; `PageCacheMiddleware`, near the top of the middleware
stack, stores the finished response (every header the stack added, CSP and HSTS included) and
serves later anonymous requests for the same address from it, before sessions, users, django-axes,
django-reversion and the rest of the stack are touched.

Every page is stored under the current content version; saving or deleting any content object
bumps the version, so the next request, in any process, renders afresh. Where the version lives:
- without Redis every process keeps its own pages, so the version they share is a row in the
  database (`ContentVersion`), bumped in the same transaction as the content it covers. On
  PostgreSQL each process also LISTENs for the bump's NOTIFY (sent in that transaction, delivered
  when it commits) on a connection of its own, and reads the row again only after one arrives:
  a hit then costs no round trip to the database at all;
- with Redis (REDIS_URL), pages and version are both in Redis, which every process shares.
A page is never kept past the next scheduled publication or end of publication, so a result set
to appear at 09:00 appears at 09:00 in every process, and one set to end at 17:00 is gone then.
"""

import contextlib
import contextvars
import hashlib
import logging
import math
import select
import time
from contextlib import contextmanager
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

VERSION_KEY = "page-cache:version"
HIT_HEADER = "X-Page-Cache"

# The models whose content shows on public pages; a write to any of them clears the page cache.
CONTENT_MODELS = [
    "regions.Region",
    "regions.Membership",
    "regions.Goal",
    "regions.Bottleneck",
    "regions.Contact",
    "cases.ResultExample",
    "cases.ResultImage",
    "cases.Theme",
]
# The models with a publish time that may lie in the future.
SCHEDULED_MODELS = ["regions.Region", "cases.ResultExample"]

# Set while a bulk write runs: its saves bump the version once, at the end (`page_cache_batch`).
_batched = contextvars.ContextVar("page_cache_batched", default=False)


def _shared_in_cache():
    return bool(settings.REDIS_URL)


class _DatabaseVersion:
    """The version as one row in the database: read per request, bumped inside the writing
    transaction, so another process sees the new version exactly when it can see the new rows."""

    table = "byregion_contentversion"

    def read(self):
        listener = _listener()
        if listener is not None and listener.unchanged():
            return listener.known
        row = self._select()
        if row is None:
            # The row comes with the migration; should it ever go, it starts again from the clock.
            self.bump()
            return self.read()
        if listener is not None and not connection.in_atomic_block:
            # Only a committed version is kept: a transaction may yet roll its bump back.
            listener.known = row[0]
        return row[0]

    def _select(self):
        """Read the row; the first read of a request is the connection's health check too.

        With CONN_HEALTH_CHECKS Django would send «SELECT 1» before it, a second round trip on
        every cached page. Instead a connection that fails this read is closed and the read tried
        once more on a fresh one, which is what the health check would have done.
        """
        first_use = connection.health_check_enabled and not connection.health_check_done
        if first_use and connection.connection is not None:
            connection.health_check_done = True
            try:
                return self._fetch()
            except (OperationalError, InterfaceError):
                if connection.in_atomic_block:
                    raise
                connection.close()
        return self._fetch()

    def _fetch(self):
        sql = f"SELECT value FROM {self.table} WHERE id = 1"  # noqa: S608
        if connection.queries_logged:
            # DEBUG, or a test counting queries: through Django's cursor, which logs it.
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchone()
        # The driver's own cursor, with Django's error translation: this read runs on every cached
        # page, and Django's cursor wrapper would cost as much as the query itself.
        connection.ensure_connection()
        with connection.wrap_database_errors:
            cursor = connection.connection.cursor()
            try:
                cursor.execute(sql)
                return cursor.fetchone()
            finally:
                cursor.close()

    def bump(self):
        # Never below the clock: a database restored from a backup cannot bring back a version
        # that pages in some process are still stored under.
        now = time.time_ns()
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {self.table} SET value = CASE WHEN value + 1 > %s THEN value + 1 "  # noqa: S608
                "ELSE %s END WHERE id = 1",
                [now, now],
            )
            if cursor.rowcount == 0:
                cursor.execute(f"INSERT INTO {self.table} (id, value) VALUES (1, %s)", [now])  # noqa: S608
            if connection.vendor == "postgresql":
                cursor.execute("SELECT pg_notify(%s, '')", [_Listener.channel])
        listener = _listener()
        if listener is not None:
            listener.known = None


class _Listener:
    """This process's ear for version bumps: a PostgreSQL connection of its own that LISTENs.

    A bump NOTIFYs in the transaction that makes it, and PostgreSQL delivers the notification when
    that transaction commits, so «nothing has arrived» means the version read last is still the
    committed one. The connection opens at a process's first request (after gunicorn's fork);
    while it cannot listen, every request reads the row, as on SQLite.
    """

    channel = "byregion_content_version"
    retry_seconds = 5

    def __init__(self):
        self.known = None
        self._connection = None
        self._retry_at = 0.0

    def unchanged(self):
        """Return True when no bump has committed since `known` was read (and `known` is set)."""
        if self._connection is None and not self._listen():
            return False
        try:
            # A non-blocking look at the socket first: poll() itself costs a system call or two.
            if select.select([self._connection], [], [], 0)[0]:
                self._connection.poll()
                if self._connection.notifies:
                    self._connection.notifies.clear()
                    self.known = None
        except Exception:
            logger.warning("Lost the page cache's notification connection; reading the version")
            self._drop()
            return False
        return self.known is not None

    def _listen(self):
        if time.monotonic() < self._retry_at:
            return False
        try:
            raw = connection.get_new_connection(connection.get_connection_params())
            raw.autocommit = True
            with raw.cursor() as cursor:
                cursor.execute(f"LISTEN {self.channel}")
        except Exception:
            logger.warning("Cannot LISTEN for page cache versions; reading the version per request")
            self._retry_at = time.monotonic() + self.retry_seconds
            return False
        self._connection, self.known = raw, None
        return True

    def _drop(self):
        connection_, self._connection, self.known = self._connection, None, None
        self._retry_at = time.monotonic() + self.retry_seconds
        with contextlib.suppress(Exception):  # it is gone either way
            connection_.close()

    def close(self):
        if self._connection is not None:
            self._drop()
        self._retry_at = 0.0


_listeners = {}


def close_listeners():
    """Close this process's notification connections (they open again when next needed)."""
    for listener in _listeners.values():
        listener.close()
    _listeners.clear()


def _listener():
    """Return this process's listener on PostgreSQL (None elsewhere, or with the cache off)."""
    if connection.vendor != "postgresql" or settings.PAGE_CACHE_SECONDS <= 0:
        return None
    return _listeners.setdefault(connection.alias, _Listener())


class _CacheVersion:
    """The version as a key in the shared cache (Redis), beside the pages themselves."""

    def read(self):
        version = cache.get(VERSION_KEY)
        if version is None:
            # A lost version starts again from the clock, so it never repeats.
            cache.add(VERSION_KEY, time.time_ns(), timeout=None)
            version = cache.get(VERSION_KEY, 0)
        return version

    def bump(self):
        try:
            cache.incr(VERSION_KEY)
        except ValueError:
            cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def _version_store():
    return _CacheVersion() if _shared_in_cache() else _DatabaseVersion()


def content_version():
    """Return the current content version, as every process sees it."""
    return _version_store().read()


def page_cache_invalidate():
    """Make every cached page stale in every process (bulk writes that send no signals call it)."""
    store = _version_store()
    store.bump()
    if isinstance(store, _CacheVersion):
        # Redis is not part of the transaction: bump again once it has committed, so that a
        # request that read the old rows between the write and the commit cannot keep them.
        transaction.on_commit(store.bump)


@contextmanager
def page_cache_batch(*, keep=True):
    """Bump the version once for all the writes in the block, instead of once per saved row.

    `keep=False` (a dry run, rolled back afterwards) bumps nothing at all.
    """
    if _batched.get():
        yield
        return
    token = _batched.set(True)
    try:
        yield
    finally:
        _batched.reset(token)
    if keep:
        page_cache_invalidate()


def _content_changed(**kwargs):
    if not _batched.get():
        page_cache_invalidate()


def connect_invalidation():
    """Connect the receivers that clear the page cache to every content model and its m2m tables."""
    for label in CONTENT_MODELS:
        model = apps.get_model(label)
        uid = f"byregion.cache:{label}"
        post_save.connect(_content_changed, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(_content_changed, sender=model, dispatch_uid=f"{uid}:delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _content_changed,
                sender=field.remote_field.through,
                dispatch_uid=f"{uid}:{field.name}",
            )


def seconds_to_next_publication(now=None):
    """Return whole seconds until the next scheduled publication or end of publication, or None.

    Both change what visitors see with no write to bump the version, so no page is kept past
    either; one query over both times of both models.
    """
    now = now or timezone.now()
    scheduled = [
        apps.get_model(label)
        .objects.filter(status="published", **{f"{field}__gt": now})
        .order_by()
        .annotate(moment=F(field))
        .values("moment")
        for label in SCHEDULED_MODELS
        for field in ("published_at", "unpublish_at")
    ]
    first = scheduled[0].union(*scheduled[1:]).order_by("moment").first()
    if first is None:
        return None
    return max(1, math.ceil((first["moment"] - now).total_seconds()))


def public_page(view):
    """Mark `view`'s anonymous GET and HEAD responses for the page cache; never a signed-in user's.

    The content version is read before the view reads any content, so a page is never stored under
    a version newer than its rows. PageCacheMiddleware stores a marked response once the whole
    stack has finished it, under the scheme, host and full path (the language is in the path), for
    PAGE_CACHE_SECONDS (0 turns the cache off), cut short by the next scheduled publication.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated:
            response = view(request, *args, **kwargs)
            add_never_cache_headers(response)
            return response
        if request.method not in ("GET", "HEAD") or settings.PAGE_CACHE_SECONDS <= 0:
            return view(request, *args, **kwargs)
        version = getattr(request, "page_cache_version", None) or content_version()
        response = view(request, *args, **kwargs)
        response.page_cache_version = version
        return response

    wrapper.public_page = True
    return wrapper


def _storable(request, response):
    """A response may be shared only if it is a plain 200 that carries nothing personal."""
    return (
        getattr(response, "page_cache_version", None) is not None
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (hasattr(request, "session") and request.session.modified)
        and (not hasattr(request, "_messages") or len(get_messages(request)) == 0)
    )


class PageCacheMiddleware:
    """Serve anonymous GET and HEAD requests from the page cache before the rest of the stack.

    A page is stored under its address with the content version it was made from; it is served
    only while that is still the current version, so a hit costs one look at the version and an
    address that was never stored (a 404, an admin page) costs nothing. A request that carries a
    session cookie may belong to a signed-in user: it is never served from the cache. Sits below
    RequestIdMiddleware (which adds X-Request-ID to hits too), SecurityMiddleware and WhiteNoise's
    static files, and above everything a hit does not need; the headers added below it are
    stored with the page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def _key(request):
        identity = f"{request.scheme}|{request.get_host()}|{request.get_full_path()}"
        return f"page:{hashlib.sha256(identity.encode()).hexdigest()}"

    def __call__(self, request):
        if (
            settings.PAGE_CACHE_SECONDS <= 0
            or request.method not in ("GET", "HEAD")
            or settings.SESSION_COOKIE_NAME in request.COOKIES
        ):
            return self.get_response(request)
        try:
            key = self._key(request)
        except DisallowedHost:
            return self.get_response(request)
        stored = cache.get(key)
        if stored is not None:
            version, response = stored
            try:
                request.page_cache_version = content_version()
            except DatabaseError:
                # The database is down: the normal stack answers with the 503 page.
                return self.get_response(request)
            if version == request.page_cache_version:
                response.headers[HIT_HEADER] = "hit"
                response.page_cache_hit = True
                return response
        response = self.get_response(request)
        if _storable(request, response):
            lifetime = settings.PAGE_CACHE_SECONDS
            until_publication = seconds_to_next_publication()
            if until_publication is not None:
                lifetime = min(lifetime, until_publication)
            # The finished response itself (the cache keeps a copy): its headers need no checking
            # again when it is served.
            cache.set(key, (response.page_cache_version, response), lifetime)
            response[HIT_HEADER] = "miss"
        return response
