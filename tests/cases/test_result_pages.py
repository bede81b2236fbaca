"""A result example's page, and /resultat/ with its filters and pages."""

import re

import pytest
from django.utils import timezone

from byregion.roles import PROGRAMME_STAFF
from cases.models import ResultImage
from cases.views import PAGE_SIZE
from regions.models import Status
from tests.factories import (
    QUERY_PIN_SITES,
    image_upload,
    make_contact,
    make_region,
    make_result,
    make_site,
    make_theme,
)
from tests.personas import make_person

pytestmark = pytest.mark.django_db


def text_of(response):
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def listed_titles(response):
    return re.findall(
        r'<h2 class="card__title"><a href="[^"]+">([^<]+)</a>', response.content.decode()
    )


def image_tag(html, src):
    return re.search(rf'<img src="[^"]*{re.escape(src)}"[^>]*>', html).group(0)


@pytest.fixture
def trenettverk():
    region = make_region(name="Vest-Telemark", slug="vest-telemark", goals=3)
    make_contact(region, name="Ole Dalen")
    wood = make_theme(slug="gront-skifte", name="Grønt skifte")
    result = make_result(
        region,
        slug="trenettverk",
        title="Trenettverket",
        teaser="Eit nettverk for meir tre i offentlege bygg.",
        body="<p>Nettverket tek utgangspunkt i <strong>næringshagen i Fyresdal</strong>.</p>",
        goals=(1, 3),
        themes=[wood],
    )
    ResultImage.objects.create(
        result=result,
        image=image_upload(size=(1600, 900)),
        alt_text="Hyblar i massivtre under bygging",
        caption="Nye hyblar i Kviteseid",
        credit="Vest-Telemarkrådet",
        position=0,
    )
    ResultImage.objects.create(
        result=result, image=image_upload(size=(300, 200)), decorative=True, position=1
    )
    return result


def test_it_shows_the_result_with_goals_themes_region_and_contact(client, trenettverk):
    response = client.get("/regionar/vest-telemark/trenettverk/")
    assert response.status_code == 200
    text = text_of(response)
    assert "Trenettverket" in text
    assert "Eit nettverk for meir tre i offentlege bygg." in text
    assert "Mål 1 Mål nummer 1" in text
    assert "Mål 3 Mål nummer 3" in text
    assert "Mål nummer 2" not in text
    assert "Ole Dalen" in text
    html = response.content.decode()
    assert "<strong>næringshagen i Fyresdal</strong>" in html
    assert '<a href="/resultat/?tema=gront-skifte">Grønt skifte</a>' in html
    assert '<a href="/regionar/vest-telemark/#mal-3">Mål 3</a>' in html
    assert '<a href="/regionar/vest-telemark/">Vest-Telemark</a>' in html


def test_images_come_in_web_sizes_with_their_text(client, trenettverk):
    image = trenettverk.images.get(position=0)
    html = client.get("/regionar/vest-telemark/trenettverk/").content.decode()
    tag = image_tag(html, image.large.url)
    assert f'srcset="{image.thumbnail.url} 480w, {image.large.url} 1200w"' in tag
    assert 'sizes="' in tag
    assert 'width="1600" height="900"' in tag
    assert 'loading="lazy"' in tag
    assert 'alt="Hyblar i massivtre under bygging"' in tag
    figure = html[html.index(tag) : html.index("</figure>", html.index(tag))]
    assert "Nye hyblar i Kviteseid" in figure
    assert "Vest-Telemarkrådet" in figure


def test_a_decorative_image_has_empty_alt_and_no_repeated_rendition(client, trenettverk):
    image = trenettverk.images.get(position=1)
    html = client.get("/regionar/vest-telemark/trenettverk/").content.decode()
    tag = image_tag(html, image.large.url)
    assert 'alt=""' in tag
    # A small original gives two renditions of the same width: no srcset to choose between.
    assert "srcset" not in tag
    assert 'width="300" height="200"' in tag


def test_it_offers_itself_for_sharing_with_its_image(client, trenettverk):
    html = client.get("/regionar/vest-telemark/trenettverk/").content.decode()
    image = trenettverk.images.get(position=0)
    assert f'<meta property="og:image" content="http://testserver{image.large.url}">' in html
    assert '<meta property="og:title" content="Trenettverket">' in html
    assert (
        '<meta name="description" content="Eit nettverk for meir tre i offentlege bygg.">' in html
    )


def test_a_draft_result_is_404_for_visitors(client):
    region = make_region(slug="vest-telemark")
    make_result(region, slug="utkast", published=False)
    assert client.get("/regionar/vest-telemark/utkast/").status_code == 404


def test_a_result_in_a_draft_region_is_404_for_visitors(client):
    region = make_region(slug="uferdig", published=False)
    make_result(region, slug="ferdig")
    assert client.get("/regionar/uferdig/ferdig/").status_code == 404


def test_a_result_under_another_region_is_404(client, trenettverk):
    make_region(slug="anna")
    assert client.get("/regionar/anna/trenettverk/").status_code == 404


def test_its_editors_see_a_draft_result_with_a_banner(client_for):
    editor = make_person("redaktor", first_name="Rut", roles=[PROGRAMME_STAFF])
    region = make_region(slug="vest-telemark")
    make_result(region, slug="utkast", title="Uferdig resultat", published=False)
    response = client_for(editor).get("/regionar/vest-telemark/utkast/")
    assert response.status_code == 200
    assert "Utkast — ikkje publisert" in text_of(response)
    assert "no-cache" in response["Cache-Control"]


