"""The page cache: anonymous pages are served without queries, and any content change clears them."""

import time

import pytest
import time_machine
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import connection
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
def test_a_second_anonymous_visit_costs_one_query_the_content_version(
    client, region, django_assert_num_queries, path
):
    """Without Redis every process keeps its own pages; the version they share is one row."""
    first = client.get(path)
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(1) as queries:
        second = client.get(path)
    assert "byregion_contentversion" in queries.captured_queries[0]["sql"]
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert {k: v for k, v in second.items() if k not in ("X-Page-Cache", "X-Request-ID")} == {
        k: v for k, v in first.items() if k not in ("X-Page-Cache", "X-Request-ID")
    }
    assert second["X-Request-ID"] != first["X-Request-ID"]


def test_a_hit_keeps_every_header_the_page_had(client, region, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    first = client.get("/regionar/", secure=True)
    second = client.get("/regionar/", secure=True)
    assert second["X-Page-Cache"] == "hit"
    for header in (
        "Content-Security-Policy",
        "Strict-Transport-Security",
        "Vary",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "Permissions-Policy",
        "Content-Type",
    ):
        assert second[header] == first[header], header
    assert second["X-Request-ID"]
    assert client.get("/regionar/")["X-Page-Cache"] == "miss", "http and https are kept apart"


def test_a_request_with_a_session_cookie_is_never_served_from_the_cache(client, region):
    client.get("/regionar/")
    assert client.get("/regionar/")["X-Page-Cache"] == "hit"
    client.cookies["sessionid"] = "kven-som-helst"
    response = client.get("/regionar/")
    assert response.status_code == 200
    assert "X-Page-Cache" not in response


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
    # Counties, regions, members and the map: rendered afresh every time.
    with django_assert_num_queries(4):
        client.get("/regionar/")


def test_a_miss_costs_the_page_and_two_queries_of_the_cache(
    client, region, settings, django_assert_num_queries
):
    """The content version (read before the page, so it is never newer than the page's rows) and
    the next scheduled publication (the page's lifetime)."""
    settings.PAGE_CACHE_SECONDS = 0
    with django_assert_num_queries(4):
        client.get("/regionar/")
    settings.PAGE_CACHE_SECONDS = 300
    with django_assert_num_queries(6):
        assert client.get("/regionar/")["X-Page-Cache"] == "miss"


def test_errors_are_not_cached(client, db):
    assert client.get("/regionar/finst-ikkje/").status_code == 404
    make_region(slug="finst-ikkje")
    assert client.get("/regionar/finst-ikkje/").status_code == 200


def _anonymous_request(path="/"):
    return RequestFactory().get(path)


def _through_the_stack(view):
    """Wrap a view in what runs around it: sessions, messages, user, and the page cache."""
    from django.contrib.auth.middleware import AuthenticationMiddleware

    handler = page_cache.public_page(view)
    for middleware in (MessageMiddleware, AuthenticationMiddleware, SessionMiddleware):
        handler = middleware(handler)
    return page_cache.PageCacheMiddleware(handler)


def test_a_response_that_sets_a_cookie_is_not_stored(db):
    calls = []

    def view(request):
        calls.append(1)
        response = HttpResponse("personleg")
        response.set_cookie("val", "ja")
        return response

    handler = _through_the_stack(view)
    handler(_anonymous_request())
    handler(_anonymous_request())
    assert len(calls) == 2


def test_a_response_with_a_message_is_not_stored(db):
    from django.contrib import messages

    calls = []

    def view(request):
        calls.append(1)
        messages.info(request, "Lagra")
        return HttpResponse("med melding")

    handler = _through_the_stack(view)
    handler(_anonymous_request())
    handler(_anonymous_request())
    assert len(calls) == 2


def test_a_plain_response_is_stored(db):
    calls = []

    def view(request):
        calls.append(1)
        return HttpResponse("for alle")

    handler = _through_the_stack(view)
    handler(_anonymous_request())
    assert handler(_anonymous_request()).content == b"for alle"
    assert len(calls) == 1


def test_an_unmarked_view_is_never_stored(db):
    calls = []

    def view(request):
        calls.append(1)
        return HttpResponse("ikkje offentleg")

    handler = page_cache.PageCacheMiddleware(view)
    handler(_anonymous_request())
    handler(_anonymous_request())
    assert len(calls) == 2


def test_a_lost_version_never_brings_back_old_pages(client, region):
    from byregion.models import ContentVersion

    client.get("/regionar/testregion/")
    before = page_cache.content_version()
    ContentVersion.objects.all().delete()
    assert page_cache.content_version() > before


def test_a_bulk_write_bumps_the_version_once(region, django_assert_num_queries):
    before = page_cache.content_version()
    with page_cache.page_cache_batch():
        for number in range(3):
            make_contact(region, name=f"Kontakt {number}")
        assert page_cache.content_version() == before
    assert page_cache.content_version() > before


def test_the_cache_serves_many_regions_without_queries(client, django_assert_num_queries):
    make_site(regions=3, results=2)
    client.get("/resultat/")
    with django_assert_num_queries(1):
        assert client.get("/resultat/").status_code == 200


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="LISTEN/NOTIFY is PostgreSQL's; on SQLite every hit reads the version row",
)


def _bump_from_another_connection():
    """Bump the version as another process would: its own connection, its own transaction."""
    from django.db import connection

    other = connection.get_new_connection(connection.get_connection_params())
    try:
        with other.cursor() as cursor:
            cursor.execute("UPDATE byregion_contentversion SET value = value + 1 WHERE id = 1")
            cursor.execute("SELECT pg_notify('byregion_content_version', '')")
        other.commit()
    finally:
        other.close()


@postgresql_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_postgresql_a_hit_costs_no_query_until_a_bump_is_announced(
    client, django_assert_num_queries
):
    """The version is read once, then kept until another process's committed bump arrives."""
    region = make_region(slug="testregion", name="Testregion")
    assert client.get("/regionar/testregion/")["X-Page-Cache"] == "miss"
    client.get("/regionar/testregion/")  # reads the committed version, and keeps it
    with django_assert_num_queries(0):
        hit = client.get("/regionar/testregion/")
    assert hit["X-Page-Cache"] == "hit"

    type(region).objects.filter(pk=region.pk).update(name="Omdøypt")  # no signal: no bump
    _bump_from_another_connection()
    deadline = time.monotonic() + 5
    while (page := client.get("/regionar/testregion/"))["X-Page-Cache"] == "hit":
        assert time.monotonic() < deadline, "the bump never arrived"
    assert "Omdøypt" in page.content.decode()


@postgresql_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_postgresql_a_bump_rolled_back_is_never_kept(client):
    from django.db import transaction

    make_region(slug="testregion", name="Testregion")
    client.get("/regionar/testregion/")
    committed = page_cache.content_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        page_cache.page_cache_invalidate()
        assert page_cache.content_version() != committed  # this transaction sees its own bump
        raise RuntimeError("rolled back")
    assert page_cache.content_version() == committed


@postgresql_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_postgresql_a_lost_notification_connection_falls_back_to_the_row(
    client, django_assert_num_queries
):
    make_region(slug="testregion", name="Testregion")
    client.get("/regionar/testregion/")
    client.get("/regionar/testregion/")
    listener = page_cache._listener()
    listener._connection.close()  # the server went away, say
    with django_assert_num_queries(1):
        assert client.get("/regionar/testregion/")["X-Page-Cache"] == "hit"
    _bump_from_another_connection()
    assert client.get("/regionar/testregion/")["X-Page-Cache"] == "miss"
