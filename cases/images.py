"""Uploaded images: checked with Pillow, re-encoded without metadata, and cut to web sizes."""

import io
import uuid
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
MAX_SIDE = 12_000
RENDITION_WIDTHS = {"thumbnail": 480, "large": 1200}


def _open_checked(file):
    """Open `file` as an image of an allowed kind and size, or raise ValidationError."""
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
            image = Image.open(file)
            image.verify()
            file.seek(0)
            image = Image.open(file)
            width, height = image.size
            if (
                width > MAX_SIDE
                or height > MAX_SIDE
                or width * height > settings.IMAGE_UPLOAD_MAX_PIXELS
            ):
                raise ValidationError(
                    _(
                        "Biletet er %(width)s × %(height)s pikslar. Det er for stort til å behandle."
                    ),
                    code="too_many_pixels",
                    params={"width": width, "height": height},
                )
            image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            _("Biletet er for stort til å behandle (for mange pikslar)."), code="bomb"
        ) from error
    except Exception as error:  # Pillow raises many kinds for broken or foreign files.
        raise ValidationError(
            _("Fila er ikkje eit bilete Byregion kan bruke. Bruk JPEG, PNG, WebP eller GIF."),
            code="not_an_image",
        ) from error
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
        image.convert("RGB").save(
            buffer, format="JPEG", quality=85, optimize=True, progressive=True
        )
    return buffer.getvalue()


def _has_alpha(image):
    return image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )


def process_upload(file):
    """Return (content, renditions, width, height) for an upload, stripped of EXIF and GPS data.

    `content` is the re-encoded original under a random name; `renditions` maps a rendition
    name to its re-encoded, narrower copy.
    """
    image = _open_checked(file)
    image = ImageOps.exif_transpose(image)
    alpha = _has_alpha(image)
    if alpha:
        image = image.convert("RGBA")
    extension = "png" if alpha else "jpg"
    stem = uuid.uuid4().hex
    content = ContentFile(_encode(image, alpha), name=f"{stem}.{extension}")
    renditions = {}
    for rendition, width in RENDITION_WIDTHS.items():
        copy = image.copy()
        if copy.width > width:
            copy.thumbnail(
                (width, round(width * copy.height / copy.width)), Image.Resampling.LANCZOS
            )
        renditions[rendition] = (
            ContentFile(_encode(copy, alpha), name=f"{stem}-{width}.{extension}"),
            copy.width,
            copy.height,
        )
    return content, renditions, image.width, image.height
