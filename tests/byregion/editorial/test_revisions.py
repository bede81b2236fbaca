"""Every save of a region or result example is kept with who and when; two versions can be compared
and an earlier one restored, itself as a new revision; a regional editor reaches only their own."""

import pytest
import reversion
from django.db import connection
from django.urls import reverse
from reversion.models import Version

from byregion.editorial.services import revision_restore
from cases.models import ResultExample
from regions.models import Goal, Region, Status
from tests.factories import image_upload, make_theme
from tests.formdata import admin_save, change_url, form_data

pytestmark = pytest.mark.django_db


def url(obj, view, *args):
    name = f"admin:{obj._meta.app_label}_{obj._meta.model_name}_{view}"
    return reverse(name, args=[obj.pk, *args])


def versions(obj):
    return list(Version.objects.get_for_object(obj).select_related("revision__user").order_by("pk"))


def test_every_save_keeps_the_region_and_its_inlines_with_who_and_when(cast, client_for):
    per = client_for(cast.per)
    admin_save(per, cast.vest_telemark, project_name="Første utgåve")
    admin_save(per, cast.vest_telemark, **{"goals-0-text": "<p>Nytt mål ein</p>"})

    first, second = versions(cast.vest_telemark)
    assert first.revision.user == cast.per
    assert first.field_dict["project_name"] == "Første utgåve"
    kept = {v.content_type.model for v in second.revision.version_set.all()}
    assert kept >= {"region", "membership", "goal", "bottleneck", "contact"} - {"bottleneck"}
    goal_one = next(
        v
        for v in second.revision.version_set.all()
        if v.content_type.model == "goal" and v.field_dict["number"] == 1
    )
    assert goal_one.field_dict["text"] == "<p>Nytt mål ein</p>"


def test_the_history_lists_each_version_with_a_link_to_its_changes(cast, client_for):
    per = client_for(cast.per)
    admin_save(per, cast.vest_telemark, project_name="Éin")
    admin_save(per, cast.vest_telemark, project_name="To")
    page = per.get(url(cast.vest_telemark, "history"))
    assert page.status_code == 200
    html = page.content.decode()
    first, second = versions(cast.vest_telemark)
    assert f"?fra={first.pk}&amp;til={second.pk}" in html
    assert "Per" in html
    assert "Samanlikn dei valde versjonane" in html


def test_the_comparison_shows_fields_old_and_new_with_text_as_a_word_diff(cast, client_for):
    per = client_for(cast.per)
    admin_save(per, cast.vest_telemark, project_name="Gammalt namn")
    admin_save(
        per,
        cast.vest_telemark,
        project_name="Nytt namn",
        summary="<p>Regionen byggjer <strong>tre</strong> i staden for betong.</p>",
        **{
            "goals-1-text": "<p>Mål nummer to, no skarpare.</p>",
            "contacts-TOTAL_FORMS": "2",
            "contacts-1-name": "Kari Nordmann",
            "contacts-1-email": "kari@vest-telemark.no",
            "contacts-1-position": "1",
        },
    )
    older, newer = versions(cast.vest_telemark)
    page = per.get(url(cast.vest_telemark, "compare"), {"fra": older.pk, "til": newer.pk})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Prosjektnamn" in html
    assert "<td>Gammalt namn</td>" in html
    assert "<td>Nytt namn</td>" in html
    assert "<td>Regionen byggjer tre i staden for betong.</td>" in html
    assert "Mål 2: Mål nummer to, no skarpare." in html
    assert "Mål nummer <del>2</del><ins>to, no skarpare.</ins>" in html
    assert "Kontaktperson: Kari Nordmann" in html
    assert "(lagt til)" in html


