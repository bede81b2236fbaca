"""Site search over published regions (name, summary, goals) and result examples (title, teaser, body).

PostgreSQL: full-text search with the `norwegian` configuration, ranked with ts_rank and with
ts_headline snippets. The tsvector is computed at query time from the same expressions that the
GIN expression indexes of byregion/migrations/0001_search_indexes.py are built on, so the planner
can answer the @@ match from the index; there is no stored vector column to keep in step. A
region's own text and its goals live in two tables, so they are searched as two queries (each one
index-backed) and merged here.

SQLite: a plain fallback that finds every word (icontains) in the same fields and cuts a snippet
around the first hit. Both paths run the same three queries and return the same shape.
"""

import html
import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connection
from django.db.models import F, Func, Q, TextField, Value
from django.db.models.functions import Concat, Replace
from django.utils.html import escape
from django.utils.safestring import mark_safe

from byregion.richtext import plain_text
from cases.models import ResultExample
from regions.models import Goal, Region

CONFIG = "norwegian"
MAX_QUERY_LENGTH = 200
# The most relevant hits are shown; one more is fetched to know whether there were others.
MAX_REGIONS = 20
MAX_RESULTS = 20
SNIPPET_CHARS = 220
# Markers ts_headline puts around hits; they cannot survive the sanitiser, so they never come
# from content. Everything else is escaped before they become <mark> tags.
START, STOP = "\x02", "\x03"
_MARKED = re.compile(f"{START}(.*?){STOP}", re.DOTALL)

# These expressions must stay identical to the indexes in byregion/migrations/0001_search_indexes.py.
REGION_VECTOR = SearchVector("name", weight="A", config=CONFIG) + SearchVector(
    "summary", weight="B", config=CONFIG
)
GOAL_VECTOR = SearchVector("text", config=CONFIG)
RESULT_VECTOR = (
    SearchVector("title", weight="A", config=CONFIG)
    + SearchVector("teaser", weight="B", config=CONFIG)
    + SearchVector("body", weight="C", config=CONFIG)
)


@dataclass
class Hit:
    """One thing found: the object, its snippet (safe HTML with <mark>) and a relevance score."""

    object: object
    snippet: str
    rank: float
    goal_numbers: list = field(default_factory=list)


@dataclass
class SearchResults:
    query: str
    regions: list
    results: list
    more: bool = False

    @property
    def total(self):
        return len(self.regions) + len(self.results)


def clean_query(value):
    """Return the visitor's query with spaces collapsed, cut to a sane length."""
    return " ".join((value or "").split())[:MAX_QUERY_LENGTH]


def search(query):
    """Return the published regions and result examples matching `query`, best first."""
    query = clean_query(query)
    if connection.vendor == "postgresql":
        region_hits, goal_hits, result_hits = _postgres(query)
    else:
        region_hits, goal_hits, result_hits = _fallback(query)
    regions = _merge_goal_hits(region_hits, goal_hits)
    return SearchResults(
        query=query,
        regions=regions[:MAX_REGIONS],
        results=result_hits[:MAX_RESULTS],
        more=len(regions) > MAX_REGIONS or len(result_hits) > MAX_RESULTS,
    )


def _merge_goal_hits(region_hits, goal_hits):
    """A region is found by its own text or by any of its goals; keep the best snippet."""
    by_region = {hit.object.pk: hit for hit in region_hits}
    for goal_hit in goal_hits:
        goal = goal_hit.object
        hit = by_region.get(goal.region_id)
        if hit is None:
            by_region[goal.region_id] = Hit(
                object=goal.region,
                snippet=goal_hit.snippet,
                rank=goal_hit.rank,
                goal_numbers=[goal.number],
            )
        else:
            hit.goal_numbers.append(goal.number)
            hit.rank = max(hit.rank, goal_hit.rank)
    hits = sorted(by_region.values(), key=lambda hit: (-hit.rank, hit.object.name))
    for hit in hits:
        hit.goal_numbers.sort()
    return hits


