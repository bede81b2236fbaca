"""The maps a visitor sees: Norway with each region a link on /regionar/ and the front page, and a
region among its neighbours on its page; inline SVG drawn by the server (regions/maps.py)."""

import html
import io
import re

import pytest
from django.core.management import call_command

from regions.models import Membership, Municipality, Region
from tests import svgpath
from tests.factories import make_region

pytestmark = pytest.mark.django_db

CREDIT = "Kommunegrenser: © Kartverket, CC BY 4.0"
NATIONAL_KB = 80
REGION_KB = 15


def svg(response, kind):
    """Return the markup of the page's map of the given kind («national» or «region»)."""
    found = re.findall(rf'<svg class="map map--{kind}".*?</svg>', response.content.decode(), re.S)
    assert len(found) <= 1
    return found[0] if found else ""


def links(markup):
    """Return [(address, accessible name)] of the map's region links, in order."""
    return [
        (href, html.unescape(name))
        for href, name in re.findall(
            r'<a class="map__region" href="([^"]+)"><title>([^<]*)</title>', markup
        )
    ]


def paths(markup, css_class=None):
    """Return the path data of the map's paths (only those of `css_class` when given)."""
    pattern = rf'<path class="{css_class}" d="([^"]*)"' if css_class else r'<path[^>]* d="([^"]*)"'
    return re.findall(pattern, markup)


def municipalities_drawn(markup):
    """Count the municipalities the map draws: each one's path data starts with an absolute move."""
    markup = re.sub(r"<defs>.*?</defs>", "", markup)
    land = "".join(re.findall(r'<path (?:class="map__(?:land|shared)" )?d="([^"]*)"', markup))
    return land.count("M")


@pytest.fixture
def regions():
    """Vest-Telemark (Telemark, phases 1 and 2), Notodden (Telemark, sharing Seljord),
    Haugalandet (Rogaland, phase 2) and a draft in Agder."""
    telemark = make_region(
        name="Vest-Telemark",
        slug="vest-telemark",
        municipalities=("4034", "4022", "4028", "4030", "4032", "4036"),
        phase_1=True,
    )
    notodden = make_region(
        name="Notodden-regionen", slug="notodden", municipalities=("4005", "4022", "3303")
    )
    haugalandet = make_region(
        name="Haugalandet", slug="haugalandet", municipalities=("1106", "1149")
    )
    make_region(name="Uferdig", slug="uferdig", municipalities=("4203",), published=False)
    return telemark, notodden, haugalandet


def test_the_region_list_draws_every_municipality_and_links_each_region(client, regions):
    markup = svg(client.get("/regionar/"), "national")
    assert links(markup) == [
        ("/regionar/haugalandet/", "Haugalandet"),
        ("/regionar/notodden/", "Notodden-regionen"),
        ("/regionar/vest-telemark/", "Vest-Telemark"),
    ]
    # All 357 municipalities once, and Seljord a second time in the second region it is in.
    assert municipalities_drawn(markup) == 357 + 1
    assert paths(markup, "map__counties")[0].startswith("M")
    assert 'role="group" aria-label="Kart over byregionane"' in markup
    assert "/regionar/uferdig/" not in markup


def test_a_municipality_in_two_regions_is_drawn_in_both_and_striped_in_the_second(client, regions):
    response = client.get("/regionar/")
    markup = svg(response, "national")
    seljord = Municipality.objects.get(number="4022").shape.national
    vest_telemark = markup[markup.index('href="/regionar/vest-telemark/"') :]
    notodden = markup[markup.index('href="/regionar/notodden/"') : markup.index("vest-telemark")]
    # Notodden comes first in the list: Seljord is plain there and striped in Vest-Telemark.
    assert seljord in paths(notodden)[0]
    assert paths(vest_telemark, "map__shared") == [seljord]
    assert seljord not in paths(vest_telemark)[0]
    assert "Kommune i fleire byregionar" in response.content.decode()


def test_the_legend_names_stripes_only_when_there_are_some(client, db):
    make_region(name="Haugalandet", slug="haugalandet", municipalities=("1106", "1149"))
    response = client.get("/regionar/")
    assert "map__shared" not in svg(response, "national")
    assert "Kommune i fleire byregionar" not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "linked"),
    [
        ("?fylke=11", ["Haugalandet"]),
        ("?fylke=40", ["Notodden-regionen", "Vest-Telemark"]),
        ("?fase=1", ["Vest-Telemark"]),
        ("?fylke=40&fase=1", ["Vest-Telemark"]),
    ],
)
def test_the_filters_apply_to_the_map(client, regions, query, linked):
    markup = svg(client.get(f"/regionar/{query}"), "national")
    assert [name for _href, name in links(markup)] == linked
    # The regions filtered out are quiet land again: every municipality is still drawn once.
    assert municipalities_drawn(markup) == 357 + (1 if len(linked) == 2 else 0)


def test_no_match_shows_no_map(client, regions):
    response = client.get("/regionar/?fylke=03")
    assert svg(response, "national") == ""
    assert CREDIT not in response.content.decode()


