"""The programme's "Utval resultat" sheets read into plain data, with no database.

A sheet names a region, its municipalities and county, lists goals under «Mål for prosjektet»,
describes one or more examples under «Godt eksempel på resultat» and ends with a
«Kontaktperson». Sheets come in nynorsk and bokmål («Utvalgte resultater», «Gode eksempler på
resultater», «Kontaktpersoner» …); headings are read whatever their case, colon or «1)»/«1.»
number. Markdown emphasis is kept (`**x**` → <strong>, `*x*` → <em>), links to real addresses
stay links, and links that point nowhere (`#`) keep their text without the link. load.py puts
the plain data into regions; titles.py names examples that have no title; language.py says
which form the sheet is written in.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from byregion.sheets.language import LanguageReading, language_read
from byregion.sheets.titles import WORD, cut, teaser_from_text, title_from_text


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
    language: LanguageReading | None = None


_HEADING_MARKS = re.compile(r"^#+\s*")
_GOAL_ITEM = re.compile(
    r"^\s*(?:[-*+]\s*)?(?:mål\s+)?(?P<number>\d{1,3})\s*[).:]\s+(?P<text>\S.*)$", re.I
)
_BULLET_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[).])\s+(?P<text>\S.*)$")
_LABELLED = re.compile(r"^(?P<label>[\w\s.-]{2,20}?)\s*:\s*(?P<value>.*)$")
_LINK = re.compile(r"\[(?P<text>[^\[\]]+)\]\((?P<url>[^()\s]*)\)")
_STRONG = re.compile(r"\*\*(?=\S)(?P<text>.+?)(?<=\S)\*\*")
_EM = re.compile(r"\*(?=[^\s*])(?P<text>[^*]+?)(?<=[^\s*])\*")
_REAL_URL = re.compile(
    r"^(https?://[^\s/]+\.[^\s]+|mailto:[^\s@]+@[^\s@]+\.[^\s]+|tel:\+?[\d\s]+)$"
)
_PLACEHOLDER = re.compile("\x00(\\d+)\x00")

# Heading forms in nynorsk and bokmål; case, colons, «1)»/«1.» numbering and Markdown marks aside.
_SECTION_HEADINGS = {
    "goals": re.compile(
        r"^(?:(?:mål|måla|målene|målet) (?:for|i|med) (?:prosjektet|byregionprosjektet)"
        r"|prosjektmål(?:a|ene)?|prosjektets mål|mål)$"
    ),
    "bottlenecks": re.compile(
        r"^flaskehals(?:ar|er|ane|ene)?(?: (?:i|for) (?:prosjektet|byregionprosjektet|regionen))?$"
    ),
    "example": re.compile(
        r"^(?:(?:eit|et|nokre|noen) )?(?:godt |gode )?"
        r"(?:eksempel|eksempla|eksempler|eksemplene|døme|dømer|døma|dømet) på resultat"
        r"(?:er|a|ene|et)?(?P<rest>\s*(?:\d{1,2}|[:–—-]\s*\S.*))?$"
    ),
    "contact": re.compile(
        r"^(?:kontaktperson(?:ar|er|ane|ene)?|kontakt(?:informasjon)?|kontakter)$"
    ),
}
# Headings of the programme's form that carry nothing to import.
_IGNORED_HEADINGS = re.compile(
    r"^(?:(?:(?:eit|et) )?utval(?:de|gte|g)? (?:av )?resultat(?:er|a|ene)?"
    r"|resultat(?:er|a|ene)? (?:i høve|i forhold|sett opp mot)(?: til)? (?:måla|målene|målet|mål)"
    r"(?: [^.]*)?)$"
)
# The programme's introduction: «Døma som er lagt inn i desse arka …» / «Eksemplene som er …».
_INTRODUCTION = re.compile(
    r"^(?:døma|døme|dømene|eksempla|eksemplene|eksempler|eksempel) som er lagt inn\b", re.I
)
_HEADING_NUMBER = re.compile(r"^\d{1,2}\s*[).]\s*")
_HEADING_WRAP = re.compile(r"^(\*\*|__|\*|_)(?P<text>[^*_].*)\1$")
_PHONE_LABELS = {"mob", "mobil", "tlf", "telefon", "tel", "mobiltelefon", "telefonnummer"}
_EMAIL_LABELS = {"e-post", "epost", "e-mail", "email", "mail", "e-postadresse"}
_ROLE_LABELS = {"rolle", "stilling"}


def _heading_text(line):
    """Return a heading's words without Markdown marks, emphasis, number or colon."""
    text = _HEADING_MARKS.sub("", line.strip()).rstrip(": ")
    wrapped = _HEADING_WRAP.match(text)
    text = (wrapped["text"] if wrapped else text).rstrip(": ").strip()
    return " ".join(_HEADING_NUMBER.sub("", text).split())


