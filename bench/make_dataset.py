"""Fill a scratch database with a benchmark data set: N published regions × M published results.

Usage (from the repository root):
    DATABASE_URL=sqlite:////tmp/byregion-bench.sqlite3 .venv/bin/python bench/make_dataset.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/byregion_bench .venv/bin/python bench/make_dataset.py

The database is migrated first. It must be a scratch one: an SQLite file under /tmp or a
PostgreSQL database named byregion_bench; anything else is refused, so a developer's data is
never touched. Existing regions, results and themes in it are deleted.
"""

import argparse
import io
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "byregion.settings")

# Each theme brings words of its own, so a search word matches a realistic share of the results
# (a theme's word is in roughly one result in five), not all of them.
THEMES = [
    ("offentleg-innkjop", "Offentleg innkjøp", ("anbod", "rammeavtale", "leverandørdialog")),
    ("bustad", "Bustad", ("massivtre", "hyblar", "utleigebustader")),
    ("rekruttering", "Rekruttering", ("traineeordning", "tilflyttarar", "lærlingar")),
    ("naeringsnettverk", "Næringsnettverk", ("klynge", "næringshage", "gründerar")),
    ("gront-skifte", "Grønt skifte", ("bioøkonomi", "solenergi", "ombruk")),
    ("kompetanse", "Kompetanse", ("studiesenter", "etterutdanning", "fagskule")),
    ("samferdsel", "Samferdsel", ("pendlarbuss", "bompengar", "ferjesamband")),
    ("reiseliv", "Reiseliv", ("fjellturisme", "overnatting", "destinasjon")),
]
WORDS = [
    *("samarbeid", "næringsliv", "kommune", "region", "utvikling", "attraktivitet", "tiltak"),
    *("arbeidsmarknad", "innovasjon", "samspel", "byen", "omlandet", "ungdom", "prosjekt"),
    *("arbeidsplassar", "verksemder", "møte", "plan", "erfaring", "resultat", "felles"),
]


def refuse_unless_scratch(database):
    """Stop unless `database` is a scratch database this script may wipe."""
    engine, name = database["ENGINE"], str(database["NAME"])
    if engine.endswith("sqlite3") and name.startswith("/tmp/"):  # noqa: S108 - scratch only
        return
    if engine.endswith("postgresql") and name == "byregion_bench":
        return
    sys.exit(
        f"make_dataset: refusing to write to {name!r}: use an SQLite file under /tmp "
        "or a PostgreSQL database named byregion_bench."
    )


def sentence(rng, words=14, topic=()):
    vocabulary = WORDS + list(topic) * 3
    text = " ".join(rng.choice(vocabulary) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng, sentences=4, topic=()):
    return " ".join(sentence(rng, topic=topic) for _ in range(sentences))


def image_file(rng):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    colour = tuple(rng.randrange(40, 200) for _ in range(3))
    Image.new("RGB", (1400, 788), colour).save(buffer, format="JPEG", quality=80)
    return SimpleUploadedFile("bilete.jpg", buffer.getvalue(), content_type="image/jpeg")


def build(*, regions, results, image_every, seed):
    """Create the data set and return (regions, results, images) created."""
    from django.db import connection, transaction
    from django.utils import timezone

    from byregion.cache import page_cache_invalidate
    from cases.models import ResultExample, ResultImage, Theme
    from regions.models import (
        Bottleneck,
        Contact,
        Goal,
        Membership,
        Municipality,
        Region,
        Status,
    )

    rng = random.Random(seed)  # noqa: S311 - repeatable filler text, not secrets
    now = timezone.now()
    municipalities = list(Municipality.objects.all())
    images = 0
    with transaction.atomic():
        ResultExample.objects.all().delete()
        Region.objects.all().delete()
        Theme.objects.all().delete()
        themes = {Theme.objects.create(slug=slug, name=name): words for slug, name, words in THEMES}
        for number in range(1, regions + 1):
            region = Region.objects.create(
                slug=f"region-{number}",
                name=f"Region {number}",
                project_name=f"Byregionprosjektet {number}",
                organisation=f"Regionrådet {number}",
                phase_1=number % 3 == 0,
                phase_2=True,
                summary=f"<p>{paragraph(rng, 6)}</p><p>{paragraph(rng, 4)}</p>",
                advice="\n".join(sentence(rng, 10) for _ in range(3)),
                after_programme=f"<p>{paragraph(rng, 3)}</p>",
                population_2015=rng.randrange(8_000, 120_000),
                area_km2=rng.randrange(300, 9_000),
                status=Status.PUBLISHED,
                published_at=now - timezone.timedelta(days=30),
            )
            members = rng.sample(municipalities, rng.randrange(2, 7))
            Membership.objects.bulk_create(
                Membership(
                    region=region,
                    municipality=municipality,
                    name=municipality.name,
                    applicant=position == 0,
                    position=position,
                )
                for position, municipality in enumerate(members)
            )
            goals = Goal.objects.bulk_create(
                Goal(
                    region=region,
                    number=n,
                    text=f"<p>{sentence(rng, 20)} <strong>{sentence(rng, 4)}</strong></p>",
                )
                for n in range(1, 5)
            )
            Bottleneck.objects.bulk_create(
                Bottleneck(region=region, text=f"<p>{sentence(rng, 18)}</p>", position=n)
                for n in range(3)
            )
            Contact.objects.create(
                region=region,
                name=f"Kontakt {number}",
                organisation=region.organisation,
                phone=f"+474{number:07d}",
                email=f"kontakt{number}@region.example",
            )
            for index in range(1, results + 1):
                chosen = rng.sample(list(themes), rng.randrange(1, 3))
                topic = [word for theme in chosen for word in themes[theme]]
                result = ResultExample.objects.create(
                    region=region,
                    slug=f"resultat-{index}",
                    title=f"{sentence(rng, 5, topic)[:-1]} {index}",
                    teaser=sentence(rng, 22, topic),
                    body="".join(f"<p>{paragraph(rng, 5, topic)}</p>" for _ in range(4)),
                    featured=index == 1 and number <= 3,
                    status=Status.PUBLISHED,
                    published_at=now - timezone.timedelta(hours=number * results + index),
                )
                result.goals.set(rng.sample(goals, rng.randrange(0, 3)))
                result.themes.set(chosen)
                if image_every and index % image_every == 0:
                    ResultImage.objects.create(
                        result=result,
                        image=image_file(rng),
                        alt_text=f"Illustrasjon til {result.title}",
                        caption=sentence(rng, 8),
                        credit="Byregion",
                    )
                    images += 1
    page_cache_invalidate()
    if connection.vendor == "postgresql":
        # A freshly filled database has no planner statistics until autovacuum gets to it.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return regions, regions * results, images


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--regions", type=int, default=40)
    parser.add_argument("--results", type=int, default=25, help="results per region")
    parser.add_argument(
        "--image-every", type=int, default=5, help="an image on every n-th result (0: none)"
    )
    parser.add_argument("--seed", type=int, default=2016)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    refuse_unless_scratch(settings.DATABASES["default"])
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    regions, results, images = build(
        regions=args.regions, results=args.results, image_every=args.image_every, seed=args.seed
    )
    print(
        f"make_dataset: {regions} regions, {results} results, {images} images "
        f"in {time.perf_counter() - started:.1f} s ({settings.DATABASES['default']['NAME']})"
    )


if __name__ == "__main__":
    main()
