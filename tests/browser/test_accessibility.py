"""Every public page type, in nynorsk and English, at 375 and 1280 px: axe-core finds no WCAG 2.1
A/AA violation, the page never scrolls sideways on a phone, and the Nu HTML Checker finds no error.
The front page, the region list and the region pages are checked with their maps."""

import pytest

from tests.factories import make_public_site

WIDTHS = (375, 1280)
LANGUAGES = ("", "/en")
PAGES = {
    "home": "/",
    "region-list": "/regionar/",
    "region": "/regionar/vest-telemark/",
    "region-bokmaal": "/regionar/haugalandet/",
    "result": "/regionar/vest-telemark/trenettverket/",
    "result-list": "/resultat/?mal=med",
    "search-hits": "/sok/?q=n%C3%A6ringsliv",
    # A municipality's hit: the regions it was a member of, as links.
    "search-municipality": "/sok/?q=Seljord",
    "search-empty": "/sok/",
    "search-no-hits": "/sok/?q=flyplass",
    "accessibility": "/tilgjengelegheit/",
    "open-data": "/data/",
    "not-found": "/finst-ikkje/",
}
# The pages that draw a map (regions/maps.py), checked with it.
MAPS = {
    "home": "national",
    "region-list": "national",
    "region": "region",
    "region-bokmaal": "region",
}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_page_passes_axe_and_the_html_checker(live_server, page, axe, html_checker):
    make_public_site()
    violations, overflow, sources = {}, {}, {}
    for language in LANGUAGES:
        for name, path in PAGES.items():
            url = f"{live_server.url}{language}{path}"
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                response = page.goto(url)
                expected = 404 if name == "not-found" else 200
                assert response.status == expected, url
                label = f"{language or '/nn'}{path} @{width}"
                found = axe()
                if found:
                    violations[label] = found
                scroll_width = page.evaluate("document.documentElement.scrollWidth")
                if scroll_width > width:
                    overflow[label] = scroll_width
            key = f"{(language or '/nn').strip('/')}-{name}"
            sources[key] = response.text()
            if name in MAPS:
                assert f'class="map map--{MAPS[name]}"' in sources[key], f"no map on {url}"
            if name == "search-municipality":
                assert 'id="treff-kommunar"' in sources[key], f"no municipality hit on {url}"
    assert violations == {}
    assert overflow == {}
    assert html_checker(sources) == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_images_and_styles_load_without_errors(live_server, page):
    """Every asset comes from this site and arrives: no broken image, stylesheet or console error."""
    make_public_site()
    failures, errors = [], []
    page.on("response", lambda r: failures.append(r.url) if r.status >= 400 else None)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/regionar/vest-telemark/trenettverket/")
    # Images load lazily: bring them all into view first.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle")
    loaded = page.evaluate(
        "[...document.images].every(img => img.complete && img.naturalWidth > 0)"
    )
    requested = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert failures == []
    assert errors == []
    assert loaded
    assert all(url.startswith(live_server.url) for url in requested)
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("system-ui")
