"""The demo content: the programme's 35 regions, the themes and the Vest-Telemark sheet."""

import io
import re

import pytest
from django.core.management import call_command

from byregion.demo import load as demo_module
from cases.models import ResultExample, Theme
from regions.models import Goal, Membership, Region, Status
from regions.programme import known_regions

pytestmark = pytest.mark.django_db

DRAFTS = {
    "region-namdal-namsosregionen",
    "gjovikregionen",
    "steinkjer",
    "listerregionen",
    "kristiansandsregionen",
    "fosenregionen",
    "tonsberg-region-ukjend-namn",
}


@pytest.fixture
def demo():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def members(slug):
    return {
        m.name: (m.municipality.number, m.municipality.county.name)
        for m in Membership.objects.filter(region__slug=slug).select_related("municipality__county")
    }


def test_it_loads_the_35_known_regions_with_unconfirmed_ones_as_drafts(demo):
    assert Region.objects.count() == 35
    drafts = set(Region.objects.filter(status=Status.DRAFT).values_list("slug", flat=True))
    assert drafts == DRAFTS
    assert Region.objects.published().count() == 28
    gjovik = Region.objects.get(slug="gjovikregionen")
    assert "ufullstendig" in gjovik.editorial_note
    assert "Østre Toten, Vestre Toten" in gjovik.editorial_note
    assert "Byregionar: 35 nye" in demo


def test_vest_telemark_has_its_facts(demo):
    region = Region.objects.get(slug="vest-telemark")
    assert region.name == "Vest-Telemark"
    assert region.phases == [2]
    assert region.project_name == "Attraktiv nærings- og kompetansestruktur"
    assert (region.population_2015, region.area_km2) == (14146, 6819)
    assert (
        region.source_url
        == "https://distriktssenteret.no/artikkel/attraktiv-naerings-og-kompetansestruktur/"
    )
    assert region.organisation == "Vest-Telemarkrådet"
    assert region.memberships.get(applicant=True).name == "Tokke"
    assert region.status == Status.PUBLISHED


def test_programme_era_names_are_kept_with_todays_municipalities(demo):
    assert members("midt-telemark") == {
        "Bø": ("4020", "Telemark"),
        "Nome": ("4018", "Telemark"),
        "Sauherad": ("4020", "Telemark"),
    }
    haugesund = members("haugesundregionen")
    assert haugesund["Etne"] == ("4611", "Vestland")
    assert haugesund["Sveio"] == ("4612", "Vestland")
    counties = [county.name for county in Region.objects.get(slug="haugesundregionen").counties()]
    assert counties == ["Rogaland", "Vestland"]
    assert members("hallingdal")["Nes"] == ("3322", "Buskerud")
    assert members("elverumregionen")["Våler"] == ("3419", "Innlandet")


def test_every_region_maps_to_the_municipality_numbers_of_the_list(demo):
    for facts in known_regions().values():
        numbers = set(
            Membership.objects.filter(region__slug=facts.slug).values_list(
                "municipality__number", flat=True
            )
        )
        assert numbers <= facts.numbers_2024, facts.name
        assert len(Membership.objects.filter(region__slug=facts.slug)) == len(facts.municipalities)


def test_a_split_municipality_is_tied_to_the_part_the_list_names_and_noted(demo):
    assert members("narvikregionen")["Tysfjord"] == ("1875", "Nordland")
    assert (
        "Tysfjord er i dag delt mellom Narvik, Hamarøy"
        in Region.objects.get(slug="narvikregionen").editorial_note
    )


def test_a_population_from_2013_is_not_passed_off_as_2015(demo):
    region = Region.objects.get(slug="mosseregionen")
    assert region.population_2015 is None
    assert "Folketal 1.1.2013 (ikkje 2015) i kjelda: 57865" in region.editorial_note


def test_the_vest_telemark_sheet_is_loaded_published_and_tagged(demo):
    result = ResultExample.objects.get(region__slug="vest-telemark")
    assert result.status == Status.PUBLISHED
    assert sorted(result.goals.values_list("number", flat=True)) == [2, 3, 4]
    assert set(result.themes.values_list("slug", flat=True)) >= {
        "offentleg-innkjop",
        "bustad",
        "rekruttering",
    }
    assert Goal.objects.filter(region__slug="vest-telemark").count() == 4
    assert "stod i feil felt" in demo


def test_the_themes_have_nynorsk_names_and_descriptions(demo):
    themes = dict(Theme.objects.values_list("slug", "name"))
    assert themes == {
        "offentleg-innkjop": "Offentleg innkjøp",
        "bustad": "Bustad",
        "rekruttering": "Rekruttering",
        "naeringsnettverk": "Næringsnettverk",
        "gront-skifte": "Grønt skifte",
        "kompetanse": "Kompetanse",
    }
    assert all(Theme.objects.values_list("description", flat=True))


def test_running_it_again_changes_nothing_and_keeps_edits(demo):
    region = Region.objects.get(slug="aust-lofoten")
    region.name = "Aust-Lofoten (retta i admin)"
    region.save()
    goal = Goal.objects.get(region__slug="vest-telemark", number=1)
    goal.text = "<p>Retta i admin.</p>"
    goal.save()
    before = (
        sorted(Region.objects.values_list("slug", "name", "updated_at", "status")),
        sorted(ResultExample.objects.values_list("slug", "updated_at")),
        Membership.objects.count(),
        sorted(Goal.objects.values_list("id", "text")),
    )
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    after = (
        sorted(Region.objects.values_list("slug", "name", "updated_at", "status")),
        sorted(ResultExample.objects.values_list("slug", "updated_at")),
        Membership.objects.count(),
        sorted(Goal.objects.values_list("id", "text")),
    )
    assert after == before
    assert "Byregionar: 0 nye, 35 fanst frå før" in out.getvalue()


def test_a_dry_run_writes_nothing():
    out = io.StringIO()
    call_command("load_demo", "--dry-run", stdout=out)
    assert Region.objects.count() == 0
    assert "Byregionar: 35 nye" in out.getvalue()


def test_a_new_visitor_sees_a_real_region_page(demo, client):
    response = client.get("/regionar/vest-telemark/")
    assert response.status_code == 200
    text = response.content.decode()
    for fact in (
        "Vest-Telemark",
        "Telemark",
        "Kviteseid",
        "Attraktiv nærings- og kompetansestruktur",
        "auke det økonomiske samspelet mellom næringsmiljøa",
        "Offentleg innkjøp",
        "Ole Dalen",
    ):
        assert fact in text, fact
    compact = re.sub(r"[\s\u00a0\u202f]", "", text)
    assert "14146" in compact
    assert "6819km²" in compact
    assert client.get("/regionar/gjovikregionen/").status_code == 404


def test_tagging_the_seed_result_saves_it_with_a_new_edit_token(monkeypatch):
    tokens = []
    real_import = demo_module.sheet_import

    def import_and_note_the_token(**kwargs):
        reports = real_import(**kwargs)
        tokens.append(ResultExample.objects.get(region__slug="vest-telemark").edit_token)
        return reports

    monkeypatch.setattr(demo_module, "sheet_import", import_and_note_the_token)
    demo_module.demo_load()
    result = ResultExample.objects.get(region__slug="vest-telemark")
    assert result.goals.exists()
    assert tokens and result.edit_token != tokens[0]
