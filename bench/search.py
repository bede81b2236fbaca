"""Time the search page on PostgreSQL with 100 000 published results: p50 and p99 per query.

Usage (from the repository root):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/byregion .venv/bin/python bench/search.py

It never touches the database DATABASE_URL names: like the test runner it creates a scratch
database beside it (`<name>_bench_search`, migrated, with the reference data), fills it with
synthetic results and drops it at the end (`--keepdb` keeps it for the next run, which then skips
the filling). Without a PostgreSQL DATABASE_URL it says so and stops: SQLite searches with a
plain fallback that is not built for this size.

The text is made up but shaped like the real thing: 30 common words, each in about 85 % of the
results (as «kommune» is), and 3 000 rarer words drawn with a Zipf-like skew, so that there are
words in a few per cent of the results and words in a few dozen. Six queries, from a rare word to
two common words, are asked in a shuffled order round after round, every one through the test
client with the page cache off: the whole page, as a visitor waits for it.
"""

import argparse
import io
import os
import random
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

COMMON = [
    *("kommune", "region", "samarbeid", "næringsliv", "utvikling", "tiltak", "prosjekt"),
    *("arbeidsplassar", "verksemder", "innbyggjarar", "kompetanse", "nettverk", "erfaring"),
    *("satsing", "attraktivitet", "innovasjon", "ungdom", "rekruttering", "bustader"),
    *("vekst", "lokalsamfunn", "kunnskap", "strategi", "partnarskap", "marknad", "næringar"),
    *("møteplass", "investering", "omstilling", "planarbeid"),
]
COMMON_SHARE = 0.85
RARE_WORDS = 3_000
RARE_PER_RESULT = 40
# Zipf-like weights 1 / (rank + 20)^1.5: the most frequent rare word lands in about two results
# in three, rank 150 in about 3 %, the last ones in about 0.06 % (60 of 100 000).
RARE_SKEW, RARE_OFFSET = 1.5, 20
ONSETS = ["b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "br", "fl", "kr"]
VOWELS = ["a", "e", "i", "o", "u", "y", "æ", "ø", "å"]
# Endings the Norwegian stemmer leaves alone, so that every made-up word is its own stem.
CODAS = ["k", "m", "p", "b", "f", "ku", "mo", "pi", "bu"]


def made_up_words(rng, count):
    words = set()
    while len(words) < count:
        syllables = rng.randint(2, 3)
        word = "".join(rng.choice(ONSETS) + rng.choice(VOWELS) for _ in range(syllables))
        words.add(word + rng.choice(CODAS))
    ordered = sorted(words)  # a set's order changes from one process to the next
    rng.shuffle(ordered)
    return ordered


def documents(count, seed):
    """Yield (title, teaser, body, words) for `count` results, the same for the same seed."""
    rng = random.Random(seed)  # noqa: S311 - repeatable filler text, not secrets
    rare = made_up_words(rng, RARE_WORDS)
    weights = [1 / (rank + RARE_OFFSET) ** RARE_SKEW for rank in range(RARE_WORDS)]
    cumulative = []
    total = 0.0
    for weight in weights:
        total += weight
        cumulative.append(total)
    for _ in range(count):
        common = [word for word in COMMON if rng.random() < COMMON_SHARE]
        drawn = rng.choices(rare, cum_weights=cumulative, k=RARE_PER_RESULT)
        title_words = drawn[:2] + common[:1]
        rng.shuffle(title_words)
        title = " ".join(title_words).capitalize()
        teaser = (" ".join(drawn[2:8] + common[1:5]) + ".").capitalize()
        body_words = drawn[8:] + common[5:] + rng.sample(COMMON, 6)
        rng.shuffle(body_words)
        third = len(body_words) // 3
        paragraphs = [body_words[:third], body_words[third : 2 * third], body_words[2 * third :]]
        body = "".join(
            f"<h3>{words[0].capitalize()}</h3><p>{' '.join(words[1:]).capitalize()}.</p>"
            for words in paragraphs
        )
        yield title, teaser, body, {*drawn, *common, *body_words}


def queries(seed):
    """Return the six queries: a rare word, two words, a word in a few per cent, a word in about
    one result in five, a common word and two common words."""
    rng = random.Random(seed)  # noqa: S311
    rare = made_up_words(rng, RARE_WORDS)
    return [
        ("eit sjeldan ord", rare[-1]),
        ("to ord", f"{rare[300]} {rare[400]}"),
        ("ord i nokre prosent", rare[150]),
        ("ord i to av fem", rare[12]),
        ("vanleg ord", "kommune"),
        ("to vanlege ord", "samarbeid næringsliv"),
    ]


def build(*, regions, results, seed):
    """Create `regions` published regions and `results` published results spread over them."""
    from django.db import connection, transaction
    from django.utils import timezone

    from byregion.editorial.models import Status
    from cases.models import ResultExample
    from regions.models import Goal, Membership, Municipality, Region

    rng = random.Random(seed)  # noqa: S311
    now = timezone.now()
    municipalities = list(Municipality.objects.all())
    made = []
    with transaction.atomic():
        for number in range(1, regions + 1):
            region = Region.objects.create(
                slug=f"region-{number}",
                name=f"Region {number}",
                phase_2=True,
                summary="<p>Kommunane i regionen samarbeider om næringsliv og utvikling.</p>",
                status=Status.PUBLISHED,
                published_at=now - timezone.timedelta(days=400),
            )
            Membership.objects.bulk_create(
                Membership(region=region, municipality=municipality, name=municipality.name)
                for municipality in rng.sample(municipalities, rng.randrange(3, 8))
            )
            Goal.objects.bulk_create(
                Goal(region=region, number=n, text="<p>Fleire arbeidsplassar i regionen.</p>")
                for n in range(1, 6)
            )
            made.append(region)
    batch = []
    started = time.perf_counter()
    for index, (title, teaser, body, _words) in enumerate(documents(results, seed), start=1):
        batch.append(
            ResultExample(
                region=made[index % regions],
                slug=f"resultat-{index}",
                title=title[:200],
                teaser=teaser[:500],
                body=body,
                status=Status.PUBLISHED,
                published_at=now - timezone.timedelta(minutes=index * 37),
            )
        )
        if len(batch) == 2_000 or index == results:
            ResultExample.objects.bulk_create(batch)
            batch = []
            print(
                f"\r{index:7d} resultat ({time.perf_counter() - started:5.1f} s)",
                end="",
                flush=True,
            )
    print()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def matching(query_words, seed, results):
    """Return how many generated results hold every word of each query (as the search ANDs them)."""
    counts = [0] * len(query_words)
    for _title, _teaser, _body, words in documents(results, seed):
        for position, wanted in enumerate(query_words):
            if wanted <= words:
                counts[position] += 1
    return counts


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(mix, *, rounds, seed):
    """Ask every query of `mix` once per round, shuffled; return the milliseconds per query."""
    from django.test import Client
    from django.test.utils import override_settings

    client = Client(HTTP_HOST="localhost")
    timings = {label: [] for label, _query in mix}
    rng = random.Random(seed)  # noqa: S311
    with override_settings(PAGE_CACHE_SECONDS=0):
        for round_number in range(rounds + 2):
            order = list(mix)
            rng.shuffle(order)
            for label, query in order:
                started = time.perf_counter()
                response = client.get("/sok/", {"q": query})
                elapsed = (time.perf_counter() - started) * 1000
                if response.status_code != 200:
                    sys.exit(f"search: /sok/?q={query} answered {response.status_code}")
                if round_number >= 2:  # the first two rounds warm caches and connections
                    timings[label].append(elapsed)
    return timings


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=int, default=100_000)
    parser.add_argument("--regions", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--keepdb", action="store_true", help="keep the scratch database")
    args = parser.parse_args()

    import django

    # The pages are served without collected static files, as in the tests.
    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        print("bench/search.py: set DATABASE_URL to a PostgreSQL server; skipped on SQLite.")
        return
    connection.settings_dict.setdefault("TEST", {})["NAME"] = (
        f"{connection.settings_dict['NAME']}_bench_search"
    )
    old_name = connection.creation.create_test_db(
        verbosity=0, autoclobber=True, keepdb=args.keepdb, serialize=False
    )
    try:
        from cases.models import ResultExample

        if ResultExample.objects.count() != args.results:
            ResultExample.objects.all().delete()
            from regions.models import Region

            Region.objects.all().delete()
            build(regions=args.regions, results=args.results, seed=args.seed)
        mix = queries(args.seed)
        counts = matching([set(query.split()) for _label, query in mix], args.seed, args.results)
        timings = measure(mix, rounds=args.rounds, seed=args.seed)
        print(
            f"postgresql: {args.results} publiserte resultat, {args.rounds} rundar, "
            "sidebuffer av, heile sida gjennom testklienten"
        )
        print(f"{'spørjing':<22} {'q':<22} {'treff':>7} {'p50 ms':>8} {'p99 ms':>8}")
        for (label, query), count in zip(mix, counts, strict=True):
            values = timings[label]
            print(
                f"{label:<22} {query:<22} {count:7d} {statistics.median(values):8.1f} "
                f"{percentile(values, 0.99):8.1f}"
            )
        every = [value for values in timings.values() for value in values]
        print(
            f"{'alle seks':<22} {'':<22} {'':>7} {statistics.median(every):8.1f} "
            f"{percentile(every, 0.99):8.1f}"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=args.keepdb)


if __name__ == "__main__":
    sys.stdout = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", line_buffering=True)
    main()
