"""No lost updates: of two people editing the same region or result example, the second to save is
told what the first changed, keeps what they typed, and saves over it only by saving again."""

import pytest
from django.urls import reverse

from byregion.editorial.services import content_publish
from cases.models import ResultExample
from regions.models import Region
from tests.factories import image_upload
from tests.formdata import admin_save, change_url, form_data, opened

pytestmark = pytest.mark.django_db

REFUSED = "Nokon andre har lagra endringar her etter at du opna skjemaet"


def test_the_second_save_is_refused_with_who_changed_what_and_keeps_what_was_typed(
    cast, client_for
):
    per, kari = client_for(cast.per), client_for(cast.kari)
    region = cast.vest_telemark
    admin_save(per, region, project_name="Før nokon opna")
    kari_form = opened(kari, region)
    admin_save(
        per,
        region,
        project_name="Pers prosjektnamn",
        **{"goals-0-text": "<p>Mål nummer 1, slik Per skreiv det.</p>"},
    )

    kari_form["summary"] = "<p>Kari skreiv dette samandraget.</p>"
    response = kari.post(change_url(region), kari_form)

    assert response.status_code == 200
    html = response.content.decode()
    assert REFUSED in html
    assert "Per lagra" in html
    assert "Prosjektnamn" in html
    assert "<td>Før nokon opna</td>" in html
    assert "<td>Pers prosjektnamn</td>" in html
    assert "Mål 1: Mål nummer 1, slik Per skreiv det." in html
    assert "Mål nummer 1<ins>, slik Per skreiv det.</ins>" in html
    assert "Kari skreiv dette samandraget." in html
    region.refresh_from_db()
    assert region.project_name == "Pers prosjektnamn"
    assert "Kari" not in region.summary


def test_saving_again_after_reading_saves_over_the_other_changes(cast, client_for):
    per, kari = client_for(cast.per), client_for(cast.kari)
    region = cast.vest_telemark
    kari_form = opened(kari, region)
    admin_save(per, region, project_name="Pers prosjektnamn")
    kari_form["summary"] = "<p>Kari sitt samandrag.</p>"
    refused = kari.post(change_url(region), kari_form)
    assert refused.status_code == 200

    again = kari.post(change_url(region), form_data(refused))

    assert again.status_code == 302
    region.refresh_from_db()
    assert region.summary == "<p>Kari sitt samandrag.</p>"
    assert region.project_name == ""


def test_a_change_to_an_inline_alone_is_caught(cast, client_for):
    per, kari = client_for(cast.per), client_for(cast.kari)
    region = cast.vest_telemark
    admin_save(per, region, project_name="Næring og kompetanse")
    kari_form = opened(kari, region)
    admin_save(per, region, **{"contacts-0-phone": "900 00 000"})

    kari_form["contacts-0-role"] = "Dagleg leiar"
    response = kari.post(change_url(region), kari_form)

    assert response.status_code == 200
    html = response.content.decode()
    assert REFUSED in html
    assert "Kontaktperson: Ole Dalen" in html
    assert "<td>+4741423433</td>" in html
    assert "<td>+4790000000</td>" in html
    assert region.contacts.get().role == ""


def test_an_image_added_to_a_result_is_caught(cast, client_for):
    per, kari = client_for(cast.per), client_for(cast.kari)
    result = cast.vest_telemark.results.get()
    admin_save(per, result, teaser="Meir tre i offentlege bygg.")
    kari_form = opened(kari, result)
    admin_save(
        per,
        result,
        **{
            "images-TOTAL_FORMS": "1",
            "images-0-image": image_upload(),
            "images-0-alt_text": "Trebygg i Seljord",
            "images-0-position": "0",
        },
    )

    kari_form["title"] = "Karis tittel"
    response = kari.post(change_url(result), kari_form)

    assert response.status_code == 200
    html = response.content.decode()
    assert REFUSED in html
    assert "Bilete: Trebygg i Seljord" in html
    assert "(lagt til)" in html
    assert 'value="Karis tittel"' in html
    assert ResultExample.objects.get(pk=result.pk).title != "Karis tittel"


def test_publishing_in_between_is_caught_too(cast, client_for):
    kari = client_for(cast.kari)
    region = cast.vest_telemark
    per = client_for(cast.per)
    per.post(
        reverse("admin:regions_region_changelist"),
        {"action": "unpublish_selected", "_selected_action": [region.pk]},
    )
    kari_form = opened(kari, region)
    content_publish(obj=Region.objects.get(pk=region.pk), user=cast.per)

    response = kari.post(change_url(region), kari_form | {"project_name": "Karis"})

    assert response.status_code == 200
    html = response.content.decode()
    assert REFUSED in html
    assert "<td>Utkast</td>" in html
    assert "<td>Publisert</td>" in html


def test_a_save_outside_the_admin_is_caught_and_said_to_be_unrecorded(cast, client_for):
    kari = client_for(cast.kari)
    region = cast.vest_telemark
    kari_form = opened(kari, region)
    Region.objects.get(pk=region.pk).save()

    response = kari.post(change_url(region), kari_form | {"project_name": "Karis"})

    assert response.status_code == 200
    html = response.content.decode()
    assert REFUSED in html
    assert "utanfor redigeringa, så kva som vart endra er ikkje registrert" in html
    assert Region.objects.get(pk=region.pk).project_name == ""


def test_a_form_without_its_token_is_refused(cast, client_for):
    kari = client_for(cast.kari)
    kari_form = opened(kari, cast.vest_telemark)
    del kari_form["loaded_token"]
    response = kari.post(change_url(cast.vest_telemark), kari_form | {"project_name": "Karis"})
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert Region.objects.get(pk=cast.vest_telemark.pk).project_name == ""


def test_two_saves_in_a_row_by_the_same_person_need_no_reload(cast, client_for):
    per = client_for(cast.per)
    admin_save(per, cast.vest_telemark, project_name="Éin")
    admin_save(per, cast.vest_telemark, project_name="To")
    assert Region.objects.get(pk=cast.vest_telemark.pk).project_name == "To"
