"""What the admin's JavaScript writes is nynorsk too: TinyMCE (toolbar, menus, the link dialog, the
help dialog, the status bar), the two-list selector, calendar and clock, select2's autocomplete and
the action counter (issue 12). The page as the browser holds it, after each step, goes through the
same check as the server-rendered pages (tests/nynorsk.py), with the JavaScript catalogue the page
loaded and TinyMCE's English source strings added to what counts as untranslated.
"""

import json
import re
from pathlib import Path

import pytest
import tinymce
from django.urls import reverse

from tests.browser.signing_in import sign_in
from tests.nynorsk import (
    NynorskCheck,
    catalogue_key,
    django_untranslated,
    source_entries,
    untranslated,
    visible_strings,
)
from tests.personas import make_cast

ROOT = Path(__file__).resolve().parents[2]
TINYMCE_LANGS = Path(tinymce.__file__).parent / "static" / "tinymce" / "langs"


def language_pack(path):
    """Return the strings of a TinyMCE language pack (tinymce.addI18n(code, {...}))."""
    source = path.read_text(encoding="utf-8")
    body = source[source.index("{", source.index("addI18n")) : source.rindex("}") + 1]
    return json.loads(re.sub(r"\\x([0-9a-fA-F]{2})", r"\\u00\1", body))


def tinymce_untranslated():
    """TinyMCE's English strings (its nb_NO pack's keys) that our nn pack does not translate.

    Keys of one or two letters are left out: «No», «OR», «Ok» read as Norwegian too («No» is now).
    """
    pack = ROOT / "static" / "tinymce" / "langs" / "nn.js"
    ours = language_pack(pack) if pack.exists() else {}
    english = language_pack(TINYMCE_LANGS / "nb_NO.js")
    return {key for key in english if len(key) > 2 and ours.get(key) != key}


@pytest.fixture
def strict_context_options():
    """In a time zone an hour behind the server's."""
    return {"timezone_id": "Atlantic/Reykjavik"}


def check_for(page, live_server):
    """A check that also knows the admin's JavaScript catalogue, as the browser gets it."""
    script = page.request.get(f"{live_server.url}{reverse('admin:jsi18n')}").text()
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", script, re.S).group(1))
    entries = [(e, catalogue_key(e, plural_key=str)) for e in source_entries("djangojs")]
    return NynorskCheck(
        [*django_untranslated(), *untranslated(entries, catalogue)], tinymce_untranslated()
    )


class Seen:
    """What the page showed after each step, and which strings were not nynorsk."""

    def __init__(self, page, live_server):
        self.page = page
        self.check = check_for(page, live_server)
        self.strings = set()
        self.problems = []

    def look(self, step):
        strings = visible_strings(self.page.content())
        self.strings.update(strings)
        self.problems += [f"{step}: {problem}" for problem in self.check.problems(strings)]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_kari_edits_her_region_with_tinymce_in_nynorsk(strict_page, live_server):
    cast = make_cast()
    page = strict_page
    loaded = []
    page.on("response", lambda r: loaded.append((r.url, r.status)) if "/nn.js" in r.url else None)
    change = reverse("admin:regions_region_change", args=[cast.vest_telemark.pk])
    sign_in(page, live_server, "kari", change)
    page.wait_for_selector(".tox-statusbar")
    seen = Seen(page, live_server)
    seen.look("skjemaet")

    editor = page.locator(".tox-tinymce").first
    labels = editor.locator(".tox-toolbar__primary [aria-label]").evaluate_all(
        "buttons => buttons.map(b => b.getAttribute('aria-label'))"
    )
    assert {"Angre", "Gjer om att", "Feit", "Kursiv", "Sitat", "Fjern formatering"} <= set(labels)
    assert "Punktliste" in labels and "Set inn eller rediger lenkje" in labels
    assert "Trykk Alt+0 for hjelp" in editor.locator(".tox-statusbar").inner_text()

    editor.locator(".tox-tbtn--select").click()
    page.wait_for_selector(".tox-collection__item")
    seen.look("blokkmenyen")
    assert "Overskrift 2" in page.locator(".tox-menu").inner_text()
    page.keyboard.press("Escape")

    page.frame_locator("#id_summary_ifr").locator("body").click()
    page.keyboard.press("Control+K")
    dialog = page.locator(".tox-dialog")
    dialog.wait_for()
    seen.look("lenkjedialogen")
    assert "Set inn eller rediger lenkje" in dialog.inner_text()
    assert "Tekst som skal visast" in dialog.inner_text()
    page.keyboard.press("Escape")
    dialog.wait_for(state="detached")

    page.frame_locator("#id_summary_ifr").locator("body").click()
    page.keyboard.press("Alt+0")
    dialog.wait_for()
    seen.look("hjelp: snarvegar")
    assert "Nyttige snarvegar" in dialog.inner_text()
    dialog.get_by_role("tab", name="Tastaturnavigering").click()
    dialog.locator("h1", has_text="Byrje å navigere med tastaturet").wait_for()
    seen.look("hjelp: tastaturnavigering")
    page.keyboard.press("Escape")

    page.locator(".field-municipality .select2-selection").first.click()
    page.fill(".select2-search__field", "zzz")
    page.locator(".select2-results__message", has_text="Ingen treff").wait_for()
    seen.look("kommunesøket")

    assert seen.problems == [], "\n".join(seen.problems)
    assert {url.rsplit("/static/", 1)[1] for url, status in loaded if status == 200} >= {
        "tinymce/langs/nn.js",
        "tinymce/plugins/help/js/i18n/keynav/nn.js",
        "admin/js/vendor/select2/i18n/nn.js",
    }
    assert page.csp_violations() == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ola_adds_a_result_with_the_admin_widgets_in_nynorsk(strict_page, live_server):
    make_cast()
    page = strict_page
    sign_in(page, live_server, "ola", reverse("admin:cases_resultexample_add"))
    page.wait_for_selector(".selector-available")
    seen = Seen(page, live_server)
    seen.look("skjemaet")
    selector = page.locator(".field-themes .selector").inner_text()
    assert "Tilgjengelege tema" in selector and "Valde tema" in selector

    page.locator(".field-published_at .date-icon").click()
    calendar = page.locator(".calendarbox").first
    calendar.wait_for()
    seen.look("kalenderen")
    assert "I morgon" in calendar.inner_text()
    page.keyboard.press("Escape")

    page.locator(".field-published_at .clock-icon").click()
    clock = page.locator(".clockbox").first
    clock.wait_for()
    seen.look("klokka")
    assert "Vel eit klokkeslett" in clock.inner_text() and "Midnatt" in clock.inner_text()
    page.keyboard.press("Escape")
    note = page.locator(".field-published_at .timezonewarning").first.inner_text()
    assert note == "Merk: Du er 1 time bak tenartida."

    page.locator(".field-region .select2-selection").click()
    page.fill(".select2-search__field", "zzz")
    page.locator(".select2-results__message", has_text="Ingen treff").wait_for()
    seen.look("regionsøket")
    page.keyboard.press("Escape")

    page.goto(f"{live_server.url}{reverse('admin:cases_resultexample_changelist')}")
    page.locator("#result_list .action-select").first.check()
    assert page.locator(".action-counter").inner_text() == "1 av 1 vald"
    seen.look("resultatlista")

    assert seen.problems == [], "\n".join(seen.problems)
    assert page.csp_violations() == []
