"""The interchange format `byregion-content/1` (DESIGN.md): its name, reading and writing JSON text,
and typed access to a document's objects with errors that name the place (region, result, field).

export.py writes documents, plan.py checks one against the database and builds unsaved objects,
write.py stores them in one transaction.
"""

import json
import re
from datetime import UTC
from pathlib import Path

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from byregion.editorial.models import Status
from regions.models import Language

FORMAT = "byregion-content/1"
IMAGE_DIR = "bilete"

_MODEL_TO_KEY = {
    "body": "body_html",
    "text": "text_html",
    "summary": "summary_html",
    "after_programme": "after_html",
    "alt_text": "alt",
    "phase_1": "phases",
    "phase_2": "phases",
    "image": "file",
}


class ContentError(ValueError):
    """A document that cannot be imported; the message names the place (region, result, field)."""

    def __init__(self, message, *, path=""):
        self.message = str(message)
        self.path = path
        super().__init__(f"{path}: {self.message}" if path else self.message)


def content_dumps(document: dict) -> str:
    """Return the document as readable UTF-8 JSON text."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def content_read(path: Path) -> dict:
    """Return the JSON document in the file at `path`, or raise ContentError."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as error:
        raise ContentError(
            _("Kan ikkje lese fila: %(error)s") % {"error": error.strerror}
        ) from error
    except UnicodeDecodeError as error:
        raise ContentError(_("Fila er ikkje UTF-8-tekst.")) from error
    return content_parse(text)


def content_parse(text: str) -> dict:
    """Return the document in a JSON text, or raise ContentError naming the line."""
    try:
        return json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        line = getattr(error, "lineno", None)
        raise ContentError(
            _("Fila er ikkje gyldig JSON (linje %(line)s): %(error)s")
            % {"line": line or "?", "error": getattr(error, "msg", error)}
        ) from error


class Reader:
    """Typed access to one object of the document, with errors that name where it is."""

    def __init__(self, data, path):
        if not isinstance(data, dict):
            raise ContentError(_("venta eit objekt ({…})"), path=path)
        self.data, self.path = data, path

    def at(self, key):
        return f"{self.path}.{key}" if self.path else key

    def get(self, key, kind, *, default=None, required=False):
        if key not in self.data or self.data[key] is None:
            if required:
                raise ContentError(_("feltet manglar"), path=self.at(key))
            return default
        value = self.data[key]
        if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            raise ContentError(_("venta eit heiltal"), path=self.at(key))
        if kind is str and not isinstance(value, str):
            raise ContentError(_("venta ein tekst"), path=self.at(key))
        if kind is bool and not isinstance(value, bool):
            raise ContentError(_("venta true eller false"), path=self.at(key))
        if kind is list and not isinstance(value, list):
            raise ContentError(_("venta ei liste ([…])"), path=self.at(key))
        if kind is str:
            check_text(value, self.at(key))
        if kind is str and required and not value.strip():
            raise ContentError(_("feltet kan ikkje vere tomt"), path=self.at(key))
        return value

    def text(self, key, *, required=False):
        return self.get(key, str, default="", required=required)

    def items(self, key):
        return self.get(key, list, default=[])


def check_text(value, path):
    """Refuse text a database cannot store: NUL characters and lone surrogates."""
    if "\x00" in value:
        raise ContentError(_("teksten har eit NUL-teikn"), path=path)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ContentError(_("teksten har teikn som ikkje er gyldig Unicode"), path=path) from error


def validation_messages(error: ValidationError) -> list[tuple[str, str]]:
    """Return (field name, "" for the object as a whole; its messages as one text) per field in error."""
    if hasattr(error, "error_dict"):
        return [
            ("" if name == NON_FIELD_ERRORS else name, " ".join(messages))
            for name, messages in error.message_dict.items()
        ]
    return [("", " ".join(error.messages))]


def validation_error(error: ValidationError, path: str):
    """Return a ContentError for a model's ValidationError, naming the document's first bad field."""
    name, text = validation_messages(error)[0]
    return ContentError(text, path=f"{path}.{_MODEL_TO_KEY.get(name, name)}" if name else path)


def clean_instance(instance, path, **kwargs):
    try:
        instance.full_clean(**kwargs)
    except ValidationError as error:
        raise validation_error(error, path) from error


def read_status(reader):
    status = reader.get("status", str)
    published = reader.get("published", bool)
    if status is not None and status not in Status.values:
        raise ContentError(
            _("ukjend status «%(value)s»; bruk «draft» eller «published»") % {"value": status},
            path=reader.at("status"),
        )
    if status is not None and published is not None and (status == Status.PUBLISHED) != published:
        raise ContentError(_("«status» og «published» seier ulikt"), path=reader.at("published"))
    if status is None:
        status = Status.PUBLISHED if published else Status.DRAFT
    moment = reader.get("published_at", str)
    published_at = None
    if moment is not None:
        try:
            published_at = parse_datetime(moment)
        except ValueError:
            published_at = None
        if published_at is None:
            raise ContentError(
                _("«%(value)s» er ikkje eit tidspunkt (ISO 8601)") % {"value": moment},
                path=reader.at("published_at"),
            )
        try:
            if timezone.is_naive(published_at):
                published_at = timezone.make_aware(published_at)
            published_at.astimezone(UTC)
        except (OverflowError, ValueError) as error:
            raise ContentError(
                _("«%(value)s» er utanfor det tidsrommet som kan lagrast") % {"value": moment},
                path=reader.at("published_at"),
            ) from error
    given = published_at is not None
    if status == Status.PUBLISHED and published_at is None:
        published_at = timezone.now()
    return status, published_at, given


def read_language(reader):
    language = reader.get("language", str, default=Language.NYNORSK)
    if language not in Language.values:
        raise ContentError(
            _("ukjent språk «%(value)s»; bruk «nn» eller «nb»") % {"value": language},
            path=reader.at("language"),
        )
    return language


def _key(value, label):
    text = str(value)
    return re.sub(r"[\[\]\s]", "_", text)[:60] if text else label


def slugged(items, path, duplicate_message):
    """Yield a reader and its slug for each item, refusing a slug that comes twice."""
    seen = set()
    for index, item in enumerate(items):
        reader = Reader(item, f"{path}[{index}]")
        slug = reader.text("slug", required=True)
        reader.path = f"{path}[{_key(slug, index)}]"
        if slug in seen:
            raise ContentError(duplicate_message(slug), path=reader.path)
        seen.add(slug)
        yield reader, slug
