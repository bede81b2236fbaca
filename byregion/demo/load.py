"""Demo content: the programme's 35 known regions, a handful of themes and the Vest-Telemark sheet.

The facts come from the programme's region list (regions/programme.py, sources in its `source`
column); nothing here adds facts that are not in that list or the sheet.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from byregion.editorial.bulk import BulkReport, bulk_remember, bulk_write
from byregion.sheets.load import SheetReport, sheet_import
from cases.models import Theme
from regions.models import Membership, Region, Status
from regions.programme import UNCONFIRMED, RegionFacts, known_regions
from regions.services import MunicipalityRegister

VEST_TELEMARK_SHEET = Path(__file__).resolve().parent / "utval-resultat-vest-telemark.md"

THEMES = [
    (
        "offentleg-innkjop",
        "Offentleg innkjøp",
        "Korleis kommunane brukar innkjøpa sine til å utvikle næringsliv, kompetanse og innovasjon.",
    ),
    (
        "bustad",
        "Bustad",
        "Bustader og bumiljø som gjer det lettare å flytte til og bli buande i regionen.",
    ),
    (
        "rekruttering",
        "Rekruttering",
        "Tiltak som hjelper arbeidsgivarar i regionen å finne og halde på folk med rett kompetanse.",
    ),
    (
        "naeringsnettverk",
        "Næringsnettverk",
        "Samarbeid mellom verksemder, næringshagar og kommunar som styrkjer næringslivet i regionen.",
    ),
    (
        "gront-skifte",
        "Grønt skifte",
        "Omstilling til meir berekraftig verdiskaping, til dømes bruk av tre og bioøkonomi.",
    ),
    (
        "kompetanse",
        "Kompetanse",
        "Kompetansemiljø, utdanning og kunnskap som regionen kan byggje vidare på.",
    ),
]

# The seed sheet has one example of results (title derived from its text: «Offentleg innkjøp»).
# It advances three of Vest-Telemark's four goals:
# - goal 2 (more economic interplay between the business communities): the procurement was meant
#   to strengthen their cooperation, and they went on to form a formal alliance and win a tender;
# - goal 3 (public-private cooperation where business gardens meet municipal development): public
#   procurement as a lever, and the Trenettverk built on the business garden in Fyresdal;
# - goal 4 (housing attractiveness, linking jobs with places to live): small flats in solid wood
#   in Kviteseid, fitted to the people working in the business garden there.
# Goal 1 (regional engines in every municipal centre) is not what the example describes.
# Themes, each named in the text: procurement, the business network, competence (a knowledge
# delivery and the competence-broker role), housing, recruitment and the green transition.
VEST_TELEMARK_TAGS = {
    "offentleg-innkjop": {
        "goals": [2, 3, 4],
        "themes": [
            "offentleg-innkjop",
            "naeringsnettverk",
            "kompetanse",
            "bustad",
            "rekruttering",
            "gront-skifte",
        ],
    },
}


@dataclass
class DemoReport(BulkReport):
    regions_created: list[str] = field(default_factory=list)
    regions_kept: list[str] = field(default_factory=list)
    drafts: list[str] = field(default_factory=list)
    themes_created: list[str] = field(default_factory=list)
    sheet: list[SheetReport] = field(default_factory=list)
    sheet_skipped: bool = False
    notes: list[str] = field(default_factory=list)

    def summary_lines(self):
        lines = [
            _("Byregionar: %(new)s nye, %(kept)s fanst frå før (ikkje endra).")
            % {"new": len(self.regions_created), "kept": len(self.regions_kept)},
        ]
        if self.drafts:
            lines.append(
                _("Lagde som utkast (medlemslista er ikkje stadfesta): %(names)s.")
                % {"names": ", ".join(self.drafts)}
            )
        lines.append(_("Tema: %(new)s nye.") % {"new": len(self.themes_created)})
        lines += [f"! {note}" for note in self.notes]
        if self.sheet_skipped:
            lines.append(_("Vest-Telemark har alt innhald; arket er ikkje lese inn på nytt."))
        for report in self.sheet:
            lines += report.lines()
        return lines


def _choose(match, facts, used):
    """Pick today's municipality for a split one: the part the region list names and no one else."""
    if not match.split_between:
        return match.municipality
    others = [m for m in match.split_between if m.number in facts.numbers_2024 and m.pk not in used]
    return others[0] if others else match.municipality


