"""A hand-over for approval in a real browser: Kari, a regional editor who may not publish, sends a
result for approval; Per, programme staff, sends it back with a comment; Kari mends it and sends
it again; Per publishes it. axe finds nothing wrong with what the admin index adds."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import ResultExample
from regions.models import Status
from tests.browser.signing_in import sign_in
from tests.browser.test_admin_journeys import axe_violations_in
from tests.personas import make_cast


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_kari_sends_a_result_per_sends_it_back_kari_mends_it_and_per_publishes_it(
    live_server, page
):
    cast = make_cast()
    result = ResultExample.objects.get(region=cast.vest_telemark)
    ResultExample.objects.filter(pk=result.pk).update(status=Status.DRAFT, published_at=None)
    # Something overdue for review, so the index shows that panel too.
    cast.hallingdal.results.update(review_by=timezone.localdate() - dt.timedelta(days=2))
    change = reverse("admin:cases_resultexample_change", args=[result.pk])
    index = reverse("admin:index")

    # Kari hands the draft over with a message.
    sign_in(page, live_server, "kari", change)
    page.get_by_role("link", name="Send til godkjenning").click()
    page.fill("#id_message", "Første utkast, sjå særleg på ingressen.")
    page.get_by_role("button", name="Send til godkjenning").click()
    page.wait_for_selector(".messagelist .success")
    assert "Ventar på godkjenning" in page.locator(".byregion-approval").inner_text()

    # Per finds it in his queue and sends it back with a comment.
    sign_in(page, live_server, "per", index)
    queue = page.locator("section[aria-labelledby=queue-heading]")
    assert "Resultat i Vest-Telemark" in queue.inner_text()
    assert "Første utkast, sjå særleg på ingressen." in queue.inner_text()
    assert "På overtid" in page.locator("section[aria-labelledby=reviews-heading]").inner_text()
    assert axe_violations_in(page, ".byregion-overview") == []
    queue.get_by_role("link", name="Resultat i Vest-Telemark").click()
    assert axe_violations_in(page, "#content-main") == []
    page.fill("#id_comment", "Ingressen bør seie kor mange som fekk læreplass.")
    page.get_by_role("button", name="Send tilbake").click()
    page.wait_for_selector(".messagelist .success")
    assert ResultExample.objects.get(pk=result.pk).status == Status.DRAFT

    # Kari sees the comment, mends the teaser and sends it again.
    sign_in(page, live_server, "kari", index)
    returned = page.locator("section[aria-labelledby=returned-heading]")
    assert "Ingressen bør seie kor mange som fekk læreplass." in returned.inner_text()
    assert axe_violations_in(page, ".byregion-overview") == []
    returned.get_by_role("link", name="Resultat i Vest-Telemark").click()
    assert "Sendt tilbake av Per" in page.locator(".byregion-approval").inner_text()
    assert axe_violations_in(page, ".byregion-approval") == []
    page.fill("#id_teaser", "Tolv ungdomar fekk læreplass gjennom ordninga.")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    page.get_by_role("link", name="Send til godkjenning").click()
    page.fill("#id_message", "Retta.")
    page.get_by_role("button", name="Send til godkjenning").click()
    page.wait_for_selector(".messagelist .success")

    # Per publishes it.
    sign_in(page, live_server, "per", index)
    page.locator("section[aria-labelledby=queue-heading]").get_by_role(
        "link", name="Resultat i Vest-Telemark"
    ).click()
    assert "Retta." in page.locator("#content-main").inner_text()
    page.get_by_role("button", name="Publiser").click()
    page.wait_for_selector(".messagelist .success")
    published = ResultExample.objects.get(pk=result.pk)
    assert published.status == Status.PUBLISHED
    assert published.teaser == "Tolv ungdomar fekk læreplass gjennom ordninga."

    page.context.clear_cookies()
    page.goto(f"{live_server.url}{published.get_absolute_url()}")
    assert "Tolv ungdomar fekk læreplass" in page.content()
