"""Random and mutated byregion-content/1 documents: a clean import or a ContentError, never a traceback.

A refused import must leave the database exactly as it was.
"""

import copy
import json

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from byregion.interchange.document import ContentError
from byregion.interchange.export import content_export, content_write
from byregion.interchange.write import content_import
from cases.models import ResultExample, ResultImage
from regions.models import Contact, Goal, Membership, Region
from tests.factories import image_upload, make_contact, make_region, make_result, make_theme

pytestmark = pytest.mark.django_db

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


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
