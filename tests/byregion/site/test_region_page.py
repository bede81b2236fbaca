"""The region page: everything the programme's sheet says, results under the goals they advance."""

import re

import pytest
from django.utils import timezone

from byregion.roles import PROGRAMME_STAFF
from regions.models import Bottleneck, Language, Membership, Municipality, Region, Status
from tests.factories import (
    QUERY_PIN_SITES,
    make_contact,
    make_region,
    make_result,
    make_site,
    make_theme,
)
from tests.personas import make_person

pytestmark = pytest.mark.django_db

VEST_TELEMARK_GOALS = [
    "<p>Utvikle sterke «regionale motorar» og <strong>nytt næringsliv og næringskjeder</strong>.</p>",
    "<p>Solid kompetansemiljø for å <strong>auke det økonomiske samspelet</strong>.</p>",
    "<p>Styrke <strong>samarbeidet mellom offentleg og privat sektor</strong>.</p>",
    "<p>Auke bustadsattraktiviteten: <strong>koplar ein attraktiv arbeidsmarknad med varierte bumiljø</strong>.</p>",
]


@pytest.fixture
def vest_telemark():
    """The seed sheet's region, with an extra programme-era member that is Midt-Telemark today."""
    region = make_region(
        name="Vest-Telemark",
        slug="vest-telemark",
        municipalities=("4030", "4032", "4034", "4036", "4022", "4028"),
        goals=0,
        project_name="Byregionprosjektet Vest-Telemark",
        organisation="Vest-Telemarkrådet",
        phase_1=True,
        phase_2=True,
        population_2015=14146,
        area_km2=6819,
        summary="<p>Seks kommunar samarbeider om <strong>næringsliv</strong>.</p>",
        advice="Start tidleg.\nBruk innkjøpa.\n\nHald fram etterpå.",
        after_programme="<p>Trenettverket held fram.</p>",
    )
    Membership.objects.create(
        region=region,
        municipality=Municipality.objects.get(number="4020"),
        name="Sauherad",
        position=9,
    )
    for number, text in enumerate(VEST_TELEMARK_GOALS, start=1):
        region.goals.create(number=number, text=text)
    Bottleneck.objects.create(region=region, text="<p>Små fagmiljø i kvar kommune.</p>")
    make_contact(region, name="Ole Dalen", phone="+4741423433", email="od@vest-telemark.no")
    procurement = make_theme(slug="offentleg-innkjop", name="Offentleg innkjøp")
    make_result(
        region,
        title="Offentleg innkjøp av kunnskap",
        slug="innkjop-av-kunnskap",
        goals=(2, 3),
        themes=[procurement],
    )
    make_result(region, title="Trenettverket", slug="trenettverket", goals=(1, 2, 4))
    make_result(region, title="Felles nettside", slug="felles-nettside")
    return region


def text_of(response):
    """The page as a reader sees it: tags gone, whitespace collapsed."""
    html = response.content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def goal_section(html, number):
    start = html.index(f'id="mal-{number}"')
    end = html.find('id="mal-', start + 10)
    return html[start : end if end != -1 else None]


def test_it_shows_what_the_sheet_says(client, vest_telemark):
    response = client.get("/regionar/vest-telemark/")
    assert response.status_code == 200
    text = text_of(response)
    for expected in [
        "Vest-Telemark",
        "Telemark",
        "Nissedal",
        "Fyresdal",
        "Tokke",
        "Vinje",
        "Seljord",
        "Kviteseid",
        "Sauherad (no Midt-Telemark)",
        "Søkarkommune Nissedal",
        "fase 1 og fase 2",
        "Folketal 1.1.2015 14 146",
        "6 819 km²",
        "Byregionprosjektet Vest-Telemark",
        "Vest-Telemarkrådet",
        "Seks kommunar samarbeider om næringsliv",
        "Små fagmiljø i kvar kommune",
        "Trenettverket held fram",
        "Ole Dalen",
    ]:
        assert expected in text, expected


def test_goals_are_numbered_and_keep_their_emphasis(client, vest_telemark):
    html = client.get("/regionar/vest-telemark/").content.decode()
    for number in range(1, 5):
        assert f"Mål {number}" in goal_section(html, number)
    assert "<strong>auke det økonomiske samspelet</strong>" in goal_section(html, 2)


