"""/sok/ finds whole words and word beginnings, never a word inside another, ranks names and
titles above body text, and keeps a heading apart from the paragraph after it in snippets and
meta descriptions. The fallback (SQLite) is what most of this tests; the page must say the same
on PostgreSQL where full text answers."""

import re

import pytest
from django.db import connection

from byregion.site.search_fallback import word_pattern
from byregion.site.search_hits import MAX_REGIONS, MAX_RESULTS, cut_snippet
from tests.byregion.site.test_search import hit_titles
from tests.factories import make_region, make_result

pytestmark = pytest.mark.django_db

fallback_only = pytest.mark.skipif(
    connection.vendor == "postgresql",
    reason="PostgreSQL searches with full text (stemmed whole words), not with the fallback",
)


def snippets(response):
    html = response.content.decode()
    return [
        " ".join(re.sub(r"<[^>]+>", "", snippet).split())
        for snippet in re.findall(r'<p class="hit__snippet"[^>]*>(.*?)</p>', html, re.DOTALL)
    ]


def test_a_word_inside_another_word_is_not_a_hit(client):
    make_region(name="Ytre Ryfylke", summary="<p>Øyane i ytre del av fjorden.</p>")
    make_region(name="Østre Agder", summary="<p>Sju kommunar aust i Agder.</p>")
    region = make_region(name="Vest-Telemark")
    make_result(region, title="Tre i offentlege bygg", teaser="Kommunane byggjer i tre.")
    make_result(region, title="Gatetre i sentrum", teaser="Nye tre i gatene.")
    response = client.get("/sok/", {"q": "tre"})
    assert hit_titles(response, "regionar") == []
    assert set(hit_titles(response, "resultat")) == {"Tre i offentlege bygg", "Gatetre i sentrum"}


@fallback_only
def test_the_fallback_finds_word_beginnings(client):
    region = make_region(name="Vest-Telemark")
    make_result(region, title="Trenettverket", teaser="Eit nettverk.")
    make_result(region, title="Ytre tiltak", teaser="Ingen her.", body="<p>Østre.</p>")
    response = client.get("/sok/", {"q": "tre"})
    assert hit_titles(response, "resultat") == ["Trenettverket"]


@fallback_only
def test_the_fallback_skips_markup_and_entities(client):
    region = make_region()
    make_result(
        region, title="Rapport", teaser="Kort.", body="<p><strong>Fet</strong> &amp; meir</p>"
    )
    assert hit_titles(client.get("/sok/", {"q": "strong"}), "resultat") == []
    assert hit_titles(client.get("/sok/", {"q": "amp"}), "resultat") == []
    assert hit_titles(client.get("/sok/", {"q": "fet"}), "resultat") == ["Rapport"]


def test_word_pattern_is_a_word_beginning_outside_markup():
    pattern = re.compile("(?i)" + word_pattern("tre", markup=True))
    assert pattern.search("<p>Tre i bygg</p>")
    assert pattern.search("<p>trenettverket</p>")
    assert not pattern.search("<p>Ytre og østre</p>")
    assert not pattern.search('<a href="https://døme.no/tre">lenkje</a>')


def test_snippets_mark_word_beginnings_only():
    snippet = cut_snippet("Ytre Ryfylke byggjer i tre og har eit trenettverk.", ["tre"])
    assert snippet == (
        "Ytre Ryfylke byggjer i <mark>tre</mark> og har eit <mark>tre</mark>nettverk."
    )


def test_a_title_hit_ranks_above_many_newer_body_hits(client):
    region = make_region()
    for number in range(MAX_RESULTS + 5):
        make_result(region, title=f"Bygg {number}", body="<p>Veggene er av massivtre.</p>")
    # Made last, so published longest ago (tests/factories.py make_result).
    make_result(region, title="Massivtre i skulebygg", body="<p>Anna.</p>")
    titles = hit_titles(client.get("/sok/", {"q": "massivtre"}), "resultat")
    assert titles[0] == "Massivtre i skulebygg"
    assert len(titles) == MAX_RESULTS


def test_a_region_name_ranks_above_mentions_in_other_summaries(client):
    for number in range(MAX_REGIONS + 1):
        make_region(name=f"Aust {number}", summary="<p>Samarbeider med Haugalandet.</p>")
    make_region(name="Haugalandet", summary="<p>Hamn og industri.</p>")
    titles = hit_titles(client.get("/sok/", {"q": "Haugalandet"}), "regionar")
    assert titles[0] == "Haugalandet"
    assert len(titles) == MAX_REGIONS


def test_a_heading_and_the_paragraph_after_it_stay_apart_in_snippets(client):
    region = make_region(summary="<h2>Mål</h2><p>Fleire bustadtomter i sentrum.</p>")
    make_result(
        region,
        title="Tomter",
        teaser="Kort.",
        body="<h3>Bakgrunn</h3><p>Bustadtomtene var få.</p><ul><li>Ein</li><li>To</li></ul>",
    )
    found = " | ".join(snippets(client.get("/sok/", {"q": "bustadtomter"})))
    assert "Mål Fleire bustadtomter" in found
    assert "MålFleire" not in found
    found = " | ".join(snippets(client.get("/sok/", {"q": "bustadtomtene"})))
    assert "Bakgrunn Bustadtomtene var få. Ein To" in found


def test_a_meta_description_keeps_a_heading_apart_from_its_paragraph(client):
    region = make_region(summary="<h2>Mål</h2><p>Fleire bustadtomter i sentrum.</p>")
    html = client.get(region.get_absolute_url()).content.decode()
    assert '<meta name="description" content="Mål Fleire bustadtomter i sentrum.">' in html
