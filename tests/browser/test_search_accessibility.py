"""The search page with a municipality's hit (its links to the regions it was in) passes axe-core
and the Nu HTML Checker in nynorsk and English at 375 and 1280 px, and never scrolls sideways."""

import pytest

from tests.factories import make_public_site


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_municipality_hit_passes_axe_and_the_html_checker(live_server, page, axe, html_checker):
    make_public_site()
    violations, overflow, sources = {}, {}, {}
    for language in ("", "/en"):
        url = f"{live_server.url}{language}/sok/?q=Seljord"
        for width in (375, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            response = page.goto(url)
            assert response.status == 200
            label = f"{language or '/nn'} @{width}"
            found = axe()
            if found:
                violations[label] = found
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                overflow[label] = scroll_width
        sources[language or "nn"] = response.text()
        assert 'id="treff-kommunar"' in sources[language or "nn"]
    assert violations == {}
    assert overflow == {}
    assert html_checker(sources) == []