def test_advice_is_a_list_without_blank_lines(client, vest_telemark):
    html = client.get("/regionar/vest-telemark/").content.decode()
    advice = html[html.index('class="advice-list"') :]
    advice = advice[: advice.index("</ul>")]
    assert re.findall(r"<li>(.*?)</li>", advice) == [
        "Start tidleg.",
        "Bruk innkjøpa.",
        "Hald fram etterpå.",
    ]


def test_contact_links_phone_and_email(client, vest_telemark):
    html = client.get("/regionar/vest-telemark/").content.decode()
    assert '<a href="tel:+4741423433">414 23 433</a>' in html
    assert '<a href="mailto:od@vest-telemark.no">od@vest-telemark.no</a>' in html


def test_each_goal_lists_the_results_that_advance_it(client, vest_telemark):
    html = client.get("/regionar/vest-telemark/").content.decode()
    assert "Trenettverket" in goal_section(html, 1)
    assert "Offentleg innkjøp av kunnskap" not in goal_section(html, 1)
    assert "Trenettverket" in goal_section(html, 2)
    assert "Offentleg innkjøp av kunnskap" in goal_section(html, 2)
    assert "Offentleg innkjøp av kunnskap" in goal_section(html, 3)
    assert "Ingen resultat er knytte til dette målet enno." not in html


def test_a_goal_without_results_says_so(client, vest_telemark):
    vest_telemark.goals.create(number=5, text="<p>Eit mål utan resultat</p>")
    html = client.get("/regionar/vest-telemark/").content.decode()
    assert "Ingen resultat er knytte til dette målet enno." in goal_section(html, 5)
    assert "Mål med resultat 4 av 5" in " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_results_tied_to_no_goal_are_listed_too(client, vest_telemark):
    text = text_of(client.get("/regionar/vest-telemark/"))
    assert "Andre resultat Felles nettside" in text


def test_each_result_is_shown_once_under_the_first_goal_it_advances(client, vest_telemark):
    html = client.get("/regionar/vest-telemark/").content.decode()
    titles = re.findall(r'class="card__title"><a href="[^"]+">([^<]+)</a>', html)
    assert sorted(titles) == ["Felles nettside", "Offentleg innkjøp av kunnskap", "Trenettverket"]
    assert "Trenettverket" in goal_section(html, 1).split("goal__also")[0]
    assert 'id="resultat-innkjop-av-kunnskap"' in goal_section(html, 2)
    # Under the goals it also advances, a link to the card, and which goal it is under.
    also_2 = goal_section(html, 2).split('class="goal__also"')[1]
    assert '<a href="#resultat-trenettverket">Trenettverket</a> (under mål 1)' in also_2
    assert '<a href="#resultat-innkjop-av-kunnskap">' in goal_section(html, 3)
    assert 'id="resultat-' not in goal_section(html, 3)


def test_the_project_name_is_shown_once(client, vest_telemark):
    html = client.get("/regionar/vest-telemark/").content.decode()
    main = html[html.index("<main") :]
    assert main.count("Byregionprosjektet Vest-Telemark") == 1


def test_an_editors_headings_sit_below_the_section_they_are_in(client, vest_telemark):
    vest_telemark.summary = "<h2>Bakgrunn</h2><p>Tekst.</p><h3>Detaljar</h3><p>Meir.</p>"
    vest_telemark.save()
    vest_telemark.goals.filter(number=1).update(text="<h2>Delmål</h2><p>Tekst.</p>")
    html = client.get("/regionar/vest-telemark/").content.decode()
    assert "<h3>Bakgrunn</h3>" in html and "<h4>Detaljar</h4>" in html
    assert "<h4>Delmål</h4>" in goal_section(html, 1)
    assert "<h2>Bakgrunn</h2>" not in html


def test_a_region_with_facts_only_shows_no_empty_sections(client):
    make_region(
        name="Berre fakta",
        slug="berre-fakta",
        goals=0,
        summary="",
        source_url="https://distriktssenteret.no/artikkel/berre-fakta/",
        population_2015=12000,
    )
    text = text_of(client.get("/regionar/berre-fakta/"))
    assert "Kommunane" in text and "Fakta" in text and "Folketal 1.1.2015 12" in text
    assert "Kjelde: opphavleg materiale frå Byregionprogrammet" in text
    for empty in (
        "Måla til byregionen er ikkje lagde inn enno",
        "Byregionen har ingen publiserte resultat enno",
        "Ingen kontaktperson er lagd inn",
        "Mål og resultat",
        "Kontakt ",
    ):
        assert empty not in text, empty


