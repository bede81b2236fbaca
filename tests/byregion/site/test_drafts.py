"""A draft, or something scheduled for later, is shown only to those who may edit it.

Everybody else (visitors, staff with no role, an editor of another region) gets the same 404 a
visitor gets, on the public page and through the admin's «Vis på nettstaden» shortcut.
"""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from cases.models import ResultExample
from regions.models import Region
from tests.personas import make_cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafts():
    """The cast with both regions and their results as drafts."""
    return make_cast(published=False)


def _pages(cast):
    result = ResultExample.objects.get(region=cast.vest_telemark)
    return (
        cast.vest_telemark.get_absolute_url(),
        result.get_absolute_url(),
    )


def test_a_draft_is_a_404_for_visitors(client, drafts):
    for url in _pages(drafts):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("who", ["astrid", "per", "kari"])
def test_a_draft_shows_to_those_who_may_edit_it(client_for, drafts, who):
    client = client_for(getattr(drafts, who))
    for url in _pages(drafts):
        response = client.get(url)
        assert response.status_code == 200, (who, url)
        assert "Utkast" in response.content.decode(), (who, url)


@pytest.mark.parametrize("who", ["vera", "ola"])
def test_a_draft_is_a_404_for_staff_who_may_not_edit_it(client_for, drafts, who):
    """Vera has no role; Ola edits Hallingdal, not Vest-Telemark."""
    client = client_for(getattr(drafts, who))
    for url in _pages(drafts):
        assert client.get(url).status_code == 404, (who, url)


def test_a_scheduled_result_is_a_404_before_its_time_for_other_editors(client, client_for):
    cast = make_cast()
    result = ResultExample.objects.get(region=cast.vest_telemark)
    result.published_at = timezone.now() + dt.timedelta(days=1)
    result.save()
    url = result.get_absolute_url()
    assert client.get(url).status_code == 404
    assert client_for(cast.ola).get(url).status_code == 404
    assert client_for(cast.vera).get(url).status_code == 404
    assert client_for(cast.kari).get(url).status_code == 200


def test_a_user_removed_as_editor_no_longer_sees_the_draft(client_for, drafts):
    drafts.kari.editable_regions.clear()
    for url in _pages(drafts):
        assert client_for(drafts.kari).get(url).status_code == 404, url


def _shortcut(obj):
    content_type = ContentType.objects.get_for_model(obj)
    return f"/admin/r/{content_type.pk}/{obj.pk}/"


@pytest.mark.parametrize("who", ["vera", "ola"])
def test_the_admin_shortcut_does_not_hand_out_a_draft_address(client_for, drafts, who):
    client = client_for(getattr(drafts, who))
    region = drafts.vest_telemark
    result = ResultExample.objects.get(region=region)
    for obj in (region, result):
        response = client.get(_shortcut(obj))
        assert response.status_code == 404, (who, obj)
        assert region.slug not in response.get("Location", ""), (who, obj)


@pytest.mark.parametrize("who", ["per", "kari"])
def test_the_admin_shortcut_leads_editors_to_the_page(client_for, drafts, who):
    client = client_for(getattr(drafts, who))
    region = Region.objects.get(pk=drafts.vest_telemark.pk)
    response = client.get(_shortcut(region))
    assert response.status_code == 302
    assert response["Location"].endswith(region.get_absolute_url())


def test_a_session_without_its_second_factor_previews_nothing(client, drafts):
    """Astrid signed in with her password alone has not finished signing in: she sees drafts
    only once she has given the second factor the admin asks of her."""
    client.force_login(drafts.astrid)
    for url in _pages(drafts):
        assert client.get(url).status_code == 404, url
