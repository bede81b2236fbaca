"""The checks before publishing, one by one: each kind of advice given, and not given."""

import pytest

from byregion.editorial.checks import (
    alt_text_advice,
    heading_advice,
    link_advice,
    looks_like_file_name,
    readability_advice,
)
from byregion.editorial.readability import band_for, lix, readability


def kinds(advice):
    return [item.kind for item in advice]


class TestAltText:
    @pytest.mark.parametrize(
        "alt",
        ["IMG_1234.jpg", "IMG_1234", "dsc0001", "DSC_0001.JPG", "foo.png", "PXL_20230501_101010",
         "bilete.webp", "2023-05-01_1234"],
    )  # fmt: skip
    def test_it_names_an_alt_text_that_looks_like_a_file_name(self, alt):
        advice = alt_text_advice(alt, place="Bilete 1")
        assert kinds(advice) == ["alt-file-name"]
        assert advice[0].message.startswith("Bilete 1: den alternative teksten «")
        assert "ser ut som eit filnamn" in advice[0].message

    @pytest.mark.parametrize(
        "alt",
        [
            "Ordføraren opnar Gründerhuset i Bø",
            "E134 over Haukelifjell",
            "Vinje",
            "Bilete 3 frå opninga",
            "Kart.png over Vinje",
        ],
    )
    def test_a_description_is_not_a_file_name(self, alt):
        assert not looks_like_file_name(alt)
        assert alt_text_advice(alt, place="Bilete 1") == []

    def test_it_names_an_alt_text_that_repeats_the_caption(self):
        advice = alt_text_advice(
            "Ungdom på læreplass i Vinje", caption="Ungdom på læreplass i Vinje.", place="Bilete 2"
        )
        assert kinds(advice) == ["alt-repeats-caption"]
        assert "same som biletteksten" in advice[0].message

    def test_an_alt_text_beside_a_different_caption_is_fine(self):
        advice = alt_text_advice(
            "Tre ungdomar ved ein dreiebenk", caption="Ungdom på læreplass i Vinje.", place="B"
        )
        assert advice == []

    @pytest.mark.parametrize(
        "alt",
        ["Bilete av ordføraren", "bilde av ordføreren", "Foto av bygget", "Biletet viser eit bygg"],
    )
    def test_it_names_an_alt_text_that_says_it_is_a_picture(self, alt):
        advice = alt_text_advice(alt, place="Bilete 1")
        assert kinds(advice) == ["alt-picture-of"]
        assert f"byrjar med «{alt.split()[0]}" in advice[0].message

    def test_a_picture_of_something_else_is_not_flagged(self):
        assert alt_text_advice("Biletkunstnaren målar ein vegg", place="B") == []

    def test_it_names_an_alt_text_past_150_characters(self):
        long_alt = "Eit langt bygg " * 11  # 165 characters, 164 once trimmed
        advice = alt_text_advice(long_alt, place="Bilete 3")
        assert kinds(advice) == ["alt-too-long"]
        assert "har 164 teikn" in advice[0].message

    def test_150_characters_are_fine(self):
        assert alt_text_advice("a" * 75 + " " + "b" * 74, place="B") == []

    def test_an_empty_alt_text_gets_no_advice_here(self):
        # Decorative images have none; the model's constraint requires one otherwise.
        assert alt_text_advice("", caption="Noko", place="B") == []


class TestHeadings:
    def test_headings_in_order_are_fine(self):
        html = (
            "<h2>Bakgrunn</h2><p>Tekst.</p><h3>Detalj</h3><h2>Vidare</h2><h3>Meir</h3><h4>Mest</h4>"
        )
        assert heading_advice(html, place="Samandrag", section_level=2) == []

    def test_a_first_heading_below_the_top_level_is_named_with_its_level_on_the_page(self):
        advice = heading_advice("<h3>Bakgrunn</h3><p>T.</p>", place="Samandrag", section_level=2)
        assert kinds(advice) == ["heading-order"]
        assert advice[0].message == (
            "Samandrag: den første overskrifta, «Bakgrunn», er Overskrift 3. Byrj med "
            "Overskrift 2: teksten står under ei overskrift på nivå 2 på sida, og Overskrift 3 "
            "blir nivå 4 der."
        )

    def test_the_page_level_follows_the_section_the_text_is_shown_in(self):
        advice = heading_advice("<h4>Delmål</h4>", place="Mål 1", section_level=3)
        assert "på nivå 3 på sida, og Overskrift 4 blir nivå 6 der" in advice[0].message

    def test_a_skipped_level_is_named(self):
        html = "<h2>Bakgrunn</h2><h4>Detalj</h4><h3>Rett</h3>"
        advice = heading_advice(html, place="Tekst", section_level=1)
        assert kinds(advice) == ["heading-order"]
        assert "«Detalj» er Overskrift 4" in advice[0].message
        assert "bruk Overskrift 3" in advice[0].message

    def test_an_empty_heading_is_named(self):
        advice = heading_advice(
            "<h2>Bakgrunn</h2><h3> </h3><p>T.</p>", place="Tekst", section_level=1
        )
        assert kinds(advice) == ["heading-empty"]
        assert advice[0].message.startswith("Tekst: ei overskrift (Overskrift 3) er tom.")

    def test_text_without_headings_is_fine(self):
        assert heading_advice("<p>Berre tekst.</p>", place="Tekst", section_level=1) == []


