"""The programme's "Utval resultat" sheets read into plain data, with no database.

A sheet names a region, its municipalities and county, lists numbered goals under «Mål for
prosjektet», describes one or more examples under «Godt eksempel på resultat» and ends with a
«Kontaktperson». Markdown emphasis is kept (`**x**` → <strong>, `*x*` → <em>), links to real
addresses stay links, and links that point nowhere (`#`) keep their text without the link.
load.py puts the plain data into regions; titles.py names examples that have no title.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from byregion.sheets.titles import cut, teaser_from_text, title_from_text


class SheetError(ValueError):
    """A sheet that cannot be read or imported; names the file and line."""

    def __init__(self, message, *, source="", line=None):
        self.message = str(message)
        self.source = source
        self.line = line
        where = ", ".join(
            part for part in (source, _("linje %(line)s") % {"line": line} if line else "") if part
        )
        super().__init__(f"{where}: {self.message}" if where else self.message)


# Plain data parsed from a sheet, before anything is looked up in the database.


@dataclass
class SheetNote:
    line: int
    text: str


@dataclass
class SheetGoal:
    number: int
    html: str
    line: int


@dataclass
class SheetExample:
    title: str
    teaser: str
    body_html: str
    line: int
    title_given: bool = False


@dataclass
class SheetContact:
    name: str
    line: int
    organisation: str = ""
    role: str = ""
    phone: str = ""
    email: str = ""
    phone_line: int | None = None
    email_line: int | None = None


@dataclass
class SheetName:
    name: str
    line: int


@dataclass
class Sheet:
    source: str
    name: SheetName
    municipalities: list[SheetName]
    counties: list[str]
    county_line: int
    goals: list[SheetGoal] = field(default_factory=list)
    bottlenecks: list[SheetGoal] = field(default_factory=list)
    examples: list[SheetExample] = field(default_factory=list)
    contacts: list[SheetContact] = field(default_factory=list)
    notes: list[SheetNote] = field(default_factory=list)


_HEADING_MARKS = re.compile(r"^#+\s*")
_GOAL_ITEM = re.compile(r"^\s*(?:[-*+]\s*)?(?P<number>\d{1,3})\s*[).:]\s+(?P<text>\S.*)$")
_BULLET_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[).])\s+(?P<text>\S.*)$")
_LABELLED = re.compile(r"^(?P<label>[\w\s.-]{2,20}?)\s*:\s*(?P<value>.*)$")
_LINK = re.compile(r"\[(?P<text>[^\[\]]+)\]\((?P<url>[^()\s]*)\)")
_STRONG = re.compile(r"\*\*(?=\S)(?P<text>.+?)(?<=\S)\*\*")
_EM = re.compile(r"\*(?=[^\s*])(?P<text>[^*]+?)(?<=[^\s*])\*")
_REAL_URL = re.compile(
    r"^(https?://[^\s/]+\.[^\s]+|mailto:[^\s@]+@[^\s@]+\.[^\s]+|tel:\+?[\d\s]+)$"
)
_PLACEHOLDER = re.compile("\x00(\\d+)\x00")

_SECTION_HEADINGS = {
    "goals": re.compile(r"^(mål for prosjektet|prosjektmål|mål)$"),
    "bottlenecks": re.compile(r"^(flaskehalsar|flaskehalser|flaskehals)( i prosjektet)?$"),
    "example": re.compile(r"^(godt|gode) (eksempel|døme|dømer|eksempler) på resultat(et)?\b.*$"),
    "contact": re.compile(r"^(kontaktperson|kontaktpersonar|kontaktpersoner|kontakt)$"),
}
_IGNORED_HEADINGS = re.compile(
    r"^(utval resultat|utvalgte resultat|resultat i høve .*|resultat i forhold .*)$"
)
_PHONE_LABELS = {"mob", "mobil", "tlf", "telefon", "tel", "mobiltelefon"}
_EMAIL_LABELS = {"e-post", "epost", "e-mail", "email", "mail"}
_ROLE_LABELS = {"rolle", "stilling"}


def _heading_kind(line):
    text = _HEADING_MARKS.sub("", line.strip()).rstrip(":").strip().casefold()
    text = " ".join(text.split())
    if not text:
        return None
    for kind, pattern in _SECTION_HEADINGS.items():
        if pattern.match(text):
            return kind
    if _IGNORED_HEADINGS.match(text):
        return "ignored"
    return None


def _inline(text, line, notes):
    """Return `text` as safe HTML with emphasis and real links kept; dead links become plain text."""
    links = []

    def keep_link(match):
        label, url = match["text"].strip(), match["url"].strip()
        if _REAL_URL.match(url):
            links.append(
                f'<a href="{html.escape(url, quote=True)}">{_emphasis(html.escape(label, quote=False))}</a>'
            )
        else:
            shown = _("peikar ingen stad (%(url)s)") % {"url": url or _("tom adresse")}
            notes.append(
                SheetNote(
                    line,
                    _("lenkja «%(text)s» %(shown)s; teksten er teken vare på utan lenkje.")
                    % {"text": label, "shown": shown},
                )
            )
            links.append(_emphasis(html.escape(label, quote=False)))
        return f"\x00{len(links) - 1}\x00"

    text = text.replace("\x00", "")
    text = _LINK.sub(keep_link, text)
    text = _emphasis(html.escape(text, quote=False))
    return _PLACEHOLDER.sub(lambda match: links[int(match.group(1))], text)


def _emphasis(text):
    text = _STRONG.sub(lambda match: f"<strong>{match['text']}</strong>", text)
    return _EM.sub(lambda match: f"<em>{match['text']}</em>", text)


def text_of(fragment):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def _split_names(value, *, counties=False):
    separators = r"[,;/]" if counties else r"[,;]|\s+og\s+"
    return [" ".join(part.split()) for part in re.split(separators, value) if part.strip()]


def sheet_parse(text: str, *, source: str = "") -> Sheet:
    """Return the plain content of one sheet, or raise SheetError naming the line it cannot read."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = list(enumerate(text.split("\n"), start=1))
    preamble: list[tuple[int, str]] = []
    sections: list[tuple[str, int, list[tuple[int, str]]]] = []
    for number, raw in lines:
        line = raw.rstrip()
        if "\x00" in line or any(ord(ch) < 32 and ch != "\t" for ch in line):
            raise SheetError(
                _("Linja har teikn som ikkje høyrer heime i ein tekst."), source=source, line=number
            )
        kind = _heading_kind(line)
        if kind == "ignored":
            continue
        if kind:
            sections.append((kind, number, []))
        elif sections:
            sections[-1][2].append((number, line))
        elif line.strip():
            preamble.append((number, line.strip()))
    if not sections or not any(kind == "goals" for kind, _line, _body in sections):
        raise SheetError(
            _("Fann ikkje overskrifta «Mål for prosjektet:». Er dette eit «Utval resultat»-ark?"),
            source=source,
            line=(sections[0][1] if sections else len(lines)),
        )
    if len(preamble) < 3:
        raise SheetError(
            _(
                "Før «%(heading)s» må arket ha namnet på byregionen, kommunane (skilde med komma) "
                "og fylket, kvar på si linje."
            )
            % {"heading": lines[sections[0][1] - 1][1].strip()},
            source=source,
            line=sections[0][1],
        )
    (name_line, name), (towns_line, towns), (county_line, county) = preamble[-3:]
    if len(name) > 150 or name.endswith("."):
        raise SheetError(
            _("Venta namnet på byregionen her, ikkje ei setning: «%(text)s»."),
            source=source,
            line=name_line,
        )
    municipalities = [SheetName(part, towns_line) for part in _split_names(towns)]
    counties = _split_names(county, counties=True)
    if not municipalities:
        raise SheetError(_("Venta kommunane her."), source=source, line=towns_line)
    sheet = Sheet(
        source=source,
        name=SheetName(name, name_line),
        municipalities=municipalities,
        counties=counties,
        county_line=county_line,
    )
    for kind, heading_line, body in sections:
        if kind == "goals":
            _parse_goals(sheet, heading_line, body, sheet.goals, numbered=True)
        elif kind == "bottlenecks":
            _parse_goals(sheet, heading_line, body, sheet.bottlenecks, numbered=False)
        elif kind == "example":
            _parse_example(sheet, heading_line, body)
        else:
            _parse_contacts(sheet, heading_line, body)
    return sheet


