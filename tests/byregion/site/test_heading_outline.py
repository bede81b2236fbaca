"""Every public page type has one h1 and headings that never skip a level on the way down, with
editors' headings from rich text placed below the section they sit in."""

import re

import pytest

from cases.models import ResultExample
from regions.models import Bottleneck
from tests.factories import make_contact, make_region, make_result, make_site, make_theme

pytestmark = pytest.mark.django_db

RICH = "<h2>Bakgrunn</h2><p>Tekst.</p><h3>Detaljar</h3><p>Meir.</p><h4>Småting</h4><p>Slutt.</p>"


@pytest.fixture
def site():
    """Content whose every rich-text field starts at h2, as an editor would write it."""
    make_site(regions=2, results=2)
    theme = make_theme(slug="rekruttering", name="Rekruttering")
    region = make_region(
        name="Overskrifter",
        slug="overskrifter",
        summary=RICH,
        after_programme=RICH,
        advice="Eitt råd",
        goals=2,
    )
    region.goals.update(text=RICH)
    Bottleneck.objects.create(region=region, text=RICH)
    make_contact(region)
    make_result(region, slug="med-mal", goals=(1, 2), themes=(theme,), body=RICH)
    make_result(region, slug="utan-mal", body=RICH)
    return region


EDITORS = {"Bakgrunn": 0, "Detaljar": 1, "Småting": 2}


def headings(html):
    """(level, text) of every heading in the page's <body>, in order."""
    body = html[html.index("<body") :]
    found = re.findall(r"<h([1-6])[^>]*>(.*?)</h\1>", body, flags=re.S)
    return [(int(level), re.sub(r"<[^>]+>", "", text).strip()) for level, text in found]


def outline(html):
    return [level for level, _text in headings(html)]


def misplaced(html):
    """Editors' headings not one, two or three levels below the page heading they sit under."""
    wrong, section = [], None
    for level, text in headings(html):
        if text not in EDITORS:
            section = level
        elif level != section + 1 + EDITORS[text]:
            wrong.append((text, level, section))
    return wrong


def skips(levels):
    return [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]


PAGES = [
    "/",
    "/regionar/",
    "/regionar/overskrifter/",
    "/regionar/overskrifter/med-mal/",
    "/regionar/overskrifter/utan-mal/",
    "/resultat/",
    "/sok/?q=tekst",
    "/sok/?q=finstikkjeordet",
    "/tilgjengelegheit/",
    "/data/",
    "/finst-ikkje/",
    "/en/regionar/overskrifter/",
]


@pytest.mark.parametrize("path", PAGES)
def test_the_heading_outline_has_one_h1_and_no_skipped_level(client, site, path):
    response = client.get(path)
    levels = outline(response.content.decode())
    assert levels.count(1) == 1, (path, levels)
    assert levels[0] == 1, (path, levels)
    assert skips(levels) == [], (path, levels)
    assert misplaced(response.content.decode()) == [], path


def test_a_results_own_headings_follow_its_title(client, site):
    result = ResultExample.objects.get(slug="utan-mal")
    html = client.get(result.get_absolute_url()).content.decode()
    assert "<h2>Bakgrunn</h2>" in html and "<h3>Detaljar</h3>" in html
