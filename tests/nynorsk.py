"""Is what a page shows nynorsk? Two checks over every string a person can see on it.

1. Untranslated catalogue entries: a string that still reads as an English msgid of Django's or an
   installed package's catalogue, where the active nn catalogue has no translation for it.
2. Giveaways: words that are bokmål or English and never nynorsk («velg», «valgte», «bruker»,
   «ikke», «Please», «Choose» …). Nynorsk words that look like bokmål (vel, vald, vere, frå, berre,
   bilde, legge) or like English (to, by, be, at, time, have, all, list, fri, sat) are not on it.

The strings are what a browser shows: text (option texts included), the title, aria-label,
placeholder and alt attributes, button values, and the texts the inline formsets' JavaScript writes.
"""

import json
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import django
import polib
from django.apps import apps
from django.utils.translation import trans_real

VISIBLE_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "aria-description"}
BUTTON_TYPES = {"submit", "button", "reset"}
# Text of these elements is never shown; the JSON data of the inline formsets is read separately.
HIDDEN_ELEMENTS = {"script", "style"}

_BOKMAL = {
    r"velg\w*|valg\w*": "bokmål for «vel», «val», «vald/valt/valde»",
    r"bruker\w*": "bokmål for «brukar»",
    r"tjen[ae]r\w*|tjeneste\w*": "bokmål for «tenar», «teneste»",
    r"ikke": "bokmål for «ikkje»",
    r"hv(?:a|em|is|or|orfor|ordan|ilke|ilken|ilket)": "bokmål for «kva», «kven», «viss», «kvar»",
    r"jeg|mye|noen|noe|disse|være|ble|fikk|fra|kun|mer|deres|samme|sånn|enten|forrige": "bokmål, ikkje nynorsk",
    r"bare": "bokmål for «berre»",
    r"vennligst": "bokmål; skriv det rett fram",
    r"følgende|gjeldende|eksisterende": "bokmål for «-ande»",
    r"endret|slettet|opprettet|lagret|oppdatert|angir|bedt|velkommen|ønsk[ae]r": "bokmål form",
    r"gjør\w*": "bokmål for «gjer», «gjere»",
    r"hjem\w*": "bokmål for «heim»",
    r"åpn\w*": "bokmål for «opne»",
    r"tegn\w*": "bokmål for «teikn»",
    r"tall": "bokmål for «tal»",
    r"kilde\w*": "bokmål for «kjelde»",
    r"vindu(?:et|er|ene)?": "bokmål for «vindauge»",
    r"forhåndsvis\w*": "bokmål for «førehandsvis»",
    r"eg(?:en|et|ne)": "bokmål for «eigen», «eige», «eigne»",
    r"\w{3,}het(?:en|er|ene)?": "bokmål for «-heit»",
    r"\w{2,}lig(?:e|t|ere|st)?": "bokmål for «-leg»",
    r"\w{3,}inger(?:ne)?": "bokmål for «-ingar»",
}
_ENGLISH = (
    "please|forgotten|choose|chosen|select|selected|show|hide|remove|delete|change|changed|add|"
    "added|save|view|history|home|password|username|user|users|access|attempts?|failures?|logs|"
    "counts|toggle|sidebar|breadcrumbs|the|and|of|your|you|with|this|that|are|was|been|will|"
    "from|yes|cancel|close|clear|search|today|yesterday|tomorrow|sunday|monday|tuesday|wednesday|"
    "thursday|friday|saturday|january|february|march|may|june|july|october|december|blockquote|"
    "paragraph|heading|bold|italic|undo|redo|bullet|numbered|insert|edit|title|text|anchor|"
    "target|help|keyboard|shortcuts?|navigation|words|characters|align|left|right|center|"
    "color|table|image|source|code|preview|fullscreen|find|replace|upload|browse|none|error|errors|"
    "required|invalid|valid|week|month|year|hour|minute|any|some|other|than|then|there|when|"
    "what|which|who|how|why|not|can|should|would|could|into|successfully|recover|revert|"
    "comment|initial|authentication|enabled|disabled|logout|login|welcome|documentation|filter by|"
    "locked|expires|axes"
)
GIVEAWAYS = [(re.compile(rf"(?<!\w)(?:{p})(?!\w)", re.I), why) for p, why in _BOKMAL.items()] + [
    (re.compile(rf"(?<![\w/.-])(?:{_ENGLISH})(?![\w/-])", re.I), "engelsk")
]

