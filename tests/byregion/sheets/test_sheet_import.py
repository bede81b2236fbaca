"""The "Utval resultat" sheet import: the seed end to end, idempotency, dry run and bad sheets."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from reversion.models import Version

from byregion.demo.load import VEST_TELEMARK_SHEET
from byregion.sheets.load import sheet_import
from byregion.sheets.parse import SheetError, sheet_parse
from cases.models import ResultExample
from regions.models import Contact, Goal, Membership, Region, Status
from regions.programme import known_regions
from tests.factories import make_region, make_result
from tests.formdata import change_url, form_data

pytestmark = pytest.mark.django_db

SEED = VEST_TELEMARK_SHEET.read_text(encoding="utf-8")
GOAL_PHRASES = {
    1: "<strong>nytt næringsliv og næringskjeder</strong>",
    2: "<strong>auke det økonomiske samspelet mellom næringsmiljøa</strong>",
    3: "<strong>samarbeidet mellom offentleg og privat sektor</strong>",
    4: "<strong>koplar ein attraktiv arbeidsmarknad med varierte bumiljø</strong>",
}
EMPHASIS = (
    "<em>Nettverket er òg knytt til bustadprosjektet/-attraktivitet og grønt skifte der dette ble "
    "brukt direkte i innkjøpskonferansen som er gjennomført i regionen.</em>"
)


def write(tmp_path, text, name="ark.md"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def import_seed(**kwargs):
    kwargs.setdefault("known", known_regions())
    return sheet_import(paths=[VEST_TELEMARK_SHEET], **kwargs)


def snapshot():
    """Everything an import could change, with the times that show a write."""
    return {
        "regions": list(Region.objects.values_list("slug", "updated_at")),
        "results": list(ResultExample.objects.values_list("slug", "updated_at")),
        "members": list(Membership.objects.values_list("id", "name", "municipality_id")),
        "goals": list(Goal.objects.values_list("id", "text")),
        "contacts": list(Contact.objects.values_list("id", "phone", "email")),
    }


class TestTheSeedSheet:
    def test_it_creates_the_region_with_its_six_municipalities_in_telemark(self):
        import_seed()
        region = Region.objects.get(slug="vest-telemark")
        assert region.name == "Vest-Telemark"
        numbers = sorted(region.memberships.values_list("municipality__number", flat=True))
        assert numbers == ["4022", "4028", "4030", "4032", "4034", "4036"]
        assert [county.name for county in region.counties()] == ["Telemark"]

    def test_it_takes_the_facts_the_sheet_lacks_from_the_programme_list(self):
        import_seed()
        region = Region.objects.get(slug="vest-telemark")
        assert region.project_name == "Attraktiv nærings- og kompetansestruktur"
        assert region.organisation == "Vest-Telemarkrådet"
        assert (region.population_2015, region.area_km2) == (14146, 6819)
        assert region.phases == [2]
        assert region.source_url.startswith("https://distriktssenteret.no/")
        assert region.memberships.get(applicant=True).name == "Tokke"

    def test_it_keeps_the_four_goals_with_their_bold_phrases(self):
        import_seed()
        goals = {
            goal.number: goal.text for goal in Goal.objects.filter(region__slug="vest-telemark")
        }
        assert sorted(goals) == [1, 2, 3, 4]
        for number, phrase in GOAL_PHRASES.items():
            assert phrase in goals[number]
        assert goals[1].startswith("<p>Utvikle sterke «regionale motorar»")

    def test_it_makes_a_result_with_a_title_a_teaser_and_the_paragraphs_and_emphasis(self):
        import_seed()
        result = ResultExample.objects.get(region__slug="vest-telemark")
        assert result.title == "Offentleg innkjøp"
        assert result.slug == "offentleg-innkjop"
        assert result.teaser.startswith(
            "Byregionprosjektet gjennomførte tidleg i fase 2 ein målretta bruk av offentleg innkjøp"
        )
        assert result.teaser.endswith("samarbeidet mellom næringsmiljøa i regionen.")
        assert result.body.count("<p>") == 2
        assert EMPHASIS in result.body
        assert "«Trenettverk»" in result.body

    def test_links_that_point_nowhere_keep_their_text_and_are_reported(self):
        (report,) = import_seed()
        body = ResultExample.objects.get(region__slug="vest-telemark").body
        assert "<a" not in body
        assert 'href="#"' not in body
        for text in (
            "kompetansemeklar i Telemark fylke",
            "næringshagen i Fyresdal",
            "næringshagen i Kviteseid",
        ):
            assert text in body
            assert any(f"«{text}» peikar ingen stad (#)" in note for note in report.notes)

    def test_it_repairs_the_swapped_phone_and_email_and_says_so(self):
        (report,) = import_seed()
        contact = Contact.objects.get(region__slug="vest-telemark")
        assert (contact.name, contact.organisation) == ("Ole Dalen", "Vest-Telemarksrådet")
        assert (contact.phone, contact.email) == ("+4741423433", "od@vest-telemark.no")
        text = "\n".join(report.lines())
        assert "stod i feil felt" in text
        assert "telefon 414 23 433, e-post od@vest-telemark.no" in text

    def test_a_new_region_and_its_result_are_drafts(self):
        import_seed()
        assert Region.objects.get(slug="vest-telemark").status == Status.DRAFT
        assert ResultExample.objects.get().status == Status.DRAFT

    def test_results_added_to_a_published_region_are_published(self):
        make_region(name="Vest-Telemark", slug="vest-telemark", municipalities=(), goals=0)
        import_seed()
        result = ResultExample.objects.get()
        assert result.status == Status.PUBLISHED
        assert ResultExample.objects.public().get() == result

    def test_the_region_page_shows_what_the_sheet_says(self, client):
        make_region(name="Vest-Telemark", slug="vest-telemark", municipalities=(), goals=0)
        import_seed()
        result = ResultExample.objects.get()
        result.goals.set(Goal.objects.filter(number__in=[2, 3, 4]))
        response = client.get("/regionar/vest-telemark/")
        assert response.status_code == 200
        text = response.content.decode()
        for fact in (
            "Vest-Telemark",
            "Telemark",
            "Nissedal",
            "Fyresdal",
            "Tokke",
            "Vinje",
            "Seljord",
            "Kviteseid",
            "nytt næringsliv og næringskjeder",
            "koplar ein attraktiv arbeidsmarknad med varierte bumiljø",
            "Offentleg innkjøp",
            "Ole Dalen",
            "Vest-Telemarksrådet",
            "od@vest-telemark.no",
            "414 23 433",
            "Attraktiv nærings- og kompetansestruktur",
        ):
            assert fact in text, fact


class TestRepeatedAndTrialImports:
    def test_a_second_import_changes_nothing_and_says_so(self):
        import_seed()
        before = snapshot()
        (report,) = import_seed()
        assert snapshot() == before
        assert report.changes == []
        assert "Ingen endringar" in "\n".join(report.lines())

    def test_a_dry_run_writes_nothing_but_reports_what_it_would_do(self):
        (report,) = import_seed(dry_run=True)
        assert not Region.objects.filter(slug="vest-telemark").exists()
        assert Goal.objects.count() == 0
        assert any("mål lagde til: 1, 2, 3, 4" in change for change in report.changes)

    def test_a_changed_goal_is_updated_and_reported(self, tmp_path):
        import_seed()
        changed = write(
            tmp_path, SEED.replace("**nytt næringsliv og næringskjeder**", "**nye næringar**")
        )
        (report,) = sheet_import(paths=[changed], known=known_regions())
        assert "<strong>nye næringar</strong>" in Goal.objects.get(number=1).text
        assert "mål endra: 1" in report.changes

    def test_the_command_prints_a_report_per_sheet_and_a_dry_run_note(self, tmp_path):
        out = io.StringIO()
        other = write(
            tmp_path,
            SEED.replace("Vest-Telemark\n", "Midt-Telemark\n", 1).replace(
                "Nissedal, Fyresdal, Tokke, Vinje, Seljord, Kviteseid", "Bø, Nome, Sauherad"
            ),
        )
        call_command("import_sheet", str(VEST_TELEMARK_SHEET), str(other), "--dry-run", stdout=out)
        text = out.getvalue()
        assert "byregion Vest-Telemark (vest-telemark)" in text
        assert "byregion Midt-Telemark (midt-telemark)" in text
        assert "ingenting er skrive" in text
        assert Region.objects.count() == 0


class TestProgrammeEraNames:
    def test_bo_and_sauherad_are_midt_telemark_today_under_their_old_names(self, tmp_path):
        sheet = write(
            tmp_path,
            SEED.replace("Vest-Telemark\n", "Midt-Telemark\n", 1).replace(
                "Nissedal, Fyresdal, Tokke, Vinje, Seljord, Kviteseid", "Bø, Nome, Sauherad"
            ),
        )
        sheet_import(paths=[sheet], known=known_regions())
        region = Region.objects.get(slug="midt-telemark")
        members = {
            m.name: m.municipality.number for m in region.memberships.select_related("municipality")
        }
        assert members == {"Bø": "4020", "Nome": "4018", "Sauherad": "4020"}
        assert region.memberships.get(name="Bø").display_name == "Bø (no Midt-Telemark)"

    def test_fraena_is_hustadvika_in_more_og_romsdal(self, tmp_path):
        text = (
            SEED.replace("Vest-Telemark\n", "Molderegionen\n", 1)
            .replace(
                "Nissedal, Fyresdal, Tokke, Vinje, Seljord, Kviteseid",
                "Molde, Fræna, Eide og Nesset",
            )
            .replace("\nTelemark\n", "\nMøre og Romsdal\n")
        )
        sheet_import(paths=[write(tmp_path, text)], known=known_regions())
        members = dict(
            Membership.objects.filter(region__slug="molderegionen").values_list(
                "name", "municipality__number"
            )
        )
        assert members == {"Molde": "1506", "Fræna": "1579", "Eide": "1579", "Nesset": "1506"}


class TestRealLinks:
    def test_a_real_link_stays_a_link(self, tmp_path):
        text = SEED.replace(
            "[næringshagen i Fyresdal](#)",
            "[næringshagen i Fyresdal](https://www.fyresdal.kommune.no/)",
        )
        (report,) = sheet_import(paths=[write(tmp_path, text)], known=known_regions())
        body = ResultExample.objects.get().body
        assert '<a href="https://www.fyresdal.kommune.no/">næringshagen i Fyresdal</a>' in body
        assert not any("næringshagen i Fyresdal" in note for note in report.notes)


class TestSheetsItCannotRead:
    @pytest.mark.parametrize(
        ("change", "line", "message"),
        [
            (("Mål for prosjektet:", "Ting vi ville:"), None, "Mål for prosjektet"),
            (("- 2) Utvikling", "- Utvikling"), 18, "nummerert mål"),
            (("- 2) Utvikling", "- 1) Utvikling"), 18, "to gonger"),
            (("Nissedal, Fyresdal", "Nisedal, Fyresdal"), 9, "Nisedal"),
            (("Mob: od@", "Faks: od@"), 32, "Faks"),
            (("E-post: 414 23 433", "E-post: 414 23 433\nMob: 12"), 35, "telefonnummer"),
        ],
    )
    def test_it_names_the_line_and_writes_nothing(self, tmp_path, change, line, message):
        broken = write(tmp_path, SEED.replace(*change, 1), "feil.md")
        with pytest.raises(SheetError) as error:
            sheet_import(paths=[VEST_TELEMARK_SHEET, broken], known=known_regions())
        assert message in str(error.value)
        if line:
            assert error.value.line == line
            assert f"linje {line}" in str(error.value)
        assert Region.objects.count() == 0
        assert Contact.objects.count() == 0

    def test_a_file_that_is_not_utf8_names_the_line(self, tmp_path):
        path = tmp_path / "latin1.md"
        path.write_bytes(SEED.encode("utf-8").replace(b"Fyresdal", b"Fyresdal\xe6", 1))
        with pytest.raises(SheetError, match="UTF-8") as error:
            sheet_import(paths=[path])
        assert error.value.line == 9

    def test_a_region_the_programme_list_does_not_know_needs_a_phase(self, tmp_path):
        sheet = write(tmp_path, SEED.replace("Vest-Telemark\n", "Grenland\n", 1))
        with pytest.raises(SheetError, match="--fase"):
            sheet_import(paths=[sheet], known=known_regions())
        sheet_import(paths=[sheet], known=known_regions(), phases=[2])
        assert Region.objects.get(slug="grenland").phases == [2]

    def test_the_command_fails_with_the_line_and_says_nothing_was_written(self, tmp_path):
        broken = write(tmp_path, SEED.replace("- 3) Styrke", "3 Styrke"), "feil.md")
        with pytest.raises(CommandError, match=r"feil\.md, linje 19: .*\nIngenting er skrive"):
            call_command(
                "import_sheet", str(VEST_TELEMARK_SHEET), str(broken), stdout=io.StringIO()
            )
        assert Region.objects.count() == 0

    def test_a_missing_file_is_a_clear_error(self):
        with pytest.raises(SheetError, match="Kan ikkje lese fila"):
            sheet_import(paths=[Path("/finst/ikkje.md")])


def test_the_parser_needs_no_database():
    sheet = sheet_parse(SEED, source="seed")
    assert sheet.name.name == "Vest-Telemark"
    assert [m.name for m in sheet.municipalities] == [
        "Nissedal", "Fyresdal", "Tokke", "Vinje", "Seljord", "Kviteseid",
    ]  # fmt: skip
    assert sheet.counties == ["Telemark"]
    assert [goal.number for goal in sheet.goals] == [1, 2, 3, 4]
    assert sheet.contacts[0].phone == "od@vest-telemark.no"


def test_an_import_keeps_the_imported_region_as_a_revision():
    import_seed()
    region = Region.objects.get(slug="vest-telemark")
    version = Version.objects.get_for_object(region).get()
    assert version.revision.comment == "Importert frå «Utval resultat»-ark"
    assert version.revision.version_set.get_for_model(Goal).count() == 4
    assert version.revision.version_set.get_for_model(Membership).count() == 6
    assert Version.objects.get_for_object(ResultExample.objects.get()).exists()


def test_a_dry_run_or_an_unchanged_import_keeps_no_revision():
    import_seed(dry_run=True)
    assert Version.objects.count() == 0
    import_seed()
    count = Version.objects.count()
    import_seed()
    assert Version.objects.count() == count


FIRST_PARAGRAPH = "ein målretta bruk av offentleg innkjøp for levering av kunnskap"


class TestEditedSheets:
    def test_an_edited_example_updates_its_result_instead_of_adding_one(self, tmp_path):
        import_seed()
        result = ResultExample.objects.get()
        edited = SEED.replace(FIRST_PARAGRAPH, "ein målretta bruk av anbod for å kjøpe kunnskap")
        # The edit changes the title guessed from the text, and with it the address.
        assert sheet_parse(edited).examples[0].title != result.title
        (report,) = sheet_import(paths=[write(tmp_path, edited)], known=known_regions())
        assert ResultExample.objects.get().pk == result.pk
        stored = ResultExample.objects.get()
        assert "ein målretta bruk av anbod for å kjøpe kunnskap" in stored.body
        assert (stored.title, stored.slug) == ("Offentleg innkjøp", "offentleg-innkjop")
        assert "resultat «Offentleg innkjøp»: teksten er endra" in report.changes

    def test_an_example_unlike_the_regions_other_results_is_a_new_result(self):
        region = make_region(name="Vest-Telemark", slug="vest-telemark", municipalities=(), goals=0)
        own = make_result(region, title="Bustadprosjektet", body="<p>Nye bustader i Seljord.</p>")
        import_seed()
        assert region.results.count() == 2
        own.refresh_from_db()
        assert own.body == "<p>Nye bustader i Seljord.</p>"

    def test_a_sheet_changing_goals_alone_stops_an_editor_saving_an_older_region(
        self, tmp_path, admin_client
    ):
        import_seed()
        region = Region.objects.get(slug="vest-telemark")
        page = admin_client.get(change_url(region))
        changed = write(
            tmp_path, SEED.replace("**nytt næringsliv og næringskjeder**", "**nye næringar**")
        )
        (report,) = sheet_import(paths=[changed], known=known_regions())
        assert report.changes == ["mål endra: 1"]

        response = admin_client.post(change_url(region), form_data(page))
        assert response.status_code == 200
        assert "Nokon andre har lagra endringar her" in response.content.decode()
        assert "<strong>nye næringar</strong>" in Goal.objects.get(number=1).text


def test_the_readme_shows_the_report_the_seed_gives():
    root = Path(__file__).resolve().parents[3]
    readme = (root / "README.md").read_text(encoding="utf-8")
    block = readme.split("The report for the seed sheet", 1)[1].split("```text\n", 1)[1]
    shown = block.split("```", 1)[0].rstrip("\n").split("\n")
    (report,) = import_seed()
    assert [line.replace(f"{root}/", "") for line in report.lines()] == shown
