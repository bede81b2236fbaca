"""Site search on SQLite (and any database without full text): whole words and word beginnings.

Every word of the query must begin a word in one of the searched fields: «tre» finds «tre» and
«Trenettverket», never «Ytre» or «Østre». Django's SQLite backend answers `iregex` with Python's
`re`, so the pattern is Unicode-aware («ø» is a letter) and can skip markup: a word inside a tag
(«<strong>») or an entity («&amp;») is not text. Names and titles rank above teasers, teasers above
body text; the ranking is done by the database, so the most relevant hits are those fetched.
"""

import re

from django.db.models import Case, IntegerField, Q, Value, When

from byregion.site.search_hits import (
    GOAL_FIELDS,
    MAX_REGIONS,
    MAX_RESULTS,
    REGION_FIELDS,
    RESULT_FIELDS,
    cut_snippet,
    region_hit,
    result_hit,
    text_of,
)
from cases.models import ResultExample
from regions.models import Goal, Region

# Weight of a word found in each field: a name or title says most about what a thing is.
NAME_WEIGHT, TEASER_WEIGHT, TEXT_WEIGHT = 4, 2, 1


def query_words(query):
    """Return up to eight words of `query`, without quotes or the minus of a negated word."""
    return [word.strip('"').lstrip("-") for word in query.split() if word.strip('"-')][:8]


# Fields that hold sanitised rich text (byregion/richtext.py): markup in them is not text.
RICH_TEXT_FIELDS = {"summary", "text", "body"}


def word_pattern(word, *, markup=False):
    """A regular expression (for `iregex`) finding `word` where a word of text begins.

    Not after a letter or digit. In rich text (`markup`), not inside a tag and not as an entity.
    """
    if markup:
        return r"(?<![\w&#])" + re.escape(word) + r"(?![^<>]*>)"
    return r"(?<!\w)" + re.escape(word)


def _found_in(word, field):
    return Q(**{f"{field}__iregex": word_pattern(word, markup=field in RICH_TEXT_FIELDS)})


def _every_word(words, fields):
    condition = Q()
    for word in words:
        any_field = Q()
        for field in fields:
            any_field |= _found_in(word, field)
        condition &= any_field
    return condition


def _score(words, weighted_fields):
    """Sum over the words of the weight of the best field each is found in."""
    total = Value(0)
    for word in words:
        total = total + Case(
            *(
                When(_found_in(word, field), then=Value(weight))
                for field, weight in weighted_fields
            ),
            default=Value(0),
            output_field=IntegerField(),
        )
    return total


def fallback_search(query):
    """Return region, goal and result hits for `query`, each list best first; a goal's hit is
    its region's, with the goal's number."""
    words = query_words(query)
    if not words:
        return [], [], []
    region_fields = [("name", NAME_WEIGHT), ("summary", TEXT_WEIGHT)]
    regions = (
        Region.objects.published()
        .filter(_every_word(words, ["name", "summary"]))
        .values(*REGION_FIELDS, "summary")
        .annotate(score=_score(words, region_fields))
        .order_by("-score", "name")[: MAX_REGIONS + 1]
    )
    goals = (
        Goal.objects.filter(region__in=Region.objects.published().values("pk"))
        .filter(_every_word(words, ["text"]))
        .values(*GOAL_FIELDS, "text")
        .order_by("region__name", "number")[:MAX_REGIONS]
    )
    result_fields = [("title", NAME_WEIGHT), ("teaser", TEASER_WEIGHT), ("body", TEXT_WEIGHT)]
    results = (
        ResultExample.objects.public()
        .filter(_every_word(words, ["title", "teaser", "body"]))
        .values(*RESULT_FIELDS, "teaser", "body")
        .annotate(score=_score(words, result_fields))
        .order_by("-score", "-published_at")[: MAX_RESULTS + 1]
    )
    region_hits = [
        region_hit(
            row,
            cut_snippet(f"{row['name']}. {text_of(row['summary'])}", words),
            float(row["score"]),
        )
        for row in regions
    ]
    goal_hits = [
        region_hit(
            row,
            cut_snippet(text_of(row["text"]), words),
            float(TEXT_WEIGHT),
            prefix="region__",
            goal=row["number"],
        )
        for row in goals
    ]
    result_hits = [
        result_hit(
            row,
            cut_snippet(f"{row['teaser']} {text_of(row['body'])}", words),
            float(row["score"]),
        )
        for row in results
    ]
    return region_hits, goal_hits, result_hits
