"""The front page, the accessibility statement and the error pages."""

import re

import pytest
from django.test import RequestFactory
from django.utils import translation

from byregion.site import errors, views
from tests.factories import QUERY_PIN_SITES, make_region, make_result, make_site, make_theme

pytestmark = pytest.mark.django_db


def text_of(response):
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def programme():
    """Three published regions (3, 2 and no goals) and a draft; three public results, one featured."""
    procurement = make_theme(slug="offentleg-innkjop", name="Offentleg innkjøp")
    housing = make_theme(slug="bustad", name="Bustad")
    make_theme(slug="tomt", name="Tomt tema")
    telemark = make_region(name="Vest-Telemark", goals=3)
    haugalandet = make_region(name="Haugalandet", goals=2)
    draft = make_region(name="Uferdig", goals=4, published=False)
    make_region(name="Utan mål", goals=0)
    make_result(telemark, title="Trenettverket", goals=(1, 2), themes=[procurement], featured=True)
    make_result(telemark, title="Innkjøp av kunnskap", goals=(2,), themes=[procurement])
    make_result(haugalandet, title="Bustadprosjektet", themes=[housing])
    make_result(haugalandet, title="Utkast", goals=(1,), published=False)
    make_result(draft, title="I uferdig region", goals=(1,))


def test_it_says_what_the_programme_is(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "Byregionprogrammet var eit utviklingsprogram" in text_of(response)
    assert 'role="search"' in response.content.decode()


def test_it_shows_featured_and_latest_results(client, programme):
    html = client.get("/").content.decode()
    featured = html[html.index('id="framheva"') : html.index('id="nyaste"')]
    latest = html[html.index('id="nyaste"') :]
    assert "Trenettverket" in featured
    assert "Innkjøp av kunnskap" in latest
    assert "Bustadprosjektet" in latest
    assert "Trenettverket" not in latest.split('id="tema"')[0]
    assert "Utkast" not in html
    assert "I uferdig region" not in html


def test_it_counts_published_regions_and_results(client, programme):
    text = text_of(client.get("/"))
    assert "3 byregionar" in text
    assert "3 resultat" in text


def test_it_summarises_goal_coverage_across_regions(client, programme):
    response = client.get("/")
    text = text_of(response)
    # Vest-Telemark: goals 1 and 2 of 3 have results; Haugalandet: none of 2 (its only goal-tied
    # result is a draft). The draft region's goals do not count.
    assert "2 av 5 mål i dei publiserte byregionane har minst eitt publisert resultat." in text
    assert "Vest-Telemark 3 2" in text
    assert "Haugalandet 2 0" in text
    assert "Utan mål 0 0" not in text
    assert "1 byregion har ikkje fått måla sine lagde inn enno." in text


def test_it_lists_themes_with_public_results(client, programme):
    html = client.get("/").content.decode()
    themes = html[html.index('id="tema"') :]
    assert 'href="/resultat/?tema=offentleg-innkjop">Offentleg innkjøp <span class="count">(2)' in (
        themes
    )
    assert "Bustad" in themes
    assert "Tomt tema" not in themes


def test_with_nothing_published_it_says_so(client, db):
    text = text_of(client.get("/"))
    assert "Ingen resultat er publiserte enno." in text
    assert "Ingen byregionar er publiserte enno." in text


@pytest.mark.parametrize("regions, results", QUERY_PIN_SITES)
def test_the_front_page_costs_a_fixed_number_of_queries(
    client, page_cache_off, django_assert_num_queries, regions, results
):
    make_site(regions=regions, results=results)
    # Regions with their goal, result and coverage counts, featured and latest cards, themes with
    # counts, and the map (every municipality's shape with the regions' memberships).
    with django_assert_num_queries(5):
        assert client.get("/").status_code == 200


def test_the_accessibility_statement_is_a_real_one(client, db):
    response = client.get("/tilgjengelegheit/")
    assert response.status_code == 200
    text = text_of(response)
    html = response.content.decode()
    assert "Tilgjengelegheitserklæring" in text
    assert "likestillings- og diskrimineringslova" in text
    assert "WCAG 2.1 på nivå A og AA" in text
    assert "axe-core" in text
    assert "Nu HTML Checker" in text
    assert "berre tastatur" in text
    assert "375 pikslar" in text
    assert f'<a href="mailto:{views.ACCESSIBILITY_CONTACT_EMAIL}">' in html
    assert '<a href="https://www.uutilsynet.no/">' in html
    assert "Erklæringa vart sist oppdatert 26. november 2026." in text


def test_an_unknown_page_is_a_helpful_404(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/finst-ikkje/")
    assert response.status_code == 404
    text = text_of(response)
    assert "Fann ikkje sida" in text
    assert '<meta name="robots" content="noindex">' in response.content.decode()
    assert 'href="/regionar/"' in response.content.decode()


def test_the_404_page_follows_the_language(client, db):
    response = client.get("/en/finst-ikkje/")
    assert response.status_code == 404
    assert '<html lang="en">' in response.content.decode()
    assert "Page not found" in text_of(response)


def test_the_500_page_needs_neither_request_context_nor_database(django_assert_num_queries):
    with django_assert_num_queries(0), translation.override("nn"):
        response = errors.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Noko gjekk gale" in html
    assert '<html lang="nn">' in html
    assert "/static/css/site.css" in html


def test_the_favicon_is_served_from_static(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/favicon.ico"


def test_the_front_page_leads_with_the_documented_regions(client, db):
    make_region(name="Aust-Fakta", slug="aust-fakta", municipalities=("3401",), goals=0)
    documented = make_region(name="Vest-Døme", slug="vest-dome", municipalities=("4030",))
    make_result(documented, title="Eit døme")
    html = client.get("/").content.decode()
    names = re.findall(r'<li><a href="/regionar/[^"]+/">([^<]+)</a>', html)
    assert names[:2] == ["Vest-Døme", "Aust-Fakta"]
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "1 / 2 byregionar med mål eller resultat lagde inn" in text
