"""sitemap.xml and robots.txt: what search engines are told."""

import re

import pytest
from django.utils import timezone

from tests.factories import make_region, make_result

pytestmark = pytest.mark.django_db


@pytest.fixture
def sitemap(client):
    region = make_region(slug="vest-telemark")
    make_result(region, slug="trenettverk")
    make_result(region, slug="utkast", published=False)
    hidden = make_region(slug="uferdig", published=False)
    make_result(hidden, slug="i-uferdig-region")
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return response.content.decode()


def locations(xml):
    return re.findall(r"<loc>http://testserver([^<]+)</loc>", xml)


def test_it_lists_every_published_region_and_result_in_nynorsk(sitemap):
    listed = locations(sitemap)
    assert "/regionar/vest-telemark/" in listed
    assert "/regionar/vest-telemark/trenettverk/" in listed


def test_it_lists_the_static_pages(sitemap):
    listed = locations(sitemap)
    for path in ["/", "/regionar/", "/resultat/", "/tilgjengelegheit/"]:
        assert path in listed


def test_it_lists_the_other_languages_with_alternates(sitemap):
    listed = locations(sitemap)
    assert "/en/regionar/vest-telemark/" in listed
    assert "/nb/regionar/vest-telemark/trenettverk/" in listed
    assert (
        '<xhtml:link rel="alternate" hreflang="en" href="http://testserver/en/regionar/vest-telemark/"/>'
        in sitemap
    )
    assert (
        '<xhtml:link rel="alternate" hreflang="x-default" href="http://testserver/regionar/vest-telemark/"/>'
        in sitemap
    )


def test_it_leaves_out_drafts_and_draft_regions(sitemap):
    assert "utkast" not in sitemap
    assert "uferdig" not in sitemap


def test_it_says_when_content_last_changed(sitemap):
    assert re.search(r"<lastmod>\d{4}-\d{2}-\d{2}</lastmod>", sitemap)


def test_robots_txt_points_to_the_sitemap_and_keeps_out_of_the_admin(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_security_txt_says_where_to_report_a_problem(client, db, settings):
    settings.SECURITY_CONTACT = "mailto:tryggleik@kommune.example"
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    fields = dict(line.split(": ", 1) for line in response.content.decode().splitlines() if line)
    assert fields["Contact"] == "mailto:tryggleik@kommune.example"
    assert fields["Preferred-Languages"] == "nn, nb, en"
    assert fields["Canonical"] == "http://testserver/.well-known/security.txt"
    assert fields["Expires"] > timezone.now().isoformat()
