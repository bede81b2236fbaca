"""Titles and addresses derived for examples that have none: whole phrases an editor would keep."""

from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from byregion.demo.load import VEST_TELEMARK_SHEET
from byregion.sheets.load import sheet_import
from byregion.sheets.parse import sheet_parse
from byregion.sheets.titles import SLUG_LENGTH, TITLE_LENGTH, slug_from_title, title_from_text
from byregion.slugs import slug_from_name
from cases.models import ResultExample
from regions.programme import known_regions

FIXTURES = Path(__file__).parent / "fixtures"


def titles_of(path):
    return [example.title for example in sheet_parse(path.read_text(encoding="utf-8")).examples]


class TestTitlesOfTheSheets:
    @pytest.mark.parametrize(
        ("path", "titles"),
        [
            (VEST_TELEMARK_SHEET, ["Offentleg innkjøp"]),
            (FIXTURES / "salten-bokmaal.md", ["Næringsforum Salten"]),
            (
                FIXTURES / "hallingdal-to-resultat.md",
                ["Felles Heim att-portal", "Lokalmat til hyttebutikkane"],
            ),
            (FIXTURES / "harstadregionen-nummerert.md", ["Felles læreplassordning for ungdom"]),
            (FIXTURES / "midt-telemark-gamle-namn.md", ["Gründerhuset i Bø"]),
        ],
    )
    def test_each_sheet_gets_a_title_an_editor_would_keep(self, path, titles):
        assert titles_of(path) == titles


class TestWhereATitleComesFrom:
    def test_what_the_text_puts_in_bold_comes_first(self):
        text = "Regionen fekk eit felles kontor. Det heiter no Næringshuset og har fem tilsette."
        assert title_from_text(text, emphasised=["Næringshuset"]) == "Næringshuset"

    def test_bold_that_is_a_sentence_or_a_small_word_is_passed_over(self):
        text = "Kommunane oppretta ein felles Heim att-portal der alt er samla."
        long_bold = "Dette var det viktigaste som skjedde i heile programperioden for regionen vår."
        assert title_from_text(text, emphasised=[long_bold, "ikkje"]) == "Felles Heim att-portal"

    def test_a_phrase_the_text_repeats_names_it(self):
        text = (
            "Regionen tok i bruk offentleg innkjøp for å kjøpe kunnskap. Seinare vart "
            "offentleg innkjøp brukt til å byggje eit «Trenettverk»."
        )
        assert title_from_text(text) == "Offentleg innkjøp"

    def test_else_a_quoted_name(self):
        text = "Med Bø og Sauherad som pådrivarar vart «Gründerhuset i Bø» opna hausten 2017."
        assert title_from_text(text) == "Gründerhuset i Bø"

    @pytest.mark.parametrize(
        ("text", "title"),
        [
            (
                "Kommunane oppretta ein felles Heim att-portal der ledige stillingar, bustader "
                "og tomter i heile Hallingdal er samla på éin stad.",
                "Felles Heim att-portal",
            ),
            (
                "Eit nettverk av lokalmatprodusentar leverer no til hyttebutikkane på Geilo og i "
                "Hemsedal.",
                "Lokalmat til hyttebutikkane",
            ),
            (
                "Byregionprosjektet gjennomførte tidleg i fase 2 ein målretta bruk av anbod for "
                "levering av kunnskap.",
                "Målretta bruk av anbod",
            ),
            (
                "Gjennom prosjektet ble det etablert et regionalt gründernettverk i 2016.",
                "Regionalt gründernettverk",
            ),
            (
                "Eit felles innkjøpskontor vart etablert i 2017 og har sidan spart pengar.",
                "Felles innkjøpskontor",
            ),
            (
                "Dei etablerte bedriftene i regionen fekk ny kompetanse gjennom eit mentorprogram.",
                "Ny kompetanse",
            ),
            (
                "Prosjektet har ført til eit tettare samarbeid mellom kommunane og næringslivet.",
                "Tettare samarbeid mellom kommunane",
            ),
            (
                "I 2018 starta kommunane eit felles traineeprogram for nyutdanna, og førti har "
                "sidan fått fast jobb.",
                "Felles traineeprogram for nyutdanna",
            ),
            (
                "Samarbeidet har gitt regionen en felles stemme overfor fylkeskommunen og staten.",
                "Felles stemme",
            ),
            (
                "Bøndene i dalen sel no flis til fjernvarmeanlegget i Gol og på Ål.",
                "Flis til fjernvarmeanlegget",
            ),
        ],
    )
    def test_else_what_was_done(self, text, title):
        assert title_from_text(text) == title

    def test_else_the_opening_clause_shortened_at_a_phrase_boundary(self):
        text = (
            "Regionen arbeidde systematisk med omdømme og identitet gjennom heile "
            "programperioden, med mange møte."
        )
        assert title_from_text(text) == "Regionen arbeidde systematisk med omdømme"

    def test_a_sentence_of_punctuation_alone_is_passed_over(self):
        assert title_from_text(". Kommunane samarbeider.") == "Kommunane samarbeider"

    def test_a_title_is_never_cut_with_an_ellipsis(self):
        text = (
            "Samarbeidsrådet i regionen arbeidde i fleire år systematisk med omdømmebygging "
            "overfor unge vaksne utanfor regionen"
        )
        title = title_from_text(text)
        assert "…" not in title
        assert len(title) <= TITLE_LENGTH
        assert text.startswith(title)


