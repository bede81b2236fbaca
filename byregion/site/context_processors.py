"""What every public page needs in its template: language links, canonical address, sharing locale."""

import functools
import re

from django.conf import settings
from django.urls import reverse
from django.utils import translation

# OpenGraph wants a territory with the language.
OG_LOCALES = {"nn": "nn_NO", "nb": "nb_NO", "en": "en_GB"}
# Each language is offered under its own name, whatever the page's language.
NATIVE_NAMES = {"nn": "Nynorsk", "nb": "Bokmål", "en": "English"}
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
_LEADING_SLASHES = re.compile(r"^[/\\]+")


def _strip_language_prefix(path):
    for code in LANGUAGE_CODES:
        prefix = f"/{code}/"
        if path.startswith(prefix):
            return path[len(prefix) - 1 :]
    return path


def _site_path(path):
    """Return `path` as a path of this site: one leading slash, never "//" or "/\\".

    A browser reads "//host/x" (and "/\\host/x") as an address on another host, and so does
    build_absolute_uri(); a request for /en//attacker.invalid/x must not link there.
    """
    return "/" + _LEADING_SLASHES.sub("", path)


def path_in_language(path, code):
    """Return `path` (query string kept) as it reads in the UI language `code`, on this site.

    Paths are the same in every language but for the prefix (nynorsk has none), so swapping the
    prefix is all it takes, for a page that exists and for a 404 alike.
    """
    bare = _site_path(_strip_language_prefix(_site_path(path)))
    return bare if code == settings.LANGUAGE_CODE else f"/{code}{bare}"


# The pages every page links to (header, footer, breadcrumbs), by name.
NAV_PAGES = [
    "home",
    "regions:region_list",
    "cases:result_list",
    "search",
    "opendata",
    "accessibility",
]


@functools.cache
def _nav_urls(language, urlconf):
    with translation.override(language):
        return {name.split(":")[-1]: reverse(name, urlconf=urlconf) for name in NAV_PAGES}


def site(request):
    """Language switcher links, hreflang alternates, canonical URL, OpenGraph locale, nav links."""
    current = translation.get_language()
    full_path = request.get_full_path()
    origin = f"{request.scheme}://{request.get_host()}"
    languages = [
        {
            "code": code,
            "name": NATIVE_NAMES[code],
            "url": path_in_language(full_path, code),
            "href": origin + path_in_language(request.path, code),
            "current": code == current,
        }
        for code in LANGUAGE_CODES
    ]
    return {
        "language_links": languages,
        "canonical_url": origin + _site_path(request.path),
        "og_locale": OG_LOCALES.get(current, "nn_NO"),
        "og_locale_alternates": [OG_LOCALES[c] for c in LANGUAGE_CODES if c != current],
        "x_default_url": origin + path_in_language(request.path, settings.LANGUAGE_CODE),
        "nav_urls": _nav_urls(current, getattr(request, "urlconf", None)),
    }