def _heading(line):
    """Return (kind, title) for a heading line, ("ignored", "") for the form's own, else None."""
    text = _heading_text(line).casefold()
    if not text or len(text) > 100 or text.endswith((".", "!", "?")):
        return None
    for kind, pattern in _SECTION_HEADINGS.items():
        match = pattern.match(text)
        if match:
            rest = (match.groupdict().get("rest") or "").strip()
            title = ""
            if rest[:1] in ":–—-":
                original = _heading_text(line)
                title = original[len(original) - len(rest) :].lstrip(":–—- ").strip()
            return kind, title
    if _IGNORED_HEADINGS.match(text):
        return "ignored", ""
    return None


def _opens_introduction(line):
    """True for the first line of the programme's introduction, or of any prose, before the region."""
    words = line.split()
    lowercase = sum(1 for word in words if word[:1].islower())
    return bool(_INTRODUCTION.match(line)) or (len(words) >= 8 and 2 * lowercase >= len(words))


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
    value = value.rstrip(".")
    return [" ".join(part.split()) for part in re.split(separators, value) if part.strip()]


def sheet_parse(text: str, *, source: str = "") -> Sheet:
    """Return the plain content of one sheet, or raise SheetError naming the line it cannot read."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = list(enumerate(text.split("\n"), start=1))
    preamble: list[tuple[int, str]] = []
    sections: list[tuple[str, int, list[tuple[int, str]]]] = []
    boilerplate: list[str] = []
    titles: dict[int, str] = {}
    for number, raw in lines:
        line = raw.rstrip()
        if "\x00" in line or any(ord(ch) < 32 and ch != "\t" for ch in line):
            raise SheetError(
                _("Linja har teikn som ikkje høyrer heime i ein tekst."), source=source, line=number
            )
        heading = _heading(line)
        if heading:
            boilerplate.append(_heading_text(line))
        if heading and heading[0] == "ignored":
            preamble.append((number, ""))
        elif heading:
            sections.append((heading[0], number, []))
            if heading[1]:
                titles[number] = heading[1]
        elif sections:
            sections[-1][2].append((number, line))
        else:
            preamble.append((number, line.strip()))
    if not sections or not any(kind == "goals" for kind, _line, _body in sections):
        raise SheetError(
            _("Fann ikkje overskrifta «Mål for prosjektet:». Er dette eit «Utval resultat»-ark?"),
            source=source,
            line=(sections[0][1] if sections else len(lines)),
        )
    first_heading = lines[sections[0][1] - 1][1].strip()
    notes: list[SheetNote] = []
    facts = _region_lines(preamble, boilerplate, notes)
    if len(facts) < 3:
        raise SheetError(
            _(
                "Før «%(heading)s» må arket ha namnet på byregionen, kommunane (skilde med komma) "
                "og fylket, kvar på si linje."
            )
            % {"heading": first_heading},
            source=source,
            line=sections[0][1],
        )
    if len(facts) > 3:
        raise SheetError(
            _(
                "For mange linjer før «%(heading)s»: arket skal ha tre, namnet på byregionen, "
                "kommunane og fylket, men har %(lines)s."
            )
            % {
                "heading": first_heading,
                "lines": ", ".join(
                    _("«%(text)s» (linje %(line)s)") % {"text": cut(text, 40), "line": number}
                    for number, text in facts
                ),
            },
            source=source,
            line=facts[3][0],
        )
    (name_line, name), (towns_line, towns), (county_line, county) = facts
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
        notes=notes,
    )
    for kind, heading_line, body in sections:
        if kind == "goals":
            _parse_goals(sheet, heading_line, body, sheet.goals, numbered=True)
        elif kind == "bottlenecks":
            _parse_goals(sheet, heading_line, body, sheet.bottlenecks, numbered=False)
        elif kind == "example":
            _parse_examples(sheet, heading_line, body, title=titles.get(heading_line, ""))
        else:
            _parse_contacts(sheet, heading_line, body)
    content = [text_of(item.html) for item in (*sheet.goals, *sheet.bottlenecks)]
    content += [text_of(item.body_html) for item in sheet.examples]
    sheet.language = language_read(boilerplate=boilerplate, content=content)
    return sheet


def _region_lines(preamble, boilerplate, notes):
    """Return the lines before the first section that name the region, its members and county.

    The programme's introduction, or any other prose, is left out and kept as boilerplate: from
    the line that opens it to the end of its sentence or paragraph. Prose other than the
    programme's introduction is noted, so that a reader sees what was passed over.
    """
    facts, prose = [], []

    def close():
        if prose:
            text = " ".join(line for _number, line in prose)
            boilerplate.append(text)
            if not _INTRODUCTION.match(text):
                notes.append(
                    SheetNote(
                        prose[0][0],
                        _("las «%(text)s» som innleiing og hoppa over det.")
                        % {"text": cut(text, 60)},
                    )
                )
            prose.clear()

    for number, line in preamble:
        if not line:
            close()
        elif prose or _opens_introduction(line):
            prose.append((number, line))
            if line.endswith((".", "!", "?")):
                close()
        else:
            facts.append((number, line))
    close()
    return facts


def _parse_goals(sheet, heading_line, body, target, *, numbered):
    """Read goals («- 1) …», «1. …» or all unnumbered) or bottlenecks (bullets or lines)."""
    items: list[list] = []  # [number or None, first line, text]
    for number, line in body:
        if not line.strip():
            continue
        match = _GOAL_ITEM.match(line) if numbered else None
        bullet = _BULLET_ITEM.match(line)
        if match:
            items.append([int(match["number"]), number, match["text"].strip()])
        elif items and line[:1].isspace():
            items[-1][2] += " " + line.strip()
        else:
            items.append([None, number, (bullet["text"] if bullet else line).strip()])
    if numbered and not items:
        raise SheetError(
            _("Ingen mål under «Mål for prosjektet»."), source=sheet.source, line=heading_line
        )
    given = [item for item in items if item[0] is not None]
    if numbered and given:
        for goal_number, line, text in items:
            if goal_number is None:
                raise SheetError(
                    _("Venta eit nummerert mål, til dømes «- 1) Styrke …», men fann «%(text)s».")
                    % {"text": cut(text, 60)},
                    source=sheet.source,
                    line=line,
                )
    else:
        for position, item in enumerate(items, start=1):
            item[0] = position
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


_EXPLICIT_TITLE = re.compile(r"(?:#+\s*(?P<heading>.+)|\*\*(?P<bold>[^*]+)\*\*)")


def _title_line(parts):
    """Return the title a paragraph of its own gives («## Heim att-portal», «**Heim att-portal**»)."""
    match = _EXPLICIT_TITLE.fullmatch(" ".join(parts))
    text = (match["heading"] or match["bold"]).strip() if match else ""
    return "" if text.endswith((".", "!", "?")) else text


def _parse_examples(sheet, heading_line, body, *, title=""):
    """Read the examples under one heading: one, or one per title line («## …» or «**…**»)."""
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
    groups: list[tuple[int, str, list]] = []  # (line, title, paragraphs)
    for index, (number, parts) in enumerate(paragraphs):
        own = _title_line(parts) if index + 1 < len(paragraphs) and not title else ""
        if own:
            groups.append((number, own, []))
        elif groups:
            groups[-1][2].append((number, parts))
        else:
            groups.append((heading_line, title, [(number, parts)]))
    for line, given, group in groups:
        if not group:
            raise SheetError(
                _("Ingen tekst under «%(title)s».") % {"title": given},
                source=sheet.source,
                line=line,
            )
        _add_example(sheet, line, given, group)


def _add_example(sheet, line, title, paragraphs):
    body_html = "\n".join(
        f"<p>{_inline(' '.join(parts), number, sheet.notes)}</p>" for number, parts in paragraphs
    )
    quiet = [f"<p>{_inline(' '.join(parts), number, [])}</p>" for number, parts in paragraphs]
    plain = " ".join(text_of(paragraph) for paragraph in quiet)
    if not WORD.search(plain):
        raise SheetError(
            _("Ingen ord i teksten under «Godt eksempel på resultat»."),
            source=sheet.source,
            line=line,
        )
    emphasised = [text_of(bold) for bold in re.findall(r"<strong>(.*?)</strong>", body_html)]
    sheet.examples.append(
        SheetExample(
            title=cut(title, 200) if title else title_from_text(plain, emphasised=emphasised),
            teaser=teaser_from_text(plain),
            body_html=body_html,
            line=line,
            title_given=bool(title),
        )
    )


def _parse_contacts(sheet, heading_line, body):
    for number, line in body:
        text = line.strip()
        if not text:
            continue
        labelled = _LABELLED.match(text)
        label = " ".join(labelled["label"].casefold().split()).rstrip(".") if labelled else ""
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
