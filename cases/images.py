"""Uploaded images: checked with Pillow, re-encoded without metadata, and cut to web sizes.

Nothing about an upload is trusted: not its name, its extension or its declared content type.
Pillow may only parse the four web formats (never EPS, which would start Ghostscript, or any of
its other readers), the dimensions are checked before a pixel is decoded, and what is stored is a
fresh encoding of the pixels alone, so EXIF, GPS, XMP, comments and anything appended to the file
(a GIF that is also a script) are gone.
"""

import io
import uuid
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

# The only readers Pillow may use. Its JPEG reader returns "MPO" for the multi-picture JPEG that
# many phone cameras write, so that is allowed as a result too.
READERS = ["JPEG", "PNG", "WEBP", "GIF"]
ALLOWED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "GIF"}
MAX_SIDE = 12_000
# A strip 20 times longer than it is wide is no photograph; it breaks the renditions too.
MAX_ASPECT_RATIO = 20
RENDITION_WIDTHS = {"thumbnail": 480, "large": 1200}
_SNIFF_BYTES = 2048
_FOREIGN_KINDS = [
    (lambda head: head.startswith(b"%pdf"), _("ei PDF-fil")),
    (lambda head: b"<svg" in head, _("ei SVG-fil")),
    (lambda head: b"<html" in head or b"<!doctype html" in head, _("ei HTML-fil")),
    (lambda head: b"<script" in head, _("ei fil med skript")),
    (lambda head: head.startswith(b"<?xml"), _("ei XML-fil")),
]


def _not_an_image(file):
    """Return the ValidationError for a file Pillow refused, naming its kind when it is obvious."""
    file.seek(0)
    head = file.read(_SNIFF_BYTES).lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    file.seek(0)
    for matches, kind in _FOREIGN_KINDS:
        if matches(head):
            return ValidationError(
                _("Fila er %(kind)s, ikkje eit bilete. Bruk JPEG, PNG, WebP eller GIF."),
                code="not_an_image",
                params={"kind": kind},
            )
    return ValidationError(
        _(
            "Fila er ikkje eit bilete Byregion kan bruke, eller ho er øydelagd. "
            "Bruk JPEG, PNG, WebP eller GIF."
        ),
        code="not_an_image",
    )


def _check_dimensions(width, height):
    if (
        width > MAX_SIDE
        or height > MAX_SIDE
        or width * height > settings.IMAGE_UPLOAD_MAX_PIXELS
        or max(width, height) > MAX_ASPECT_RATIO * min(width, height)
    ):
        raise ValidationError(
            _(
                "Biletet er %(width)s × %(height)s pikslar. Det er for stort eller har urimelege "
                "mål. Største tillatne er %(max_side)s pikslar på den lengste sida."
            ),
            code="too_many_pixels",
            params={"width": width, "height": height, "max_side": MAX_SIDE},
        )


def _open_checked(file):
    """Return `file` decoded as an image of an allowed kind and size, or raise ValidationError."""
    size = getattr(file, "size", None)
    if size is not None and size > settings.IMAGE_UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("Biletet er for stort (%(size)s MB). Største tillatne storleik er %(max)s MB."),
            code="too_large",
            params={
                "size": round(size / 1_048_576, 1),
                "max": settings.IMAGE_UPLOAD_MAX_BYTES // 1_048_576,
            },
        )
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(file, formats=READERS)
            # Read from the header alone: nothing is decoded before the size is known to be sane.
            _check_dimensions(*image.size)
            image.verify()
            file.seek(0)
            image = Image.open(file, formats=READERS)
            image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            _("Biletet er for stort til å behandle (for mange pikslar)."), code="bomb"
        ) from error
    except Exception as error:  # Pillow raises many kinds for broken or foreign files.
        raise _not_an_image(file) from error
    if image.format not in ALLOWED_FORMATS:
        raise ValidationError(
            _("Biletformatet %(format)s er ikkje tillate. Bruk JPEG, PNG, WebP eller GIF."),
            code="format",
            params={"format": image.format},
        )
    file.seek(0)
    return image


def validate_image(file):
    """Validator for image fields: refuses anything Pillow cannot read as an allowed image."""
    _open_checked(file)


def _encode(image, has_alpha):
    buffer = io.BytesIO()
    if has_alpha:
        image.save(buffer, format="PNG", optimize=True)
    else:
        image.save(buffer, format="JPEG", quality=85, optimize=True, progressive=True)
    return buffer.getvalue()


def _has_alpha(image):
    return image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )


