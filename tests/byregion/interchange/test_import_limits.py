"""An import keeps every limit the admin's forms keep, and keeps only image files this site wrote.

A text longer than its form allows is refused naming its place, and nothing is written. An image
file is kept byte for byte only when it is exactly what this site's encoder writes; one with bytes
appended after its end, or a chunk or marker the encoder never writes, is encoded afresh.
"""

import struct
import zlib

import pytest
from django.core.files.storage import default_storage

from byregion.interchange.document import ContentError
from byregion.interchange.write import content_import
from cases.models import ResultExample, Theme
from regions.models import Region
from tests.byregion.interchange.test_interchange import (
    region_of,
    result_of,
    snapshot,
    valid_document,
)

pytestmark = pytest.mark.django_db


def _too_long(text_limit):
    return "x" * (text_limit + 1)


LIMITS = [
    (lambda d: result_of(d).__setitem__("teaser", _too_long(500)), "results[trenettverket].teaser"),
    (lambda d: result_of(d).__setitem__("title", _too_long(200)), "results[trenettverket].title"),
    (
        lambda d: result_of(d).__setitem__("body_html", "<p>" + _too_long(100_000) + "</p>"),
        "results[trenettverket].body_html",
    ),
    (lambda d: region_of(d).__setitem__("editorial_note", _too_long(5_000)), "editorial_note"),
    (lambda d: region_of(d).__setitem__("advice", [_too_long(5_000)]), "advice"),
    (
        lambda d: region_of(d).__setitem__("summary_html", "<p>" + _too_long(100_000) + "</p>"),
        "summary_html",
    ),
    (
        lambda d: region_of(d)["goals"][0].__setitem__("text_html", _too_long(100_000)),
        "goals[0].text_html",
    ),
    (
        lambda d: region_of(d)["bottlenecks"][0].__setitem__("text_html", _too_long(100_000)),
        "bottlenecks[0].text_html",
    ),
    (
        lambda d: d["themes"][0].__setitem__("description", _too_long(2_000)),
        "themes[bustad].description",
    ),
    (
        lambda d: result_of(d)["images"][0].__setitem__("caption", _too_long(300)),
        "images[0].caption",
    ),
]


@pytest.mark.parametrize("damage, place", LIMITS)
def test_a_text_longer_than_the_form_allows_is_refused_and_nothing_is_written(
    tmp_path, damage, place
):
    document = valid_document(tmp_path)
    damage(document)
    before = snapshot()
    with pytest.raises(ContentError) as error:
        content_import(document=document, base_dir=tmp_path)
    assert place in error.value.path
    assert "tal teikn" in error.value.message or "teikn" in error.value.message
    assert snapshot() == before


def test_the_limits_are_the_admins(admin_client):
    """The same numbers the admin shows as limits, so an import and a form never disagree."""
    teaser = ResultExample._meta.get_field("teaser")
    assert teaser.max_length == 500
    html = admin_client.get("/admin/cases/resultexample/add/").content.decode()
    assert 'maxlength="500"' in html
    assert Theme._meta.get_field("description").max_length == 2_000
    assert Region._meta.get_field("editorial_note").max_length == 5_000


def _stored_file(document, tmp_path):
    relative = result_of(document)["images"][0]["file"]
    return tmp_path / relative


def _import_and_get_image(document, tmp_path):
    ResultExample.objects.all().delete()
    content_import(document=document, base_dir=tmp_path)
    return ResultExample.objects.get(slug="trenettverket").images.order_by("position").first()


def test_an_image_in_the_sites_own_form_is_kept_byte_for_byte(tmp_path):
    document = valid_document(tmp_path)
    path = _stored_file(document, tmp_path)
    original = path.read_bytes()
    image = _import_and_get_image(document, tmp_path)
    assert image.image.name == f"resultat/{path.name}"
    assert default_storage.open(image.image.name).read() == original


def test_bytes_appended_to_a_jpeg_do_not_survive_an_import(tmp_path):
    document = valid_document(tmp_path)
    path = _stored_file(document, tmp_path)
    assert path.suffix == ".jpg"
    default_storage.delete(f"resultat/{path.name}")
    path.write_bytes(path.read_bytes() + b"<script>alert(1)</script>")
    image = _import_and_get_image(document, tmp_path)
    assert image.image.name != f"resultat/{path.name}"
    stored = default_storage.open(image.image.name).read()
    assert b"<script>" not in stored
    assert stored.endswith(b"\xff\xd9")


def test_a_comment_in_a_jpeg_does_not_survive_an_import(tmp_path):
    document = valid_document(tmp_path)
    path = _stored_file(document, tmp_path)
    default_storage.delete(f"resultat/{path.name}")
    data = path.read_bytes()
    comment = b"hemmeleg kommentar"
    path.write_bytes(
        data[:2] + b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment + data[2:]
    )
    image = _import_and_get_image(document, tmp_path)
    assert image.image.name != f"resultat/{path.name}"
    assert comment not in default_storage.open(image.image.name).read()


def _png_with_private_chunk(data):
    body = b"secret payload"
    chunk = struct.pack(">I", len(body)) + b"prVt" + body
    chunk += struct.pack(">I", zlib.crc32(b"prVt" + body) & 0xFFFFFFFF)
    end = data.rindex(b"IEND") - 4
    return data[:end] + chunk + data[end:]


def test_a_private_png_chunk_does_not_survive_an_import(tmp_path):
    document = valid_document(tmp_path)
    images = result_of(document)["images"]
    images[0], images[1] = images[1], images[0]
    path = tmp_path / images[0]["file"]
    assert path.suffix == ".png"
    default_storage.delete(f"resultat/{path.name}")
    path.write_bytes(_png_with_private_chunk(path.read_bytes()))
    ResultExample.objects.all().delete()
    content_import(document=document, base_dir=tmp_path)
    image = ResultExample.objects.get(slug="trenettverket").images.get(decorative=True)
    assert image.image.name != f"resultat/{path.name}"
    assert b"secret payload" not in default_storage.open(image.image.name).read()
