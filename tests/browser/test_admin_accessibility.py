"""Every admin page type an editor uses passes axe-core (WCAG 2.1 A/AA) with its scripts and the
editor loaded, as a regional editor and as programme staff, at 1280 and 375 px; no page is wider
than the window, and at 1280 px no list scrolls inside its box either (issue 12). Set BYREGION_ADMIN_SHOTS to a folder to keep a
screenshot of each page and width there."""

import json
import os
from pathlib import Path

import pytest
import reversion
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from tests.browser.signing_in import sign_in as sign_in_browser
from tests.formdata import admin_save, change_url
from tests.personas import make_cast
from tests.two_factor import give_app, sign_in

WIDTHS = (1280, 375)
# How far a list's table reaches beyond its box (0 when it fits).
RESULTS_HIDDEN = """(() => {
  const box = document.querySelector('#changelist-form .results');
  return box ? box.scrollWidth - box.clientWidth : 0;
})()"""
SHOTS = os.environ.get("BYREGION_ADMIN_SHOTS")


def admin(view, *args):
    return reverse(f"admin:{view}", args=args)


def versions(obj):
    return list(Version.objects.get_for_object(obj).order_by("pk"))


def editor_pages(cast, username):
    """The admin pages an editor of Vest-Telemark uses, by name (adding regions is for staff)."""
    region, result = cast.vest_telemark, cast.vest_telemark.results.get()
    older, newer = versions(region)[:2]
    staff = {"region-add": admin("regions_region_add")} if username == "per" else {}
    return staff | {
        "index": admin("index"),
        "region-list": admin("regions_region_changelist"),
        "result-list": admin("cases_resultexample_changelist"),
        "region-change": admin("regions_region_change", region.pk),
        "result-add": admin("cases_resultexample_add"),
        "result-change": admin("cases_resultexample_change", result.pk),
        "region-history": admin("regions_region_history", region.pk),
        "region-compare": admin("regions_region_compare", region.pk)
        + f"?fra={older.pk}&til={newer.pk}",
        "region-revision": admin("regions_region_revision", region.pk, older.pk),
        "result-history": admin("cases_resultexample_history", result.pk),
    }


def check(page, name, width, axe, found, too_wide):
    page.set_viewport_size({"width": width, "height": 900})
    if page.locator(".tox-tinymce").count():
        page.wait_for_selector(".tox-statusbar")
    violations = axe()
    if violations:
        found[f"{name} @{width}"] = violations
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    # At 1280 px neither the page nor a list's own box scrolls sideways: the list fits.
    hidden = page.evaluate(RESULTS_HIDDEN)
    if scroll_width > width or (width >= 1280 and hidden > 0):
        too_wide[f"{name} @{width}"] = (scroll_width, hidden)
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)


@pytest.fixture
def scene(transactional_db):
    cast = make_cast()
    per = sign_in(Client(), cast.per)
    admin_save(per, cast.vest_telemark, project_name="Næring og kompetanse")
    admin_save(per, cast.vest_telemark, project_name="Attraktiv næringsstruktur")
    with reversion.create_revision():
        cast.vest_telemark.results.get().save()
    return cast


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("username", ["kari", "per"])
def test_every_admin_page_an_editor_uses_passes_axe(scene, username, live_server, page, axe):
    found, too_wide = {}, {}
    page.goto(f"{live_server.url}{reverse('admin:login')}")
    for width in WIDTHS:
        check(page, f"{username}-login", width, axe, found, too_wide)
    pages = editor_pages(scene, username)
    sign_in_browser(page, live_server, username, pages["index"])
    for name, url in pages.items():
        page.goto(f"{live_server.url}{url}")
        # Forms are checked with a new row in each inline, as an editor adds one.
        for add_row in page.locator(".add-row a").all():
            add_row.click()
        for width in WIDTHS:
            check(page, f"{username}-{name}", width, axe, found, too_wide)

    # The conflict page: someone else saved the region after it was opened here.
    region = scene.vest_telemark
    page.goto(f"{live_server.url}{change_url(region)}")
    page.wait_for_selector(".tox-statusbar")
    admin_save(sign_in(Client(), scene.per), region, organisation="Vest-Telemarkrådet, endra")
    page.fill("#id_project_name", "Eit anna namn")
    page.click("input[name=_continue]")
    page.wait_for_selector(".byregion-conflict")
    for width in WIDTHS:
        check(page, f"{username}-region-conflict", width, axe, found, too_wide)

    assert found == {}, json.dumps(found, indent=1, ensure_ascii=False)
    assert too_wide == {}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_user_pages_pass_axe(live_server, page, axe):
    cast = make_cast()
    app = give_app(cast.astrid)
    users = admin("auth_user_changelist")
    sign_in_browser(page, live_server, "astrid", users, app=app)
    found, too_wide = {}, {}
    for name, url in {
        "user-list": users,
        "user-change": admin("auth_user_change", cast.kari.pk),
        "user-add": admin("auth_user_add"),
        "log-list": admin("admin_logentry_changelist"),
    }.items():
        page.goto(f"{live_server.url}{url}")
        for width in WIDTHS:
            check(page, f"astrid-{name}", width, axe, found, too_wide)
    assert found == {}, json.dumps(found, indent=1, ensure_ascii=False)
    assert too_wide == {}
