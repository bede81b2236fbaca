"""Kari opens the advice on her region in a real browser, follows it to the quality report, and
axe finds nothing wrong with either: the panel on the change form, and the whole report."""

import pytest
from django.urls import reverse
from django.utils import timezone

from byregion.models import LinkStatus
from cases.models import ResultImage
from tests.browser.signing_in import sign_in
from tests.browser.test_admin_journeys import axe_violations_in
from tests.factories import image_upload, make_result
from tests.personas import make_cast

BROKEN = "https://borte.example.org/rapport"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_kari_reads_the_quality_report_of_her_region(live_server, page, axe):
    cast = make_cast()
    region = cast.vest_telemark
    region.goals.filter(number=1).update(text="<h3>Delmål</h3><p><a href='#'>her</a></p>")
    result = make_result(
        region,
        title="Lærlingar i Vinje",
        published=False,
        body=f"<p>Sjå <a href='{BROKEN}'>rapporten om lærlingar</a>.</p>",
    )
    ResultImage.objects.create(
        result=result, image=image_upload(size=(64, 36)), alt_text="Bilete av verkstaden"
    )
    LinkStatus.objects.create(url=BROKEN, status_code=404, checked_at=timezone.now())
    change = reverse("admin:regions_region_change", args=[region.pk])

    sign_in(page, live_server, "kari", change)

    panel = page.locator(".byregion-advice")
    assert "Mål 1: den første overskrifta, «Delmål», er Overskrift 3." in panel.inner_text()
    assert axe_violations_in(page, ".byregion-advice") == []

    page.click("text=Kvalitetsrapport")
    page.wait_for_selector("h1")
    assert page.locator("h1").inner_text() == "Kvalitetsrapport for Vest-Telemark"
    report = page.locator("#content-main").inner_text()
    assert "Mål 1: lenkjeteksten «her» seier ikkje kvar lenkja fører." in report
    assert "Bilete 1: den alternative teksten byrjar med «Bilete av»." in report
    assert f"Tekst: lenkja til {BROKEN} verkar ikkje (404, sjekka" in report
    assert axe() == []
    page.set_viewport_size({"width": 375, "height": 800})
    assert axe() == []
