"""/sok/: published regions and results found by their words, ranked, with marked snippets."""

import re

import pytest
from django.db import connection

from byregion.site.search_hits import MAX_RESULTS, START, STOP, cut_snippet, mark_snippet
from byregion.site.search_postgres import GOAL_VECTOR, REGION_VECTOR, RESULT_VECTOR
from cases.models import ResultExample
from regions.models import Goal, Region
from tests.factories import QUERY_PIN_SITES, make_region, make_result, make_site, make_theme

pytestmark = pytest.mark.django_db


def hit_titles(response, section):
    html = response.content.decode()
    if f'id="treff-{section}"' not in html:
        return []
    part = html[html.index(f'id="treff-{section}"') :]
    part = part[: part.index("</section>")]
    return re.findall(r'<h3 class="hit__title"><a href="[^"]+"[^>]*>([^<]+)</a>', part)


@pytest.fixture
def content():
    region = make_region(
        name="Vest-Telemark",
        slug="vest-telemark",
        goals=0,
        summary="<p>Seks kommunar arbeider med <strong>næringshagar</strong> og rekruttering.</p>",
    )
    Goal.objects.create(
        region=region, number=1, text="<p>Auke bustadattraktiviteten i regionen.</p>"
    )
    Goal.objects.create(region=region, number=2, text="<p>Styrke samarbeidet om innkjøp.</p>")
    other = make_region(name="Haugalandet", goals=0, summary="<p>Hamn og industri.</p>")
    Goal.objects.create(region=other, number=1, text="<p>Fleire bustader nær hamna.</p>")
    make_result(
        region,
        title="Trenettverket",
        teaser="Meir tre i offentlege bygg.",
        body="<p>Eit nettverk for <em>bioøkonomi</em> &amp; innkjøp av tre.</p>",
    )
    make_result(
        region,
        title="Offentleg innkjøp av kunnskap",
        teaser="Konkurranse om kunnskap.",
        body="<p>Næringsmiljøa vann anbodet.</p>",
    )
    make_result(region, title="Hemmeleg innkjøp", published=False)
    hidden = make_region(name="Skjult innkjøpsregion", published=False)
    make_result(hidden, title="Innkjøp i skjult region")
    return region


def test_it_finds_results_by_title_teaser_and_body(client, content):
    response = client.get("/sok/", {"q": "innkjøp"})
    assert response.status_code == 200
    assert set(hit_titles(response, "resultat")) == {
        "Trenettverket",
        "Offentleg innkjøp av kunnskap",
    }
    assert hit_titles(client.get("/sok/", {"q": "bioøkonomi"}), "resultat") == ["Trenettverket"]


def test_a_title_hit_ranks_above_a_body_hit(client, content):
    titles = hit_titles(client.get("/sok/", {"q": "innkjøp"}), "resultat")
    assert titles[0] == "Offentleg innkjøp av kunnskap"


def test_it_finds_regions_by_name_summary_and_goals(client, content):
    assert hit_titles(client.get("/sok/", {"q": "Vest-Telemark"}), "regionar") == ["Vest-Telemark"]
    assert hit_titles(client.get("/sok/", {"q": "rekruttering"}), "regionar") == ["Vest-Telemark"]
    response = client.get("/sok/", {"q": "bustadattraktiviteten"})
    assert hit_titles(response, "regionar") == ["Vest-Telemark"]
    assert "Treff i mål 1" in response.content.decode()


def test_it_never_finds_drafts_or_anything_in_a_draft_region(client, content):
    html = client.get("/sok/", {"q": "innkjøp"}).content.decode()
    assert "Hemmeleg" not in html
    assert "skjult" not in html.lower()


def test_snippets_mark_the_hit_and_escape_everything_else(client, content):
    html = client.get("/sok/", {"q": "bioøkonomi"}).content.decode()
    snippet = re.search(r'<p class="hit__snippet">(.*?)</p>', html, re.DOTALL).group(1)
    assert re.search(r"<mark>bioøkonomi</mark>", snippet, re.IGNORECASE)
    assert "&amp; innkjøp" in snippet
    assert "<em>" not in snippet
    assert "&amp;amp;" not in snippet


def test_markup_in_content_never_reaches_the_page_as_markup(client):
    make_result(
        make_region(),
        title="Rapport om <script>",
        teaser="Teksten <b>viser</b> taggar som tekst, og ordet skriptfilter.",
    )
    html = client.get("/sok/", {"q": "skriptfilter"}).content.decode()
    assert "<script>" not in html
    assert "<b>viser</b>" not in html
    assert "&lt;b&gt;viser&lt;/b&gt;" in html


