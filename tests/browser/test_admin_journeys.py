"""A regional editor's day in a real browser: log in, edit her region, save, and be told (in a
message axe finds nothing wrong with) when someone else saved first, without losing what she typed."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from regions.models import Region
from tests.browser.conftest import AXE_JS, WCAG_TAGS
from tests.browser.signing_in import sign_in
from tests.formdata import admin_save
from tests.personas import make_cast


def axe_violations_in(page, *selectors):
    """Return axe's WCAG 2.1 A/AA rule ids violated inside these parts of the page.

    The rest of the change form is TinyMCE's and Django's own markup, checked elsewhere.
    """
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        "([include, tags]) => axe.run({include: include}, {runOnly: {type: 'tag', values: tags}})",
        [[[selector] for selector in selectors], WCAG_TAGS],
    )
    return [violation["id"] for violation in result["violations"]]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_kari_edits_her_region_and_is_told_when_per_saved_first(live_server, page):
    cast = make_cast()
    region = cast.vest_telemark
    change = reverse("admin:regions_region_change", args=[region.pk])

    sign_in(page, live_server, "kari", change)

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
    assert axe_violations_in(page, ".errornote", ".errorlist.nonfield", ".byregion-conflict") == []
    stored = Region.objects.get(pk=region.pk)
    assert stored.project_name == "Attraktiv nærings- og kompetansestruktur"

    # Having read it, she saves again on purpose: her field wins, Per's untouched field is lost
    # only because her form still held the older value, which she was shown.
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/regions/region/$"))
    stored = Region.objects.get(pk=region.pk)
    assert stored.project_name == "Kari sitt nye prosjektnamn"
