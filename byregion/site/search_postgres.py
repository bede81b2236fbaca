"""Site search on PostgreSQL: full text with the `norwegian` configuration, ranked, with snippets.

Results, the table that grows, carry a stored vector: the column `search_vector` of
cases_resultexample, kept up to date by a trigger on every insert and every change of title,
teaser or body, with a GIN index on it (byregion/migrations/0004_result_search_vector.py). The
column belongs to the database alone (the model does not know it), so no page but search ever
reads it. Ranking is bounded: the first CANDIDATES matches (in the order the index hands them out,
which costs nothing) are ranked with ts_rank as they are read, and only the best are read again,
for their snippets (ts_headline); a word found in every result costs no more than a word found in
a thousand.

Regions and goals are few: their vectors are computed at query time from the same expressions
that the GIN expression indexes of byregion/migrations/0001_search_indexes.py are built on, so
the match is still answered from an index. A region's own text and its goals live in two tables,
so they are two queries, merged by byregion.site.search.
"""

from datetime import datetime

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.db.models import F, Func, TextField, Value
from django.db.models.expressions import Expression, RawSQL
from django.db.models.functions import Concat, Replace
from django.utils import timezone

from byregion.prepared import PreparedQuery
from byregion.site.search_hits import (
    GOAL_FIELDS,
    MAX_REGIONS,
    MAX_RESULTS,
    REGION_FIELDS,
    RESULT_FIELDS,
    STOP,
    mark_snippet,
    region_hit,
    result_hit,
)
from byregion.site.search_hits import START as START_MARK
from cases.models import ResultExample
from regions.models import Goal, Region

CONFIG = "norwegian"
# How many matching results are ranked at most. A common word matches most of the 100 000
# results of bench/search.py; ranking a thousand of them keeps its page at a few milliseconds.
CANDIDATES = 1_000

# These expressions must stay identical to the indexes in byregion/migrations/0001_search_indexes.py.
REGION_VECTOR = SearchVector("name", weight="A", config=CONFIG) + SearchVector(
    "summary", weight="B", config=CONFIG
)
GOAL_VECTOR = SearchVector("text", config=CONFIG)


class StoredVector(Expression):
    """The stored `search_vector` column of the query's own table (the model does not know it).

    Resolved against the table the query is on, under whatever alias it has there (a subquery
    renames its tables).
    """

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        column = connection.ops.quote_name("search_vector")
        return f"{compiler.quote_name_unless_alias(alias)}.{column}", []


# Title (A), teaser (B) and body (C) of a result, written by the trigger of migration 0003.
RESULT_VECTOR = StoredVector()


def _strip_tags(expression):
    """Rich text without its tags; its entities stay and are undone by mark_snippet."""
    return Func(
        expression,
        Value("<[^>]+>"),
        Value(" "),
        Value("g"),
        function="regexp_replace",
        output_field=TextField(),
    )


def _escape(expression):
    """Plain text written the way rich text is, so one headline can hold both."""
    for character, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        expression = Replace(expression, Value(character), Value(entity), output_field=TextField())
    return expression


def _headline(expression, query):
    return SearchHeadline(
        expression,
        query,
        config=CONFIG,
        start_sel=START_MARK,
        stop_sel=STOP,
        max_words=35,
        min_words=15,
        short_word=2,
    )


def _tsquery(query):
    return SearchQuery(query, config=CONFIG, search_type="websearch")


def _regions(query, now):
    tsquery = _tsquery(query)
    name_and_summary = Concat(
        _escape("name"), Value(". "), _strip_tags("summary"), output_field=TextField()
    )
    return (
        Region.objects.published(at=now)
        .annotate(vector=REGION_VECTOR)
        .filter(vector=tsquery)
        .values(*REGION_FIELDS)
        .annotate(
            rank=SearchRank(F("vector"), tsquery),
            headline=_headline(name_and_summary, tsquery),
        )
        .order_by("-rank", "name")[: MAX_REGIONS + 1]
    )


def _goals(query, now):
    tsquery = _tsquery(query)
    return (
        Goal.objects.filter(region__in=Region.objects.published(at=now).values("pk"))
        .annotate(vector=GOAL_VECTOR)
        .filter(vector=tsquery)
        .values(*GOAL_FIELDS)
        .annotate(
            rank=SearchRank(F("vector"), tsquery),
            headline=_headline(_strip_tags("text"), tsquery),
        )
        .order_by("-rank", "region__name", "number")[:MAX_REGIONS]
    )


def _results(query, now):
    tsquery = _tsquery(query)
    # The first CANDIDATES matches, ranked as they are read (one pass over each row)...
    candidates = (
        ResultExample.objects.public(at=now)
        .annotate(vector=RESULT_VECTOR)
        .filter(vector=tsquery)
        .annotate(rank=SearchRank(RESULT_VECTOR, tsquery))
        # No order: the first matches the index hands out, so the scan stops at CANDIDATES.
        .order_by()
        .values("pk", "rank", "published_at")[:CANDIDATES]
    )
    candidates_sql, candidates_params = candidates.query.sql_with_params()
    # ...and the best of them, by id. The ORM has no subquery in FROM, so this wraps the ORM's
    # own SQL; every value in it (the query, the time) stays a parameter.
    best = RawSQL(  # noqa: S611 - the ORM's SQL and constants only
        f'SELECT "pk" FROM ({candidates_sql}) AS "candidates"'  # noqa: S608 - as above
        f' ORDER BY "rank" DESC, "published_at" DESC LIMIT {MAX_RESULTS + 1}',
        candidates_params,
    )
    teaser_and_body = Concat(
        _escape("teaser"), Value(" "), _strip_tags("body"), output_field=TextField()
    )
    return (
        ResultExample.objects.filter(pk__in=best)
        .values(*RESULT_FIELDS)
        .annotate(
            rank=SearchRank(RESULT_VECTOR, tsquery),
            headline=_headline(teaser_and_body, tsquery),
        )
        .order_by("-rank", "-published_at")
    )


# Compiling these costs more than running them (byregion/prepared.py): once per process.
REGIONS = PreparedQuery(_regions, query=str, now=datetime)
GOALS = PreparedQuery(_goals, query=str, now=datetime)
RESULTS = PreparedQuery(_results, query=str, now=datetime)


def postgres_search(query):
    """Return region, goal and result hits for `query`, each list best first; a goal's hit is
    its region's, with the goal's number."""
    now = timezone.now()
    regions = [
        region_hit(row, mark_snippet(row["headline"]), row["rank"])
        for row in REGIONS.rows(query=query, now=now)
    ]
    goals = [
        region_hit(
            row, mark_snippet(row["headline"]), row["rank"], prefix="region__", goal=row["number"]
        )
        for row in GOALS.rows(query=query, now=now)
    ]
    results = [
        result_hit(row, mark_snippet(row["headline"]), row["rank"])
        for row in RESULTS.rows(query=query, now=now)
    ]
    return regions, goals, results
