"""The page cache: anonymous pages are served without queries, and any content change clears them."""

import pytest
import time_machine
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from byregion import cache as page_cache
from byregion.roles import PROGRAMME_STAFF
from cases.models import ResultImage
from regions.models import Status
from tests.factories import (
    image_upload,
    make_contact,
    make_region,
    make_result,
    make_site,
    make_theme,
)
from tests.personas import make_person

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/regionar/",
    "/regionar/testregion/",
    "/regionar/testregion/resultat/",
    "/resultat/",
    "/sok/?q=n%C3%A6ringsliv",
    "/tilgjengelegheit/",
    "/sitemap.xml",
    "/robots.txt",
]


@pytest.fixture
def region():
    region = make_region(slug="testregion", name="Testregion", goals=2)
    make_result(region, slug="resultat", title="Første resultat", goals=(1,))
    return region


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_second_anonymous_visit_is_served_without_queries(
    client, region, django_assert_num_queries, path
):
    first = client.get(path)
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(path)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_the_key_holds_language_and_query_string(client, region):
    client.get("/regionar/")
    assert client.get("/en/regionar/")["X-Page-Cache"] == "miss"
    assert client.get("/regionar/?fase=2")["X-Page-Cache"] == "miss"
    assert client.get("/regionar/")["X-Page-Cache"] == "hit"


def test_saving_a_region_clears_its_page(client, region):
    client.get("/regionar/testregion/")
    region.name = "Nytt namn"
    region.save()
    response = client.get("/regionar/testregion/")
    assert response["X-Page-Cache"] == "miss"
    assert "Nytt namn" in response.content.decode()


def test_saving_a_result_clears_the_lists_too(client, region):
    client.get("/resultat/")
    client.get("/")
    make_result(region, title="Heilt nytt resultat")
    assert "Heilt nytt resultat" in client.get("/resultat/").content.decode()
    assert "Heilt nytt resultat" in client.get("/").content.decode()


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda region: make_contact(region, name="Kari Kontakt"), id="contact"),
        pytest.param(lambda region: region.goals.get(number=2).save(), id="goal"),
        pytest.param(lambda region: region.memberships.first().save(), id="membership"),
        pytest.param(lambda region: region.bottlenecks.create(text="<p>Ny</p>"), id="bottleneck"),
        pytest.param(lambda region: make_theme(name="Nytt tema"), id="theme"),
        pytest.param(
            lambda region: region.results.get().themes.add(make_theme()), id="result-themes"
        ),
        pytest.param(lambda region: region.results.get().goals.clear(), id="result-goals"),
        pytest.param(
            lambda region: ResultImage.objects.create(
                result=region.results.get(),
                image=image_upload(size=(100, 80)),
                alt_text="Eit bilete",
            ),
            id="image",
        ),
        pytest.param(lambda region: region.results.get().delete(), id="delete"),
    ],
)
def test_every_content_change_clears_the_cache(client, region, change):
    client.get("/regionar/testregion/")
    assert client.get("/regionar/testregion/")["X-Page-Cache"] == "hit"
    change(region)
    assert client.get("/regionar/testregion/")["X-Page-Cache"] == "miss"


def test_a_scheduled_result_appears_when_its_time_comes(client, region):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        make_result(
            region,
            title="Planlagt resultat",
            status=Status.PUBLISHED,
            published_at=timezone.now() + timezone.timedelta(minutes=3),
        )
        assert "Planlagt resultat" not in client.get("/resultat/").content.decode()
        # PAGE_CACHE_SECONDS is 300: the page would be kept for five minutes, but not past 3.
        traveller.shift(timezone.timedelta(minutes=2))
        assert client.get("/resultat/")["X-Page-Cache"] == "hit"
        traveller.shift(timezone.timedelta(minutes=2))
        response = client.get("/resultat/")
    assert response["X-Page-Cache"] == "miss"
    assert "Planlagt resultat" in response.content.decode()


def test_the_lifetime_stops_at_the_next_publication(region):
    now = timezone.now()
    assert page_cache.seconds_to_next_publication(now) is None
    make_result(region, status=Status.PUBLISHED, published_at=now + timezone.timedelta(seconds=90))
    make_region(
        published=False, status=Status.PUBLISHED, published_at=now + timezone.timedelta(seconds=30)
    )
    assert page_cache.seconds_to_next_publication(now) == 30


def test_staff_are_never_served_or_stored(client, django_user_model):
    draft = make_region(slug="utkast", name="Utkastregion", published=False)
    make_region(slug="testregion")
    client.get("/regionar/")
    client.force_login(make_person("redaktor", first_name="Rut", roles=[PROGRAMME_STAFF]))
    staff_page = client.get("/regionar/utkast/")
    assert staff_page.status_code == 200
    assert "X-Page-Cache" not in staff_page
    assert "X-Page-Cache" not in client.get("/regionar/")
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_zero_lifetime_turns_the_cache_off(client, region, settings, django_assert_num_queries):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/regionar/")
    response = client.get("/regionar/")
    assert "X-Page-Cache" not in response
    with django_assert_num_queries(3):
        client.get("/regionar/")


def test_errors_are_not_cached(client, db):
    assert client.get("/regionar/finst-ikkje/").status_code == 404
    make_region(slug="finst-ikkje")
    assert client.get("/regionar/finst-ikkje/").status_code == 200


def _anonymous_request(path="/"):
    request = RequestFactory().get(path)
    SessionMiddleware(lambda r: None).process_request(request)
    MessageMiddleware(lambda r: None).process_request(request)
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    return request


def test_a_response_that_sets_a_cookie_is_not_stored(db):
    calls = []

    @page_cache.public_page
    def view(request):
        calls.append(1)
        response = HttpResponse("personleg")
        response.set_cookie("val", "ja")
        return response

    view(_anonymous_request())
    view(_anonymous_request())
    assert len(calls) == 2


def test_a_response_with_a_message_is_not_stored(db):
    from django.contrib import messages

    calls = []

    @page_cache.public_page
    def view(request):
        calls.append(1)
        messages.info(request, "Lagra")
        return HttpResponse("med melding")

    view(_anonymous_request())
    view(_anonymous_request())
    assert len(calls) == 2


def test_a_plain_response_is_stored(db):
    calls = []

    @page_cache.public_page
    def view(request):
        calls.append(1)
        return HttpResponse("for alle")

    view(_anonymous_request())
    assert view(_anonymous_request()).content == b"for alle"
    assert len(calls) == 1


def test_a_lost_version_never_brings_back_old_pages(client, region):
    from django.core.cache import cache

    client.get("/regionar/testregion/")
    before = page_cache.content_version()
    cache.delete(page_cache.VERSION_KEY)
    assert page_cache.content_version() > before


def test_the_cache_serves_many_regions_without_queries(client, django_assert_num_queries):
    make_site(regions=3, results=2)
    client.get("/resultat/")
    with django_assert_num_queries(0):
        assert client.get("/resultat/").status_code == 200