def _parse_goals(sheet, heading_line, body, target, *, numbered):
    pattern = _GOAL_ITEM if numbered else _BULLET_ITEM
    items: list[list] = []  # [number, first line, text]
    for number, line in body:
        if not line.strip():
            continue
        match = pattern.match(line)
        if match:
            goal_number = int(match["number"]) if numbered else len(items) + 1
            items.append([goal_number, number, match["text"].strip()])
        elif items and line[:1].isspace():
            items[-1][2] += " " + line.strip()
        elif not numbered:
            items.append([len(items) + 1, number, line.strip()])
        else:
            raise SheetError(
                _("Venta eit nummerert mål, til dømes «- 1) Styrke …», men fann «%(text)s».")
                % {"text": cut(line.strip(), 60)},
                source=sheet.source,
                line=number,
            )
    if numbered and not items:
        raise SheetError(
            _("Ingen mål under «Mål for prosjektet»."), source=sheet.source, line=heading_line
        )
    seen = set()
    for goal_number, line, text in items:
        if numbered and (goal_number < 1 or goal_number in seen):
            raise SheetError(
                _("Mål nummer %(number)s står to gonger eller er ikkje eit gyldig nummer.")
                % {"number": goal_number},
                source=sheet.source,
                line=line,
            )
        seen.add(goal_number)
        target.append(SheetGoal(goal_number, f"<p>{_inline(text, line, sheet.notes)}</p>", line))


