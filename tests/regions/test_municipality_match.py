"""Finding today's municipality from a name used in the programme (2016) or today (2024)."""

import pytest

from regions.services import MunicipalityMatchError, MunicipalityRegister

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "county", "number", "programme_name"),
    [
        ("Vinje", None, "4036", "Vinje"),
        ("Bø", "Telemark", "4020", "Bø"),
        ("Bø (Telemark)", None, "4020", "Bø"),
        ("Bø", "Nordland", "1867", "Bø"),
        ("Sauherad", None, "4020", "Sauherad"),
        ("Nes (Buskerud)", None, "3322", "Nes"),
        ("Nes (Akershus)", None, "3228", "Nes"),
        ("Våler (Hedmark)", None, "3419", "Våler"),
        ("Våler", "Østfold", "3114", "Våler"),
        ("Fræna", None, "1579", "Fræna"),
        ("Etne", "Hordaland", "4611", "Etne"),
        ("Etne", "Vestland", "4611", "Etne"),
        ("Herøy", "Nordland", "1818", "Herøy"),
        ("Midt-Telemark", None, "4020", "Midt-Telemark"),
        ("Hamarøy", None, "1875", "Hamarøy"),
        ("  vinje ", "40", "4036", "Vinje"),
    ],
)
def test_programme_era_and_current_names_find_todays_municipality(
    name, county, number, programme_name
):
    match = MunicipalityRegister().match(name=name, county=county)
    assert match.municipality.number == number
    assert match.name == programme_name


def test_a_renamed_municipality_says_so():
    match = MunicipalityRegister().match(name="Bø", county="Telemark")
    assert match.renamed and match.municipality.name == "Midt-Telemark"
    assert match.former.name == "Bø (Telemark)"
    assert not MunicipalityRegister().match(name="Vinje").renamed


def test_a_split_municipality_names_all_its_parts():
    match = MunicipalityRegister().match(name="Tysfjord")
    assert [m.number for m in match.split_between] == ["1806", "1875"]


@pytest.mark.parametrize(
    ("name", "county", "message"),
    [
        ("Bø", None, "«Bø» kan vere fleire kommunar: Bø (Nordland, 1867), Bø (Telemark, 0821)"),
        ("Herøy", None, "Skriv fylket i parentes"),
        ("Våler", None, "«Våler» kan vere fleire kommunar"),
        ("Nisedal", "Telemark", "Fann ingen kommune som heiter «Nisedal»"),
        ("Bø", "Vestland", "«Bø» finst ikkje i Vestland"),
        ("Nes (Telemark)", None, "Fann ingen kommune «Nes» i Telemark"),
        ("", None, "tomt"),
    ],
)
def test_unknown_or_ambiguous_names_get_a_clear_message(name, county, message):
    with pytest.raises(MunicipalityMatchError) as error:
        MunicipalityRegister().match(name=name, county=county)
    assert message in str(error.value)


def test_a_register_matches_many_names_in_four_queries(django_assert_num_queries):
    with django_assert_num_queries(4):
        register = MunicipalityRegister()
    with django_assert_num_queries(0):
        for name in ("Bø", "Nome", "Sauherad", "Notodden", "Kongsberg"):
            register.match(name=name, county=["Telemark", "Buskerud"])
