"""Checks before publishing: advice on alt texts, headings, links and plain language.

Each check is pure (text or sanitised HTML in, advice out, no database) and returns a list of
`Advice`, each with a nynorsk message that names the place (a field, a goal, an image) and the
problem. Advice is shown on the change form and in the region's quality report; it never blocks
a save or a publication.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from byregion.editorial.fragments import parse_fragment
from byregion.editorial.readability import Readability, readability

ALT_TEXT_MAX = 150
# Alt texts that say what screen readers already say: that this is a picture.
_PICTURE_OF = re.compile(
    r"^(bilete|biletet|bilde|bildet|foto|fotoet|fotografi|fotografiet)\s+(av|som viser|viser)\b",
    re.IGNORECASE,
)
_IMAGE_FILE = re.compile(r"\.(jpe?g|png|gif|webp|tiff?|heic|bmp|svg)$", re.IGNORECASE)
# What cameras, phones and screenshots name their files: IMG_1234, DSC0001, PXL_2023…
_CAMERA_NAME = re.compile(
    r"^(img|dsc[nf]?|dcim|pxl|mvimg|photo|pict?|image|bilete|bilde|screenshot|skjermbilete|"
    r"skjermbilde)[_-]?\d+",
    re.IGNORECASE,
)
_MACHINE_NAME = re.compile(r"^[\w-]*_[\w-]*$|^[\d_-]+$")
# Link texts that do not say where the link goes, compared without case and punctuation.
VAGUE_LINK_TEXTS = {
    "her", "klikk her", "trykk her", "les her", "sjå her", "se her",
    "les meir", "les mer", "meir", "mer", "link", "lenkje", "lenke", "denne", "dette",
}  # fmt: skip
_BARE_URL = re.compile(r"^(https?://|www\.)\S+$", re.IGNORECASE)


@dataclass(frozen=True)
class Advice:
    """One piece of advice: what kind, where, and what to do about it, in nynorsk."""

    kind: str
    place: str
    message: str


def _simple(text):
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def looks_like_file_name(text):
    """Tell whether a text looks like the name of an image file rather than a description.

    A file name is one word: with an image file's ending, a camera's name, or underscores.
    """
    text = text.strip()
    if not text or any(character.isspace() for character in text):
        return False
    return bool(_IMAGE_FILE.search(text) or _CAMERA_NAME.match(text) or _MACHINE_NAME.match(text))


def alt_text_advice(alt_text, *, caption="", place):
    """Advise on an image's alt text: a file name, the caption again, «bilete av…», too long."""
    alt = " ".join(alt_text.split())
    if not alt:
        return []
    advice = []
    if looks_like_file_name(alt):
        message = _(
            "%(place)s: den alternative teksten «%(alt)s» ser ut som eit filnamn. Skriv kva "
            "biletet viser."
        )
        advice.append(Advice("alt-file-name", place, message % {"place": place, "alt": alt}))
    if caption and _simple(alt) == _simple(caption):
        message = _(
            "%(place)s: den alternative teksten er den same som biletteksten, så skjermlesarar "
            "les han to gonger. Skriv kva biletet viser."
        )
        advice.append(Advice("alt-repeats-caption", place, message % {"place": place}))
    opening = _PICTURE_OF.match(alt)
    if opening:
        message = _(
            "%(place)s: den alternative teksten byrjar med «%(opening)s». Skjermlesarar seier alt "
            "at det er eit bilete; byrj med kva det viser."
        )
        advice.append(
            Advice("alt-picture-of", place, message % {"place": place, "opening": opening[0]})
        )
    if len(alt) > ALT_TEXT_MAX:
        message = _(
            "%(place)s: den alternative teksten har %(length)d teikn. Hald han under %(max)d "
            "teikn, og skriv resten i biletteksten."
        )
        advice.append(
            Advice(
                "alt-too-long",
                place,
                message % {"place": place, "length": len(alt), "max": ALT_TEXT_MAX},
            )
        )
    return advice