def test_mark_snippet_turns_only_its_markers_into_mark():
    text = f"a <i>&amp; {START}treff{STOP} {START}open"
    assert mark_snippet(text) == "a &lt;i&gt;&amp; <mark>treff</mark> open"


def test_cut_snippet_shows_a_window_around_the_first_hit():
    text = "Ord " * 100 + "Innkjøp av tre. " + "Meir " * 100
    snippet = cut_snippet(text, ["innkjøp"])
    assert snippet.startswith("… ")
    assert snippet.endswith(" …")
    assert "<mark>Innkjøp</mark> av tre." in snippet
    assert len(snippet) < 300


def test_an_empty_query_suggests_where_to_look(client, content):
    theme = make_theme(slug="offentleg-innkjop", name="Offentleg innkjøp")
    ResultExample.objects.get(title="Trenettverket").themes.add(theme)
    html = client.get("/sok/").content.decode()
    assert "Skriv eitt eller fleire ord" in html
    assert '<a href="/resultat/?tema=offentleg-innkjop">Offentleg innkjøp' in html
    assert '<a href="/resultat/">Alle resultat</a>' in html


def test_no_hits_says_so_and_suggests_themes(client, content):
    theme = make_theme(slug="bustad", name="Bustad")
    ResultExample.objects.get(title="Trenettverket").themes.add(theme)
    response = client.get("/sok/", {"q": "flyplass"})
    text = " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())
    assert "Fann ingen byregionar eller resultat for «flyplass»." in text
    assert "Bustad (1)" in text
    assert "Alle resultat" in text


def test_the_query_stays_in_the_form_and_the_title(client, content):
    html = client.get("/sok/", {"q": "tre  <b>"}).content.decode()
    assert 'value="tre &lt;b&gt;"' in html
    assert "<title>Søk etter «tre &lt;b&gt;» – Byregion</title>" in html
    assert '<meta name="robots" content="noindex">' in html


@pytest.mark.parametrize("regions, results", QUERY_PIN_SITES)
def test_search_costs_a_fixed_number_of_queries(
    client, page_cache_off, django_assert_num_queries, regions, results
):
    make_site(regions=regions, results=results)
    # Member municipalities, regions, goals and results matching.
    with django_assert_num_queries(4):
        response = client.get("/sok/", {"q": "næringsliv"})
    assert len(hit_titles(response, "regionar")) == regions
    with django_assert_num_queries(4):
        response = client.get("/sok/", {"q": "resultatet"})
    assert len(hit_titles(response, "resultat")) == min(regions * results, MAX_RESULTS)


def test_many_hits_show_the_most_relevant_and_say_so(client):
    region = make_region()
    for number in range(MAX_RESULTS + 1):
        make_result(region, title=f"Nettverk {number}", teaser="Om eit nettverk.")
    response = client.get("/sok/", {"q": "nettverk"})
    assert len(hit_titles(response, "resultat")) == MAX_RESULTS
    assert f"Dei {MAX_RESULTS} mest relevante treffa på «nettverk»." in response.content.decode()
    response = client.get("/sok/", {"q": "Nettverk 7"})
    assert "mest relevante" not in response.content.decode()


def test_the_full_text_indexes_serve_the_queries(db):
    """On PostgreSQL, EXPLAIN shows each match answered from its GIN index (the results' on their
    stored vector); elsewhere there is no such index and the fallback searches without one."""
    make_region()
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            tables = connection.introspection.table_names(cursor)
            indexes = {
                name
                for table in tables
                for name in connection.introspection.get_constraints(cursor, table)
            }
            assert (
                not {"region_search_idx", "goal_search_idx", "result_search_vector_idx"} & indexes
            )
            return
        cursor.execute("SET enable_seqscan = off")
    from django.contrib.postgres.search import SearchQuery

    query = SearchQuery("innkjøp", config="norwegian", search_type="websearch")
    plans = {
        "region_search_idx": Region.objects.annotate(v=REGION_VECTOR).filter(v=query).explain(),
        "goal_search_idx": Goal.objects.annotate(v=GOAL_VECTOR).filter(v=query).explain(),
        "result_search_vector_idx": ResultExample.objects.annotate(v=RESULT_VECTOR)
        .filter(v=query)
        .explain(),
    }
    for index, plan in plans.items():
        assert index in plan, plan