_PLACEHOLDER = re.compile(r"%\(\w+\)[sdrf]|%[sdrf]|\{\w*\}")
_TAG = re.compile(r"<[^>]+>")
_FORMAT_NAME = re.compile(r"^[A-Z_]+$")


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.strings = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in HIDDEN_ELEMENTS:
            self._hidden += 1
        if tag == "input" and attrs.get("type") == "hidden":
            return
        for name in VISIBLE_ATTRIBUTES & attrs.keys():
            self._add(attrs[name])
        if tag == "input" and attrs.get("type") in BUTTON_TYPES:
            self._add(attrs.get("value"))
        if "data-inline-formset" in attrs:
            options = json.loads(attrs["data-inline-formset"])["options"]
            self._add(options.get("addText"))
            self._add(options.get("deleteText"))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in HIDDEN_ELEMENTS:
            self._hidden -= 1

    def handle_endtag(self, tag):
        if tag in HIDDEN_ELEMENTS and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self._add(data)

    def _add(self, value):
        value = " ".join((value or "").split())
        if value:
            self.strings.append(value)


def visible_strings(html):
    """Return the strings of an HTML page that a person can see or hear, whitespace collapsed."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return parser.strings


def _catalogue_folders():
    yield Path(django.__file__).parent / "conf" / "locale"
    for app_config in apps.get_app_configs():
        folder = Path(app_config.path) / "locale"
        if folder.is_dir():
            yield folder


@cache
def source_entries(domain):
    """Return the entries of Django's and every installed app's catalogue for `domain`.

    A package's English catalogue lists all its msgids; without one, every language's is read.
    """
    entries = {}
    for folder in _catalogue_folders():
        english = folder / "en" / "LC_MESSAGES" / f"{domain}.po"
        paths = [english] if english.exists() else sorted(folder.glob(f"*/LC_MESSAGES/{domain}.po"))
        for path in paths:
            for entry in polib.pofile(str(path)):
                if entry.msgid and not entry.obsolete:
                    entries.setdefault((entry.msgctxt, entry.msgid), entry)
    return list(entries.values())


def catalogue_key(entry, *, plural_key):
    """Return the key under which a gettext catalogue holds `entry`'s translation."""
    msgid = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
    return plural_key(msgid) if entry.msgid_plural else msgid


def _pattern(msgid):
    """Return a regular expression matching `msgid` as rendered, or None if it has no words."""
    text = " ".join(_TAG.sub("", msgid).split())
    if _FORMAT_NAME.match(text):
        return None  # DATETIME_FORMAT and the like name a format; they are never shown.
    parts = _PLACEHOLDER.split(text)
    if not any(len(word) >= 3 for part in parts for word in re.findall(r"[A-Za-z]+", part)):
        return None
    return ".+?".join(re.escape(part) for part in parts)


def untranslated(entries, translated):
    """Return the English msgids (and plurals) of `entries` whose key is not in `translated`."""
    return sorted(
        {
            text
            for entry, key in entries
            if key not in translated
            for text in (entry.msgid, entry.msgid_plural)
            if text and _pattern(text)
        }
    )


def django_untranslated():
    """Return the msgids of the server-side catalogues that the active nn catalogue lacks."""
    catalogue = trans_real.translation("nn")._catalog
    entries = [
        (entry, catalogue_key(entry, plural_key=lambda msgid: (msgid, 0)))
        for entry in source_entries("django")
    ]
    return untranslated(entries, catalogue)


class NynorskCheck:
    """problems(strings) -> one line per string that is not nynorsk, saying why."""

    def __init__(self, untranslated_msgids=(), sources=()):
        patterns = [_pattern(msgid) for msgid in untranslated_msgids]
        alternatives = "|".join(f"(?:{p})" for p in patterns if p)
        self._untranslated = (
            re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)") if alternatives else None
        )
        # Strings of other English sources (TinyMCE's language pack) that have no nn translation.
        self._sources = set(sources)

    def problems(self, strings):
        found = []
        for text in dict.fromkeys(strings):
            if text in self._sources:
                found.append(f"«{text}»: engelsk kjeldetekst utan nynorsk omsetjing")
                continue
            if self._untranslated and (match := self._untranslated.search(text)):
                found.append(f"«{text}»: uomsett katalogtekst «{match.group(0)}»")
                continue
            for pattern, why in GIVEAWAYS:
                if match := pattern.search(text):
                    found.append(f"«{text}»: «{match.group(0)}» er {why}")
                    break
        return found
