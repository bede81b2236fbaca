"""/regionar/: every published region, filterable by county (?fylke=) and phase (?fase=)."""

import re

import pytest

from regions.models import Membership, Municipality
from tests.factories import QUERY_PIN_SITES, make_region, make_result, make_site

pytestmark = pytest.mark.django_db


def region_names(response):
    return re.findall(
        r'<h2 class="card__title"><a href="[^"]+">([^<]+)</a>', response.content.decode()
    )


@pytest.fixture
def telemark():
    """Vest-Telemark (Telemark, phases 1 and 2), Haugalandet (Rogaland, phase 2) and a draft."""
    telemark = make_region(
        name="Vest-Telemark", municipalities=("4030", "4036"), phase_1=True, phase_2=True
    )
    make_result(telemark)
    make_result(telemark)
    make_region(name="Haugalandet", municipalities=("1106", "1149"), phase_1=False)
    make_region(name="Uferdig", municipalities=("4001",), published=False)
    return telemark


def test_it_lists_published_regions_only(client, telemark):
    response = client.get("/regionar/")
    assert response.status_code == 200
    assert region_names(response) == ["Haugalandet", "Vest-Telemark"]
    assert "2 byregionar" in response.content.decode()


def test_each_region_shows_county_phases_members_and_results(client, telemark):
    Membership.objects.create(
        region=telemark, municipality=Municipality.objects.get(number="4020"), name="Bø", position=5
    )
    html = client.get("/regionar/").content.decode()
    card = html[html.index("Vest-Telemark</a>") :]
    card = card[: card.index("</article>")]
    text = " ".join(re.sub(r"<[^>]+>", " ", card).split())
    assert "Telemark" in text
    assert "Fase 1 og 2" in text
    assert "Nissedal, Vinje, Bø (no Midt-Telemark)" in text
    assert "Resultat 2" in text


def test_it_filters_by_county(client, telemark):
    assert region_names(client.get("/regionar/?fylke=40")) == ["Vest-Telemark"]
    assert region_names(client.get("/regionar/?fylke=11")) == ["Haugalandet"]


def test_it_filters_by_phase(client, telemark):
    assert region_names(client.get("/regionar/?fase=1")) == ["Vest-Telemark"]
    assert region_names(client.get("/regionar/?fase=2")) == ["Haugalandet", "Vest-Telemark"]


def test_filters_combine(client, telemark):
    assert region_names(client.get("/regionar/?fylke=11&fase=1")) == []


def test_the_chosen_filter_stays_selected(client, telemark):
    html = client.get("/regionar/?fylke=40").content.decode()
    assert '<option value="40" selected>Telemark</option>' in html


def test_an_unknown_county_is_named_and_ignored(client, telemark):
    response = client.get("/regionar/?fylke=99")
    assert response.status_code == 200
    assert "Fylket «99» finst ikkje. Vel eit fylke frå lista." in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert region_names(response) == ["Haugalandet", "Vest-Telemark"]


def test_an_unknown_phase_is_named(client, telemark):
    html = client.get("/regionar/?fase=3").content.decode()
    assert "Fasen «3» finst ikkje. Programmet hadde fase 1 og fase 2." in html


def test_no_match_has_a_helpful_empty_state(client, telemark):
    html = client.get("/regionar/?fylke=03").content.decode()
    assert "Ingen byregionar passar til filtra." in html
    assert '<a href="/regionar/">Vis alle byregionar</a>' in html


def test_with_nothing_published_it_says_so(client, db):
    assert "Ingen byregionar er publiserte enno." in client.get("/regionar/").content.decode()


@pytest.mark.parametrize("regions, results", QUERY_PIN_SITES)
def test_the_list_costs_a_fixed_number_of_queries(
    client, page_cache_off, django_assert_num_queries, regions, results
):
    make_site(regions=regions, results=results)
    # Counties, regions with their result counts, members, and the map (every municipality's shape
    # with the listed regions' memberships).
    with django_assert_num_queries(4):
        response = client.get("/regionar/?fase=2")
    assert len(region_names(response)) == regions


def test_regions_with_goals_or_results_lead_and_are_marked(client, telemark):
    make_region(name="Aust-Fakta", slug="aust-fakta", municipalities=("3401",), goals=0)
    response = client.get("/regionar/")
    assert region_names(response) == ["Haugalandet", "Vest-Telemark", "Aust-Fakta"]
    html = response.content.decode()
    facts_only = html[html.index("Aust-Fakta</a>") :]
    facts_only = facts_only[: facts_only.index("</article>")]
    assert "Mål og resultat lagde inn" not in facts_only
    assert "Resultat" not in facts_only and "<dt>Mål</dt>" not in facts_only
    documented = html[html.index("Vest-Telemark</a>") :]
    assert "Mål og resultat lagde inn" in documented[: documented.index("</article>")]
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "3 byregionar, 2 med mål eller resultat lagde inn" in text


def test_it_filters_to_regions_with_goals_or_results(client, telemark):
    make_region(name="Aust-Fakta", slug="aust-fakta", municipalities=("3401",), goals=0)
    response = client.get("/regionar/?innhald=dokumentert")
    assert region_names(response) == ["Haugalandet", "Vest-Telemark"]
    assert 'id="id_innhald"' in response.content.decode()
    assert "Aust-Fakta" not in response.content.decode().split("map-figure")[0]
