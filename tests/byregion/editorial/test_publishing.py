"""Draft and published: only those with the publish right publish, a publish time in the future
schedules publication with no job to run, and staff preview a draft where it will be shown."""

import datetime as dt

import pytest
import time_machine
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from byregion.editorial.services import content_publish
from cases.models import ResultExample
from regions.models import Region, Status
from tests.formdata import change_url, form_data

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)


def draft(obj):
    type(obj).objects.filter(pk=obj.pk).update(status=Status.DRAFT, published_at=None)
    return type(obj).objects.get(pk=obj.pk)


def test_without_the_right_the_status_is_read_only_and_a_forged_post_is_ignored(cast, client_for):
    kari = client_for(cast.kari)
    region = draft(cast.vest_telemark)
    page = kari.get(change_url(region))
    html = page.content.decode()
    assert 'name="status"' not in html
    assert 'name="published_at_0"' not in html
    assert "Utkast" in html

    forged = form_data(page) | {
        "status": "published",
        "published_at_0": "2026-01-01",
        "published_at_1": "12:00:00",
        "project_name": "Kari var her",
    }
    assert kari.post(change_url(region), forged).status_code == 302
    region.refresh_from_db()
    assert region.project_name == "Kari var her"
    assert (region.status, region.published_at) == (Status.DRAFT, None)


def test_a_regional_editor_given_the_right_publishes_from_the_form(cast, client_for):
    ola = client_for(cast.ola)
    result = draft(cast.hallingdal.results.get())
    page = ola.get(change_url(result))
    assert 'name="status"' in page.content.decode()
    response = ola.post(change_url(result), form_data(page) | {"status": "published"})
    assert response.status_code == 302
    result.refresh_from_db()
    assert result.status == Status.PUBLISHED
    assert result.published_at is not None


def test_the_publish_actions_are_offered_only_to_those_who_may_publish(cast, client_for):
    changelist = reverse("admin:cases_resultexample_changelist")
    offered = client_for(cast.per).get(changelist).content.decode()
    assert '<option value="publish_selected">Publiser</option>' in offered
    assert '<option value="unpublish_selected">Gjer til utkast</option>' in offered
    hidden = client_for(cast.kari).get(changelist).content.decode()
    assert "publish_selected" not in hidden
    assert "unpublish_selected" not in hidden


def test_publishing_and_unpublishing_from_the_list_keep_the_publish_time(cast, client_for):
    per = client_for(cast.per)
    region = draft(cast.vest_telemark)
    changelist = reverse("admin:regions_region_changelist")
    with time_machine.travel(NOON, tick=False):
        response = per.post(
            changelist,
            {"action": "publish_selected", "_selected_action": [region.pk]},
            follow=True,
        )
    assert "Publiserte 1 byregion." in response.content.decode()
    region.refresh_from_db()
    assert (region.status, region.published_at) == (Status.PUBLISHED, NOON)
    latest = Version.objects.get_for_object(region).first()
    assert (latest.revision.user, latest.revision.get_comment()) == (cast.per, "Publisert")

    per.post(changelist, {"action": "unpublish_selected", "_selected_action": [region.pk]})
    region.refresh_from_db()
    assert (region.status, region.published_at) == (Status.DRAFT, NOON)
    assert Version.objects.get_for_object(region).first().revision.get_comment() == (
        "Gjort til utkast"
    )


def test_a_publish_time_in_the_future_publishes_by_itself_when_it_comes(cast, client):
    region = draft(cast.vest_telemark)
    result = draft(region.results.get())
    with time_machine.travel(NOON, tick=False):
        content_publish(obj=region, user=cast.per, at=NOON + dt.timedelta(hours=2))
        content_publish(obj=result, user=cast.per, at=NOON + dt.timedelta(hours=2))
        assert (
            Version.objects.get_for_object(region)
            .first()
            .revision.get_comment()
            .startswith("Publisering sett opp til ")
        )

    with time_machine.travel(NOON + dt.timedelta(hours=1), tick=False):
        assert region not in Region.objects.published()
        assert result not in ResultExample.objects.public()
        assert client.get(region.get_absolute_url()).status_code == 404
        assert client.get(result.get_absolute_url()).status_code == 404

    with time_machine.travel(NOON + dt.timedelta(hours=2, seconds=1), tick=False):
        assert region in Region.objects.published()
        assert result in ResultExample.objects.public()
        page = client.get(region.get_absolute_url())
        assert page.status_code == 200
        assert "Vest-Telemark" in page.content.decode()
        assert client.get(result.get_absolute_url()).status_code == 200


def test_the_change_form_links_to_a_preview_of_a_draft(cast, client_for):
    kari = client_for(cast.kari)
    region = draft(cast.vest_telemark)
    html = kari.get(change_url(region)).content.decode()
    assert f'<a href="{region.get_absolute_url()}" class="viewsitelink">Førehandsvis</a>' in html

    Region.objects.filter(pk=region.pk).update(
        status=Status.PUBLISHED, published_at=timezone.now() - dt.timedelta(days=1)
    )
    html = kari.get(change_url(region)).content.decode()
    assert (
        f'<a href="{region.get_absolute_url()}" class="viewsitelink">Vis på nettstaden</a>' in html
    )


def test_staff_see_a_draft_at_its_public_address_and_visitors_do_not(cast, client, client_for):
    region = draft(cast.vest_telemark)
    result = draft(region.results.get())
    kari = client_for(cast.kari)
    for address in (region.get_absolute_url(), result.get_absolute_url()):
        assert client.get(address).status_code == 404
        preview = kari.get(address)
        assert preview.status_code == 200
    assert result.title in preview.content.decode()


def test_the_list_actions_report_how_many_they_changed_and_log_each(cast, client_for):
    per = client_for(cast.per)
    results = [cast.vest_telemark.results.get(), cast.hallingdal.results.get()]
    changelist = reverse("admin:cases_resultexample_changelist")
    chosen = [result.pk for result in results]
    response = per.post(
        changelist, {"action": "unpublish_selected", "_selected_action": chosen}, follow=True
    )
    assert "Gjorde 2 resultateksempel til utkast." in response.content.decode()
    assert set(ResultExample.objects.values_list("status", flat=True)) == {Status.DRAFT}
    logged = LogEntry.objects.filter(object_id__in=[str(pk) for pk in chosen])
    assert sorted(entry.get_change_message() for entry in logged) == ["Gjort til utkast"] * 2

    response = per.post(
        changelist, {"action": "publish_selected", "_selected_action": chosen[:1]}, follow=True
    )
    assert "Publiserte 1 resultateksempel." in response.content.decode()
    assert ResultExample.objects.get(pk=chosen[0]).status == Status.PUBLISHED
