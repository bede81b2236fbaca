"""A regional editor's day in a real browser: log in, edit her region, save, and be told (in a page
axe finds nothing wrong with) when someone else saved first, without losing what she typed."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from regions.models import Region
from tests.byregion.formdata import admin_save
from tests.personas import PASSWORD, make_cast


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_kari_edits_her_region_and_is_told_when_per_saved_first(live_server, page, axe):
    cast = make_cast()
    region = cast.vest_telemark
    change = reverse("admin:regions_region_change", args=[region.pk])

    page.goto(f"{live_server.url}{reverse('admin:login')}?next={change}")
    page.fill("#id_username", "kari")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(rf"{re.escape(change)}$"))

    page.fill("#id_project_name", "Attraktiv nærings- og kompetansestruktur")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    assert Region.objects.get(pk=region.pk).project_name == (
        "Attraktiv nærings- og kompetansestruktur"
    )

    # Per saves the same region while Kari still has it open.
    per = Client()
    per.force_login(cast.per)
    admin_save(per, region, organisation="Vest-Telemarkrådet, no med Per")

    page.fill("#id_project_name", "Kari sitt nye prosjektnamn")
    page.click("input[name=_save]")
    conflict = page.locator(".byregion-conflict")
    conflict.wait_for()
    assert "Per lagra" in conflict.inner_text()
    assert "Vest-Telemarkrådet, no med Per" in conflict.inner_text()
    assert page.input_value("#id_project_name") == "Kari sitt nye prosjektnamn"
    assert axe() == []
    stored = Region.objects.get(pk=region.pk)
    assert stored.project_name == "Attraktiv nærings- og kompetansestruktur"

    # Having read it, she saves again on purpose: her field wins, Per's untouched field is lost
    # only because her form still held the older value, which she was shown.
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/regions/region/$"))
    stored = Region.objects.get(pk=region.pk)
    assert stored.project_name == "Kari sitt nye prosjektnamn"
