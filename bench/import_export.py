"""Time `byregion-content/1` import and export on a generated document of N regions × M results.

Usage (from the repository root):
    .venv/bin/python bench/import_export.py                       # SQLite (in memory)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/byregion .venv/bin/python bench/import_export.py

It never touches the database DATABASE_URL names: like the test runner it creates a scratch
database beside it (`<name>_bench_import`, migrated, with the reference data) and drops it at the
end. Images are written to a temporary folder.
"""

import argparse
import io
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

PARAGRAPH = (
    "Kommunane i regionen gjekk saman om eit tiltak som gav <strong>fleire arbeidsplassar</strong> "
    "og betre samarbeid mellom næringslivet og det offentlege. Erfaringane er delte med "
    "<em>andre regionar</em> gjennom nettverket."
)
THEMES = [
    "offentleg-innkjop",
    "bustad",
    "rekruttering",
    "naeringsnettverk",
    "gront-skifte",
    "kompetanse",
]


def build_document(*, regions, results, images, numbers, folder):
    """Return a valid document with `regions` × `results` and `images` small JPEGs beside it."""
    from tests.factories import image_bytes

    rng = random.Random(2016)  # noqa: S311 - test data, not security
    (folder / "bilete").mkdir(parents=True, exist_ok=True)
    document = {
        "format": "byregion-content/1",
        "themes": [{"slug": slug, "name": slug.replace("-", " ").capitalize()} for slug in THEMES],
        "regions": [],
    }
    image_budget = images
    for r in range(1, regions + 1):
        members = rng.sample(numbers, rng.randint(3, 8))
        region = {
            "slug": f"region-{r}",
            "name": f"Region {r}",
            "project_name": f"Prosjekt for region {r}",
            "organisation": f"Regionrådet {r}",
            "phases": rng.choice([[1], [2], [1, 2]]),
            "published": True,
            "population_2015": rng.randint(5_000, 200_000),
            "area_km2": rng.randint(300, 12_000),
            "source_url": f"https://distriktssenteret.no/artikkel/region-{r}/",
            "summary_html": f"<p>{PARAGRAPH}</p>",
            "advice": ["Start tidleg.", "Hald fram med nettverket."],
            "after_html": f"<p>{PARAGRAPH}</p>",
            "members": [
                {"municipality": number, "applicant": index == 0}
                for index, number in enumerate(members)
            ],
            "goals": [
                {"number": n, "text_html": f"<p>Mål {n}: {PARAGRAPH}</p>"} for n in range(1, 6)
            ],
            "bottlenecks": [{"text_html": f"<p>Flaskehals {n}.</p>"} for n in range(2)],
            "contacts": [
                {
                    "name": f"Kontakt {r}",
                    "role": "Prosjektleiar",
                    "phone": f"4{r:07d}",
                    "email": f"k{r}@døme.no",
                }
            ],
            "results": [],
        }
        for n in range(1, results + 1):
            result = {
                "slug": f"resultat-{n}",
                "title": f"Resultat {n} i region {r}",
                "teaser": "Ei kort oppsummering av kva tiltaket førte til.",
                "body_html": f"<p>{PARAGRAPH}</p>" * 3,
                "goals": sorted(rng.sample(range(1, 6), rng.randint(0, 3))),
                "themes": sorted(rng.sample(THEMES, rng.randint(0, 3))),
                "published": n % 10 != 0,
                "images": [],
            }
            if image_budget:
                name = f"bilete-{image_budget}.jpg"
                (folder / "bilete" / name).write_bytes(image_bytes(size=(1600, 900)))
                result["images"].append(
                    {"file": f"bilete/{name}", "alt": "Eit bilete frå tiltaket"}
                )
                image_budget -= 1
            region["results"].append(result)
        document["regions"].append(region)
    return document


def timed(label, function, rows):
    from django.db import connection

    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    start, cpu = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(count):
        value = function()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(
        f"{label:<40} {seconds:6.2f} s (CPU {cpu:5.2f} s) "
        f"{rows / seconds:6.0f} resultat/s {queries:6d} spørjingar"
    )
    return value


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regions", type=int, default=40)
    parser.add_argument("--results", type=int, default=250)
    parser.add_argument("--images", type=int, default=3)
    args = parser.parse_args()

    import django
    from django.conf import settings

    django.setup()
    from django.db import connection

    work = Path(tempfile.mkdtemp(prefix="byregion-bench-"))
    settings.MEDIA_ROOT = work / "media"
    test_settings = connection.settings_dict.setdefault("TEST", {})
    if connection.vendor != "sqlite":
        test_settings["NAME"] = f"{connection.settings_dict['NAME']}_bench_import"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from byregion.interchange.export import content_export, content_write
        from byregion.interchange.write import content_import
        from regions.models import Municipality

        numbers = list(Municipality.objects.values_list("number", flat=True))
        total = args.regions * args.results
        print(
            f"{connection.vendor}: {args.regions} byregionar × {args.results} resultat = {total} "
            f"resultat, {args.images} bilete"
        )
        document = build_document(
            regions=args.regions,
            results=args.results,
            images=args.images,
            numbers=numbers,
            folder=work,
        )
        timed(
            "import til tom database",
            lambda: content_import(document=document, base_dir=work),
            total,
        )
        export = timed("eksport (content_export)", content_export, total)
        timed(
            "skriv JSON og bilete (content_write)",
            lambda: content_write(export=export, out=work / "ut" / "innhald.json"),
            total,
        )
        timed(
            "same dokument på nytt (ingen endringar)",
            lambda: content_import(document=document, base_dir=work),
            total,
        )
        for region in document["regions"]:
            for result in region["results"][::10]:
                result["title"] += " (endra)"
        timed(
            "kvart tiande resultat endra",
            lambda: content_import(document=document, base_dir=work),
            total,
        )
        timed(
            "prøvekøyring (--dry-run)",
            lambda: content_import(document=document, base_dir=work, dry_run=True),
            total,
        )
        size = (work / "ut" / "innhald.json").stat().st_size
        print(f"JSON-fila: {size / 1_048_576:.1f} MB")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.stdout = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", line_buffering=True)
    main()
