"""Hand-over for approval: an editor who may not publish sends a draft; those who may publish it
publish it or send it back with a comment; nobody else can, whatever they post."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import quote
from django.core import mail
from django.urls import reverse
from reversion.models import Version

from byregion.editorial.models import Approval
from byregion.roles import REGIONAL_EDITOR
from regions.models import Status
from tests.formdata import admin_save, change_url, form_data
from tests.nynorsk import NynorskCheck, django_untranslated, visible_strings
from tests.personas import make_person

pytestmark = pytest.mark.django_db


def _url(obj, view):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[quote(obj.pk)])


def send_url(obj):
    return _url(obj, "approval_send")


def decide_url(obj):
    return _url(obj, "approval_decide")


def draft(obj):
    type(obj).objects.filter(pk=obj.pk).update(status=Status.DRAFT, published_at=None)
    return type(obj).objects.get(pk=obj.pk)


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


@pytest.fixture(params=["region", "result"])
def kari_draft(request, cast):
    """A draft in Kari's Vest-Telemark: the region itself, or its result."""
    region = cast.vest_telemark
    return draft(region if request.param == "region" else region.results.get())


def hand_over(client, obj, message="Klar til å sjåast over."):
    response = client.post(send_url(obj), {"message": message})
    assert response.status_code == 302, response.content.decode()[:500]
    return fresh(obj)


def test_kari_sends_a_draft_with_a_message_and_those_who_may_publish_it_are_told(
    cast, client_for, kari_draft
):
    kari = client_for(cast.kari)
    form = kari.get(change_url(kari_draft)).content.decode()
    assert "Send til godkjenning" in form
    assert send_url(kari_draft) in form

    page = kari.get(send_url(kari_draft))
    assert "Send «" in page.content.decode()
    obj = hand_over(kari, kari_draft, "Sjå særleg på ingressen.")

    assert obj.approval == Approval.PENDING
    assert obj.approval_message == "Sjå særleg på ingressen."
    assert obj.approval_sent_by == cast.kari
    assert obj.status == Status.DRAFT
    # Astrid and Per may publish in Vest-Telemark; Ola, an editor of Hallingdal, may not.
    assert sorted(address for message in mail.outbox for address in message.to) == [
        "astrid@byregion.test",
        "per@byregion.test",
    ]
    message = mail.outbox[0]
    assert message.subject == f"Til godkjenning: «{obj}» ({obj._meta.verbose_name})"
    assert "Kari har sendt" in message.body
    assert "Sjå særleg på ingressen." in message.body
    assert f"http://testserver{decide_url(obj)}" in message.body

    revision = Version.objects.get_for_object(obj).first().revision
    assert revision.get_comment() == "Sendt til godkjenning: «Sjå særleg på ingressen.»"
    assert revision.user == cast.kari
    entry = LogEntry.objects.filter(object_id=str(obj.pk)).latest("action_time")
    assert (entry.user, entry.get_change_message()) == (
        cast.kari,
        "Sendt til godkjenning: «Sjå særleg på ingressen.»",
    )
    shown = kari.get(change_url(obj)).content.decode()
    assert "Ventar på godkjenning" in shown
    assert send_url(obj) not in shown


@pytest.mark.parametrize("approver", ["per", "astrid"])
def test_those_who_may_publish_see_the_queue_and_publish(cast, client_for, kari_draft, approver):
    obj = hand_over(client_for(cast.kari), kari_draft)
    staff = client_for(getattr(cast, approver))
    index = staff.get(reverse("admin:index")).content.decode()
    assert "Ventar på godkjenning frå deg" in index
    assert decide_url(obj) in index

    page = staff.get(decide_url(obj)).content.decode()
    assert "Klar til å sjåast over." in page
    assert "Ingen endringar sidan det vart sendt." in page
    response = staff.post(decide_url(obj), {"comment": "Fint!", "_publish": "Publiser"})
    assert response.status_code == 302
    obj = fresh(obj)
    assert obj.status == Status.PUBLISHED
    assert obj.is_public
    assert obj.approval == Approval.NONE
    assert obj.approval_comment == "Fint!"
    revision = Version.objects.get_for_object(obj).first().revision
    assert revision.get_comment() == "Publisert etter godkjenning: «Fint!»"
    assert revision.user == getattr(cast, approver)
    entry = LogEntry.objects.filter(object_id=str(obj.pk)).latest("action_time")
    assert entry.get_change_message() == "Publisert etter godkjenning: «Fint!»"
    assert decide_url(obj) not in staff.get(reverse("admin:index")).content.decode()


