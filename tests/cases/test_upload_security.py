"""Hostile uploads are refused with a clear message, through the admin, the model and an import;
what is stored is a clean re-encoding."""

import io
import random
import re
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image

from byregion.interchange.document import FORMAT, ContentError
from byregion.interchange.write import content_import
from cases import images
from cases.models import ResultExample, ResultImage
from tests.cases.test_result_admin import result_form
from tests.factories import image_bytes, image_upload, make_region, make_result

pytestmark = pytest.mark.django_db

ADD_URL = "admin:cases_resultexample_add"
STORED_NAME = re.compile(r"^resultat/[0-9a-f]{32}(-480|-1200)?\.(jpg|png)$")
DJANGO_REFUSAL = "Last opp eit gyldig bilete"


def png_declaring(width, height):
    """A valid little PNG file whose header claims `width` × `height` pixels (no pixel data)."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def gps_exif():
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Kamera AS"
    exif[ExifTags.Base.ImageDescription] = "Heime hos Kari"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (59.0, 24.0, 36.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (8.0, 2.0, 24.0),
    }
    return exif


def jpeg_with_gps():
    buffer = io.BytesIO()
    Image.new("RGB", (900, 600), (40, 90, 30)).save(
        buffer, format="JPEG", exif=gps_exif(), comment=b"Kari Nordmann, Bakkevegen 3"
    )
    return buffer.getvalue()


def gif_bytes():
    buffer = io.BytesIO()
    Image.new("P", (40, 30), 3).save(buffer, format="GIF")
    return buffer.getvalue()


SCRIPT = b"alert(document.cookie)"
HOSTILE = {
    "svg_with_script": (
        "logo.svg",
        b"<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg'>"
        b"<script>alert(document.cookie)</script></svg>",
        "Fila er ei SVG-fil, ikkje eit bilete.",
    ),
    "html_renamed_jpg": (
        "bilete.jpg",
        b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>",
        "Fila er ei HTML-fil, ikkje eit bilete.",
    ),
    "pdf": (
        "rapport.pdf",
        b"%PDF-1.7\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n",
        "Fila er ei PDF-fil, ikkje eit bilete.",
    ),
    "truncated_jpeg": (
        "avkorta.jpg",
        image_bytes(size=(800, 600))[:2500],
        "Fila er ikkje eit bilete Byregion kan bruke, eller ho er øydelagd.",
    ),
    "gif_header_with_script": (
        "polyglot.gif",
        b"GIF89a/*\x0a\x00\x0a\x00\x00\x00\x00*/=" + SCRIPT + b";//",
        "Fila er ikkje eit bilete Byregion kan bruke, eller ho er øydelagd.",
    ),
    "decompression_bomb": (
        "bombe.png",
        png_declaring(30_000, 30_000),
        "Biletet er for stort til å behandle (for mange pikslar).",
    ),
    "too_many_pixels": (
        "stort.png",
        png_declaring(7_000, 7_000),
        "Biletet er 7000 × 7000 pikslar.",
    ),
    "absurd_side": ("lang.png", png_declaring(12_001, 900), "Biletet er 12001 × 900 pikslar."),
    "absurd_strip": ("stripe.png", png_declaring(6_000, 10), "Biletet er 6000 × 10 pikslar."),
}
# Django's own ImageField opens the file first and refuses what Pillow cannot read at all, with
# its (nynorsk) message; what it lets through meets ours.
ADMIN_MESSAGE = {
    "svg_with_script": DJANGO_REFUSAL,
    "html_renamed_jpg": DJANGO_REFUSAL,
    "pdf": DJANGO_REFUSAL,
    "gif_header_with_script": DJANGO_REFUSAL,
    "decompression_bomb": DJANGO_REFUSAL,
}


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def post_result(client, region, upload):
    return client.post(reverse(ADD_URL), result_form(region, **{"images-0-image": upload}))


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_the_admin_refuses_a_hostile_upload_and_stores_nothing(admin_client, settings, case):
    name, content, message = HOSTILE[case]
    region = make_region()
    response = post_result(admin_client, region, SimpleUploadedFile(name, content, "image/jpeg"))
    assert response.status_code == 200
    assert ADMIN_MESSAGE.get(case, message) in response.content.decode()
    assert not ResultExample.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_result_image_refuses_a_hostile_file_whatever_path_it_came_by(settings, case):
    name, content, message = HOSTILE[case]
    result = make_result(make_region())
    upload = SimpleUploadedFile(name, content, "image/png")
    try:
        image = ResultImage(result=result, image=upload, alt_text="Eit bilete")
    except Image.DecompressionBombError:
        # Django reads the dimensions when the object is built, and Pillow stops a bomb there.
        assert case == "decompression_bomb"
    else:
        with pytest.raises(ValidationError) as refused:
            image.full_clean()
        assert message in " ".join(refused.value.messages)
        with pytest.raises(ValidationError):
            image.save()
    assert not ResultImage.objects.exists()
    assert stored_files(settings) == []


def test_the_image_check_names_a_bomb_as_a_bomb():
    with pytest.raises(ValidationError) as refused:
        images.validate_image(SimpleUploadedFile("bombe.png", png_declaring(30_000, 30_000)))
    assert refused.value.messages == ["Biletet er for stort til å behandle (for mange pikslar)."]


def test_an_oversized_file_is_refused_with_its_size_and_the_limit(admin_client, settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 1_048_576
    noise = Image.frombytes("RGB", (1400, 1000), random.Random(7).randbytes(1400 * 1000 * 3))
    buffer = io.BytesIO()
    noise.save(buffer, format="PNG")
    assert len(buffer.getvalue()) > 1_048_576
    upload = SimpleUploadedFile("stor.png", buffer.getvalue(), "image/png")
    response = post_result(admin_client, make_region(), upload)
    assert response.status_code == 200
    assert "Største tillatne storleik er 1 MB." in response.content.decode()
    assert not ResultExample.objects.exists()
    assert stored_files(settings) == []


def test_a_request_body_over_the_limit_is_refused_before_it_is_read(admin_client, settings):
    settings.REQUEST_MAX_BYTES = 200_000
    big = SimpleUploadedFile("stor.jpg", image_bytes()[:100] + b"\x00" * 300_000, "image/jpeg")
    response = admin_client.post(
        reverse(ADD_URL), result_form(make_region(), **{"images-0-image": big})
    )
    assert response.status_code == 413
    assert "Det du sende er for stort (0.3 MB)" in response.content.decode()
    assert not ResultExample.objects.exists()
    assert stored_files(settings) == []


def test_a_photo_with_gps_is_stored_without_any_metadata(admin_client, settings):
    upload = SimpleUploadedFile("IMG_0042.jpg", jpeg_with_gps(), "image/jpeg")
    with Image.open(upload) as original:
        assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    upload.seek(0)
    response = post_result(admin_client, make_region(), upload)
    assert response.status_code == 302
    image = ResultImage.objects.get()
    for stored in (image.image, image.thumbnail, image.large):
        raw = stored.read()
        stored.close()
        assert b"Exif" not in raw
        assert b"Kari" not in raw
        assert b"Kamera AS" not in raw
        with Image.open(io.BytesIO(raw)) as clean:
            assert clean.format == "JPEG"
            assert dict(clean.getexif()) == {}
            assert not {"exif", "xmp", "comment", "icc_profile"} & set(clean.info)


def test_a_rotated_photo_is_stored_upright(settings):
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    upload = image_upload(size=(800, 600), exif=exif)
    image = ResultImage.objects.create(
        result=make_result(make_region()), image=upload, alt_text="Ståande"
    )
    assert (image.width, image.height) == (600, 800)
    with Image.open(image.image.path) as stored:
        assert stored.size == (600, 800)
        assert dict(stored.getexif()) == {}


def test_a_real_gif_with_script_appended_is_stored_as_a_clean_png_without_it(settings):
    upload = SimpleUploadedFile("anim.gif", gif_bytes() + b"/*" + SCRIPT + b"*/", "image/gif")
    image = ResultImage.objects.create(
        result=make_result(make_region()), image=upload, alt_text="Ein GIF"
    )
    raw = image.image.read()
    image.image.close()
    assert SCRIPT not in raw
    assert not raw.startswith(b"GIF")
    assert STORED_NAME.match(image.image.name)


def test_stored_names_are_random_and_never_the_uploaders(admin_client, settings):
    region = make_region()
    for slug in ("forste", "andre"):
        upload = image_upload(name="kari-nordmann-heime-i-bakkevegen.jpg")
        response = admin_client.post(
            reverse(ADD_URL),
            result_form(region, slug=slug, title=slug, **{"images-0-image": upload}),
        )
        assert response.status_code == 302
    names = stored_files(settings)
    assert len(names) == 6
    assert all(STORED_NAME.match(name) for name in names), names
    assert not any("kari" in name for name in names)
    first, second = ResultImage.objects.order_by("pk")
    assert first.image.name != second.image.name


def test_a_stored_image_is_served_with_its_content_type_and_nosniff(client, settings):
    image = ResultImage.objects.create(
        result=make_result(make_region()), image=image_upload(), alt_text="Eit bilete"
    )
    response = client.get(image.image.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"


@pytest.mark.parametrize(
    "path", ["resultat/side.html", "resultat/teikning.svg", "../tests/settings.py", "resultat/"]
)
def test_the_media_view_serves_nothing_but_images_under_media_root(client, settings, path):
    (settings.MEDIA_ROOT / "resultat").mkdir(parents=True)
    (settings.MEDIA_ROOT / "resultat" / "side.html").write_text("<script>alert(1)</script>")
    (settings.MEDIA_ROOT / "resultat" / "teikning.svg").write_text("<svg><script/></svg>")
    assert client.get(f"/media/{path}").status_code == 404


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_an_import_refuses_a_hostile_image_naming_the_place(tmp_path, settings, case):
    name, content, message = HOSTILE[case]
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / name).write_bytes(content)
    document = {
        "format": FORMAT,
        "regions": [
            {
                "slug": "vest-telemark",
                "name": "Vest-Telemark",
                "phases": [2],
                "members": [{"municipality": "4036"}],
                "results": [
                    {
                        "slug": "trenettverket",
                        "title": "Trenettverket",
                        "teaser": "Meir tre.",
                        "images": [{"file": f"img/{name}", "alt": "Eit bilete"}],
                    }
                ],
            }
        ],
    }
    with pytest.raises(ContentError) as refused:
        content_import(document=document, base_dir=tmp_path)
    assert "regions[vest-telemark].results[trenettverket].images[0].file" in str(refused.value)
    assert message in str(refused.value)
    assert not ResultExample.objects.exists()
    assert stored_files(settings) == []