WORDS = st.sampled_from(
    [
        "Kommunane", "oppretta", "ein", "felles", "Heim", "att-portal", "der", "ledige",
        "stillingar", "leverer", "til", "hyttebutikkane", "på", "Geilo", "og", "i", "vart",
        "etablert", "eit", "nettverk", "av", "lokalmatprodusentar", "«Trenettverk»", "2017",
        "ble", "det", "et", "felles", "kontor", "for", "ungdom", "fra", "hele", "regionen",
        "samarbeidsorganisasjonsutviklingsprosjektet", ",", ".", "no", "tidleg", "fase",
    ]
)  # fmt: skip


@given(words=st.lists(WORDS, min_size=1, max_size=60))
@settings(max_examples=200, deadline=None)
def test_a_derived_title_is_a_whole_phrase_of_at_most_60_characters(words):
    text = " ".join(words).replace(" ,", ",").replace(" .", ".")
    assume(any(word[0].isalpha() for word in words))
    title = title_from_text(text)
    assert 0 < len(title) <= TITLE_LENGTH
    assert "…" not in title
    assert title[0].isalnum() or title[0] == "«"
    plain = text.casefold()
    for word in title.strip("«»").split():
        assert word.strip("«»").casefold() in plain


@given(
    title=st.lists(
        st.sampled_from(
            [
                "Felles",
                "Heim",
                "att-portal",
                "for",
                "næringslivet",
                "i",
                "Hallingdal",
                "og",
                "Numedal",
            ]
        ),
        min_size=1,
        max_size=30,
    ).map(" ".join)
)
@settings(max_examples=100, deadline=None)
def test_an_address_is_at_most_60_characters_and_ends_on_a_whole_word(title):
    slug = slug_from_title(title)
    full = slug_from_name(title)
    assert len(slug) <= SLUG_LENGTH
    assert full.startswith(slug)
    assert len(full) == len(slug) or full[len(slug)] == "-"


@pytest.mark.django_db
def test_a_long_given_title_keeps_its_words_and_gets_a_short_address(tmp_path):
    long_title = (
        "Felles Heim att-portal for ledige stillingar, bustader og tomter i heile Hallingdal"
    )
    text = (FIXTURES / "hallingdal-to-resultat.md").read_text(encoding="utf-8")
    text = text.replace(
        "Godt eksempel på resultat\n\nKommunane",
        f"Godt eksempel på resultat\n\n## {long_title}\n\nKommunane",
    )
    path = tmp_path / "hallingdal.md"
    path.write_text(text, encoding="utf-8")
    (report,) = sheet_import(paths=[path], known=known_regions())
    result = ResultExample.objects.get(title=long_title)
    assert result.slug == "felles-heim-att-portal-for-ledige-stillingar-bustader-og"
    assert len(result.slug) <= SLUG_LENGTH
    assert not any(long_title in note for note in report.notes)


@pytest.mark.django_db
def test_two_examples_with_one_title_get_addresses_of_at_most_60_characters(tmp_path):
    title = "Felles Heim att-portal for ledige stillingar bustader og tomtene"
    text = (FIXTURES / "hallingdal-to-resultat.md").read_text(encoding="utf-8")
    text = text.replace(
        "Godt eksempel på resultat\n\n", f"Godt eksempel på resultat\n\n## {title}\n\n"
    )
    path = tmp_path / "hallingdal.md"
    path.write_text(text, encoding="utf-8")
    sheet_import(paths=[path], known=known_regions())
    slugs = sorted(ResultExample.objects.values_list("slug", flat=True))
    assert slugs == [
        "felles-heim-att-portal-for-ledige-stillingar-bustader-og",
        "felles-heim-att-portal-for-ledige-stillingar-bustader-og-2",
    ]
