"""Review dates: set on publishing, shown on the admin index per region scope, and e-mailed to each
editor at most once a day by `manage.py send_review_reminders`."""

import datetime as dt
import io
import re

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from byregion.editorial.models import months_later
from byregion.editorial.services import content_publish
from byregion.interchange.export import content_export
from byregion.interchange.write import content_import
from byregion.models import ReviewReminder
from cases.models import ResultExample
from regions.models import Status
from tests.factories import make_result
from tests.formdata import change_url, form_data

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2026, 3, 2, 11, 0, tzinfo=dt.UTC)  # 12:00 in Oslo
TODAY = dt.date(2026, 3, 2)


def test_publishing_sets_the_review_date_twelve_months_on(cast):
    result = cast.vest_telemark.results.get()
    type(result).objects.filter(pk=result.pk).update(
        status=Status.DRAFT, published_at=None, review_by=None
    )
    result.refresh_from_db()
    with time_machine.travel(NOON, tick=False):
        content_publish(obj=result)
    result.refresh_from_db()
    assert result.review_by == dt.date(2027, 3, 2)


def test_twelve_months_after_a_leap_day_is_the_last_of_february():
    assert months_later(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)
    assert months_later(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)


def test_an_editor_sets_the_review_date_on_the_form(cast, client_for):
    kari = client_for(cast.kari)
    result = cast.vest_telemark.results.get()
    page = kari.get(change_url(result))
    assert 'name="review_by"' in page.content.decode()
    response = kari.post(change_url(result), form_data(page) | {"review_by": "2026-09-01"})
    assert response.status_code == 302
    result.refresh_from_db()
    assert result.review_by == dt.date(2026, 9, 1)


@pytest.fixture
def due(cast):
    """Vest-Telemark's result overdue, its region due in ten days; Hallingdal's result overdue;
    Hallingdal's region not due for months; a draft whose date has passed does not count."""
    vt_result = cast.vest_telemark.results.get()
    hd_result = cast.hallingdal.results.get()
    type(vt_result).objects.filter(pk=vt_result.pk).update(review_by=TODAY - dt.timedelta(days=3))
    type(hd_result).objects.filter(pk=hd_result.pk).update(review_by=TODAY - dt.timedelta(days=1))
    type(cast.vest_telemark).objects.filter(pk=cast.vest_telemark.pk).update(
        review_by=TODAY + dt.timedelta(days=10)
    )
    type(cast.hallingdal).objects.filter(pk=cast.hallingdal.pk).update(
        review_by=TODAY + dt.timedelta(days=90)
    )
    make_result(
        cast.vest_telemark, title="Gammalt utkast", published=False, review_by=dt.date(2025, 1, 1)
    )
    return cast


def _overview(client):
    html = client.get(reverse("admin:index")).content.decode()
    start = html.find("Sjå over innhaldet")
    return html[start : html.find("</section>", start)] if start >= 0 else ""


def test_the_admin_index_shows_each_user_what_in_their_regions_is_due(due, client_for):
    with time_machine.travel(NOON, tick=False):
        kari = _overview(client_for(due.kari))
        per = _overview(client_for(due.per))
        ola = _overview(client_for(due.ola))
        vera = _overview(client_for(due.vera))
    assert "På overtid" in kari
    assert "Resultat i Vest-Telemark" in kari
    overdue, soon = kari.split("Innan 30 dagar")
    assert "Resultat i Vest-Telemark" in overdue
    assert "27. februar 2026" in overdue
    assert re.search(r"Vest-Telemark</a></th>\s*<td>Byregion</td>\s*<td>12\. mars 2026</td>", soon)
    assert "Hallingdal" not in kari
    assert "Gammalt utkast" not in kari
    assert all(
        name in per for name in ("Resultat i Vest-Telemark", "Resultat i Hallingdal", "12. mars")
    )
    assert "Resultat i Hallingdal" in ola
    assert "Vest-Telemark" not in ola
    assert vera == ""


def _mail_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def test_the_reminders_list_each_editors_due_content_with_links(due):
    with time_machine.travel(NOON, tick=False):
        call_command("send_review_reminders", stdout=io.StringIO())
    (kari,) = _mail_to("kari@byregion.test")
    assert kari.subject == "2 ting å sjå over på Byregion"
    result = due.vest_telemark.results.get(title="Resultat i Vest-Telemark")
    overdue, soon = kari.body.split("Innan 30 dagar:")
    assert "På overtid:" in overdue
    assert (
        "- Resultat i Vest-Telemark (resultateksempel), sjå over innan 27. februar 2026: "
        f"http://127.0.0.1:8000/admin/cases/resultexample/{result.pk}/change/"
    ) in overdue
    assert (
        "- Vest-Telemark (byregion), sjå over innan 12. mars 2026: "
        f"http://127.0.0.1:8000/admin/regions/region/{due.vest_telemark.pk}/change/"
    ) in soon
    assert "Hallingdal" not in kari.body
    assert "Gammalt utkast" not in kari.body
    (ola,) = _mail_to("ola@byregion.test")
    assert "Resultat i Hallingdal" in ola.body
    assert "Vest-Telemark" not in ola.body
    for staff in ("per@byregion.test", "astrid@byregion.test"):
        (message,) = _mail_to(staff)
        assert message.subject == "3 ting å sjå over på Byregion"
    assert _mail_to("vera@byregion.test") == []
    assert ReviewReminder.objects.get(user=due.kari).sent_at == NOON


