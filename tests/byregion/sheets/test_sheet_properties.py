"""Random and mutated sheets: a parsed sheet or a SheetError with its line, never a traceback.

A refused import must leave the database exactly as it was.
"""

import re
from pathlib import Path

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from byregion.demo.load import VEST_TELEMARK_SHEET
from byregion.sheets.load import sheet_import
from byregion.sheets.parse import Sheet, SheetError, sheet_parse
from regions.models import Contact, Goal, Region
from regions.programme import known_regions

pytestmark = pytest.mark.django_db

SEED_LINES = VEST_TELEMARK_SHEET.read_text(encoding="utf-8").split("\n")
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SHEET_WORDS = st.sampled_from(
    [
        "Mål for prosjektet:", "Godt eksempel på resultat", "Kontaktperson:", "Flaskehalsar:",
        "- 1) **Mål**", "- 2) *tekst*", "3.", "[lenkje](#)", "[lenkje](https://døme.no/)",
        "Mob:", "E-post:", "Tlf: 414 23 433", "ola@døme.no", "Bø", "Nes (Buskerud)", "Telemark",
        "Vest-Telemark", "«Trenettverk»", "**", "*", ",", "#", "\t", "   ", "", "Resultat i høve",
    ]
)  # fmt: skip


@st.composite
def mutated_seed(draw):
    """The seed sheet with lines removed, repeated, swapped, cut or replaced by other sheet text."""
    lines = list(SEED_LINES)
    for _step in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(lines) - 1)) if lines else 0
        action = draw(st.sampled_from(["delete", "repeat", "swap", "replace", "insert", "edit"]))
        if action == "delete" and lines:
            del lines[index]
        elif action == "repeat" and lines:
            lines.insert(index, lines[index])
        elif action == "swap" and len(lines) > 1:
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif action == "replace" and lines:
            lines[index] = " ".join(draw(st.lists(SHEET_WORDS, max_size=4)))
        elif action == "insert":
            lines.insert(index, draw(st.text(max_size=40)))
        elif lines:
            line = lines[index]
            cut = draw(st.integers(0, len(line)))
            lines[index] = line[:cut] + draw(st.text(max_size=5)) + line[cut:]
    return "\n".join(lines)


@given(text=st.text(max_size=400))
@SETTINGS
def test_random_text_is_a_sheet_or_a_sheet_error(text):
    try:
        assert isinstance(sheet_parse(text, source="tilfeldig"), Sheet)
    except SheetError as error:
        assert error.message


@given(text=mutated_seed())
@SETTINGS
def test_a_mutated_seed_is_parsed_or_refused_with_a_line(text):
    try:
        sheet = sheet_parse(text, source="mutert")
    except SheetError as error:
        assert error.message and error.line is not None
    else:
        assert sheet.goals


@given(text=mutated_seed())
@SETTINGS
def test_a_mutated_seed_imports_cleanly_or_writes_nothing(tmp_path, text):
    path = tmp_path / "ark.md"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    with transaction.atomic():
        try:
            sheet_import(paths=[path], known=known_regions(), phases=[2])
        except SheetError as error:
            assert error.message
            assert Region.objects.count() == Goal.objects.count() == Contact.objects.count() == 0
        else:
            assert Region.objects.count() == 1
        transaction.set_rollback(True)


# Sheets written with any mix of the heading forms both written languages use, whatever their
# case, colon, number or Markdown marks, and goals numbered «- 1)», «1.», «1)» or not at all,
# import alike.

FIXTURES = Path(__file__).parent / "fixtures"
BASES = [FIXTURES / "salten-bokmaal.md", FIXTURES / "hallingdal-to-resultat.md"]
INTRODUCTION = {
    "nn": (
        "Døma som er lagt inn i desse arka, gjeld eit utval av byregionar. Dei syner dømer på "
        "resultat av tiltak i høve til mål og flaskehalsar i det aktuelle byregionprosjektet."
    ),
    "nb": (
        "Eksemplene som er lagt inn i disse arkene, gjelder et utvalg av byregioner. De viser "
        "eksempler på resultater av tiltak i forhold til mål og flaskehalser i det aktuelle "
        "byregionprosjektet."
    ),
}
HEADINGS = {
    "title": {"nn": ["Utval resultat", "Utvalde resultat"], "nb": ["Utvalgte resultater"]},
    "results": {
        "nn": ["Resultat i høve måla i Byregionprosjektet", "Resultat i høve til måla"],
        "nb": ["Resultater i forhold til målene i Byregionprosjektet"],
    },
    "goals": {
        "nn": ["Mål for prosjektet", "Måla for prosjektet", "Prosjektmål"],
        "nb": ["Mål for prosjektet", "Målene for prosjektet", "Prosjektets mål"],
    },
    "bottlenecks": {"nn": ["Flaskehalsar", "Flaskehals"], "nb": ["Flaskehalser"]},
    "example": {
        "nn": ["Godt eksempel på resultat", "Godt døme på resultat", "Gode døme på resultat"],
        "nb": ["Godt eksempel på resultat", "Gode eksempler på resultater"],
    },
    "contact": {
        "nn": ["Kontaktperson", "Kontaktpersonar"],
        "nb": ["Kontaktperson", "Kontaktpersoner"],
    },
}
HEADING_KINDS = {
    text: kind for kind, forms in HEADINGS.items() for texts in forms.values() for text in texts
}
MARKS = [
    "{number}{text}{colon}",
    "## {number}{text}{colon}",
    "# {number}{text}{colon}",
    "**{number}{text}{colon}**",
    "**{number}{text}**{colon}",
    "*{number}{text}*{colon}",
]
GOAL_NUMBERS = ["- {n}) ", "{n}. ", "{n}) ", "- {n}. ", "Mål {n}: ", "- ", ""]


