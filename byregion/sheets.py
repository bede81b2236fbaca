"""The programme's "Utval resultat" sheets: a parser to plain data, and the import into regions.

A sheet names a region, its municipalities and county, lists numbered goals under «Mål for
prosjektet», describes one or more examples under «Godt eksempel på resultat» and ends with a
«Kontaktperson». Markdown emphasis is kept (`**x**` → <strong>, `*x*` → <em>), links to real
addresses stay links, and links that point nowhere (`#`) keep their text without the link.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import TYPE_CHECKING

import reversion
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from byregion.interchange import validation_messages
from byregion.richtext import clean_html
from cases.models import ResultExample
from regions import validators
from regions.models import Bottleneck, Contact, Goal, Language, Membership, Region, Status
from regions.services import MunicipalityMatchError, MunicipalityRegister

if TYPE_CHECKING:
    from byregion.demo import RegionFacts

TEASER_LENGTH = 300
TITLE_LENGTH = 90
# How alike (difflib's ratio over the words) an edited example's text must be to the stored one.
SAME_TEXT_RATIO = 0.5


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


# Words too common to name what an example is about (nynorsk and bokmål).
_STOPWORD_TEXT = """
    og i på av til for med som det den dei de er var vart ble blir har hadde ein ei eit en et å at om
    frå fra blant anna annet mellom der her dette desse disse no nå òg også skal kan vil sin sitt sine
    seg ikkje ikke men eller så ved under over etter inn ut opp alle heile hele mykje mye meir mer
    mest nyleg nylig tidleg tidlig dette byregionprosjektet prosjektet regionen byregionen kommunane
    programperioden fase mål målet ført etablert blitt vore vært gjennom no like mot utan uten slik
"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_HEADING_MARKS = re.compile(r"^#+\s*")
_GOAL_ITEM = re.compile(r"^\s*(?:[-*+]\s*)?(?P<number>\d{1,3})\s*[).:]\s+(?P<text>\S.*)$")
_BULLET_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[).])\s+(?P<text>\S.*)$")
_LABELLED = re.compile(r"^(?P<label>[\w\s.-]{2,20}?)\s*:\s*(?P<value>.*)$")
_LINK = re.compile(r"\[(?P<text>[^\[\]]+)\]\((?P<url>[^()\s]*)\)")
_STRONG = re.compile(r"\*\*(?=\S)(?P<text>.+?)(?<=\S)\*\*")
_EM = re.compile(r"\*(?=[^\s*])(?P<text>[^*]+?)(?<=[^\s*])\*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ«\"0-9])")
_WORD = re.compile(r"[^\W\d_][\w-]*", re.UNICODE)
_QUOTED = re.compile(r"«(?P<text>[^«»]{3,80})»")
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


def slug_from_name(name: str) -> str:
    """Return a URL slug for a Norwegian name: «Bø i Telemark» → «bo-i-telemark»."""
    table = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a"})
    return slugify(name.translate(table))


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


def _text_of(fragment):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def _sentences(text):
    return [sentence.strip() for sentence in _SENTENCE_END.split(text) if sentence.strip()]


def _cut(text, limit):
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:–- ") + "…"


def _teaser(plain):
    """Return the first sentence or sentences of an example, at most TEASER_LENGTH characters."""
    sentences = _sentences(plain)
    teaser = ""
    for sentence in sentences:
        candidate = f"{teaser} {sentence}".strip()
        if len(candidate) > TEASER_LENGTH:
            break
        teaser = candidate
    return teaser or _cut(sentences[0] if sentences else plain, TEASER_LENGTH)


