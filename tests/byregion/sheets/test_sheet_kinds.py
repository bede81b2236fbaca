"""Sheets of every kind the programme wrote: bokmål and nynorsk, one or two results, with or
without a contact, goals numbered «1)», «1.» or not at all, members under programme-era names.

The sheets are in fixtures/; each test reads one as a user would import it.
"""

import re
from pathlib import Path

import pytest

from byregion.sheets.load import sheet_import
from byregion.sheets.parse import SheetError, sheet_parse
from cases.models import ResultExample
from regions.models import Bottleneck, Contact, Goal, Language, Membership, Region
from regions.programme import known_regions
from tests.factories import make_region

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
SALTEN = FIXTURES / "salten-bokmaal.md"
HALLINGDAL = FIXTURES / "hallingdal-to-resultat.md"
HARSTAD = FIXTURES / "harstadregionen-nummerert.md"
MIDT_TELEMARK = FIXTURES / "midt-telemark-gamle-namn.md"


def import_sheet(path, **kwargs):
    kwargs.setdefault("known", known_regions())
    (report,) = sheet_import(paths=[path], **kwargs)
    return report


def members(slug):
    return dict(
        Membership.objects.filter(region__slug=slug).values_list("name", "municipality__number")
    )


def write(tmp_path, text, name="ark.md"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


class TestABokmaalSheet:
    def test_it_imports_the_region_its_nine_members_and_county(self):
        import_sheet(SALTEN)
        region = Region.objects.get(slug="salten")
        assert region.name == "Salten"
        assert list(region.memberships.values_list("name", flat=True)) == [
            "Bodø", "Meløy", "Gildeskål", "Beiarn", "Saltdal", "Fauske", "Sørfold", "Steigen",
            "Hamarøy",
        ]  # fmt: skip
        assert [county.name for county in region.counties()] == ["Nordland"]
        assert region.memberships.get(applicant=True).name == "Bodø"

    def test_the_region_and_its_result_are_bokmaal(self):
        report = import_sheet(SALTEN)
        assert Region.objects.get(slug="salten").language == Language.BOKMAAL
        assert ResultExample.objects.get().language == Language.BOKMAAL
        assert report.language.startswith("Språk: bokmål (nb), ut frå overskrifter som ")
        assert "«Utvalgte resultater»" in report.language
        assert not any("usikkert" in note for note in report.notes)

    def test_its_goals_bottlenecks_result_and_contact_are_kept(self):
        import_sheet(SALTEN)
        goals = dict(Goal.objects.values_list("number", "text"))
        assert sorted(goals) == [1, 2, 3]
        assert "<strong>nye næringskjeder innen sjømat og reiseliv</strong>" in goals[2]
        assert Bottleneck.objects.count() == 2
        result = ResultExample.objects.get()
        assert (result.title, result.slug) == ("Næringsforum Salten", "naeringsforum-salten")
        assert result.body.count("<p>") == 2
        assert '<a href="https://www.salten.no/">Salten regionråd</a>' in result.body
        contact = Contact.objects.get()
        assert (contact.name, contact.organisation) == ("Kari Holm", "Salten regionråd")
        assert (contact.phone, contact.email) == ("+4795123456", "kari.holm@salten.no")

    def test_the_region_and_result_pages_mark_the_content_as_bokmaal(self, client):
        import_sheet(SALTEN, publish=True)
        region_page = client.get("/regionar/salten/").content.decode()
        assert '<div class="prose" lang="nb"><p>Utvikle <strong>nye næringskjeder' in region_page
        assert (
            '<a href="/regionar/salten/naeringsforum-salten/" lang="nb">Næringsforum Salten</a>'
            in (region_page)
        )
        result_page = client.get("/regionar/salten/naeringsforum-salten/").content.decode()
        assert '<h1 lang="nb">Næringsforum Salten</h1>' in result_page
        assert '<div class="prose" lang="nb"><p>Gjennom byregionprosjektet' in result_page
        # On the bokmål pages the content is in the page's own language and needs no lang.
        assert (
            "<h1>Næringsforum Salten</h1>"
            in client.get("/nb/regionar/salten/naeringsforum-salten/").content.decode()
        )

    def test_a_region_already_there_in_nynorsk_becomes_bokmaal_once(self):
        make_region(name="Salten", slug="salten", municipalities=(), goals=0)
        report = import_sheet(SALTEN)
        assert "innhaldsspråk: nynorsk → bokmål" in report.changes
        assert Region.objects.get(slug="salten").language == Language.BOKMAAL
        assert ResultExample.objects.get().language == Language.BOKMAAL
        again = import_sheet(SALTEN)
        assert again.changes == []

    def test_a_result_made_in_nynorsk_follows_its_sheet_into_bokmaal(self):
        import_sheet(SALTEN)
        ResultExample.objects.update(language=Language.NYNORSK)
        report = import_sheet(SALTEN)
        assert report.changes == ["resultat «Næringsforum Salten»: innhaldsspråk nynorsk → bokmål"]
        assert ResultExample.objects.get().language == Language.BOKMAAL

    def test_the_report_reads_as_the_readme_shows_it(self):
        lines = import_sheet(SALTEN).lines()
        assert lines[0] == f"Ark {SALTEN} → byregion Salten (salten)"
        assert lines[1] == (
            "  Språk: bokmål (nb), ut frå overskrifter som «Utvalgte resultater», «Resultater i "
            "forhold til målene i Byregionprosjektet» og ord som et, forhold, flaskehalser, de, "
            "hele (kjenneteikn: bokmål 57, nynorsk 0)."
        )
        assert "  + resultat «Næringsforum Salten» (naeringsforum-salten, utkast)" in lines
        assert "  + flaskehalsar lagde til: 2" in lines


class TestANynorskSheetWithTwoResultsAndNoContact:
    def test_it_makes_both_results_with_titles_an_editor_would_keep(self):
        report = import_sheet(HALLINGDAL)
        results = dict(ResultExample.objects.order_by("title").values_list("title", "slug"))
        assert results == {
            "Felles Heim att-portal": "felles-heim-att-portal",
            "Lokalmat til hyttebutikkane": "lokalmat-til-hyttebutikkane",
        }
        assert ResultExample.objects.filter(language=Language.NYNORSK).count() == 2
        flagged = [note for note in report.notes if "avleidde frå teksten" in note]
        assert len(flagged) == 2

    def test_it_invents_no_contact(self):
        report = import_sheet(HALLINGDAL)
        assert Contact.objects.count() == 0
        assert not any("kontaktperson" in change for change in report.changes)

    def test_nes_in_buskerud_is_nesbyen_today(self):
        report = import_sheet(HALLINGDAL)
        assert members("hallingdal")["Nes"] == "3322"
        assert "Nes (no Nesbyen, 3322)" in "\n".join(report.changes)

    def test_the_region_is_nynorsk(self):
        report = import_sheet(HALLINGDAL)
        assert Region.objects.get(slug="hallingdal").language == Language.NYNORSK
        assert report.language.startswith("Språk: nynorsk (nn)")


class TestASheetNumberedWithFullStops:
    def test_goals_and_headings_numbered_1_dot_are_read(self):
        import_sheet(HARSTAD)
        goals = dict(Goal.objects.values_list("number", "text"))
        assert sorted(goals) == [1, 2, 3]
        assert goals[2].startswith("<p>Gjøre det lettere for ungdom å <strong>få læreplass")
        assert Bottleneck.objects.count() == 2

    def test_kontaktpersoner_gives_both_contacts_with_their_roles(self):
        import_sheet(HARSTAD)
        contacts = list(
            Contact.objects.order_by("position").values_list(
                "name", "role", "organisation", "phone"
            )
        )
        assert contacts == [
            ("Per Olsen", "prosjektleder", "Harstad kommune", "+4777001234"),
            ("Anne Berg", "", "Skånland kommune", "+4741234567"),
        ]

    def test_its_result_is_named_by_what_was_done(self):
        import_sheet(HARSTAD)
        result = ResultExample.objects.get()
        assert result.title == "Felles læreplassordning for ungdom"
        assert result.language == Language.BOKMAAL


class TestProgrammeEraNamesInBothForms:
    def test_bo_and_sauherad_in_a_nynorsk_sheet_are_midt_telemark_today(self):
        report = import_sheet(MIDT_TELEMARK)
        assert members("midt-telemark") == {"Bø": "4020", "Sauherad": "4020", "Nome": "4018"}
        assert Region.objects.get(slug="midt-telemark").language == Language.NYNORSK
        assert "Bø (no Midt-Telemark, 4020), Sauherad (no Midt-Telemark, 4020)" in (
            "\n".join(report.changes)
        )

    def test_skanland_in_a_bokmaal_sheet_is_tjeldsund_today(self):
        report = import_sheet(HARSTAD)
        assert members("harstadregionen")["Skånland"] == "5512"
        assert "Skånland (no Tjeldsund, 5512)" in "\n".join(report.changes)
        assert Region.objects.get(slug="harstadregionen").language == Language.BOKMAAL

    def test_lower_case_headings_without_colons_and_unnumbered_goals_are_read(self):
        import_sheet(MIDT_TELEMARK)
        goals = dict(Goal.objects.values_list("number", "text"))
        assert sorted(goals) == [1, 2, 3]
        assert "<strong>høgskulemiljøet i Bø</strong>" in goals[2]
        assert ResultExample.objects.get().title == "Gründerhuset i Bø"
        assert Contact.objects.get().phone == "+4735001234"


class TestAllFourSheetsAtOnce:
    def test_they_import_in_one_call_and_a_second_call_changes_nothing(self):
        paths = [SALTEN, HALLINGDAL, HARSTAD, MIDT_TELEMARK]
        reports = sheet_import(paths=paths, known=known_regions())
        assert [report.slug for report in reports] == [
            "salten", "hallingdal", "harstadregionen", "midt-telemark",
        ]  # fmt: skip
        assert ResultExample.objects.count() == 5
        again = sheet_import(paths=paths, known=known_regions())
        assert [report.changes for report in again] == [[], [], [], []]


class TestTheLanguageTheReportNames:
    def test_function_words_alone_decide_when_the_headings_are_shared(self):
        text = SALTEN.read_text(encoding="utf-8")
        for heading in (
            "Utvalgte resultater\n",
            "Resultater i forhold til målene i Byregionprosjektet\n",
        ):
            text = text.replace(heading, "")
        text = re.sub(r"Eksemplene som er lagt inn.*\n", "", text)
        text = text.replace("Flaskehalser:", "Flaskehals:")
        reading = sheet_parse(text).language
        assert reading.language == "nb"
        assert reading.headings == ()
        assert reading.sure

    def test_a_sheet_with_few_marks_is_read_as_nynorsk_and_flagged(self, tmp_path):
        sheet = write(
            tmp_path,
            "Salten\n\nBodø, Fauske\n\nNordland\n\nMål for prosjektet:\n\n"
            "- 1) Vekst i Salten.\n\nGodt eksempel på resultat\n\nNæringsforum Salten.\n",
        )
        report = import_sheet(sheet)
        assert report.language == (
            "Språk: nynorsk (nn); fann ingen kjenneteikn på nynorsk eller bokmål."
        )
        assert any(
            note.startswith("Språket er usikkert (kjenneteikn: nynorsk 0, bokmål 0)")
            for note in report.notes
        )
        assert Region.objects.get(slug="salten").language == Language.NYNORSK

    @pytest.mark.parametrize(
        ("path", "swaps", "language"),
        [
            (
                HALLINGDAL,
                [
                    ("Utval resultat", "Utvalgte resultater"),
                    (
                        "Døma som er lagt inn i desse arka, gjeld eit utval av byregionar. Dei syner "
                        "dømer på resultat av tiltak i høve til mål og flaskehalsar",
                        "Eksemplene som er lagt inn i disse arkene, gjelder et utvalg av byregioner. "
                        "De viser eksempler på resultater av tiltak i forhold til mål og flaskehalser",
                    ),
                    ("Resultat i høve måla", "Resultater i forhold til målene"),
                    ("Godt eksempel på resultat", "Gode eksempler på resultater"),
                ],
                "nn",
            ),
            (
                SALTEN,
                [
                    ("Utvalgte resultater", "Utval resultat"),
                    (
                        "Eksemplene som er lagt inn i disse arkene, gjelder et utvalg av byregioner. "
                        "De viser eksempler på resultater av tiltak i forhold til mål og flaskehalser",
                        "Døma som er lagt inn i desse arka, gjeld eit utval av byregionar. Dei syner "
                        "dømer på resultat av tiltak i høve til mål og flaskehalsar",
                    ),
                    ("Resultater i forhold til målene", "Resultat i høve måla"),
                    ("Flaskehalser:", "Flaskehalsar:"),
                    ("Kontaktperson:", "Kontaktpersonar:"),
                ],
                "nb",
            ),
        ],
        ids=["nynorsk-under-bokmaal-headings", "bokmaal-under-nynorsk-headings"],
    )
    def test_the_content_outweighs_headings_of_the_other_form(self, path, swaps, language):
        text = path.read_text(encoding="utf-8")
        for old, new in swaps:
            assert old in text
            text = text.replace(old, new)
        assert sheet_parse(text).language.language == language

    def test_a_nynorsk_word_in_a_bokmaal_sheet_does_not_turn_it(self, tmp_path):
        text = SALTEN.read_text(encoding="utf-8").replace("nå leverer", "no leverer")
        import_sheet(write(tmp_path, text))
        assert Region.objects.get(slug="salten").language == Language.BOKMAAL


class TestBokmaalSheetsItCannotPlace:
    @pytest.mark.parametrize(
        ("change", "line", "message"),
        [
            (("Salten\n", "Salten\n\nFase 1 og 2\n"), 13, "«Fase 1 og 2» (linje 9)"),
            (("Bodø, Meløy", "Bodø, Meloy"), 9, "Meloy"),
            (("- 2) Utvikle", "- 1) Utvikle"), 18, "to gonger"),
            (("- 3) Gjøre", "- Gjøre"), 19, "nummerert mål"),
            (("Mob: 951", "Faks: 951"), 36, "Faks"),
            (("Mål for prosjektet:", "Prosjektets formål:"), None, "Mål for prosjektet"),
        ],
    )
    def test_it_names_the_line_and_writes_nothing(self, tmp_path, change, line, message):
        broken = write(tmp_path, SALTEN.read_text(encoding="utf-8").replace(*change, 1))
        with pytest.raises(SheetError) as error:
            sheet_import(paths=[HALLINGDAL, broken], known=known_regions())
        assert message in str(error.value)
        if line:
            assert error.value.line == line
            assert f"linje {line}" in str(error.value)
        assert Region.objects.count() == 0
        assert ResultExample.objects.count() == Contact.objects.count() == 0

    def test_a_region_name_missing_is_named_at_the_first_heading(self, tmp_path):
        broken = write(tmp_path, SALTEN.read_text(encoding="utf-8").replace("Salten\n", "", 1))
        with pytest.raises(SheetError, match="må arket ha namnet på byregionen") as error:
            sheet_import(paths=[broken], known=known_regions())
        assert error.value.line == 14
