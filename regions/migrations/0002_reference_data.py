"""Load the 2024 register of counties and municipalities and the 2016 → 2024 map (regions/reference/)."""

import csv
from pathlib import Path

from django.db import migrations

REFERENCE = Path(__file__).resolve().parent.parent / "reference"

# Counties as they were in 2016, by the first two digits of a 2016 municipality number.
COUNTIES_2016 = {
    "01": "Østfold", "02": "Akershus", "03": "Oslo", "04": "Hedmark", "05": "Oppland",
    "06": "Buskerud", "07": "Vestfold", "08": "Telemark", "09": "Aust-Agder", "10": "Vest-Agder",
    "11": "Rogaland", "12": "Hordaland", "14": "Sogn og Fjordane", "15": "Møre og Romsdal",
    "16": "Sør-Trøndelag", "17": "Nord-Trøndelag", "18": "Nordland", "19": "Troms",
    "20": "Finnmark",
}


def _rows(name):
    with open(REFERENCE / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load(apps, schema_editor):
    County = apps.get_model("regions", "County")
    Municipality = apps.get_model("regions", "Municipality")
    FormerMunicipality = apps.get_model("regions", "FormerMunicipality")

    counties = {
        row["fylkesnummer"]: County(
            number=row["fylkesnummer"], name=row["namn"], other_names=row["andre_namn"]
        )
        for row in _rows("fylke-2024.csv")
    }
    County.objects.bulk_create(counties.values())
    counties = {county.number: county for county in County.objects.all()}

    Municipality.objects.bulk_create(
        Municipality(
            number=row["kommunenummer"],
            name=row["namn"],
            county=counties[row["fylkesnummer"]],
            other_names=row["andre_namn"],
        )
        for row in _rows("kommunar-2024.csv")
    )
    municipalities = {m.number: m for m in Municipality.objects.all()}

    former_rows = _rows("kommunar-2016-til-2024.csv")
    FormerMunicipality.objects.bulk_create(
        FormerMunicipality(
            number=row["kommunenummer_2016"],
            name=row["namn_2016"],
            county_name=COUNTIES_2016[row["kommunenummer_2016"][:2]],
        )
        for row in former_rows
    )
    former = {f.number: f for f in FormerMunicipality.objects.all()}
    Through = FormerMunicipality.successors.through
    Through.objects.bulk_create(
        Through(
            formermunicipality_id=former[row["kommunenummer_2016"]].pk,
            municipality_id=municipalities[number].pk,
        )
        for row in former_rows
        for number in row["kommunenummer_2024"].split(";")
    )


def unload(apps, schema_editor):
    apps.get_model("regions", "FormerMunicipality").objects.all().delete()
    apps.get_model("regions", "Municipality").objects.all().delete()
    apps.get_model("regions", "County").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
