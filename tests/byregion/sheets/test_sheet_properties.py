"""Random and mutated sheets: a parsed sheet or a SheetError with its line, never a traceback.

A refused import must leave the database exactly as it was.
"""

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