def _title(plain):
    """Name an example by its main subject: a phrase it repeats, a «named» thing, or its opening."""
    counts, first = Counter(), {}
    for sentence in _sentences(plain):
        words = _WORD.findall(sentence)
        for left, right in zip(words, words[1:], strict=False):
            if all(len(w) > 2 and w.casefold() not in _STOPWORDS for w in (left, right)):
                key = f"{left} {right}".casefold()
                counts[key] += 1
                first.setdefault(key, f"{left} {right}")
    repeated = [key for key, count in counts.items() if count >= 2]
    if repeated:
        best = max(repeated, key=lambda key: (counts[key], -list(first).index(key)))
        phrase = first[best]
    elif quoted := _QUOTED.search(plain):
        phrase = quoted["text"]
    else:
        sentences = _sentences(plain)
        phrase = _cut((sentences[0] if sentences else plain).rstrip("."), TITLE_LENGTH)
    return phrase[:1].upper() + phrase[1:]


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
                % {"text": _cut(line.strip(), 60)},
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
        _text_of(f"<p>{_inline(' '.join(parts), line, [])}</p>") for line, parts in paragraphs
    )
    sheet.examples.append(
        SheetExample(
            title=_cut(title, 200) if title else _title(plain),
            teaser=_teaser(plain),
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
                    % {"text": _cut(text, 60)},
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


# The import: plain data into regions, goals, results and contacts.


@dataclass
class SheetReport:
    source: str
    region: str
    slug: str
    created: bool = False
    status: str = ""
    changes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def lines(self):
        """Return the report as lines of nynorsk text for a person to read."""
        head = _("Ark %(source)s → byregion %(region)s (%(slug)s)") % {
            "source": self.source,
            "region": self.region,
            "slug": self.slug,
        }
        lines = [head]
        if not self.changes:
            lines.append("  " + _("Ingen endringar: byregionen er alt slik arket seier."))
        lines += [f"  + {change}" for change in self.changes]
        if self.notes:
            lines.append("  " + _("Merknader:"))
            lines += [f"  ! {note}" for note in self.notes]
        return lines


def _repair_contact(contact: SheetContact, report: SheetReport):
    """Put phone and e-mail in their right fields; the seed sheet has them the wrong way round."""
    phone, email = contact.phone, contact.email
    quoted = ", ".join(f"«{value}»" for value in (phone, email) if value)
    lines = sorted(line for line in (contact.phone_line, contact.email_line) if line)
    where = (
        _("linje %(lines)s") % {"lines": "–".join(str(n) for n in dict.fromkeys(lines))}
        if lines
        else ""
    )
    if validators.looks_like_email(phone) and (validators.looks_like_phone(email) or not email):
        phone, email = email, phone
    elif validators.looks_like_phone(email) and not phone:
        phone, email = email, ""
    else:
        return phone, email
    try:
        normalised = validators.normalise_phone(phone) if phone else ""
    except ValidationError as error:
        raise SheetError(
            error.messages[0], source=report.source, line=contact.phone_line or contact.line
        ) from error
    report.notes.append(
        _(
            "%(where)s: telefon og e-post til %(name)s stod i feil felt (%(values)s). Retta: "
            "telefon %(phone)s, e-post %(email)s."
        )
        % {
            "where": where,
            "name": contact.name,
            "values": quoted,
            "phone": validators.format_phone(normalised) if normalised else "–",
            "email": email or "–",
        }
    )
    return phone, email


def _errors_text(error: ValidationError):
    return "; ".join(
        f"{name}: {text}" if name else text for name, text in validation_messages(error)
    )


def _import_one(sheet: Sheet, *, register, known, publish, phases, report):
    slug = slug_from_name(sheet.name.name)
    if not slug:
        raise SheetError(
            _("Namnet på byregionen gir inga adresse."), source=sheet.source, line=sheet.name.line
        )
    facts = (known or {}).get(slug)
    region = Region.objects.filter(slug=slug).first()
    report.slug = slug
    if region is None:
        known_phases = list(facts.phases) if facts else list(phases)
        if not known_phases:
            raise SheetError(
                _(
                    "Byregionen %(name)s finst ikkje, og det er ikkje kjent kva fase ho var med i. "
                    "Opprett henne i admin først, eller bruk --fase."
                )
                % {"name": sheet.name.name},
                source=sheet.source,
                line=sheet.name.line,
            )
        region = Region(
            slug=slug,
            name=sheet.name.name,
            phase_1=1 in known_phases,
            phase_2=2 in known_phases,
            status=Status.PUBLISHED if publish else Status.DRAFT,
            published_at=timezone.now() if publish else None,
            language=Language.NYNORSK,
        )
        report.created = True
        report.changes.append(
            _("oppretta byregionen (%(status)s)")
            % {"status": _("publisert") if publish else _("utkast")}
        )
    dirty = report.created
    if region.name != sheet.name.name:
        report.changes.append(
            _("namn: «%(old)s» → «%(new)s»") % {"old": region.name, "new": sheet.name.name}
        )
        region.name, dirty = sheet.name.name, True
    if facts:
        filled = [_("fasar")] if report.created else []
        for attribute, label in (
            ("project_name", _("prosjektnamn")),
            ("organisation", _("organisasjon")),
            ("population_2015", _("folketal 2015")),
            ("area_km2", _("areal")),
            ("source_url", _("kjelde")),
        ):
            value = getattr(facts, attribute)
            if value not in (None, "") and getattr(region, attribute) in (None, ""):
                setattr(region, attribute, value)
                filled.append(label)
        if filled:
            dirty = True
            report.changes.append(
                _("frå byregionar.csv: %(fields)s") % {"fields": ", ".join(filled)}
            )
    if dirty:
        try:
            region.full_clean()
        except ValidationError as error:
            raise SheetError(
                _errors_text(error), source=sheet.source, line=sheet.name.line
            ) from error
        region.save()
    report.status = region.get_status_display()

    _import_members(sheet, region, register=register, facts=facts, report=report)
    _import_goals(sheet, region, report=report)
    _import_bottlenecks(sheet, region, report=report)
    _import_examples(sheet, region, publish=publish, report=report)
    _import_contacts(sheet, region, report=report)
    if report.changes and not dirty:
        # A change to goals, members or contacts alone saves the region too: its new edit token
        # tells an editor who has it open that the stored state moved on (byregion.conflicts).
        region.save(update_fields=["updated_at"])
    if reversion.is_active() and (report.changes or report.created):
        # Again at the end, so the revision holds the region with its members, goals and contacts.
        reversion.add_to_revision(region)
        for result in region.results.prefetch_related("goals", "themes", "images"):
            reversion.add_to_revision(result)
    report.notes[:0] = [
        f"{_('linje %(line)s') % {'line': note.line}}: {note.text}" for note in sheet.notes
    ]


def _import_members(sheet, region, *, register, facts, report):
    existing = {m.name.casefold(): m for m in region.memberships.select_related("municipality")}
    has_applicant = any(m.applicant for m in existing.values())
    applicant = (facts.applicant if facts else "").casefold()
    position = max((m.position for m in existing.values()), default=-1) + 1
    added, seen = [], set()
    for item in sheet.municipalities:
        try:
            match = register.match(name=item.name, county=sheet.counties)
        except MunicipalityMatchError as error:
            raise SheetError(str(error), source=sheet.source, line=item.line) from error
        key = match.name.casefold()
        if key in seen:
            raise SheetError(
                _("«%(name)s» står to gonger i lista over kommunar.") % {"name": item.name},
                source=sheet.source,
                line=item.line,
            )
        seen.add(key)
        if match.split_between:
            report.notes.append(
                _("%(name)s er i dag delt mellom %(parts)s; knytt til %(chosen)s.")
                % {
                    "name": match.name,
                    "parts": ", ".join(m.name for m in match.split_between),
                    "chosen": match.municipality.name,
                }
            )
        membership = existing.get(key)
        if membership is None:
            is_applicant = not has_applicant and key == applicant
            has_applicant = has_applicant or is_applicant
            if is_applicant:
                report.changes.append(
                    _("søkarkommune (frå byregionar.csv): %(name)s") % {"name": match.name}
                )
            Membership.objects.create(
                region=region,
                municipality=match.municipality,
                name=match.name,
                applicant=is_applicant,
                position=position,
            )
            position += 1
            added.append(
                f"{match.name} ({match.municipality.number})"
                if not match.renamed
                else f"{match.name} (no {match.municipality.name}, {match.municipality.number})"
            )
        elif membership.municipality_id != match.municipality.pk:
            report.changes.append(
                _("%(name)s: kommune %(old)s → %(new)s")
                % {"name": match.name, "old": membership.municipality, "new": match.municipality}
            )
            membership.municipality = match.municipality
            membership.save(update_fields=["municipality"])
    if added:
        report.changes.append(
            _("kommunar lagde til (%(count)s): %(names)s")
            % {"count": len(added), "names": ", ".join(added)}
        )
    left_out = [m.name for key, m in existing.items() if key not in seen]
    if left_out:
        report.notes.append(
            _("Kommunar i byregionen som ikkje står i arket (ikkje endra): %(names)s.")
            % {"names": ", ".join(left_out)}
        )
    if added:
        members = region.memberships.select_related("municipality__county")
        counties = sorted({m.municipality.county.name for m in members})
        report.changes.append(
            _("fylke (frå kommunane): %(counties)s") % {"counties": ", ".join(counties)}
        )


def _import_goals(sheet, region, *, report):
    existing = {goal.number: goal for goal in region.goals.all()}
    created, changed = [], []
    for item in sheet.goals:
        text = clean_html(item.html)
        goal = existing.get(item.number)
        if goal is None:
            Goal.objects.create(region=region, number=item.number, text=text)
            created.append(str(item.number))
        elif goal.text != text:
            goal.text = text
            goal.save(update_fields=["text"])
            changed.append(str(item.number))
    if created:
        report.changes.append(_("mål lagde til: %(numbers)s") % {"numbers": ", ".join(created)})
    if changed:
        report.changes.append(_("mål endra: %(numbers)s") % {"numbers": ", ".join(changed)})
    others = sorted(set(existing) - {item.number for item in sheet.goals})
    if others:
        report.notes.append(
            _("Mål i byregionen som ikkje står i arket (ikkje endra): %(numbers)s.")
            % {"numbers": ", ".join(map(str, others))}
        )


def _import_bottlenecks(sheet, region, *, report):
    existing = {b.text for b in region.bottlenecks.all()}
    position = len(existing)
    added = 0
    for item in sheet.bottlenecks:
        text = clean_html(item.html)
        if text not in existing:
            Bottleneck.objects.create(region=region, text=text, position=position)
            existing.add(text)
            position += 1
            added += 1
    if added:
        report.changes.append(_("flaskehalsar lagde til: %(count)s") % {"count": added})


def _example_slugs(examples):
    used, slugs = set(), []
    for item in examples:
        base = slug_from_name(item.title)[:110] or "resultat"
        slug, suffix = base, 2
        while slug in used:
            slug, suffix = f"{base}-{suffix}", suffix + 1
        used.add(slug)
        slugs.append(slug)
    return slugs


def _words(body_html):
    return _WORD.findall(_text_of(body_html).casefold())


def _stored_examples(examples, slugs, bodies, results):
    """Return the stored result each example of a sheet is, or None for a new example.

    An example is the result with its address. One without a title of its own gets its title, and
    so its address, from its text: edited text can change both. Such an example is also the result
    with that title, or else the result whose text is most alike, if at least SAME_TEXT_RATIO alike.
    """
    found = [None] * len(examples)
    free = list(results)
    for index, (item, slug) in enumerate(zip(examples, slugs, strict=True)):
        result = next(
            (r for r in free if r.slug == slug or (not item.title_given and r.title == item.title)),
            None,
        )
        if result is not None:
            found[index] = result
            free.remove(result)
    for index, item in enumerate(examples):
        if found[index] is not None or item.title_given or not free:
            continue
        words = _words(bodies[index])
        ratio, result = max(
            (
                (SequenceMatcher(None, words, _words(r.body), autojunk=False).ratio(), r)
                for r in free
            ),
            key=lambda pair: pair[0],
        )
        if ratio >= SAME_TEXT_RATIO:
            found[index] = result
            free.remove(result)
    return found


def _import_examples(sheet, region, *, publish, report):
    status = Status.PUBLISHED if publish or region.status == Status.PUBLISHED else Status.DRAFT
    slugs = _example_slugs(sheet.examples)
    bodies = [clean_html(item.body_html) for item in sheet.examples]
    stored = _stored_examples(sheet.examples, slugs, bodies, region.results.all())
    for item, slug, body, result in zip(sheet.examples, slugs, bodies, stored, strict=True):
        if result is None:
            result = ResultExample(
                region=region,
                slug=slug,
                title=item.title,
                teaser=item.teaser,
                body=body,
                status=status,
                published_at=timezone.now() if status == Status.PUBLISHED else None,
                language=region.language,
            )
            try:
                result.full_clean()
            except ValidationError as error:
                raise SheetError(
                    _errors_text(error), source=sheet.source, line=item.line
                ) from error
            result.save()
            report.changes.append(
                _("resultat «%(title)s» (%(slug)s, %(status)s)")
                % {"title": item.title, "slug": slug, "status": result.get_status_display().lower()}
            )
            if not item.title_given:
                report.notes.append(
                    _(
                        "linje %(line)s: tittel og ingress til «%(title)s» er avleidde frå teksten; "
                        "sjå over dei i admin."
                    )
                    % {"line": item.line, "title": item.title}
                )
        elif result.body != body:
            result.body = body
            result.save(update_fields=["body", "updated_at"])
            report.changes.append(
                _("resultat «%(title)s»: teksten er endra") % {"title": result.title}
            )


def _import_contacts(sheet, region, *, report):
    existing = {c.name.casefold(): c for c in region.contacts.all()}
    position = max((c.position for c in existing.values()), default=-1) + 1
    for item in sheet.contacts:
        phone, email = _repair_contact(item, report)
        contact = existing.get(item.name.casefold())
        created = contact is None
        if created:
            contact = Contact(region=region, name=item.name, position=position)
            position += 1
        wanted = {
            "organisation": item.organisation,
            "role": item.role,
            "phone": phone,
            "email": email,
        }
        before = {key: getattr(contact, key) for key in wanted}
        for key, value in wanted.items():
            setattr(contact, key, value)
        try:
            contact.full_clean(exclude=["region"])
        except ValidationError as error:
            raise SheetError(
                _errors_text(error),
                source=sheet.source,
                line=item.phone_line or item.email_line or item.line,
            ) from error
        if created:
            contact.save()
            report.changes.append(
                _("kontaktperson %(name)s, %(organisation)s, telefon %(phone)s, e-post %(email)s")
                % {
                    "name": contact.name,
                    "organisation": contact.organisation or "–",
                    "phone": contact.phone_display or "–",
                    "email": contact.email or "–",
                }
            )
        elif {key: getattr(contact, key) for key in wanted} != before:
            contact.save()
            report.changes.append(_("kontaktperson %(name)s er endra") % {"name": contact.name})


def sheet_import(
    *,
    paths: Sequence[Path],
    dry_run: bool = False,
    publish: bool = False,
    known: Mapping[str, RegionFacts] | None = None,
    phases: Sequence[int] = (),
) -> list[SheetReport]:
    """Import sheets into their regions in one transaction; any error leaves the database as it was.

    New regions and their results are drafts unless `publish` is set; results added to a region that
    is already published are published with it. Existing titles, teasers and statuses are kept.
    """
    sheets = [sheet_read(Path(path)) for path in paths]
    reports = []
    with transaction.atomic():
        # A dry run writes no revision: reversion would write after the rollback is set.
        with nullcontext() if dry_run else reversion.create_revision(atomic=False):
            if not dry_run:
                reversion.set_comment(_("Importert frå «Utval resultat»-ark"))
            register = MunicipalityRegister()
            for sheet in sheets:
                report = SheetReport(source=sheet.source, region=sheet.name.name, slug="")
                _import_one(
                    sheet,
                    register=register,
                    known=known,
                    publish=publish,
                    phases=phases,
                    report=report,
                )
                reports.append(report)
        if dry_run:
            transaction.set_rollback(True)
    return reports
