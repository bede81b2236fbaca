"""What every public page needs in its template: language links, canonical address, sharing locale."""

import re

from django.conf import settings
from django.urls import translate_url
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

    Paths are the same in every language but for the prefix: translate_url does the work for
    every page that resolves, and the prefix is swapped by hand for one that does not (a 404).
    """
    translated = translate_url(path, code)
    if translated == path and code != translation.get_language():
        bare = _strip_language_prefix(path)
        translated = bare if code == settings.LANGUAGE_CODE else f"/{code}{bare}"
    return _site_path(translated)


def site(request):
    """Language switcher links, hreflang alternates, canonical URL and OpenGraph locale."""
    current = translation.get_language()
    full_path = request.get_full_path()
    languages = []
    for code in LANGUAGE_CODES:
        languages.append(
            {
                "code": code,
                "name": NATIVE_NAMES[code],
                "url": path_in_language(full_path, code),
                "href": request.build_absolute_uri(path_in_language(request.path, code)),
                "current": code == current,
            }
        )
    return {
        "language_links": languages,
        "canonical_url": request.build_absolute_uri(_site_path(request.path)),
        "og_locale": OG_LOCALES.get(current, "nn_NO"),
        "og_locale_alternates": [OG_LOCALES[c] for c in LANGUAGE_CODES if c != current],
        "x_default_url": request.build_absolute_uri(
            path_in_language(request.path, settings.LANGUAGE_CODE)
        ),
    }