def _region_create(facts: RegionFacts, *, register, report: DemoReport):
    notes = []
    if not facts.confirmed:
        notes.append(str(UNCONFIRMED[facts.member_status]))
    if facts.note:
        notes.append(_("Merknad i kjelda: %(note)s") % {"note": facts.note})
    if facts.population_2013:
        notes.append(
            _("Folketal 1.1.2013 (ikkje 2015) i kjelda: %(count)s.")
            % {"count": facts.population_2013}
        )
    matches = [register.match(name=name, county=facts.counties) for name in facts.municipalities]
    direct = {m.municipality.pk for m in matches if not m.split_between}
    chosen = []
    for match in matches:
        municipality = _choose(match, facts, direct)
        chosen.append(municipality)
        if match.split_between:
            notes.append(
                _("%(name)s er i dag delt mellom %(parts)s; medlemskapet er knytt til %(chosen)s.")
                % {
                    "name": match.name,
                    "parts": ", ".join(m.name for m in match.split_between),
                    "chosen": municipality.name,
                }
            )
    numbers = {m.number for m in chosen} | {
        m.number for match in matches for m in match.split_between
    }
    if numbers != facts.numbers_2024:
        raise ValueError(
            f"{facts.name}: the members map to {sorted(numbers)}, the list says "
            f"{sorted(facts.numbers_2024)}"
        )
    published = facts.confirmed
    region = Region(
        slug=facts.slug,
        name=facts.name,
        project_name=facts.project_name,
        organisation=facts.organisation,
        phase_1=1 in facts.phases,
        phase_2=2 in facts.phases,
        population_2015=facts.population_2015,
        area_km2=facts.area_km2,
        source_url=facts.source_url,
        editorial_note="\n".join(notes),
        status=Status.PUBLISHED if published else Status.DRAFT,
        published_at=timezone.now() if published else None,
    )
    region.full_clean()
    region.save()
    Membership.objects.bulk_create(
        Membership(
            region=region,
            municipality=municipality,
            name=match.name,
            applicant=match.name.casefold() == facts.applicant.casefold(),
            position=position,
        )
        for position, (match, municipality) in enumerate(zip(matches, chosen, strict=True))
    )
    bulk_remember(region)
    report.regions_created.append(facts.name)
    if not published:
        report.drafts.append(facts.name)


def _tag_results(region: Region):
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    goals = {goal.number: goal for goal in region.goals.all()}
    for result in region.results.prefetch_related("goals", "themes"):
        tags = VEST_TELEMARK_TAGS.get(result.slug)
        if tags and not result.goals.all() and not result.themes.all():
            result.goals.set([goals[number] for number in tags["goals"] if number in goals])
            result.themes.set([themes[slug] for slug in tags["themes"] if slug in themes])
            # Saved for its new edit token: the links are part of what an editor has open.
            result.save(update_fields=["updated_at"])
            bulk_remember(result)


def demo_load(*, dry_run: bool = False) -> DemoReport:
    """Create what is missing of the demo content in one transaction; never overwrite edits.

    Regions with a confirmed member list are published, the others wait as drafts with the
    source's remark in the editorial note. The Vest-Telemark sheet is read only into a region
    that has no goals or results yet, so running this again (as `make run` does) changes nothing.
    """
    known = known_regions()
    comment = _("Demoinnhald lagt inn")
    with bulk_write(report=DemoReport(), comment=comment, dry_run=dry_run) as report:
        _demo_write(known, report)
    return report


def _demo_write(known, report):
    """Create the themes, the missing regions and, into a fresh Vest-Telemark, the seed sheet."""
    for slug, name, description in THEMES:
        _theme, created = Theme.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )
        if created:
            report.themes_created.append(slug)
    existing = set(Region.objects.filter(slug__in=known).values_list("slug", flat=True))
    register = MunicipalityRegister()
    for facts in known.values():
        if facts.slug in existing:
            report.regions_kept.append(facts.name)
        else:
            _region_create(facts, register=register, report=report)
    vest_telemark = Region.objects.get(slug="vest-telemark")
    if vest_telemark.goals.exists() or vest_telemark.results.exists():
        report.sheet_skipped = True
    else:
        report.sheet = sheet_import(paths=[VEST_TELEMARK_SHEET], publish=True, known=known)
        _tag_results(vest_telemark)