@st.composite
def sheet_variant(draw, base):
    """The base sheet with every heading, the introduction and the goals' numbers redrawn."""
    goal_style = draw(st.sampled_from(GOAL_NUMBERS))
    sections = 0
    lines = []
    for line in base.read_text(encoding="utf-8").split("\n"):
        kind = HEADING_KINDS.get(line.rstrip(":"))
        goal = re.match(r"^- (\d+)\) (.*)$", line)
        if line.startswith(("Døma som", "Eksemplene som")):
            if draw(st.booleans()):
                lines.append(INTRODUCTION[draw(st.sampled_from(["nn", "nb"]))])
        elif goal:
            lines.append(goal_style.format(n=goal[1]) + goal[2])
        elif kind:
            form = draw(st.sampled_from(["nn", "nb"]))
            text = draw(st.sampled_from(HEADINGS[kind][form]))
            text = draw(st.sampled_from([text, text.upper(), text.lower()]))
            if kind in ("title", "results"):
                if draw(st.booleans()):
                    lines.append(text)
                continue
            sections += 1
            number = draw(st.sampled_from(["", f"{sections}) ", f"{sections}. "]))
            colon = draw(st.sampled_from(["", ":", " :"]))
            marks = draw(st.sampled_from(MARKS))
            lines.append(marks.format(number=number, text=text, colon=colon))
        else:
            lines.append(line)
    return "\n".join(lines)


def parsed(text):
    """What a parsed sheet says, without the line numbers that redrawn headings move."""
    sheet = sheet_parse(text)
    return {
        "name": sheet.name.name,
        "municipalities": [item.name for item in sheet.municipalities],
        "counties": sheet.counties,
        "goals": [(goal.number, goal.html) for goal in sheet.goals],
        "bottlenecks": [item.html for item in sheet.bottlenecks],
        "examples": [
            (item.title, item.teaser, item.body_html, item.title_given) for item in sheet.examples
        ],
        "contacts": [
            (item.name, item.organisation, item.role, item.phone, item.email)
            for item in sheet.contacts
        ],
        "language": sheet.language.language,
    }


def stored():
    """Everything an import writes that a reader sees."""
    region = Region.objects.get()
    return {
        "region": (region.slug, region.name, region.language, region.status),
        "members": list(
            region.memberships.values_list("name", "municipality__number", "applicant")
        ),
        "goals": list(region.goals.values_list("number", "text")),
        "bottlenecks": list(region.bottlenecks.values_list("text", flat=True)),
        "results": list(
            region.results.order_by("slug").values_list(
                "slug", "title", "teaser", "body", "language"
            )
        ),
        "contacts": list(region.contacts.values_list("name", "organisation", "phone", "email")),
    }


@pytest.mark.parametrize("base", BASES, ids=lambda path: path.stem)
@given(data=st.data())
@settings(max_examples=100, deadline=None)
def test_any_mix_of_heading_forms_parses_as_the_sheet_does(base, data):
    text = data.draw(sheet_variant(base))
    assert parsed(text) == parsed(base.read_text(encoding="utf-8"))


IMPORTED = {}  # base sheet → what importing it stores, computed once


@pytest.mark.parametrize("base", BASES, ids=lambda path: path.stem)
@given(data=st.data())
@settings(SETTINGS, max_examples=25)
def test_any_mix_of_heading_forms_imports_as_the_sheet_does(tmp_path, base, data):
    if base not in IMPORTED:
        with transaction.atomic():
            sheet_import(paths=[base], known=known_regions())
            IMPORTED[base] = stored()
            transaction.set_rollback(True)
    expected = IMPORTED[base]
    path = tmp_path / "variant.md"
    path.write_text(data.draw(sheet_variant(base)), encoding="utf-8")
    with transaction.atomic():
        sheet_import(paths=[path], known=known_regions())
        assert stored() == expected
        transaction.set_rollback(True)
