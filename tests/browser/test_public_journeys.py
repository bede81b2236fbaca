"""What a visitor does on the public site, in a real browser: follow links from the front page to a
region and a result, filter, search, switch language, and do it all with the keyboard alone."""

import re

import pytest

from tests.factories import make_public_site

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def site(live_server):
    make_public_site()
    return live_server.url


def test_front_page_to_region_to_result(site, page):
    page.goto(site + "/")
    assert (
        page.locator("h1").inner_text().replace("\u00ad", "")
        == "Byregionprogrammet: mål og resultat"
    )
    page.locator(".region-names").get_by_role("link", name="Vest-Telemark", exact=True).click()
    page.wait_for_url(site + "/regionar/vest-telemark/")
    assert page.locator("h1").inner_text() == "Vest-Telemark"
    goal = page.locator("#mal-4")
    assert "bustadsattraktiviteten" in goal.inner_text()
    # Under goal 4 the result is a link to its card, shown once under the first goal it advances.
    goal.get_by_role("link", name="Trenettverket").click()
    page.wait_for_url(site + "/regionar/vest-telemark/#resultat-trenettverket")
    page.locator("#resultat-trenettverket").get_by_role("link", name="Trenettverket").click()
    page.wait_for_url(site + "/regionar/vest-telemark/trenettverket/")
    assert page.locator("h1").inner_text() == "Trenettverket"
    assert page.get_by_role("link", name="Mål 4").is_visible()
    assert page.locator("figure img").first.get_attribute("alt") == (
        "Hyblar i massivtre under bygging"
    )


def test_filtering_regions_and_results(site, page):
    page.goto(site + "/regionar/")
    page.select_option("#id_fylke", "11")
    page.get_by_role("button", name="Vis").click()
    page.wait_for_url(re.compile(r".*\?fylke=11.*"))
    titles = page.locator(".card__title").all_inner_texts()
    assert titles == ["Haugalandet"]

    page.goto(site + "/resultat/")
    page.select_option("#id_tema", "offentleg-innkjop")
    page.select_option("#id_mal", "med")
    page.get_by_role("button", name="Vis").click()
    page.wait_for_url(re.compile(r".*tema=offentleg-innkjop.*mal=med.*"))
    titles = page.locator(".card__title").all_inner_texts()
    assert titles == ["Trenettverket", "Offentleg innkjøp av kunnskap"]
    page.get_by_role("link", name="Nullstill filtra").click()
    page.wait_for_url(site + "/resultat/")
    assert page.locator(".card__title").count() == 4


def test_search_finds_and_marks(site, page):
    page.goto(site + "/")
    page.get_by_label("Søk i byregionar og resultat").fill("næringshagen")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/sok/\?q=.*"))
    assert "Trenettverket" in page.locator("#treff-resultat").locator("..").inner_text()
    # PostgreSQL matches by stem: «næringshage» marks «næringshagen» too.
    marks = [mark.lower() for mark in page.locator("mark").all_inner_texts()]
    assert marks and all(mark.startswith("næringshage") for mark in marks)
    page.get_by_label("Søk i byregionar og resultat").fill("flyplass")
    page.get_by_role("button", name="Søk", exact=True).click()
    assert "Fann ingen byregionar eller resultat for «flyplass»." in page.inner_text("main")
    page.get_by_role("link", name="Bustad (2)").click()
    page.wait_for_url(site + "/resultat/?tema=bustad")


def test_switching_language_keeps_the_page(site, page):
    page.goto(site + "/regionar/vest-telemark/")
    page.get_by_role("link", name="English").click()
    page.wait_for_url(site + "/en/regionar/vest-telemark/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Goals and results").is_visible()
    assert page.locator(".prose").first.get_attribute("lang") == "nn"
    page.get_by_role("link", name="Bokmål").click()
    page.wait_for_url(site + "/nb/regionar/vest-telemark/")
    assert page.locator("html").get_attribute("lang") == "nb"
    page.get_by_role("link", name="Nynorsk").click()
    page.wait_for_url(site + "/regionar/vest-telemark/")
    assert page.locator("html").get_attribute("lang") == "nn"


def _focused(page):
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          const style = getComputedStyle(el);
          return {tag: el.tagName, id: el.id, cls: el.className, text: el.innerText,
                  href: el.getAttribute('href'), outline: style.outlineStyle,
                  outlineWidth: parseFloat(style.outlineWidth), shadow: style.boxShadow,
                  top: el.getBoundingClientRect().top};
        }"""
    )


def test_keyboard_only_journey(site, page):
    page.goto(site + "/")
    page.keyboard.press("Tab")
    skip = _focused(page)
    assert skip["cls"] == "skip-link"
    assert skip["text"] == "Hopp til hovudinnhaldet"
    assert skip["top"] >= 0, "the skip link must come into view when focused"
    assert skip["outline"] != "none" and skip["outlineWidth"] >= 2
    page.keyboard.press("Enter")
    assert _focused(page)["id"] == "main"
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = _focused(page)
        # The HTML link (tag A), past the one on the map (an SVG <a>, whose focus is drawn there).
        if focused["tag"] == "A" and focused["href"] == "/regionar/vest-telemark/":
            break
    else:
        pytest.fail("Tab never reached the link to Vest-Telemark")
    assert focused["outline"] == "solid" and focused["outlineWidth"] >= 3
    assert "rgb(255, 212, 0)" in focused["shadow"]
    page.keyboard.press("Enter")
    page.wait_for_url(site + "/regionar/vest-telemark/")
    assert page.locator("h1").inner_text() == "Vest-Telemark"


def test_a_region_on_the_map_opens_with_the_keyboard(site, page):
    page.goto(site + "/regionar/")
    on_map = page.locator("svg.map").get_by_role("link", name="Haugalandet", exact=True)
    assert on_map.count() == 1
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = _focused(page)
        if focused["tag"] == "a" and focused["href"] == "/regionar/haugalandet/":
            break
    else:
        pytest.fail("Tab never reached Haugalandet on the map")
    # The site's focus colours, drawn on the region itself: yellow with a near-black edge.
    shape = page.evaluate(
        """() => {
          const style = getComputedStyle(document.activeElement.querySelector('path'));
          return {fill: style.fill, stroke: style.stroke, width: parseFloat(style.strokeWidth)};
        }"""
    )
    assert shape == {"fill": "rgb(255, 212, 0)", "stroke": "rgb(11, 12, 12)", "width": 3}
    page.keyboard.press("Enter")
    page.wait_for_url(site + "/regionar/haugalandet/")
    assert page.locator("h1").inner_text() == "Haugalandet"
    region_map = page.get_by_role(
        "img", name="Kart over Haugalandet med kommunane Haugesund, Karmøy"
    )
    assert region_map.is_visible()


def test_pages_read_fine_without_javascript(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/resultat/?tema=bustad")
    assert page.locator(".card__title").all_inner_texts() == ["Trenettverket", "Ny næringshage"]
    page.goto(site + "/sok/?q=Trenettverket")
    assert "Trenettverket" in page.inner_text("main")
    context.close()