def test_restoring_an_earlier_version_brings_back_fields_and_inlines_as_a_new_revision(
    cast, client_for
):
    per = client_for(cast.per)
    region = cast.vest_telemark
    admin_save(per, region, project_name="Slik det var")
    admin_save(
        per,
        region,
        project_name="Slik det vart",
        **{"goals-3-DELETE": "on", "contacts-0-name": "Ein annan"},
    )
    assert region.goals.count() == 3

    first = versions(region)[0]
    page = per.get(url(region, "revision", first.pk))
    assert page.status_code == 200
    assert "Skjemaet viser denne eldre versjonen" in page.content.decode()
    response = per.post(url(region, "revision", first.pk), form_data(page))
    assert response.status_code == 302

    region.refresh_from_db()
    assert region.project_name == "Slik det var"
    assert [goal.number for goal in region.goals.all()] == [1, 2, 3, 4]
    assert region.contacts.get().name == "Ole Dalen"
    latest = versions(region)[-1]
    assert len(versions(region)) == 3
    assert latest.revision.user == cast.per
    assert latest.revision.get_comment().startswith("Gjenoppretta versjonen frå ")


def test_a_restore_touches_nothing_else_saved_in_the_same_request(cast, client_for):
    per = client_for(cast.per)
    both = [cast.vest_telemark.pk, cast.hallingdal.pk]
    Region.objects.filter(pk__in=both).update(status=Status.DRAFT)
    per.post(
        reverse("admin:regions_region_changelist"),
        {"action": "publish_selected", "_selected_action": both},
    )
    shared = versions(cast.vest_telemark)[-1]
    assert {
        v.object_id for v in shared.revision.version_set.filter(content_type__model="region")
    } == {str(pk) for pk in both}
    admin_save(per, cast.hallingdal, project_name="Hallingdal held fram")
    admin_save(per, cast.vest_telemark, project_name="Vest-Telemark endra")

    page = per.get(url(cast.vest_telemark, "revision", shared.pk))
    assert (
        per.post(url(cast.vest_telemark, "revision", shared.pk), form_data(page)).status_code == 302
    )

    assert Region.objects.get(pk=cast.vest_telemark.pk).project_name == ""
    assert Region.objects.get(pk=cast.hallingdal.pk).project_name == "Hallingdal held fram"


def test_a_result_comes_back_with_its_deleted_image(cast, client_for):
    per = client_for(cast.per)
    result = cast.vest_telemark.results.get()
    admin_save(
        per,
        result,
        **{
            "images-TOTAL_FORMS": "1",
            "images-0-image": image_upload(),
            "images-0-alt_text": "Massivtrebygg i Kviteseid",
            "images-0-position": "0",
        },
    )
    image = result.images.get()
    admin_save(per, result, **{"images-0-DELETE": "on"})
    assert not result.images.exists()

    with_image = versions(result)[0]
    page = per.get(url(result, "revision", with_image.pk))
    assert per.post(url(result, "revision", with_image.pk), form_data(page)).status_code == 302
    restored = result.images.get()
    assert (restored.pk, restored.alt_text) == (image.pk, "Massivtrebygg i Kviteseid")
    assert restored.image.name == image.image.name


def test_restoring_a_published_version_does_not_publish_for_an_editor_who_may_not(cast, client_for):
    per, kari = client_for(cast.per), client_for(cast.kari)
    region = cast.vest_telemark
    admin_save(per, region, project_name="Publisert utgåve")
    per.post(
        reverse("admin:regions_region_changelist"),
        {"action": "unpublish_selected", "_selected_action": [region.pk]},
    )
    assert Region.objects.get(pk=region.pk).status == Status.DRAFT

    published = versions(region)[0]
    assert published.field_dict["status"] == Status.PUBLISHED
    page = kari.get(url(region, "revision", published.pk))
    assert kari.post(url(region, "revision", published.pk), form_data(page)).status_code == 302
    region.refresh_from_db()
    assert region.project_name == "Publisert utgåve"
    assert region.status == Status.DRAFT


