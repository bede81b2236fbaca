"""Site search over published regions (name, summary, goals, member municipalities) and result
examples (title, teaser, body).

A municipality named in the query (today's name, its name in the programme, its Sámi or Kven
name) leads to the regions it was a member of: those come first, with a hit that says so
(byregion/site/search_municipalities.py). The text is searched with PostgreSQL's full text
(byregion/site/search_postgres.py) or, on SQLite, a fallback that matches whole words and word
beginnings (byregion/site/search_fallback.py). Both return the same shape; a search costs four
queries whatever it finds.
"""

from dataclasses import dataclass, field

from django.db import connection
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from byregion.site.search_fallback import fallback_search
from byregion.site.search_hits import (
    MAX_QUERY_LENGTH,
    MAX_REGIONS,
    MAX_RESULTS,
    Hit,
    region_url,
)
from byregion.site.search_municipalities import find_municipalities
from byregion.site.search_postgres import postgres_search


@dataclass
class SearchResults:
    query: str
    regions: list
    results: list
    municipalities: list = field(default_factory=list)
    more: bool = False

    @property
    def total(self):
        """Every hit the page lists: municipalities, regions and results."""
        return len(self.municipalities) + len(self.regions) + len(self.results)


def clean_query(value):
    """Return the visitor's query with spaces collapsed, cut to a sane length."""
    return " ".join((value or "").split())[:MAX_QUERY_LENGTH]


def search(query):
    """Return the published regions and result examples matching `query`, best first."""
    query = clean_query(query)
    found = find_municipalities(query)
    text_search = postgres_search if connection.vendor == "postgresql" else fallback_search
    region_hits, goal_hits, result_hits = text_search(query)
    regions = _regions(found, region_hits, goal_hits)
    return SearchResults(
        query=query,
        regions=regions[:MAX_REGIONS],
        results=result_hits[:MAX_RESULTS],
        municipalities=found.hits,
        more=len(regions) > MAX_REGIONS or len(result_hits) > MAX_RESULTS,
    )


def members_snippet(names, found):
    """Return safe HTML naming a region's member municipalities, those searched for in <mark>."""
    listed = format_html_join(
        ", ",
        "{}",
        ((format_html("<mark>{}</mark>", name) if name in found else name,) for name in names),
    )
    return format_html("{} {}.", _("Medlemskommunar:"), listed)


def _regions(found, region_hits, goal_hits):
    """A region is found by a member municipality, its own text or any of its goals.

    Those found by a member come first, in the order the municipality hits name them, with their
    members as the snippet; then the rest by relevance, with the best snippet.
    """
    by_region = {hit.pk: hit for hit in region_hits}
    for goal_hit in goal_hits:
        hit = by_region.get(goal_hit.pk)
        if hit is None:
            by_region[goal_hit.pk] = goal_hit
        else:
            hit.goal_numbers.extend(goal_hit.goal_numbers)
            hit.rank = max(hit.rank, goal_hit.rank)
    first = found.region_order()
    for region_id in first:
        snippet = members_snippet(*found.members_of(region_id))
        hit = by_region.get(region_id)
        if hit is None:
            name, slug, language = found.regions[region_id]
            by_region[region_id] = Hit(
                pk=region_id,
                title=name,
                url=region_url(slug),
                language=language,
                snippet=snippet,
                rank=0.0,
            )
        else:
            hit.snippet = snippet
    last = len(first)
    hits = sorted(
        by_region.values(), key=lambda hit: (first.get(hit.pk, last), -hit.rank, hit.title)
    )
    for hit in hits:
        hit.goal_numbers.sort()
    return hits
