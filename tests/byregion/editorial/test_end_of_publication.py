"""An end of publication takes content off every public surface at that moment, with no job to run
and no restart, through the page cache too (a cached page is not kept past it)."""

import datetime as dt

import pytest
import time_machine

from byregion import cache as page_cache
from byregion.roles import PROGRAMME_STAFF
from tests.factories import make_region, make_result
from tests.personas import make_person

pytestmark = pytest.mark.django_db

END = dt.datetime(2026, 6, 1, 15, 0, tzinfo=dt.UTC)


@pytest.fixture
def site():
    """A region that stays, and one whose publication ends at END, each with a result; the staying
    region has one more result whose publication ends at END."""
    with time_machine.travel(END - dt.timedelta(days=30), tick=False):
        staying = make_region(name="Varigregionen", slug="varig")
        make_result(staying, title="Varig resultat", slug="varig-resultat")
        ending_result = make_result(
            staying, title="Fjellbekkprosjektet", slug="fjellbekk", unpublish_at=END
        )
        ending_region = make_region(name="Sluttregionen", slug="slutt", unpublish_at=END)
        region_result = make_result(ending_region, title="Elvemoprosjektet", slug="elvemo")
    return {"result": ending_result, "region": ending_region, "region_result": region_result}


def _surfaces(site):
    result, region, region_result = site["result"], site["region"], site["region_result"]
    # (address, what must be there before the end and gone after it; None: the page itself goes)
    return [
        ("/regionar/varig/", "Fjellbekkprosjektet"),
        (result.get_absolute_url(), None),
        (region.get_absolute_url(), None),
        (region_result.get_absolute_url(), None),
        ("/regionar/", "Sluttregionen"),
        ("/resultat/", "Fjellbekkprosjektet"),
        ("/resultat/", "Elvemoprosjektet"),
        # The search page repeats the query: what counts is the link to the hit.
        ("/sok/?q=Fjellbekkprosjektet", f'href="{result.get_absolute_url()}"'),
        ("/sok/?q=Sluttregionen", f'href="{region.get_absolute_url()}"'),
        ("/sitemap.xml", result.get_absolute_url()),
        ("/sitemap.xml", region.get_absolute_url()),
        ("/data/byregion.json", "Fjellbekkprosjektet"),
        ("/data/byregion.json", "Sluttregionen"),
        ("/data/resultat.csv", "Fjellbekkprosjektet"),
        ("/data/resultat.csv", "Elvemoprosjektet"),
        ("/", "Fjellbekkprosjektet"),
    ]


def _text(response):
    return response.content.decode("utf-8-sig")


def test_it_is_on_every_public_surface_until_its_end_and_gone_from_all_of_them_after(client, site):
    with time_machine.travel(END - dt.timedelta(minutes=2), tick=False) as traveller:
        for url, text in _surfaces(site):
            response = client.get(url)
            assert response.status_code == 200, url
            if text is not None:
                assert text in _text(response), (url, text)
        # A minute before: the pages are served from the page cache, content unchanged.
        traveller.shift(dt.timedelta(minutes=1))
        assert client.get("/resultat/")["X-Page-Cache"] == "hit"
        assert "Fjellbekkprosjektet" in _text(client.get("/resultat/"))
        # The moment has come: no write, no job, and every page says so at once.
        traveller.shift(dt.timedelta(minutes=1))
        for url, text in _surfaces(site):
            response = client.get(url)
            if text is None:
                assert response.status_code == 404, url
            else:
                assert response.status_code == 200, url
                assert text not in _text(response), (url, text)
        assert "Varig resultat" in _text(client.get("/resultat/"))
        assert "Varigregionen" in _text(client.get("/regionar/"))


def test_no_page_is_cached_past_the_next_end_of_publication(site):
    now = END - dt.timedelta(seconds=45)
    assert page_cache.seconds_to_next_publication(now) == 45
    # Past every end, nothing limits the lifetime.
    assert page_cache.seconds_to_next_publication(END + dt.timedelta(seconds=1)) is None


def test_is_public_follows_the_end_too(site):
    result = site["result"]
    with time_machine.travel(END - dt.timedelta(seconds=1), tick=False):
        assert result.is_public
    with time_machine.travel(END, tick=False):
        assert not result.is_public


def test_editors_still_preview_what_has_ended(client_for, site):
    per = client_for(make_person("per", first_name="Per", roles=[PROGRAMME_STAFF]))
    with time_machine.travel(END + dt.timedelta(hours=1), tick=False):
        response = per.get(site["result"].get_absolute_url())
    assert response.status_code == 200
    assert "Utkast — ikkje publisert" in response.content.decode()