def mark_snippet(text, *, entities=True):
    """Escape a headline and turn only the START/STOP markers into <mark> elements.

    With `entities`, the text still holds the HTML entities of stored rich text; they are undone
    first so that they are escaped exactly once on the way out.
    """

    def plain(piece):
        piece = piece.replace(START, "").replace(STOP, "")
        return escape(html.unescape(piece) if entities else piece)

    pieces = []
    position = 0
    for match in _MARKED.finditer(text):
        pieces.append(plain(text[position : match.start()]))
        pieces.append(f"<mark>{plain(match.group(1))}</mark>")
        position = match.end()
    pieces.append(plain(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece is escaped above


# PostgreSQL


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
        start_sel=START,
        stop_sel=STOP,
        max_words=35,
        min_words=15,
        short_word=2,
    )


def _ranked(queryset, vector, tsquery, snippet_source):
    """Annotate `queryset` with its match of `tsquery`: rank and headline, matching rows only."""
    return (
        queryset.annotate(vector=vector)
        .filter(vector=tsquery)
        .annotate(
            rank=SearchRank(F("vector"), tsquery),
            headline=_headline(snippet_source, tsquery),
        )
    )


def _postgres(query):
    tsquery = SearchQuery(query, config=CONFIG, search_type="websearch")
    regions = _ranked(
        Region.objects.published(),
        REGION_VECTOR,
        tsquery,
        Concat(_escape("name"), Value(". "), _strip_tags("summary"), output_field=TextField()),
    ).order_by("-rank", "name")[: MAX_REGIONS + 1]
    goals = _ranked(
        Goal.objects.filter(region__in=Region.objects.published().values("pk")).select_related(
            "region"
        ),
        GOAL_VECTOR,
        tsquery,
        _strip_tags("text"),
    ).order_by("-rank", "region__name", "number")[:MAX_REGIONS]
    results = _ranked(
        ResultExample.objects.public().select_related("region"),
        RESULT_VECTOR,
        tsquery,
        Concat(_escape("teaser"), Value(" "), _strip_tags("body"), output_field=TextField()),
    ).order_by("-rank", "-published_at")[: MAX_RESULTS + 1]
    return tuple(
        [Hit(object=row, snippet=mark_snippet(row.headline), rank=row.rank) for row in rows]
        for rows in (regions, goals, results)
    )


# SQLite and other databases


def _words(query):
    return [word.strip('"').lstrip("-") for word in query.split() if word.strip('"-')][:8]


def _every_word_in(words, fields):
    condition = Q()
    for word in words:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": word})
        condition &= any_field
    return condition


def cut_snippet(text, words, length=SNIPPET_CHARS):
    """Return safe HTML: a window of plain `text` around the first hit, every hit in <mark>."""
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, (first.start() if first else 0) - length // 3)
    if start:
        start = text.find(" ", start) + 1 or start
    end = min(len(text), start + length)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    window = text[start:end]
    marked = pattern.sub(lambda match: f"{START}{match.group(0)}{STOP}", window)
    return mark_snippet(
        ("… " if start else "") + marked + (" …" if end < len(text) else ""), entities=False
    )


def _text(rich_text):
    return html.unescape(plain_text(rich_text))


def _score(words, name):
    return 2.0 if all(word.lower() in name.lower() for word in words) else 1.0


def _fallback(query):
    words = _words(query)
    if not words:
        return [], [], []
    regions = (
        Region.objects.published()
        .filter(_every_word_in(words, ["name", "summary"]))
        .order_by("name")[: MAX_REGIONS + 1]
    )
    goals = (
        Goal.objects.filter(region__in=Region.objects.published().values("pk"))
        .filter(_every_word_in(words, ["text"]))
        .select_related("region")
        .order_by("region__name", "number")[:MAX_REGIONS]
    )
    results = (
        ResultExample.objects.public()
        .filter(_every_word_in(words, ["title", "teaser", "body"]))
        .select_related("region")
        .order_by("-published_at")[: MAX_RESULTS + 1]
    )
    region_hits = [
        Hit(
            object=region,
            snippet=cut_snippet(f"{region.name}. {_text(region.summary)}", words),
            rank=_score(words, region.name),
        )
        for region in regions
    ]
    goal_hits = [
        Hit(object=goal, snippet=cut_snippet(_text(goal.text), words), rank=1.0) for goal in goals
    ]
    result_hits = [
        Hit(
            object=result,
            snippet=cut_snippet(f"{result.teaser} {_text(result.body)}", words),
            rank=_score(words, result.title),
        )
        for result in results
    ]
    result_hits.sort(key=lambda hit: -hit.rank)
    return region_hits, goal_hits, result_hits