def test_astrid_sends_it_back_too(cast, client_for, kari_draft):
    obj = hand_over(client_for(cast.kari), kari_draft)
    response = client_for(cast.astrid).post(decide_url(obj), {"comment": "Nei", "_return": "1"})
    assert response.status_code == 302
    obj = fresh(obj)
    assert (obj.approval, obj.approval_commented_by) == (Approval.RETURNED, cast.astrid)


def test_per_sends_it_back_with_a_comment_that_kari_sees_on_the_form_and_in_her_list(
    cast, client_for, kari_draft
):
    kari = client_for(cast.kari)
    obj = hand_over(kari, kari_draft)
    mail.outbox.clear()
    per = client_for(cast.per)
    response = per.post(
        decide_url(obj), {"comment": "Ingressen manglar tal.", "_return": "Send tilbake"}
    )
    assert response.status_code == 302
    obj = fresh(obj)
    assert (obj.approval, obj.status) == (Approval.RETURNED, Status.DRAFT)
    assert obj.approval_comment == "Ingressen manglar tal."
    assert obj.approval_commented_by == cast.per

    assert [message.to for message in mail.outbox] == [["kari@byregion.test"]]
    assert "Ingressen manglar tal." in mail.outbox[0].body
    assert Version.objects.get_for_object(obj).first().revision.get_comment() == (
        "Sendt tilbake: «Ingressen manglar tal.»"
    )
    entry = LogEntry.objects.filter(object_id=str(obj.pk)).latest("action_time")
    assert (entry.user, entry.get_change_message()) == (
        cast.per,
        "Sendt tilbake: «Ingressen manglar tal.»",
    )

    form = kari.get(change_url(obj)).content.decode()
    assert "Sendt tilbake av Per." in form
    assert "«Ingressen manglar tal.»" in form
    assert send_url(obj) in form
    changelist = _changelist(obj)
    listed = kari.get(changelist, {"approval": "returned"}).content.decode()
    assert "Sendt tilbake: «Ingressen manglar tal.»" in listed
    assert str(obj) in listed
    assert str(obj) not in kari.get(changelist, {"approval": "pending"}).content.decode()
    assert "Sendt tilbake til deg" in kari.get(reverse("admin:index")).content.decode()