def test_the_front_page_shows_the_map_beside_the_list_of_regions(client, regions):
    response = client.get("/")
    page = response.content.decode()
    markup = svg(response, "national")
    assert [name for _href, name in links(markup)] == [
        "Haugalandet",
        "Notodden-regionen",
        "Vest-Telemark",
    ]
    names = page[page.index('<ul class="region-names">') :]
    names = names[: names.index("</ul>")]
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', names) == [
        ("/regionar/haugalandet/", "Haugalandet"),
        ("/regionar/notodden/", "Notodden-regionen"),
        ("/regionar/vest-telemark/", "Vest-Telemark"),
    ]


def test_a_region_name_is_escaped_in_its_link(client, db):
    make_region(name='Fjord & fjell <"nord">', slug="fjord", municipalities=("1106",))
    markup = svg(client.get("/regionar/"), "national")
    assert "<title>Fjord &amp; fjell &lt;&quot;nord&quot;&gt;</title>" in markup
    assert links(markup) == [("/regionar/fjord/", 'Fjord & fjell <"nord">')]


def test_the_region_page_shows_its_members_among_their_neighbours(client, regions):
    response = client.get("/regionar/vest-telemark/")
    markup = svg(response, "region")
    labels = re.findall(r'<text x="-?\d+" y="-?\d+">([^<]+)</text>', markup)
    assert labels == ["Fyresdal", "Kviteseid", "Nissedal", "Seljord", "Tokke", "Vinje"]
    assert (
        'role="img" aria-label="Kart over Vest-Telemark med kommunane Fyresdal, Kviteseid, '
        'Nissedal, Seljord, Tokke, Vinje"'
    ) in markup
    members = re.search(r'<g class="map__members">(.*?)</g>', markup).group(1)
    assert members.count("<path ") == 6
    # Neighbours such as Bykle, Valle and Hjartdal in the quiet tone around them.
    surroundings = paths(markup, "map__land")[0]
    assert surroundings.count("M") >= 8
    assert Municipality.objects.get(number="4026").shape.wide in surroundings  # Tinn
    assert CREDIT in response.content.decode()


def test_the_region_map_frames_the_members_with_a_margin(client, regions):
    markup = svg(client.get("/regionar/haugalandet/"), "region")
    left, top, width, height = map(int, re.search(r'viewBox="([-\d ]+)"', markup).group(1).split())
    members = re.search(r'<g class="map__members">(.*?)</g>', markup).group(1)
    points = [
        point
        for data in re.findall(r'd="([^"]*)"', members)
        for ring, _closed in svgpath.subpaths(data)
        for point in ring
    ]
    xs, ys = [x for x, _y in points], [y for _x, y in points]
    assert left < min(xs) and max(xs) < left + width
    assert top < min(ys) and max(ys) < top + height
    # A shape no flatter or taller than 4:5 to 7:5, give or take a rounded cell.
    assert 0.79 <= width / height <= 1.41


def test_a_region_without_members_has_no_map(client, db):
    region = make_region(name="Tom", slug="tom", municipalities=())
    response = client.get(region.get_absolute_url())
    assert response.status_code == 200
    assert svg(response, "region") == ""


def test_a_municipality_without_a_shape_is_left_off_and_the_pages_still_work(client, regions):
    Municipality.objects.get(number="4036").shape.delete()  # Vinje
    response = client.get("/regionar/vest-telemark/")
    assert response.status_code == 200
    labels = re.findall(r"<text [^>]*>([^<]+)</text>", svg(response, "region"))
    assert labels == ["Fyresdal", "Kviteseid", "Nissedal", "Seljord", "Tokke"]
    markup = svg(client.get("/regionar/"), "national")
    assert municipalities_drawn(markup) == 356 + 1


@pytest.mark.parametrize("path", ["/", "/regionar/", "/regionar/vest-telemark/", "/data/"])
def test_the_credit_shows_wherever_a_map_does_and_on_the_open_data_page(client, regions, path):
    assert CREDIT in client.get(path).content.decode()


def test_the_credit_reads_in_english_too(client, regions):
    page = client.get("/en/regionar/").content.decode()
    assert "Municipal boundaries: © Kartverket, CC BY 4.0" in page
    assert 'aria-label="Map of the city regions"' in page


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())
    return Region.objects.published()


def test_with_the_28_demo_regions_the_map_of_norway_stays_under_80_kb(client, demo):
    assert demo.count() == 28
    for path in ("/", "/regionar/"):
        markup = svg(client.get(path), "national")
        assert len(links(markup)) == 28
        assert len(markup.encode()) <= NATIONAL_KB * 1024, path


def test_every_demo_region_map_stays_under_15_kb_and_names_every_member(client, demo):
    sizes = {}
    for region in demo:
        markup = svg(client.get(region.get_absolute_url()), "region")
        sizes[region.slug] = len(markup.encode())
        today = {
            m.municipality.name
            for m in Membership.objects.filter(region=region).select_related("municipality")
        }
        assert set(re.findall(r"<text [^>]*>([^<]+)</text>", markup)) == today, region.slug
    assert max(sizes.values()) <= REGION_KB * 1024, max(sizes, key=sizes.get)
