"""Sheets into the database: regions, members, goals, bottlenecks, results and contacts.

Municipality names are matched against the 2024 register and the 2016 → 2024 map; all sheets of one
call go in one bulk write (byregion/editorial/bulk.py), so an error anywhere writes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import TYPE_CHECKING

import reversion
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from byregion.editorial.bulk import BulkReport, bulk_write
from byregion.interchange.document import validation_messages
from byregion.richtext import clean_html
from byregion.sheets.language import LanguageReading
from byregion.sheets.parse import Sheet, SheetContact, SheetError, sheet_read, text_of
from byregion.sheets.titles import SLUG_LENGTH, WORD, slug_from_title
from byregion.slugs import slug_from_name
from cases.models import ResultExample
from regions import validators
from regions.models import Bottleneck, Contact, Goal, Language, Membership, Region, Status
from regions.services import MunicipalityMatchError, MunicipalityRegister

if TYPE_CHECKING:
    from regions.programme import RegionFacts

# How alike (difflib's ratio over the words) an edited example's text must be to the stored one.
SAME_TEXT_RATIO = 0.5


@dataclass
class SheetReport:
    source: str
    region: str
    slug: str
    created: bool = False
    status: str = ""
    language: str = ""
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
        if self.language:
            lines.append(f"  {self.language}")
        if not self.changes:
            lines.append("  " + _("Ingen endringar: byregionen er alt slik arket seier."))
        lines += [f"  + {change}" for change in self.changes]
        if self.notes:
            lines.append("  " + _("Merknader:"))
            lines += [f"  ! {note}" for note in self.notes]
        return lines


@dataclass
class SheetImportReport(BulkReport):
    """The reports of the sheets read in one import, in the order given."""

    sheets: list[SheetReport] = field(default_factory=list)

    def __iter__(self):
        return iter(self.sheets)

    def __len__(self):
        return len(self.sheets)

    def __getitem__(self, index):
        return self.sheets[index]

    def summary_lines(self):
        return [line for sheet in self.sheets for line in sheet.lines()]


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


def _language_name(language):
    return str(Language(language).label).lower()


def _read_language(reading: LanguageReading, report: SheetReport):
    """Say in the report which form the sheet was read as, and why; a note when it is unsure."""
    other = Language.BOKMAAL if reading.language == Language.NYNORSK else Language.NYNORSK
    counts = _("kjenneteikn: %(language)s %(chosen)s, %(other)s %(against)s") % {
        "language": _language_name(reading.language),
        "chosen": reading.marks[reading.language],
        "other": _language_name(other),
        "against": reading.marks[other],
    }
    evidence = []
    if reading.headings:
        evidence.append(
            _("overskrifter som %(headings)s")
            % {"headings": ", ".join(f"«{text}»" for text in reading.headings[:2])}
        )
    if reading.words:
        evidence.append(_("ord som %(words)s") % {"words": ", ".join(reading.words)})
    if evidence:
        if len(evidence) == 2:
            evidence = [
                _("%(first)s og %(second)s") % {"first": evidence[0], "second": evidence[1]}
            ]
        report.language = _("Språk: %(language)s (%(code)s), ut frå %(evidence)s (%(counts)s).") % {
            "language": _language_name(reading.language),
            "code": reading.language,
            "evidence": evidence[0],
            "counts": counts,
        }
    else:
        report.language = _(
            "Språk: %(language)s (%(code)s); fann ingen kjenneteikn på nynorsk eller bokmål."
        ) % {"language": _language_name(reading.language), "code": reading.language}
    if not reading.sure:
        report.notes.append(
            _(
                "Språket er usikkert (%(counts)s); las arket som %(language)s. Sjå over "
                "innhaldsspråket til byregionen og resultata i admin."
            )
            % {"counts": counts, "language": _language_name(reading.language)}
        )


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
    language = Language(sheet.language.language)
    _read_language(sheet.language, report)
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
            language=language,
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
    if region.language != language:
        report.changes.append(
            _("innhaldsspråk: %(old)s → %(new)s")
            % {"old": _language_name(region.language), "new": _language_name(language)}
        )
        region.language, dirty = language, True
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
    """Return an address per example: its title's, at most SLUG_LENGTH long, unique in the sheet."""
    used, slugs = set(), []
    for item in examples:
        slug, suffix = slug_from_title(item.title) or "resultat", 2
        while slug in used:
            ending = f"-{suffix}"
            base = slug_from_title(item.title, limit=SLUG_LENGTH - len(ending)) or "resultat"
            slug, suffix = base + ending, suffix + 1
        used.add(slug)
        slugs.append(slug)
    return slugs


def _words(body_html):
    return WORD.findall(text_of(body_html).casefold())


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
            continue
        changed = []
        if result.body != body:
            result.body = body
            changed.append("body")
            report.changes.append(
                _("resultat «%(title)s»: teksten er endra") % {"title": result.title}
            )
        if result.language != region.language:
            report.changes.append(
                _("resultat «%(title)s»: innhaldsspråk %(old)s → %(new)s")
                % {
                    "title": result.title,
                    "old": _language_name(result.language),
                    "new": _language_name(region.language),
                }
            )
            result.language = region.language
            changed.append("language")
        if changed:
            result.save(update_fields=[*changed, "updated_at"])


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
) -> SheetImportReport:
    """Import sheets into their regions in one transaction; any error leaves the database as it was.

    New regions and their results are drafts unless `publish` is set; results added to a region that
    is already published are published with it. Existing titles, teasers and statuses are kept.
    """
    sheets = [sheet_read(Path(path)) for path in paths]
    comment = _("Importert frå «Utval resultat»-ark")
    with bulk_write(report=SheetImportReport(), comment=comment, dry_run=dry_run) as reports:
        register = MunicipalityRegister()
        for sheet in sheets:
            report = SheetReport(source=sheet.source, region=sheet.name.name, slug="")
            _import_one(
                sheet, register=register, known=known, publish=publish, phases=phases, report=report
            )
            reports.sheets.append(report)
    return reports