def test_each_editor_gets_at_most_one_reminder_a_day(due):
    quiet = io.StringIO()
    with time_machine.travel(NOON, tick=False) as traveller:
        call_command("send_review_reminders", stdout=quiet)
        first = len(mail.outbox)
        assert first == 4
        traveller.shift(dt.timedelta(hours=10))  # 22:00 in Oslo, the same day
        call_command("send_review_reminders", stdout=quiet)
        assert len(mail.outbox) == first
        traveller.shift(dt.timedelta(hours=3))  # 01:00 the next day
        call_command("send_review_reminders", stdout=quiet)
    assert len(mail.outbox) == 2 * first


def test_nobody_is_reminded_of_nothing(cast):
    with time_machine.travel(NOON, tick=False):
        call_command("send_review_reminders", stdout=io.StringIO())
    assert mail.outbox == []
    assert not ReviewReminder.objects.exists()


def test_content_past_its_end_of_publication_needs_no_review(due):
    result = due.vest_telemark.results.get(title="Resultat i Vest-Telemark")
    type(result).objects.filter(pk=result.pk).update(unpublish_at=NOON - dt.timedelta(days=1))
    with time_machine.travel(NOON, tick=False):
        call_command("send_review_reminders", stdout=io.StringIO())
    (kari,) = _mail_to("kari@byregion.test")
    assert "Resultat i Vest-Telemark" not in kari.body
    assert kari.subject == "1 ting å sjå over på Byregion"


def test_the_end_of_publication_is_set_only_by_those_who_may_publish(cast, client_for):
    result = cast.vest_telemark.results.get()
    kari = client_for(cast.kari)
    page = kari.get(change_url(result))
    assert 'name="unpublish_at_0"' not in page.content.decode()
    forged = form_data(page) | {"unpublish_at_0": "2026-01-01", "unpublish_at_1": "12:00:00"}
    assert kari.post(change_url(result), forged).status_code == 302
    result.refresh_from_db()
    assert result.unpublish_at is None

    per = client_for(cast.per)
    page = per.get(change_url(result))
    end = {"unpublish_at_0": "2030-01-01", "unpublish_at_1": "12:00:00"}
    assert per.post(change_url(result), form_data(page) | end).status_code == 302
    result.refresh_from_db()
    assert timezone.localtime(result.unpublish_at).date() == dt.date(2030, 1, 1)


def test_the_end_of_publication_must_come_after_the_publish_time(cast, client_for):
    result = cast.vest_telemark.results.get()
    per = client_for(cast.per)
    page = per.get(change_url(result))
    before = {"unpublish_at_0": "2001-01-01", "unpublish_at_1": "12:00:00"}
    response = per.post(change_url(result), form_data(page) | before)
    assert response.status_code == 200
    assert "Publisert til må vere etter tidspunktet for publisering." in response.content.decode()


def test_imported_published_content_gets_its_review_date_too(cast):
    document = content_export().document
    ResultExample.objects.all().delete()
    content_import(document=document)
    result = ResultExample.objects.get(region__slug="vest-telemark")
    assert result.status == Status.PUBLISHED
    assert result.review_by == months_later(timezone.localdate(result.published_at), 12)


def test_an_import_leaves_the_workflow_alone(cast, client_for):
    result = cast.vest_telemark.results.get()
    region = cast.vest_telemark
    document = content_export().document
    end = timezone.now() + dt.timedelta(days=5)
    ResultExample.objects.filter(pk=result.pk).update(
        unpublish_at=end, review_by=dt.date(2026, 5, 1), approval="returned", approval_comment="Nei"
    )
    type(region).objects.filter(pk=region.pk).update(unpublish_at=end)
    for item in document["regions"]:
        for planned in item["results"]:
            planned["teaser"] = "Endra i dokumentet."
        item["project_name"] = "Endra prosjektnamn"
    content_import(document=document)
    result.refresh_from_db()
    region.refresh_from_db()
    assert result.teaser == "Endra i dokumentet."
    assert (result.unpublish_at, result.review_by) == (end, dt.date(2026, 5, 1))
    assert (result.approval, result.approval_comment) == ("returned", "Nei")
    assert region.project_name == "Endra prosjektnamn"
    assert region.unpublish_at == end