def test_drafts_and_scheduled_results_stay_hidden(client, vest_telemark):
    make_result(vest_telemark, title="Uferdig utkast", published=False, goals=(1,))
    make_result(
        vest_telemark,
        title="Kjem i morgon",
        goals=(1,),
        status=Status.PUBLISHED,
        published_at=timezone.now() + timezone.timedelta(days=1),
    )
    text = text_of(client.get("/regionar/vest-telemark/"))
    assert "Uferdig utkast" not in text
    assert "Kjem i morgon" not in text


def test_it_hides_draft_regions_from_visitors(client):
    make_region(slug="utkast", published=False)
    assert client.get("/regionar/utkast/").status_code == 404


def test_it_hides_regions_scheduled_for_later(client):
    make_region(
        slug="seinare",
        published=False,
        status=Status.PUBLISHED,
        published_at=timezone.now() + timezone.timedelta(hours=2),
    )
    assert client.get("/regionar/seinare/").status_code == 404


def test_staff_see_a_draft_region_with_a_banner_and_uncached(client, django_user_model):
    region = make_region(name="Halvferdig", slug="halvferdig", published=False)
    make_result(region, title="Utkast til resultat", published=False)
    client.force_login(make_person("redaktor", first_name="Rut", roles=[PROGRAMME_STAFF]))
    response = client.get("/regionar/halvferdig/")
    assert response.status_code == 200
    text = text_of(response)
    assert "Utkast — ikkje publisert" in text
    assert "Utkast til resultat" in text
    assert '<meta name="robots" content="noindex">' in response.content.decode()
    assert "no-cache" in response["Cache-Control"]
    assert "X-Page-Cache" not in response


def test_a_published_region_shows_no_draft_banner(client, vest_telemark):
    assert "Utkast — ikkje publisert" not in text_of(client.get("/regionar/vest-telemark/"))


def test_nynorsk_content_is_marked_on_english_pages(client, vest_telemark):
    html = client.get("/en/regionar/vest-telemark/").content.decode()
    assert '<html lang="en">' in html
    assert '<div class="prose" lang="nn"><p>Seks kommunar' in html
    assert "Goals and results" in html


def test_bokmaal_content_is_marked_on_nynorsk_pages(client):
    make_region(slug="bokmaal", language=Language.BOKMAAL, summary="<p>Kommunene samarbeider.</p>")
    html = client.get("/regionar/bokmaal/").content.decode()
    assert '<html lang="nn">' in html
    assert '<div class="prose" lang="nb"><p>Kommunene samarbeider.' in html


def test_nynorsk_content_needs_no_lang_on_nynorsk_pages(client, vest_telemark):
    html = client.get("/regionar/vest-telemark/").content.decode()
    assert '<div class="prose"><p>Seks kommunar' in html


def test_the_page_describes_itself_for_search_engines_and_sharing(client, vest_telemark):
    html = client.get("/regionar/vest-telemark/").content.decode()
    assert "<title>Vest-Telemark – Byregion</title>" in html
    assert '<meta name="description" content="Seks kommunar samarbeider om næringsliv.">' in html
    assert '<link rel="canonical" href="http://testserver/regionar/vest-telemark/">' in html
    assert '<meta property="og:title" content="Vest-Telemark">' in html
    assert '<meta property="og:type" content="article">' in html
    assert (
        '<link rel="alternate" hreflang="en" href="http://testserver/en/regionar/vest-telemark/">'
        in html
    )


def test_breadcrumbs_lead_home(client, vest_telemark):
    html = client.get("/regionar/vest-telemark/").content.decode()
    crumbs = html[html.index('<nav class="breadcrumbs"') :]
    crumbs = crumbs[: crumbs.index("</nav>")]
    assert '<a href="/">Framside</a>' in crumbs
    assert '<a href="/regionar/">Byregionar</a>' in crumbs
    assert '<span aria-current="page">Vest-Telemark</span>' in crumbs


@pytest.mark.parametrize("regions, results", QUERY_PIN_SITES)
def test_the_page_costs_a_fixed_number_of_queries(
    client, page_cache_off, django_assert_num_queries, regions, results
):
    region = make_site(regions=regions, results=results)[-1]
    # Region, members with their shapes, the map's neighbouring municipalities, goals, result
    # cards (with their goals, themes and first image), bottlenecks and contacts.
    with django_assert_num_queries(7):
        response = client.get(region.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count('class="card__title"') == results


def test_unknown_region_is_404(client):
    assert client.get("/regionar/finst-ikkje/").status_code == 404
    assert Region.objects.count() == 0
