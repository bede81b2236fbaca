"""The 2024 register and the 2016 → 2024 map are in the database after migrate."""

import pytest

from regions.models import County, FormerMunicipality, Municipality

pytestmark = pytest.mark.django_db


def test_it_has_the_counties_and_municipalities_of_2024():
    assert County.objects.count() == 15
    assert Municipality.objects.count() == 357


def test_counties_hold_the_official_number_of_municipalities():
    counts = {county.number: county.municipalities.count() for county in County.objects.all()}
    assert counts == {
        "03": 1, "11": 23, "15": 27, "18": 41, "31": 12, "32": 21, "33": 18, "34": 46,
        "39": 6, "40": 17, "42": 25, "46": 43, "50": 38, "55": 21, "56": 18,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("number", "name", "county"),
    [
        ("4030", "Nissedal", "Telemark"),
        ("4020", "Midt-Telemark", "Telemark"),
        ("5612", "Kautokeino", "Finnmark"),
        ("3222", "Lørenskog", "Akershus"),
        ("1580", "Haram", "Møre og Romsdal"),
    ],
)
def test_known_municipality_numbers(number, name, county):
    municipality = Municipality.objects.select_related("county").get(number=number)
    assert (municipality.name, municipality.county.name) == (name, county)


def test_programme_era_names_map_to_todays_municipalities():
    assert FormerMunicipality.objects.count() == 428
    bo = FormerMunicipality.objects.get(name="Bø (Telemark)")
    sauherad = FormerMunicipality.objects.get(name="Sauherad")
    assert [m.number for m in bo.successors.all()] == ["4020"]
    assert [m.number for m in sauherad.successors.all()] == ["4020"]
    assert bo.county_name == "Telemark"
    assert bo.plain_name == "Bø"


def test_a_split_municipality_maps_to_each_of_its_successors():
    snillfjord = FormerMunicipality.objects.get(name="Snillfjord")
    assert sorted(m.number for m in snillfjord.successors.all()) == ["5055", "5056", "5059"]


def test_the_same_name_in_two_counties_is_kept_apart():
    heroy = Municipality.objects.filter(name="Herøy").select_related("county")
    assert sorted((m.number, m.county.name) for m in heroy) == [
        ("1515", "Møre og Romsdal"),
        ("1818", "Nordland"),
    ]