def _parse_example(sheet, heading_line, body):
    paragraphs: list[tuple[int, list[str]]] = []
    current = None
    for number, line in body:
        if not line.strip():
            current = None
            continue
        if current is None:
            current = []
            paragraphs.append((number, current))
        current.append(line.strip())
    if not paragraphs:
        raise SheetError(
            _("Ingen tekst under «Godt eksempel på resultat»."),
            source=sheet.source,
            line=heading_line,
        )
    title = ""
    first_line, first_parts = paragraphs[0]
    explicit = re.fullmatch(
        r"(?:#+\s*(?P<heading>.+)|\*\*(?P<bold>[^*]+)\*\*)", " ".join(first_parts)
    )
    if explicit and len(paragraphs) > 1:
        title = (explicit["heading"] or explicit["bold"]).strip()
        paragraphs = paragraphs[1:]
    body_html = "\n".join(
        f"<p>{_inline(' '.join(parts), line, sheet.notes)}</p>" for line, parts in paragraphs
    )
    plain = " ".join(
        text_of(f"<p>{_inline(' '.join(parts), line, [])}</p>") for line, parts in paragraphs
    )
    sheet.examples.append(
        SheetExample(
            title=cut(title, 200) if title else title_from_text(plain),
            teaser=teaser_from_text(plain),
            body_html=body_html,
            line=heading_line,
            title_given=bool(title),
        )
    )


def _parse_contacts(sheet, heading_line, body):
    for number, line in body:
        text = line.strip()
        if not text:
            continue
        labelled = _LABELLED.match(text)
        label = " ".join(labelled["label"].casefold().split()) if labelled else ""
        if label in _PHONE_LABELS | _EMAIL_LABELS | _ROLE_LABELS:
            if not sheet.contacts:
                raise SheetError(
                    _("«%(text)s» står før namnet på kontaktpersonen.") % {"text": text},
                    source=sheet.source,
                    line=number,
                )
            contact = sheet.contacts[-1]
            value = labelled["value"].strip()
            if label in _PHONE_LABELS:
                contact.phone, contact.phone_line = value, number
            elif label in _EMAIL_LABELS:
                contact.email, contact.email_line = value, number
            else:
                contact.role = value
        elif labelled:
            raise SheetError(
                _(
                    "Forstår ikkje «%(label)s:» under «Kontaktperson». Bruk «Mob:», «Tlf:» eller «E-post:»."
                )
                % {"label": labelled["label"]},
                source=sheet.source,
                line=number,
            )
        else:
            parts = [part.strip() for part in text.split(",") if part.strip()]
            if not parts or len(parts) > 3 or len(parts[0]) > 200:
                raise SheetError(
                    _("Venta «Namn, organisasjon» for kontaktpersonen, men fann «%(text)s».")
                    % {"text": cut(text, 60)},
                    source=sheet.source,
                    line=number,
                )
            contact = SheetContact(name=parts[0], line=number)
            if len(parts) == 2:
                contact.organisation = parts[1]
            elif len(parts) == 3:
                contact.role, contact.organisation = parts[1], parts[2]
            sheet.contacts.append(contact)


def sheet_read(path: Path) -> Sheet:
    """Return the parsed sheet in the file at `path`, or raise SheetError."""
    source = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise SheetError(
            _("Kan ikkje lese fila: %(error)s") % {"error": error.strerror}, source=source
        ) from error
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SheetError(
            _("Fila er ikkje UTF-8-tekst."),
            source=source,
            line=data[: error.start].count(b"\n") + 1,
        ) from error
    return sheet_parse(text, source=source)