def test_signed_in_non_staff_cannot_see_drafts(client, django_user_model):
    region = make_region(slug="vest-telemark")
    make_result(region, slug="utkast", published=False)
    client.force_login(django_user_model.objects.create_user("lesar"))
    assert client.get("/regionar/vest-telemark/utkast/").status_code == 404


@pytest.mark.parametrize("regions, results", QUERY_PIN_SITES)
def test_the_result_page_costs_a_fixed_number_of_queries(
    client, page_cache_off, django_assert_num_queries, regions, results
):
    result = make_site(regions=regions, results=results)[-1].results.first()
    # Result with region, themes, goals, contacts, images, more from the region.
    with django_assert_num_queries(6):
        response = client.get(result.get_absolute_url())
    assert response.status_code == 200


# /resultat/


@pytest.fixture
def results():
    """Results in Telemark and Rogaland, with and without goals and themes."""
    procurement = make_theme(slug="offentleg-innkjop", name="Offentleg innkjøp")
    housing = make_theme(slug="bustad", name="Bustad")
    telemark = make_region(name="Vest-Telemark", slug="vest-telemark", municipalities=("4036",))
    rogaland = make_region(name="Haugalandet", slug="haugalandet", municipalities=("1106",))
    make_result(telemark, title="Innkjøp av kunnskap", goals=(1,), themes=[procurement])
    make_result(telemark, title="Hyblar i massivtre", goals=(2,), themes=[housing])
    make_result(rogaland, title="Felles innkjøp", themes=[procurement])
    make_result(rogaland, title="Utkast", published=False, themes=[procurement])
    make_result(
        rogaland,
        title="Planlagt",
        themes=[procurement],
        status=Status.PUBLISHED,
        published_at=timezone.now() + timezone.timedelta(days=2),
    )


def test_it_lists_public_results_newest_first(client, results):
    response = client.get("/resultat/")
    assert response.status_code == 200
    assert listed_titles(response) == [
        "Innkjøp av kunnskap",
        "Hyblar i massivtre",
        "Felles innkjøp",
    ]
    assert "3 resultat" in text_of(response)


def test_it_filters_by_theme(client, results):
    assert listed_titles(client.get("/resultat/?tema=offentleg-innkjop")) == [
        "Innkjøp av kunnskap",
        "Felles innkjøp",
    ]


def test_it_filters_by_county(client, results):
    assert listed_titles(client.get("/resultat/?fylke=11")) == ["Felles innkjøp"]


def test_it_filters_by_region(client, results):
    assert listed_titles(client.get("/resultat/?region=vest-telemark")) == [
        "Innkjøp av kunnskap",
        "Hyblar i massivtre",
    ]


def test_it_filters_by_goal_coverage(client, results):
    assert listed_titles(client.get("/resultat/?mal=med")) == [
        "Innkjøp av kunnskap",
        "Hyblar i massivtre",
    ]
    assert listed_titles(client.get("/resultat/?mal=utan")) == ["Felles innkjøp"]


def test_filters_combine(client, results):
    response = client.get("/resultat/?tema=offentleg-innkjop&mal=med&fylke=40")
    assert listed_titles(response) == ["Innkjøp av kunnskap"]


def test_a_bad_filter_is_named_and_ignored(client, results):
    response = client.get("/resultat/?tema=finst-ikkje&mal=kanskje")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Temaet «finst-ikkje» finst ikkje. Vel eit tema frå lista." in html
    assert "Vel «med» eller «utan» for mål, ikkje «kanskje»." in html
    assert len(listed_titles(response)) == 3


def test_no_match_has_a_helpful_empty_state(client, results):
    html = client.get("/resultat/?tema=bustad&fylke=11").content.decode()
    assert "Ingen resultat passar til filtra." in html
    assert '<a href="/resultat/">Vis alle resultat</a>' in html


def test_it_pages_with_side(client):
    region = make_region()
    for number in range(PAGE_SIZE + 2):
        make_result(
            region,
            title=f"Resultat nummer {number:02d}",
            published_at=timezone.now() - timezone.timedelta(minutes=number),
        )
    first = client.get("/resultat/")
    assert len(listed_titles(first)) == PAGE_SIZE
    assert "Side 1 av 2" in text_of(first)
    assert 'href="?side=2" rel="next"' in first.content.decode()
    second = client.get("/resultat/?side=2")
    assert listed_titles(second) == ["Resultat nummer 12", "Resultat nummer 13"]
    assert 'href="?side=1" rel="prev"' in second.content.decode()


def test_paging_keeps_the_filters(client):
    region = make_region()
    theme = make_theme(slug="bustad", name="Bustad")
    for _ in range(PAGE_SIZE + 1):
        make_result(region, themes=[theme])
    html = client.get("/resultat/?tema=bustad").content.decode()
    assert 'href="?tema=bustad&amp;side=2"' in html


def test_a_page_out_of_range_shows_the_last_page(client):
    make_result(make_region(), title="Einaste")
    assert listed_titles(client.get("/resultat/?side=99")) == ["Einaste"]
    assert listed_titles(client.get("/resultat/?side=tull")) == ["Einaste"]


def test_with_nothing_published_it_says_so(client, db):
    assert "Ingen resultat er publiserte enno." in client.get("/resultat/").content.decode()


@pytest.mark.parametrize("regions, results", QUERY_PIN_SITES)
def test_the_list_costs_a_fixed_number_of_queries(
    client, page_cache_off, django_assert_num_queries, regions, results
):
    make_site(regions=regions, results=results)
    # Themes, counties and regions for the filters, the count, and the page's cards.
    with django_assert_num_queries(5):
        response = client.get("/resultat/?mal=med")
    assert len(listed_titles(response)) == min(regions * results, PAGE_SIZE)