def heading_advice(html, *, place, section_level):
    """Advise on the heading order of a rich-text field shown under a heading of `section_level`.

    On the page the field's headings sit below its section's (byregion.richtext.shift_headings):
    «Overskrift 2» becomes one level below the section, so a text's first heading is an
    «Overskrift 2» and each next one goes at most one level deeper. Empty headings are named too.
    """
    advice = []
    previous = 1
    shift = section_level - 1
    for heading in parse_fragment(html).headings:
        if not heading.text:
            message = _(
                "%(place)s: ei overskrift (Overskrift %(level)d) er tom. Skriv ein tekst i ho, "
                "eller fjern ho."
            )
            advice.append(
                Advice("heading-empty", place, message % {"place": place, "level": heading.level})
            )
        if heading.level > previous + 1:
            values = {
                "place": place,
                "text": heading.text,
                "level": heading.level,
                "expected": previous + 1,
                "page_level": min(6, heading.level + shift),
                "section_level": section_level,
            }
            if previous == 1:
                message = _(
                    "%(place)s: den første overskrifta, «%(text)s», er Overskrift %(level)d. Byrj "
                    "med Overskrift 2: teksten står under ei overskrift på nivå %(section_level)d "
                    "på sida, og Overskrift %(level)d blir nivå %(page_level)d der."
                )
            else:
                message = _(
                    "%(place)s: overskrifta «%(text)s» er Overskrift %(level)d rett etter "
                    "eit lågare nivå; hopp ikkje over nivå (bruk Overskrift %(expected)d)."
                )
            advice.append(Advice("heading-order", place, message % values))
        previous = heading.level
    return advice


def link_advice(html, *, place):
    """Advise on links: vague or missing link texts, bare addresses, `#` and http:// targets."""
    advice = []
    for link in parse_fragment(html).links:
        values = {"place": place, "text": link.text, "href": link.href}
        if not link.text:
            message = _(
                "%(place)s: lenkja til %(href)s har ingen tekst. Skriv kva lesaren finn der."
            )
            advice.append(Advice("link-text", place, message % values))
        elif _simple(link.text) in VAGUE_LINK_TEXTS:
            message = _(
                "%(place)s: lenkjeteksten «%(text)s» seier ikkje kvar lenkja fører. Skriv kva "
                "lesaren finn der, til dømes namnet på sida."
            )
            advice.append(Advice("link-text", place, message % values))
        elif _BARE_URL.match(link.text):
            message = _(
                "%(place)s: lenkjeteksten er ei nettadresse (%(text)s). Skriv kva lesaren finn "
                "der; skjermlesarar les adressa teikn for teikn."
            )
            advice.append(Advice("link-text", place, message % values))
        if link.href in ("", "#"):
            message = _("%(place)s: lenkja «%(text)s» peikar ingen stad (#).")
            advice.append(Advice("link-target", place, message % values))
        elif link.href.lower().startswith("http://"):
            message = _(
                "%(place)s: lenkja «%(text)s» går til ei adresse utan https (%(href)s). Bruk "
                "https-adressa om nettstaden har ei."
            )
            advice.append(Advice("link-target", place, message % values))
    return advice


def rich_text_advice(html, *, place, section_level):
    """All the advice on a rich-text field's markup: its headings and its links."""
    return heading_advice(html, place=place, section_level=section_level) + link_advice(
        html, place=place
    )


def readability_advice(measured):
    """Advise when a text scores as hard to read (LIX 50 or more), naming its longest sentence."""
    if measured is None or not measured.is_hard:
        return []
    message = _(
        "%(place)s: teksten er %(band)s å lese (LIX %(score)d). Den lengste setninga har "
        "%(words)d ord; kortare setningar og kortare ord gjer teksten lettare."
    )
    values = {
        "place": measured.place,
        "band": measured.band,
        "score": measured.score,
        "words": measured.longest[0].words,
    }
    return [Advice("readability", measured.place, message % values)]


@dataclass
class Findings:
    """Everything the checks found on one object: advice, and the readability of each text."""

    title: str
    url: str = ""
    advice: list[Advice] = field(default_factory=list)
    readability: list[Readability] = field(default_factory=list)

    def add_text(self, html, *, place, section_level):
        """Check a rich-text field: its headings and links, and how easy it is to read."""
        self.advice += rich_text_advice(html, place=place, section_level=section_level)
        measured = readability(html, place=place)
        if measured is not None:
            self.readability.append(measured)
            self.advice += readability_advice(measured)
