"""Page cache for anonymous visitors, made stale as a whole whenever content changes.

Every cached page is stored under the current content version; saving or deleting any content
object bumps the version, so the next request renders afresh. A page is never kept past the next
scheduled publication, so a result set to appear at 09:00 appears at 09:00.
"""

import hashlib
import math
import time
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers

VERSION_KEY = "page-cache:version"

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


def content_version():
    """Return the current content version; a missing one starts from the clock, so it never repeats."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY, 0)
    return version


def page_cache_invalidate():
    """Make every cached page stale (call after bulk writes that send no signals)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def _content_changed(**kwargs):
    # Bump now for readers in this process, and again after commit, so that a request that read
    # the old rows between the write and the commit cannot keep them under the new version.
    page_cache_invalidate()
    transaction.on_commit(page_cache_invalidate)


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
    """Return whole seconds until the next scheduled publication, or None when none is scheduled."""
    now = now or timezone.now()
    scheduled = [
        apps.get_model(label)
        .objects.filter(status="published", published_at__gt=now)
        .order_by()
        .values("published_at")
        for label in SCHEDULED_MODELS
    ]
    first = scheduled[0].union(*scheduled[1:]).order_by("published_at").first()
    if first is None:
        return None
    return max(1, math.ceil((first["published_at"] - now).total_seconds()))


def _page_key(request, version):
    identity = "|".join(
        [request.get_host(), translation.get_language() or "", request.get_full_path()]
    )
    return f"page:{version}:{hashlib.sha256(identity.encode()).hexdigest()}"


def _storable(request, response):
    """A response may be shared only if it is a plain 200 that carries nothing personal."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not request.session.modified
        and len(get_messages(request)) == 0
    )


def public_page(view):
    """Serve `view` from the page cache to anonymous GET and HEAD requests; never to signed-in users.

    The key is the host, the language and the full path; the lifetime is PAGE_CACHE_SECONDS
    (0 turns the cache off), cut short by the next scheduled publication.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        lifetime = settings.PAGE_CACHE_SECONDS
        if request.user.is_authenticated:
            response = view(request, *args, **kwargs)
            add_never_cache_headers(response)
            return response
        if lifetime <= 0 or request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        key = _page_key(request, content_version())
        cached = cache.get(key)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if _storable(request, response):
            until_publication = seconds_to_next_publication()
            if until_publication is not None:
                lifetime = min(lifetime, until_publication)
            cache.set(key, response, lifetime)
        response["X-Page-Cache"] = "miss"
        return response

    return wrapper
