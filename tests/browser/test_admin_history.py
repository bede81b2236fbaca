"""The history tells the truth in a real browser (issue 12): TinyMCE re-serialises the rich text it
was given, and a save of the Vest-Telemark form that changes nothing keeps no revision and no log
entry; an edit of «Vidare arbeid» alone is logged as that field alone."""

import re

import pytest
import reversion
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from reversion.models import Version

from regions.models import Region
from tests.browser.signing_in import sign_in
from tests.personas import make_cast

# Several blocks, a list, a quotation, a no-break space and a link with a title: everything TinyMCE
# writes differently from the sanitiser (lines between blocks, U+00A0, the order of attributes).
SUMMARY = (
    "<p>Seks kommunar&nbsp;i Vest-Telemark arbeider saman om <strong>næringsliv</strong>.</p>"
    "<h2>Mål</h2><ul><li>Innkjøp</li><li>Bustader<br>og tomter</li></ul>"
    "<blockquote><p>Vi lærte mykje.</p></blockquote>"
    '<p><a title="Vest-Telemarkrådet" href="https://vt-radet.no/?side=1&amp;b=2">Rådet</a></p>'
)


def revisions(region):
    return Version.objects.get_for_object(region).count()


def logged(region):
    return list(
        LogEntry.objects.filter(object_id=str(region.pk), content_type__model="region")
        .order_by("pk")
        .values_list("change_message", flat=True)
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_saving_the_form_unchanged_keeps_no_revision(strict_page, live_server):
    region = make_cast().vest_telemark
    region.summary = SUMMARY
    region.after_programme = "<p>Trenettverket held fram.</p><p>Innkjøpa òg.</p>"
    with reversion.create_revision():
        region.save()
    before = revisions(region)
    change = reverse("admin:regions_region_change", args=[region.pk])
    page = strict_page
    sign_in(page, live_server, "per", change)
    page.wait_for_selector("#id_summary_ifr")
    page.wait_for_selector(".tox-statusbar")

    for _save in range(2):
        page.click("input[name=_continue]")
        page.wait_for_selector(".messagelist li")
        assert page.inner_text(".messagelist") == "Ingenting var endra, så ingenting vart lagra."
        page.wait_for_selector(".tox-statusbar")
    assert revisions(region) == before
    assert logged(region) == []

    page.frame_locator("#id_after_programme_ifr").locator("body p").last.click()
    page.keyboard.press("End")
    page.keyboard.type(" Og skulane.")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")

    assert revisions(region) == before + 1
    assert len(logged(region)) == 1
    entry = LogEntry.objects.get(object_id=str(region.pk), content_type__model="region")
    assert entry.get_change_message() == "Endra Vidare arbeid etter programmet."
    stored = Region.objects.get(pk=region.pk)
    assert (
        stored.after_programme == "<p>Trenettverket held fram.</p>\n<p>Innkjøpa òg. Og skulane.</p>"
    )

    # The history's newest comparison shows that field, and only it.
    page.goto(f"{live_server.url}{reverse('admin:regions_region_history', args=[region.pk])}")
    page.click("text=Sjå endringane >> nth=0")
    page.wait_for_url(re.compile(r"/history/compare/"))
    assert "Vidare arbeid etter programmet" in page.inner_text("#content")
    assert "Samandrag" not in page.inner_text("#content")
    assert page.csp_violations() == []
