"""The programme's list of its known regions (reference/byregionar.csv): names, phases, members.

The facts come from the sources named in the file's `source` column (see reference/README.md);
the sheet import fills in what a sheet leaves out from here, and the demo loader builds regions
from it.
"""

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext_lazy

from byregion.slugs import slug_from_name

REGIONS_CSV = Path(__file__).resolve().parent / "reference" / "byregionar.csv"

# Member lists the source marks as not confirmed: such regions wait as drafts for staff.
UNCONFIRMED = {
    "ufullstendig": gettext_lazy("Medlemslista er ufullstendig i kjelda."),
    "usikker": gettext_lazy("Medlemslista er usikker i kjelda."),
}


@dataclass(frozen=True)
class RegionFacts:
    """One row of the programme's region list, as plain facts."""

    name: str
    slug: str
    phases: tuple[int, ...]
    municipalities: tuple[str, ...]
    counties: tuple[str, ...]
    numbers_2024: frozenset[str]
    applicant: str = ""
    project_name: str = ""
    organisation: str = ""
    population_2015: int | None = None
    population_2013: int | None = None
    area_km2: int | None = None
    source_url: str = ""
    member_status: str = ""
    note: str = ""

    @property
    def confirmed(self):
        return self.member_status not in UNCONFIRMED


def _number(value):
    return int(value) if value.strip() else None


def _facts(row):
    phases = tuple(sorted(int(phase) for phase in row["fase"].split(";")))
    population = _number(row["folketal"])
    organisation = re.search(r"Kontakt: ([^.;]+)", row["merknad"])
    # The source's phase-1 pages give the population of 1 January 2013, not 2015.
    phase_1_only = phases == (1,)
    return RegionFacts(
        name=row["region"].strip(),
        slug=slug_from_name(row["region"]),
        phases=phases,
        municipalities=tuple(name.strip() for name in row["kommunar"].split(";") if name.strip()),
        counties=tuple(
            county.strip()
            for county in (row["fylke"] + ";" + row["fylke_2024"]).split(";")
            if county.strip()
        ),
        numbers_2024=frozenset(row["kommunenummer_2024"].split(";")),
        applicant=row["sokjarkommune"].strip(),
        project_name=row["prosjektnamn"].strip(),
        organisation=organisation.group(1).strip() if organisation else "",
        population_2015=None if phase_1_only else population,
        population_2013=population if phase_1_only else None,
        area_km2=_number(row["areal_km2"]),
        source_url=row["source"].split(" ; ")[0].strip(),
        member_status=row["kommunar_status"].strip(),
        note=row["merknad"].strip(),
    )


def known_regions(path: Path = REGIONS_CSV) -> dict[str, RegionFacts]:
    """Return the programme's known regions from the project's CSV, by slug."""
    with open(path, encoding="utf-8", newline="") as handle:
        return {facts.slug: facts for facts in map(_facts, csv.DictReader(handle))}