def _changelist(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")


def test_sending_back_needs_a_comment(cast, client_for, kari_draft):
    obj = hand_over(client_for(cast.kari), kari_draft)
    response = client_for(cast.per).post(decide_url(obj), {"comment": " ", "_return": "1"})
    assert response.status_code == 200
    assert "Skriv ein kommentar" in response.content.decode()
    assert fresh(obj).approval == Approval.PENDING


def test_a_draft_awaiting_approval_stays_editable_and_the_approver_sees_what_changed(
    cast, client_for
):
    result = draft(cast.vest_telemark.results.get())
    kari = client_for(cast.kari)
    hand_over(kari, result)
    page = kari.get(change_url(result))
    response = kari.post(change_url(result), form_data(page) | {"teaser": "Ein betre ingress."})
    assert response.status_code == 302
    result = fresh(result)
    assert result.teaser == "Ein betre ingress."
    assert result.approval == Approval.PENDING

    per = client_for(cast.per)
    decision = per.get(decide_url(result)).content.decode()
    versions = list(Version.objects.get_for_object(result).order_by("pk"))
    sent, latest = versions[-2], versions[-1]
    compare = f"{_url(result, 'compare')}?fra={sent.pk}&amp;til={latest.pk}"
    assert compare in decision
    changes = per.get(_url(result, "compare"), {"fra": sent.pk, "til": latest.pk})
    assert "<del>kort</del><ins>betre</ins>" in changes.content.decode()


def test_kari_mends_a_returned_draft_and_sends_it_again(cast, client_for):
    result = draft(cast.vest_telemark.results.get())
    kari, per = client_for(cast.kari), client_for(cast.per)
    hand_over(kari, result)
    per.post(decide_url(result), {"comment": "Rett tittelen.", "_return": "1"})
    page = kari.get(change_url(result))
    kari.post(change_url(result), form_data(page) | {"title": "Retta tittel"})
    result = hand_over(kari, result, "Retta no.")
    assert (result.approval, result.approval_message) == (Approval.PENDING, "Retta no.")
    assert result.approval_comment == ""
    per.post(decide_url(result), {"comment": "", "_publish": "1"})
    result = fresh(result)
    assert (result.title, result.status) == ("Retta tittel", Status.PUBLISHED)
    comments = [
        version.revision.get_comment()
        for version in Version.objects.get_for_object(result).order_by("pk")
    ]
    assert comments[-5:] == [
        "Sendt til godkjenning: «Klar til å sjåast over.»",
        "Sendt tilbake: «Rett tittelen.»",
        comments[-3],
        "Sendt til godkjenning: «Retta no.»",
        "Publisert etter godkjenning",
    ]


# Forged requests, per role: nothing is published or handed over by someone who may not.


@pytest.mark.parametrize("who", ["kari", "vera"])
def test_publishing_a_hand_over_is_refused_to_those_without_the_right(
    cast, client_for, kari_draft, who
):
    obj = hand_over(client_for(cast.kari), kari_draft)
    client = client_for(getattr(cast, who))
    assert client.get(decide_url(obj)).status_code == 403
    assert client.post(decide_url(obj), {"_publish": "1"}).status_code == 403
    assert client.post(decide_url(obj), {"_return": "1", "comment": "Nei"}).status_code == 403
    obj = fresh(obj)
    assert (obj.status, obj.approval) == (Status.DRAFT, Approval.PENDING)
    assert (
        "Ventar på godkjenning frå deg" not in client.get(reverse("admin:index")).content.decode()
    )


def test_an_editor_of_another_region_cannot_reach_a_hand_over_even_with_the_publish_right(
    cast, client_for, kari_draft
):
    obj = hand_over(client_for(cast.kari), kari_draft)
    ola = client_for(cast.ola)
    assert ola.post(decide_url(obj), {"_publish": "1"}).status_code == 404
    assert ola.post(decide_url(obj), {"_return": "1", "comment": "Nei"}).status_code == 404
    assert ola.post(send_url(obj), {"message": "Frå Ola"}).status_code == 404
    assert decide_url(obj) not in ola.get(reverse("admin:index")).content.decode()
    obj = fresh(obj)
    assert (obj.status, obj.approval_message) == (Status.DRAFT, "Klar til å sjåast over.")


def test_staff_with_no_role_cannot_hand_over(cast, client_for, kari_draft):
    assert client_for(cast.vera).post(send_url(kari_draft), {"message": "x"}).status_code == 403
    assert fresh(kari_draft).approval == Approval.NONE


@pytest.mark.parametrize("who", ["per", "astrid"])
def test_those_who_may_publish_publish_themselves_and_are_not_offered_the_hand_over(
    cast, client_for, kari_draft, who
):
    client = client_for(getattr(cast, who))
    assert send_url(kari_draft) not in client.get(change_url(kari_draft)).content.decode()
    assert client.post(send_url(kari_draft), {"message": "x"}).status_code == 403
    assert fresh(kari_draft).approval == Approval.NONE


def test_only_a_draft_not_yet_decided_can_be_decided(cast, client_for):
    result = cast.vest_telemark.results.get()
    per = client_for(cast.per)
    # Published, never handed over: no decision page, and a forged POST changes nothing.
    assert per.post(decide_url(result), {"_return": "1", "comment": "Nei"}).status_code == 403
    assert fresh(result).approval == Approval.NONE
    assert client_for(cast.kari).post(send_url(result), {"message": "x"}).status_code == 403


def test_a_hand_over_in_hallingdal_goes_to_ola_who_may_publish_there(cast, client_for):
    hallvard = make_person(
        "hallvard", first_name="Hallvard", roles=[REGIONAL_EDITOR], regions=[cast.hallingdal]
    )
    result = draft(cast.hallingdal.results.get())
    hand_over(client_for(hallvard), result)
    assert sorted(address for message in mail.outbox for address in message.to) == [
        "astrid@byregion.test",
        "ola@byregion.test",
        "per@byregion.test",
    ]
    assert (
        decide_url(result) not in client_for(cast.kari).get(reverse("admin:index")).content.decode()
    )
    ola = client_for(cast.ola)
    assert decide_url(result) in ola.get(reverse("admin:index")).content.decode()
    assert ola.post(decide_url(result), {"_publish": "1"}).status_code == 302
    assert fresh(result).status == Status.PUBLISHED


def test_publishing_from_the_list_empties_the_queue(cast, client_for):
    result = hand_over(client_for(cast.kari), draft(cast.vest_telemark.results.get()))
    per = client_for(cast.per)
    per.post(_changelist(result), {"action": "publish_selected", "_selected_action": [result.pk]})
    assert fresh(result).approval == Approval.NONE
    assert decide_url(result) not in per.get(reverse("admin:index")).content.decode()


def test_a_restore_leaves_the_hand_over_alone(cast, client_for):
    result = draft(cast.vest_telemark.results.get())
    kari = client_for(cast.kari)
    first = Version.objects.get_for_object(result).count()
    result = hand_over(kari, result)
    versions = list(Version.objects.get_for_object(result).order_by("pk"))
    assert len(versions) == first + 1
    assert "approval" not in versions[-1].field_dict


def test_every_workflow_page_and_e_mail_is_nynorsk(cast, client_for):
    check = NynorskCheck(django_untranslated())
    result = draft(cast.vest_telemark.results.get())
    kari, per = client_for(cast.kari), client_for(cast.per)
    pages = [kari.get(change_url(result)), kari.get(send_url(result))]
    pages.append(kari.post(send_url(result), {"message": "x" * 2001}))  # too long: the error
    hand_over(kari, result)
    pages += [kari.get(change_url(result)), per.get(reverse("admin:index"))]
    pages += [per.get(decide_url(result)), per.post(decide_url(result), {"_return": "1"})]
    per.post(decide_url(result), {"_return": "1", "comment": "Rett tittelen."})
    pages += [kari.get(change_url(result)), kari.get(reverse("admin:index"))]
    pages.append(kari.get(_changelist(result), {"approval": "returned"}))
    problems = []
    for response in pages:
        assert response.status_code == 200
        problems += check.problems(visible_strings(response.content.decode()))
    problems += check.problems(
        [line for message in mail.outbox for line in message.body.split("\n")]
    )
    assert problems == [], "\n".join(problems)


def test_ola_who_may_publish_in_his_region_is_not_offered_the_hand_over_there(cast, client_for):
    result = draft(cast.hallingdal.results.get())
    ola = client_for(cast.ola)
    assert send_url(result) not in ola.get(change_url(result)).content.decode()
    assert ola.post(send_url(result), {"message": "x"}).status_code == 403
    assert fresh(result).approval == Approval.NONE


def test_a_post_that_names_neither_decision_decides_nothing(cast, client_for, kari_draft):
    obj = hand_over(client_for(cast.kari), kari_draft)
    response = client_for(cast.per).post(decide_url(obj), {"comment": "Hm"})
    assert response.status_code == 200
    obj = fresh(obj)
    assert (obj.status, obj.approval) == (Status.DRAFT, Approval.PENDING)


def test_a_restore_keeps_the_hand_over_and_kari_cannot_end_an_end_of_publication_by_one(
    cast, client_for
):
    result = cast.vest_telemark.results.get()
    kari, per = client_for(cast.kari), client_for(cast.per)
    admin_save(per, result, teaser="Før slutten.")
    page = per.get(change_url(result))
    ended = {"unpublish_at_0": "2030-01-02", "unpublish_at_1": "12:00:00", "teaser": "Slutt."}
    assert per.post(change_url(result), form_data(page) | ended).status_code == 302
    type(result).objects.filter(pk=result.pk).update(status=Status.DRAFT)
    result = hand_over(kari, fresh(result))
    # Kari restores the revision from before the end of publication was set.
    versions = Version.objects.get_for_object(result).order_by("pk")
    before_end = [v for v in versions if v.field_dict.get("unpublish_at") is None]
    revision_url = _url(result, "history").replace("history/", f"history/{before_end[-1].pk}/")
    page = kari.get(revision_url)
    assert kari.post(revision_url, form_data(page)).status_code == 302
    result = fresh(result)
    assert result.teaser == "Før slutten."
    assert result.unpublish_at is not None
    assert (result.approval, result.approval_message) == (
        Approval.PENDING,
        "Klar til å sjåast over.",
    )