def test_a_regional_editor_reaches_no_history_of_another_region(cast, client_for):
    per, kari = client_for(cast.per), client_for(cast.kari)
    admin_save(per, cast.hallingdal, project_name="Éin")
    admin_save(per, cast.hallingdal, project_name="To")
    older, newer = versions(cast.hallingdal)
    for address in [
        url(cast.hallingdal, "history"),
        url(cast.hallingdal, "compare") + f"?fra={older.pk}&til={newer.pk}",
        url(cast.hallingdal, "revision", older.pk),
    ]:
        assert kari.get(address).status_code == 404
    assert kari.post(url(cast.hallingdal, "revision", older.pk), {}).status_code == 404
    assert Region.objects.get(pk=cast.hallingdal.pk).project_name == "To"


def test_a_revision_of_another_kind_of_object_is_not_found_under_this_one(cast, client_for):
    per = client_for(cast.per)
    result = cast.vest_telemark.results.get()
    admin_save(per, result, title="Endra")
    result_version = versions(result)[0]
    address = url(cast.vest_telemark, "revision", result_version.pk)
    assert per.get(address).status_code == 404
    assert ResultExample.objects.get(pk=result.pk).title == "Endra"


def test_comparing_without_two_versions_sends_back_to_the_history_with_a_message(cast, client_for):
    per = client_for(cast.per)
    admin_save(per, cast.vest_telemark, project_name="Éin")
    response = per.get(url(cast.vest_telemark, "compare"), {"fra": "x"}, follow=True)
    assert response.redirect_chain[-1][0] == url(cast.vest_telemark, "history")
    assert "Vel to ulike versjonar å samanlikne." in response.content.decode()


def test_the_change_form_links_to_the_history(cast, client_for):
    page = client_for(cast.kari).get(change_url(cast.vest_telemark))
    assert url(cast.vest_telemark, "history") in page.content.decode()


def test_a_long_text_diff_keeps_a_little_context_around_each_change():
    from byregion.editorial.revisions import word_diff

    words = [f"ord{number}" for number in range(60)]
    changed = [*words[:30], "NYTT", *words[31:]]
    pieces = word_diff(" ".join(words), " ".join(changed))
    kinds = [kind for kind, _text in pieces]
    assert kinds == ["same", "removed", "added", "same"]
    assert pieces[0][1].startswith("… ")
    assert pieces[0][1].endswith("ord29 ")
    assert (pieces[1][1], pieces[2][1]) == ("ord30", "NYTT")
    assert pieces[3][1].startswith(" ord31") and pieces[3][1].endswith(" …")


def test_staff_bring_back_a_deleted_result(cast, client_for):
    per = client_for(cast.per)
    result = cast.vest_telemark.results.get()
    admin_save(per, result, title="Sletta ved ein feil")
    delete = reverse("admin:cases_resultexample_delete", args=[result.pk])
    assert per.post(delete, {"post": "yes"}).status_code == 302

    recoverlist = per.get(reverse("admin:cases_resultexample_recoverlist"))
    assert "Sletta ved ein feil" in recoverlist.content.decode()
    deleted = Version.objects.get_deleted(ResultExample).get()
    recover = reverse("admin:cases_resultexample_recover", args=[deleted.pk])
    page = per.get(recover)
    assert page.status_code == 200
    assert per.post(recover, form_data(page)).status_code == 302
    back = ResultExample.objects.get(pk=result.pk)
    assert (back.title, back.status) == ("Sletta ved ein feil", Status.PUBLISHED)


def test_an_editor_cannot_restore_a_result_into_a_region_she_does_not_edit(cast, client_for):
    per, kari = client_for(cast.per), client_for(cast.kari)
    result = cast.hallingdal.results.get()
    admin_save(per, result, title="Frå Hallingdal")
    admin_save(per, result, region=cast.vest_telemark.pk, goals=[])
    in_hallingdal = versions(result)[0]

    response = kari.post(url(result, "revision", in_hallingdal.pk), {}, follow=True)
    assert "Denne versjonen høyrer til ein byregion du ikkje kan endre." in (
        response.content.decode()
    )
    assert ResultExample.objects.get(pk=result.pk).region == cast.vest_telemark
    assert len(versions(result)) == 2