class TestLinks:
    @pytest.mark.parametrize("text", ["her", "Klikk her", "les meir", "Les mer.", "link", "her!"])
    def test_it_names_a_link_text_that_does_not_say_where_it_goes(self, text):
        advice = link_advice(
            f'<p>Sjå <a href="https://example.org/">{text}</a>.</p>', place="Tekst"
        )
        assert kinds(advice) == ["link-text"]
        assert f"lenkjeteksten «{text}» seier ikkje kvar lenkja fører" in advice[0].message

    def test_a_bare_address_as_link_text_is_named(self):
        html = '<p><a href="https://www.regjeringen.no/">https://www.regjeringen.no/</a></p>'
        advice = link_advice(html, place="Tekst")
        assert kinds(advice) == ["link-text"]
        assert "lenkjeteksten er ei nettadresse (https://www.regjeringen.no/)" in advice[0].message

    def test_a_link_to_nowhere_is_named(self):
        advice = link_advice('<p><a href="#">kompetansemeklar</a></p>', place="Mål 2")
        assert kinds(advice) == ["link-target"]
        assert advice[0].message == "Mål 2: lenkja «kompetansemeklar» peikar ingen stad (#)."

    def test_a_link_without_https_is_named(self):
        advice = link_advice(
            '<p><a href="http://vest-telemark.no/">Vest-Telemarkrådet</a></p>', place="T"
        )
        assert kinds(advice) == ["link-target"]
        assert "går til ei adresse utan https (http://vest-telemark.no/)" in advice[0].message

    def test_a_clear_https_link_is_fine(self):
        html = '<p>Les <a href="https://www.distriktssenteret.no/">rapporten frå Distriktssenteret</a>.</p>'
        assert link_advice(html, place="Tekst") == []

    def test_an_in_page_anchor_and_mail_links_are_fine(self):
        html = '<p><a href="#mal-2">Mål 2</a> og <a href="mailto:od@vest-telemark.no">Ole Dalen</a></p>'
        assert link_advice(html, place="Tekst") == []


EASY = "<p>Vi bygde eit hus. Det tok eitt år. Alle var glade.</p>"
# 21 words in 2 sentences, 15 of them long (more than 6 letters; «av», «i», «og», «for» are not):
# 21 / 2 + 100 × 15 / 21 = 10.5 + 71.4 = 81.9 → 82
HARD = (
    "<p>Regionrådet gjennomførte omfattande kartleggingar av kompetansebehova i "
    "næringslivet og kommunane samstundes. Prosjektleiinga utarbeidde deretter "
    "strategidokument for rekrutteringsarbeid og kompetanseheving i "
    "samarbeidskommunane.</p>"
)


class TestReadability:
    def test_lix_of_a_short_easy_text(self):
        # 11 words, 3 sentences, no long words: 11 / 3 = 3.7 → 4
        assert lix(["Vi bygde eit hus. Det tok eitt år. Alle var glade."]) == (4, 11, 3, 0)

    def test_lix_of_a_hard_text(self):
        measured = readability(HARD, place="Tekst")
        assert (measured.score, measured.words, measured.sentences, measured.long_words) == (
            82, 21, 2, 15,
        )  # fmt: skip
        assert measured.band == "svært vanskeleg"

    def test_abbreviations_do_not_end_a_sentence(self):
        assert lix(["Vi samarbeider m.a. om innkjøp, t.d. av mat. Det går bra."])[2] == 2

    def test_blocks_end_sentences_and_the_three_longest_are_named(self):
        html = (
            "<h2>Korte ord</h2><p>Ein. To ord. Her er tre. No er det fire.</p>"
            "<ul><li>Ei liste med fem ord</li></ul>"
        )
        measured = readability(html, place="Tekst")
        assert [(s.text, s.words) for s in measured.longest] == [
            ("Ei liste med fem ord", 5),
            ("No er det fire.", 4),
            ("Her er tre.", 3),
        ]

    @pytest.mark.parametrize(
        ("score", "band"),
        [(0, "svært lett"), (29, "svært lett"), (30, "lett"), (39, "lett"), (40, "middels"),
         (49, "middels"), (50, "vanskeleg"), (59, "vanskeleg"), (60, "svært vanskeleg")],
    )  # fmt: skip
    def test_bands_in_nynorsk(self, score, band):
        assert band_for(score) == band

    def test_a_hard_text_gets_advice_naming_its_score_and_longest_sentence(self):
        advice = readability_advice(readability(HARD, place="Tekst"))
        assert kinds(advice) == ["readability"]
        assert advice[0].message.startswith(
            "Tekst: teksten er svært vanskeleg å lese (LIX 82). Den lengste setninga har 11 ord"
        )

    def test_an_easy_text_gets_no_advice(self):
        assert readability_advice(readability(EASY, place="Tekst")) == []

    def test_a_short_text_gets_no_advice_whatever_its_score(self):
        # Three words, two of them long: LIX 70, but three words say little about a text.
        measured = readability("<p>Teksten om resultatet.</p>", place="Tekst")
        assert (measured.score, measured.is_short) == (70, True)
        assert readability_advice(measured) == []

    def test_an_empty_text_is_not_measured(self):
        assert readability("<p> </p>", place="Tekst") is None
