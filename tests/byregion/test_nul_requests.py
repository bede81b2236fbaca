"""A NUL character anywhere in a request (path, parameter name or value, GET or POST) is answered
400 with a plain page in nynorsk: PostgreSQL refuses NUL in text, so it must never reach a query."""

import pytest

from tests.factories import make_region

pytestmark = pytest.mark.django_db

REFUSED = "Adressa eller skjemaet inneheld eit teikn som ikkje er tillate"


def assert_refused(response):
    assert response.status_code == 400
    assert response["Content-Type"] == "text/html; charset=utf-8"
    html = response.content.decode()
    assert '<html lang="nn">' in html
    assert REFUSED in html
    assert "Traceback" not in html
    assert "\x00" not in html


def test_a_nul_in_the_site_search_is_refused(client):
    make_region(name="Vest-Telemark")
    assert_refused(client.get("/sok/", {"q": "Vest\x00Telemark"}))
    assert_refused(client.get("/sok/?q=%00"))
    assert_refused(client.get("/sok/?%00=tre"))
    assert client.get("/sok/", {"q": "Vest-Telemark"}).status_code == 200


def test_a_nul_in_the_admin_search_and_autocomplete_is_refused(admin_client):
    assert_refused(admin_client.get("/admin/regions/region/", {"q": "Vest\x00"}))
    assert_refused(admin_client.get("/admin/cases/resultexample/", {"q": "\x00"}))
    autocomplete = {
        "app_label": "regions",
        "model_name": "membership",
        "field_name": "municipality",
    }
    assert_refused(admin_client.get("/admin/autocomplete/", autocomplete | {"term": "Sel\x00"}))
    response = admin_client.get("/admin/autocomplete/", autocomplete | {"term": "Seljord"})
    assert response.status_code == 200


def test_a_nul_in_the_path_is_refused(client, admin_client):
    assert_refused(client.get("/regionar/%00/"))
    assert_refused(admin_client.get("/admin/regions/region/%00/change/"))


def test_a_nul_in_a_posted_field_is_refused(client, admin_client):
    assert_refused(client.post("/admin/login/", {"username": "admin\x00", "password": "x"}))
    response = admin_client.post("/admin/regions/region/add/", {"name": "Ny\x00region"})
    assert_refused(response)