def test_a_restore_over_a_newer_save_is_refused_and_leaves_no_trace(cast, client_for):
    per, kari = client_for(cast.per), client_for(cast.kari)
    region = cast.vest_telemark
    admin_save(per, region, project_name="Gammal")
    admin_save(per, region, project_name="Nyare")
    oldest = versions(region)[0]
    page = kari.get(url(region, "revision", oldest.pk))
    admin_save(per, region, project_name="Nyast")

    response = kari.post(url(region, "revision", oldest.pk), form_data(page))
    assert response.status_code == 200
    assert "Nokon andre har lagra endringar her" in response.content.decode()
    assert Region.objects.get(pk=region.pk).project_name == "Nyast"
    assert len(versions(region)) == 3


def test_a_result_is_restored_without_a_goal_deleted_since_and_the_editor_is_told(cast, client_for):
    per = client_for(cast.per)
    region, result = cast.vest_telemark, cast.vest_telemark.results.get()
    admin_save(per, region, project_name="Med fire mål")
    one, three = region.goals.get(number=1), region.goals.get(number=3)
    admin_save(per, result, goals=[one.pk, three.pk])
    admin_save(per, result, title="Endra etterpå", goals=[one.pk])
    admin_save(per, region, **{"goals-2-DELETE": "on"})
    assert not region.goals.filter(number=3).exists()

    with_both = versions(result)[0]
    page = per.get(url(result, "revision", with_both.pk))
    assert page.status_code == 200
    assert "finst ikkje lenger og blir ikkje knytt til att." in page.content.decode()
    response = per.post(url(result, "revision", with_both.pk), form_data(page), follow=True)
    assert response.redirect_chain[0][1] == 302
    shown = response.content.decode()
    assert "«Mål 3:" in shown
    assert "finst ikkje lenger og vart ikkje knytt til att." in shown

    connection.check_constraints()
    restored = ResultExample.objects.get(pk=result.pk)
    assert restored.title == "Resultat i Vest-Telemark"
    assert list(restored.goals.all()) == [one]
    through = ResultExample.goals.through.objects.filter(resultexample=result)
    assert list(through.values_list("goal_id", flat=True)) == [one.pk]


def test_a_deleted_result_comes_back_without_a_theme_deleted_since(cast, client_for):
    per = client_for(cast.per)
    result = cast.vest_telemark.results.get()
    kept, gone = make_theme(name="Næring", slug="naering"), make_theme(name="Bu", slug="bu")
    admin_save(per, result, themes=[kept.pk, gone.pk])
    per.post(reverse("admin:cases_theme_delete", args=[gone.pk]), {"post": "yes"})
    per.post(reverse("admin:cases_resultexample_delete", args=[result.pk]), {"post": "yes"})
    assert not ResultExample.objects.filter(pk=result.pk).exists()

    deleted = Version.objects.get_deleted(ResultExample).get()
    recover = reverse("admin:cases_resultexample_recover", args=[deleted.pk])
    page = per.get(recover)
    response = per.post(recover, form_data(page), follow=True)
    assert response.redirect_chain[0][1] == 302
    assert "«Tema: Bu» finst ikkje lenger og vart ikkje knytt til att." in response.content.decode()

    connection.check_constraints()
    assert list(ResultExample.objects.get(pk=result.pk).themes.all()) == [kept]


def test_a_restored_result_keeps_only_goals_of_its_own_region(cast):
    result = cast.vest_telemark.results.get()
    one, two = cast.vest_telemark.goals.get(number=1), cast.vest_telemark.goals.get(number=2)
    with reversion.create_revision():
        cast.vest_telemark.save()
        result.goals.set([one, two])
        result.save()
    Goal.objects.filter(pk=two.pk).update(region=cast.hallingdal, number=9)

    restore = revision_restore(
        model=ResultExample, object_id=result.pk, revision=versions(result)[-1].revision
    )
    connection.check_constraints()
    assert list(restore.obj.goals.all()) == [one]
    assert len(restore.unlinked) == 1 and restore.unlinked[0].startswith("Mål 2: ")
