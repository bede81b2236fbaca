"""Open data at /data/: the page, the JSON of all published content and the CSV of results."""

import csv
import io
import json

import pytest
from django.utils import timezone

from cases.models import ResultImage
from regions.models import Status
from tests.factories import image_upload, make_region, make_result, make_theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    """Published content beside every kind of thing that must stay out of open data."""
    procurement = make_theme(slug="offentleg-innkjop", name="Offentleg innkjøp")
    housing = make_theme(slug="bustad", name="Bustad")
    region = make_region(
        name="Vest-Telemark",
        slug="vest-telemark",
        municipalities=("4034", "4022"),
        goals=4,
        editorial_note="Intern merknad om folketalet.",
    )
    published = make_result(
        region,
        slug="trenettverket",
        title="Trenettverket",
        teaser="Tre i offentlege bygg, og hyblar i massivtre.",
        goals=(3, 4),
        themes=(procurement, housing),
    )
    ResultImage.objects.create(
        result=published, image=image_upload(), alt_text="Eit hus i massivtre"
    )
    make_result(region, slug="kladd", title="Eit hemmeleg utkast", published=False)
    make_result(
        region,
        slug="seinare",
        title="Kjem neste veke",
        status=Status.PUBLISHED,
        published_at=timezone.now() + timezone.timedelta(days=7),
    )
    hidden = make_region(
        name="Gjøvikregionen", slug="gjovikregionen", published=False, municipalities=("3407",)
    )
    make_result(hidden, slug="i-utkastregion", title="Resultat i ein utkastregion")
    haugesund = make_region(
        name="Haugesundregionen", slug="haugesundregionen", municipalities=("1106", "4611")
    )
    make_result(haugesund, slug="samarbeid", title="Samarbeid over fylkesgrensa", goals=(1,))
    return region


def test_the_page_explains_the_data_licence_and_format(client, content):
    response = client.get("/data/")
    assert response.status_code == 200
    text = response.content.decode()
    assert 'href="https://data.norge.no/nlod/no/2.0"' in text
    assert "NLOD" in text
    assert "byregion-content/1" in text
    assert 'href="/data/byregion.json"' in text
    assert 'href="/data/resultat.csv"' in text
    assert "2 byregionar" in text
    assert "2 resultat" in text


def test_the_json_is_an_attachment_in_the_interchange_format_with_published_content_only(
    client, content
):
    response = client.get("/data/byregion.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="byregion.json"'
    document = json.loads(response.content)
    assert document["format"] == "byregion-content/1"
    assert [region["slug"] for region in document["regions"]] == [
        "haugesundregionen",
        "vest-telemark",
    ]
    vest = document["regions"][1]
    assert [result["slug"] for result in vest["results"]] == ["trenettverket"]
    assert "editorial_note" not in vest
    assert vest["url"] == "http://testserver/regionar/vest-telemark/"
    network = vest["results"][0]
    assert network["url"] == "http://testserver/regionar/vest-telemark/trenettverket/"
    assert network["images"][0]["file"].startswith("http://testserver/media/resultat/")
    body = response.content.decode()
    for secret in ("Eit hemmeleg utkast", "Kjem neste veke", "gjovikregionen", "Intern merknad"):
        assert secret not in body


def test_the_csv_has_one_row_per_published_result(client, content):
    response = client.get("/data/resultat.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "byregion",
        "fylke",
        "mål",
        "tema",
        "adresse",
        "tittel",
        "ingress",
        "publisert",
    ]
    assert len(rows) == 3
    haugesund, vest = rows[1], rows[2]
    assert haugesund[:3] == ["Haugesundregionen", "Rogaland; Vestland", "1"]
    assert vest == [
        "Vest-Telemark",
        "Telemark",
        "3; 4",
        "Bustad; Offentleg innkjøp",
        "http://testserver/regionar/vest-telemark/trenettverket/",
        "Trenettverket",
        "Tre i offentlege bygg, og hyblar i massivtre.",
        timezone.localdate(content.results.get(slug="trenettverket").published_at).isoformat(),
    ]
    assert "hemmeleg" not in response.content.decode()


def test_the_downloads_cost_a_fixed_number_of_queries(client, content, django_assert_num_queries):
    for number in range(5):
        make_result(content, slug=f"fleire-{number}", goals=(1, 2))
    # One more query each than the content needs: the page cache asks for the next scheduled publication.
    with django_assert_num_queries(11):
        client.get("/data/byregion.json")
    with django_assert_num_queries(5):
        client.get("/data/resultat.csv")
    with django_assert_num_queries(3):
        client.get("/data/")


def test_the_downloads_are_cached_and_cleared_when_content_changes(
    client, content, django_assert_num_queries
):
    client.get("/data/resultat.csv")
    with django_assert_num_queries(0):
        cached = client.get("/data/resultat.csv")
    assert "Trenettverket" in cached.content.decode("utf-8-sig")
    make_result(content, slug="nytt-resultat", title="Eit heilt nytt resultat")
    assert "Eit heilt nytt resultat" in client.get("/data/resultat.csv").content.decode("utf-8-sig")


def test_only_reading_is_allowed(client, content):
    assert client.post("/data/byregion.json").status_code == 405
    assert client.head("/data/resultat.csv").status_code == 200


def test_an_empty_site_gives_empty_downloads(client):
    assert json.loads(client.get("/data/byregion.json").content)["regions"] == []
    rows = list(
        csv.reader(io.StringIO(client.get("/data/resultat.csv").content.decode("utf-8-sig")))
    )
    assert len(rows) == 1
    assert client.get("/data/").status_code == 200


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def test_no_csv_cell_can_start_a_spreadsheet_formula(client):
    """OWASP's CSV injection advice: a cell a spreadsheet could take for a formula is prefixed with
    a quote; the JSON keeps the text exactly as stored."""
    region = make_region(name='=HYPERLINK("http://x.invalid")', slug="formel")
    theme = make_theme(slug="minus", name="-2+3")
    make_result(
        region,
        slug="pluss",
        title="+47 nye arbeidsplassar",
        teaser="@SUM(A1:A2) og meir",
        themes=(theme,),
    )
    make_result(region, slug="tab", title="\tinnrykk", teaser="\r=1+1")
    rows = list(
        csv.reader(io.StringIO(client.get("/data/resultat.csv").content.decode("utf-8-sig")))
    )
    cells = [cell for row in rows[1:] for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    assert "'+47 nye arbeidsplassar" in cells
    assert "'@SUM(A1:A2) og meir" in cells
    assert '\'=HYPERLINK("http://x.invalid")' in cells
    assert "'-2+3" in cells
    document = client.get("/data/byregion.json").json()
    (exported,) = document["regions"]
    assert exported["name"] == '=HYPERLINK("http://x.invalid")'
    assert {result["title"] for result in exported["results"]} == {
        "+47 nye arbeidsplassar",
        "\tinnrykk",
    }