def _pixels_only(image):
    """Return `image` upright, as RGB or RGBA, carrying no metadata at all."""
    image = ImageOps.exif_transpose(image)
    clean = image.convert("RGBA" if _has_alpha(image) else "RGB")
    # convert() copies info (EXIF, XMP, ICC, comments); the JPEG and PNG writers would keep some.
    clean.info = {}
    return clean


def process_upload(file):
    """Return (content, renditions, width, height) for an upload, stripped of EXIF and GPS data.

    `content` is the re-encoded original under a random name; `renditions` maps a rendition
    name to (content, width, height) of its re-encoded, narrower copy.
    """
    image = _pixels_only(_open_checked(file))
    alpha = image.mode == "RGBA"
    extension = "png" if alpha else "jpg"
    stem = uuid.uuid4().hex
    content = ContentFile(_encode(image, alpha), name=f"{stem}.{extension}")
    renditions = {}
    for rendition, width in RENDITION_WIDTHS.items():
        copy = image.copy()
        if copy.width > width:
            height = max(1, round(width * copy.height / copy.width))
            copy = copy.resize((width, height), Image.Resampling.LANCZOS)
        renditions[rendition] = (
            ContentFile(_encode(copy, alpha), name=f"{stem}-{width}.{extension}"),
            copy.width,
            copy.height,
        )
    return content, renditions, image.width, image.height


# What the site's JPEG encoder (`_encode`) writes, marker by marker: start, JFIF header,
# quantisation and Huffman tables, a progressive frame, scans, end. Nothing else, nothing after.
_JPEG_MARKERS = {0xD8, 0xE0, 0xDB, 0xC2, 0xC4, 0xDA, 0xD9}
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _jpeg_markers(data):
    """Yield (marker, payload) of a JPEG file; raise ValueError where it is not one."""
    if not data.startswith(b"\xff\xd8"):
        raise ValueError("no JPEG start")
    yield 0xD8, b""
    at = 2
    while True:
        if data[at] != 0xFF:
            raise ValueError("no marker")
        marker = data[at + 1]
        if marker == 0xD9:
            if at + 2 != len(data):
                raise ValueError("bytes after the end")
            yield marker, b""
            return
        length = int.from_bytes(data[at + 2 : at + 4], "big")
        yield marker, data[at + 4 : at + 2 + length]
        at += 2 + length
        if marker == 0xDA:
            # Entropy-coded data runs to the next marker that is not a stuffed byte or a restart.
            while not (data[at] == 0xFF and data[at + 1] != 0 and not 0xD0 <= data[at + 1] <= 0xD7):
                at += 1


def _png_chunks(data):
    """Yield the chunk types of a PNG file; raise ValueError where it is not one."""
    if not data.startswith(_PNG_SIGNATURE):
        raise ValueError("no PNG signature")
    at = len(_PNG_SIGNATURE)
    while at < len(data):
        length = int.from_bytes(data[at : at + 4], "big")
        kind = data[at + 4 : at + 8]
        yield kind
        at += 12 + length
        if kind == b"IEND":
            if at != len(data):
                raise ValueError("bytes after the end")
            return
    raise ValueError("no end")


def _site_quantization():
    image = Image.new("RGB", (8, 8))
    with Image.open(io.BytesIO(_encode(image, has_alpha=False))) as encoded:
        return encoded.quantization


def is_site_encoding(data):
    """Tell whether `data` is exactly what this site's encoder writes for a stored image.

    A JPEG must have only the markers the encoder writes, its JFIF header and its quantisation
    tables, and nothing after its end; a PNG must be the very bytes the encoder gives for its
    pixels. Anything else (appended bytes, comments, private chunks, other encoders) is not.
    """
    try:
        if data.startswith(_PNG_SIGNATURE):
            if set(_png_chunks(data)) - {b"IHDR", b"IDAT", b"IEND"}:
                return False
            with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
                image.load()
                return (
                    image.mode in ("RGB", "RGBA") and _encode(image, image.mode == "RGBA") == data
                )
        markers = list(_jpeg_markers(data))
        if {marker for marker, _payload in markers} - _JPEG_MARKERS:
            return False
        if any(
            marker == 0xE0 and not payload.startswith(b"JFIF\x00") for marker, payload in markers
        ):
            return False
        with Image.open(io.BytesIO(data), formats=["JPEG"]) as image:
            return image.mode == "RGB" and image.quantization == _site_quantization()
    except (ValueError, IndexError, OSError):
        return False
