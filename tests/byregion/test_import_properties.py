"""Random and mutated input for the sheet parser and the JSON importer: a clear error or a clean import.

Never a traceback: every failure must be the importer's own exception with a message, and a refused
import must leave the database exactly as it was.
"""

import copy
import json

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from byregion.demo.load import VEST_TELEMARK_SHEET
from byregion.interchange.document import ContentError
from byregion.interchange.export import content_export, content_write
from byregion.interchange.write import content_import
from byregion.sheets.load import sheet_import
from byregion.sheets.parse import Sheet, SheetError, sheet_parse
from cases.models import ResultExample, ResultImage
from regions.models import Contact, Goal, Membership, Region
from regions.programme import known_regions
from tests.factories import image_upload, make_contact, make_region, make_result, make_theme

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
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


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


@pytest.fixture
def document(tmp_path):
    """A valid export with every kind of object, one small image included."""
    theme = make_theme(slug="bustad", name="Bustad")
    region = make_region(
        name="Vest-Telemark", slug="vest-telemark", municipalities=("4034", "4022"), goals=3
    )
    make_contact(region, role="Dagleg leiar")
    result = make_result(region, slug="trenettverket", goals=(2, 3), themes=(theme,))
    ResultImage.objects.create(result=result, image=image_upload(size=(64, 48)), alt_text="Eit hus")
    make_result(region, slug="kladd", published=False)
    content_write(export=content_export(), out=tmp_path / "innhald.json")
    return json.loads((tmp_path / "innhald.json").read_text(encoding="utf-8"))


def state():
    return (
        sorted(Region.objects.values_list("slug", "name", "updated_at")),
        sorted(ResultExample.objects.values_list("slug", "title", "updated_at")),
        Membership.objects.count(),
        sorted(Goal.objects.values_list("number", "text")),
        sorted(Contact.objects.values_list("name", "phone", "email")),
        ResultImage.objects.count(),
    )


def import_or_refuse(document, base_dir):
    before = state()
    with transaction.atomic():
        try:
            content_import(document=document, base_dir=base_dir)
        except ContentError as error:
            assert str(error)
            assert state() == before
        transaction.set_rollback(True)


@st.composite
def mutated_document(draw, document):
    """The document with one value somewhere deleted, replaced, emptied or duplicated."""
    document = copy.deepcopy(document)
    for _step in range(draw(st.integers(1, 3))):
        parent, key = None, None
        node = document
        while isinstance(node, dict | list) and node and draw(st.booleans()):
            keys = list(node) if isinstance(node, dict) else list(range(len(node)))
            parent, key = node, draw(st.sampled_from(keys))
            node = node[key]
        if parent is None:
            continue
        action = draw(st.sampled_from(["delete", "replace", "empty", "duplicate"]))
        if action == "delete":
            del parent[key]
        elif action == "replace":
            parent[key] = draw(JSON)
        elif action == "empty":
            parent[key] = type(node)() if isinstance(node, str | list | dict) else None
        elif isinstance(parent, list):
            parent.append(copy.deepcopy(node))
    return document


@given(data=st.data())
@SETTINGS
def test_a_mutated_document_imports_cleanly_or_changes_nothing(tmp_path, document, data):
    import_or_refuse(data.draw(mutated_document(document)), tmp_path)


@given(value=JSON)
@SETTINGS
def test_random_json_is_refused_with_a_message(tmp_path, value):
    if not Region.objects.exists():
        make_region(slug="vest-telemark")
    import_or_refuse(value, tmp_path)


@given(regions=st.lists(JSON, max_size=3))
@SETTINGS
def test_random_regions_in_a_valid_envelope_are_refused_or_imported(tmp_path, regions):
    import_or_refuse({"format": "byregion-content/1", "regions": regions}, tmp_path)
