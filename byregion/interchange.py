"""Export and import of all content in the interchange format `byregion-content/1` (DESIGN.md).

One JSON document holds the themes and every region with its members, goals, bottlenecks,
contacts and result examples; images travel as files in a folder beside the JSON file (`bilete/`),
named by their stored name. Export then import then export gives the same document and files:
an image that is already in the form this site stores (a random name, re-encoded, no metadata)
is kept byte for byte instead of being encoded again.
"""

import hashlib
import io
import json
import re
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path, PurePosixPath

import reversion
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import DatabaseError, transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from PIL import Image

from byregion.cache import page_cache_invalidate
from byregion.richtext import clean_html
from cases import images as image_processing
from cases.models import ResultExample, ResultImage, Theme
from regions import validators
from regions.models import (
    Bottleneck,
    Contact,
    Goal,
    Language,
    Membership,
    Municipality,
    Region,
    Status,
)

FORMAT = "byregion-content/1"
IMAGE_DIR = "bilete"
MAX_GOAL_NUMBER = 1000
# What this site stores after re-encoding an upload: a random hex name, JPEG or PNG.
_STORED_NAME = re.compile(r"^[0-9a-f]{32}\.(jpg|png)$")
# JPEG markers and info keys that the site's own encoder writes; anything else is metadata.
_CLEAN_JPEG_INFO = {
    "jfif",
    "jfif_version",
    "jfif_unit",
    "jfif_density",
    "progressive",
    "progression",
}
_CLEAN_PNG_INFO = {"dpi"}
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


# Export


def _iso(moment):
    return moment.astimezone(UTC).isoformat() if moment else None


def _phone(value):
    return f"+47 {validators.format_phone(value)}" if value.startswith("+47") else value


def _region_dict(region, members, goals, bottlenecks, contacts, *, public):
    data = {
        "slug": region.slug,
        "name": region.name,
        "project_name": region.project_name,
        "organisation": region.organisation,
        "phases": region.phases,
        "language": region.language,
        "status": region.status,
        "published": region.status == Status.PUBLISHED,
        "published_at": _iso(region.published_at),
        "population_2015": region.population_2015,
        "area_km2": region.area_km2,
        "source_url": region.source_url,
        "summary_html": region.summary,
        "advice": region.advice_list,
        "after_html": region.after_programme,
    }
    if not public:
        data["editorial_note"] = region.editorial_note
    data["members"] = [
        {"municipality": m.municipality.number, "name": m.name, "applicant": m.applicant}
        for m in members
    ]
    data["goals"] = [{"number": g.number, "text_html": g.text} for g in goals]
    data["bottlenecks"] = [{"text_html": b.text} for b in bottlenecks]
    data["contacts"] = [
        {
            "name": c.name,
            "role": c.role,
            "organisation": c.organisation,
            "phone": _phone(c.phone),
            "email": c.email,
        }
        for c in contacts
    ]
    return data


def _result_dict(result, goal_numbers, theme_slugs, images):
    return {
        "slug": result.slug,
        "title": result.title,
        "teaser": result.teaser,
        "body_html": result.body,
        "goals": sorted(goal_numbers),
        "themes": sorted(theme_slugs),
        "language": result.language,
        "featured": result.featured,
        "status": result.status,
        "published": result.status == Status.PUBLISHED,
        "published_at": _iso(result.published_at),
        "images": images,
    }


def _image_dict(image, file):
    return {
        "file": file,
        "alt": image.alt_text,
        "decorative": image.decorative,
        "caption": image.caption,
        "credit": image.credit,
        "position": image.position,
    }


def _exported_image_path(name):
    return f"{IMAGE_DIR}/{PurePosixPath(name).name}"


def _region_prefetches():
    """Return what export and import read with a region: members, goals, bottlenecks, contacts."""
    return [
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("municipality__county").order_by(
                "position", "id"
            ),
        ),
        Prefetch("goals", queryset=Goal.objects.order_by("number")),
        Prefetch("bottlenecks", queryset=Bottleneck.objects.order_by("position", "id")),
        Prefetch("contacts", queryset=Contact.objects.order_by("position", "id")),
    ]


def _result_prefetches():
    """Return what export and import read with a result: its goals, themes and images."""
    return [
        Prefetch("goals", queryset=Goal.objects.only("id", "number", "region_id")),
        Prefetch("themes", queryset=Theme.objects.only("id", "slug")),
        Prefetch("images", queryset=ResultImage.objects.order_by("position", "id")),
    ]


@dataclass(frozen=True)
class ExportedImage:
    path: str  # relative to the JSON file
    name: str  # in storage
    where: str  # its place in the document, as an import error would name it


@dataclass
class ContentExport:
    document: dict
    images: list[ExportedImage] = field(default_factory=list)


def content_export(
    *, public: bool = False, absolute_url: Callable[[str], str] | None = None
) -> ContentExport:
    """Return every region and result as a `byregion-content/1` document, in a fixed number of queries.

    `public` limits it to what visitors may see and leaves out editorial notes. `absolute_url`, when
    given, turns a path into a full address: images are then named by address instead of by a file
    beside the JSON, and regions and results get their page address as "url".
    """
    regions = Region.objects.published() if public else Region.objects.all()
    results = ResultExample.objects.published() if public else ResultExample.objects.all()
    regions = regions.order_by("slug").prefetch_related(
        *_region_prefetches(),
        Prefetch(
            "results",
            queryset=results.order_by("slug").prefetch_related(*_result_prefetches()),
        ),
    )
    export = ContentExport(document={})
    counties, municipalities, documents = {}, {}, []
    for region in regions:
        members = list(region.memberships.all())
        for member in members:
            municipality = member.municipality
            municipalities[municipality.number] = {
                "number": municipality.number,
                "name": municipality.name,
                "county": municipality.county.number,
            }
            counties[municipality.county.number] = {
                "number": municipality.county.number,
                "name": municipality.county.name,
            }
        data = _region_dict(
            region,
            members,
            region.goals.all(),
            region.bottlenecks.all(),
            region.contacts.all(),
            public=public,
        )
        data["results"] = []
        for result in region.results.all():
            images = []
            for index, image in enumerate(result.images.all()):
                if absolute_url:
                    file = absolute_url(image.image.url)
                else:
                    file = _exported_image_path(image.image.name)
                    where = f"regions[{region.slug}].results[{result.slug}]"
                    export.images.append(
                        ExportedImage(file, image.image.name, f"{where}.images[{index}]")
                    )
                images.append(_image_dict(image, file))
            item = _result_dict(
                result,
                [goal.number for goal in result.goals.all()],
                [theme.slug for theme in result.themes.all()],
                images,
            )
            if absolute_url:
                item["url"] = absolute_url(result.get_absolute_url())
            data["results"].append(item)
        if absolute_url:
            data["url"] = absolute_url(region.get_absolute_url())
        documents.append(data)
    export.document = {
        "format": FORMAT,
        "counties": [counties[number] for number in sorted(counties)],
        "municipalities": [municipalities[number] for number in sorted(municipalities)],
        "themes": [
            {"slug": theme.slug, "name": theme.name, "description": theme.description}
            for theme in Theme.objects.order_by("slug")
        ],
        "regions": documents,
    }
    return export


@dataclass
class ExportReport:
    regions: int
    results: int
    images: int
    out: Path | None

    def lines(self):
        return [
            _("Eksporterte %(regions)s byregionar, %(results)s resultat og %(images)s bilete.")
            % {"regions": self.regions, "results": self.results, "images": self.images}
        ]


def content_write(*, export: ContentExport, out: Path) -> ExportReport:
    """Write an export as JSON to `out` and its images into the `bilete/` folder beside it.

    Raises ContentError naming every image whose file is missing from storage, before writing.
    """
    missing = [image for image in export.images if not default_storage.exists(image.name)]
    if missing:
        raise ContentError(
            _(
                "%(count)s bilete manglar fila si i lageret, så ingenting er skrive. Last opp "
                "biletet på nytt eller slett det i admin: %(images)s"
            )
            % {
                "count": len(missing),
                "images": "; ".join(f"{image.where} ({image.name})" for image in missing),
            }
        )
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    for image in export.images:
        target = out.parent / image.path
        target.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(image.name, "rb") as source:
            target.write_bytes(source.read())
    out.write_text(content_dumps(export.document), encoding="utf-8")
    regions = export.document["regions"]
    return ExportReport(
        regions=len(regions),
        results=sum(len(region["results"]) for region in regions),
        images=len(export.images),
        out=out,
    )


def content_dumps(document: dict) -> str:
    """Return the document as readable UTF-8 JSON text."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# Import: first check the whole document and build unsaved objects, then write in one transaction.


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


@dataclass
class _ImagePlan:
    path: str
    source: Path
    image: ResultImage


@dataclass
class _ResultPlan:
    path: str
    result: ResultExample
    goals: list[int]
    themes: list[str]
    images: list[_ImagePlan]
    # Without a publish time, a published result keeps the one it has (or gets the time of import).
    published_at_given: bool = True


@dataclass
class _RegionPlan:
    path: str
    region: Region
    members: list[Membership]
    goals: list[Goal]
    bottlenecks: list[Bottleneck]
    contacts: list[Contact]
    results: list[_ResultPlan]
    published_at_given: bool = True


class _Reader:
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
            _check_text(value, self.at(key))
        if kind is str and required and not value.strip():
            raise ContentError(_("feltet kan ikkje vere tomt"), path=self.at(key))
        return value

    def text(self, key, *, required=False):
        return self.get(key, str, default="", required=required)

    def items(self, key):
        return self.get(key, list, default=[])


def _check_text(value, path):
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


def _validation_error(error: ValidationError, path: str):
    """Return a ContentError for a model's ValidationError, naming the document's first bad field."""
    name, text = validation_messages(error)[0]
    return ContentError(text, path=f"{path}.{_MODEL_TO_KEY.get(name, name)}" if name else path)


def _clean(instance, path, **kwargs):
    try:
        instance.full_clean(**kwargs)
    except ValidationError as error:
        raise _validation_error(error, path) from error


def _status(reader):
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


def _language(reader):
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


def _slugged(items, path, duplicate_message):
    """Yield a reader and its slug for each item, refusing a slug that comes twice."""
    seen = set()
    for index, item in enumerate(items):
        reader = _Reader(item, f"{path}[{index}]")
        slug = reader.text("slug", required=True)
        reader.path = f"{path}[{_key(slug, index)}]"
        if slug in seen:
            raise ContentError(duplicate_message(slug), path=reader.path)
        seen.add(slug)
        yield reader, slug


class _Planner:
    """Checks a whole document against the database and builds unsaved objects from it."""

    def __init__(self, document, base_dir):
        self.base_dir = Path(base_dir).resolve() if base_dir is not None else None
        root = _Reader(document, "")
        if root.data.get("format") != FORMAT:
            raise ContentError(
                _("ukjent format «%(value)s»; venta «%(format)s»")
                % {"value": root.data.get("format"), "format": FORMAT},
                path="format",
            )
        self.root = root
        self.municipalities = {m.number: m for m in Municipality.objects.all()}
        self.existing_themes = {theme.slug: theme for theme in Theme.objects.all()}
        self.themes = self._themes()
        self.regions = self._regions()

    def _themes(self):
        themes = []
        for reader, slug in _slugged(
            self.root.items("themes"), "themes", lambda slug: _("temaet står to gonger")
        ):
            theme = Theme(
                slug=slug,
                name=reader.text("name", required=True),
                description=reader.text("description"),
            )
            _clean(theme, reader.path, validate_unique=False, validate_constraints=False)
            themes.append(theme)
        return themes

    def _regions(self):
        return [
            self._region(reader, slug)
            for reader, slug in _slugged(
                self.root.items("regions"),
                "regions",
                lambda slug: _("adressa «%(slug)s» står to gonger i dokumentet") % {"slug": slug},
            )
        ]

    def _region(self, reader, slug):
        phases = reader.get("phases", list, required=True)
        if not phases or any(phase not in (1, 2) or isinstance(phase, bool) for phase in phases):
            raise ContentError(_("venta [1], [2] eller [1, 2]"), path=reader.at("phases"))
        status, published_at, published_at_given = _status(reader)
        advice = reader.items("advice")
        if any(not isinstance(line, str) or "\n" in line for line in advice):
            raise ContentError(
                _("venta ei liste med tekstar på éi linje"), path=reader.at("advice")
            )
        for line in advice:
            _check_text(line, reader.at("advice"))
        region = Region(
            slug=slug,
            name=reader.text("name", required=True),
            project_name=reader.text("project_name"),
            organisation=reader.text("organisation"),
            phase_1=1 in phases,
            phase_2=2 in phases,
            language=_language(reader),
            status=status,
            published_at=published_at,
            population_2015=reader.get("population_2015", int),
            area_km2=reader.get("area_km2", int),
            source_url=reader.text("source_url"),
            summary=reader.text("summary_html"),
            advice="\n".join(line.strip() for line in advice if line.strip()),
            after_programme=reader.text("after_html"),
            editorial_note=reader.text("editorial_note"),
        )
        _clean(region, reader.path, validate_unique=False)
        goals = self._goals(reader, region)
        numbers = {goal.number for goal in goals}
        results = [
            self._result(result_reader, region, numbers)
            for result_reader, _slug in _slugged(
                reader.items("results"),
                f"{reader.path}.results",
                lambda slug: _("adressa «%(slug)s» står to gonger i byregionen") % {"slug": slug},
            )
        ]
        return _RegionPlan(
            path=reader.path,
            region=region,
            members=self._members(reader, region),
            goals=goals,
            bottlenecks=[
                Bottleneck(
                    region=region,
                    text=_Reader(item, f"{reader.path}.bottlenecks[{index}]").text(
                        "text_html", required=True
                    ),
                    position=index,
                )
                for index, item in enumerate(reader.items("bottlenecks"))
            ],
            contacts=self._contacts(reader, region),
            results=results,
            published_at_given=published_at_given,
        )

    def _members(self, reader, region):
        members, names, applicants = [], set(), 0
        for index, item in enumerate(reader.items("members")):
            member = _Reader(item, f"{reader.path}.members[{index}]")
            number = member.text("municipality", required=True)
            municipality = self.municipalities.get(number)
            if municipality is None:
                raise ContentError(
                    _("kommunenummer «%(number)s» finst ikkje i registeret for 2024")
                    % {"number": number},
                    path=member.at("municipality"),
                )
            name = member.text("name").strip() or municipality.name
            if name.casefold() in names:
                raise ContentError(
                    _("«%(name)s» står to gonger i byregionen") % {"name": name},
                    path=member.at("name"),
                )
            names.add(name.casefold())
            applicant = member.get("applicant", bool, default=False)
            applicants += applicant
            if applicants > 1:
                raise ContentError(
                    _("ein byregion har berre éin søkarkommune"), path=member.at("applicant")
                )
            membership = Membership(
                region=region,
                municipality=municipality,
                name=name,
                applicant=applicant,
                position=index,
            )
            _clean(
                membership,
                member.path,
                exclude=["region", "municipality"],
                validate_unique=False,
                validate_constraints=False,
            )
            members.append(membership)
        return members

    def _goals(self, reader, region):
        goals, numbers = [], set()
        for index, item in enumerate(reader.items("goals")):
            goal_reader = _Reader(item, f"{reader.path}.goals[{index}]")
            number = goal_reader.get("number", int, required=True)
            if number < 1:
                raise ContentError(
                    _("eit mål har nummer 1 eller høgare"), path=goal_reader.at("number")
                )
            if number > MAX_GOAL_NUMBER:
                raise ContentError(
                    _("eit mål har nummer %(max)s eller lågare") % {"max": MAX_GOAL_NUMBER},
                    path=goal_reader.at("number"),
                )
            if number in numbers:
                raise ContentError(
                    _("mål %(number)s står to gonger") % {"number": number},
                    path=goal_reader.at("number"),
                )
            numbers.add(number)
            goals.append(
                Goal(
                    region=region, number=number, text=goal_reader.text("text_html", required=True)
                )
            )
        return goals

    def _contacts(self, reader, region):
        contacts = []
        for index, item in enumerate(reader.items("contacts")):
            contact_reader = _Reader(item, f"{reader.path}.contacts[{index}]")
            contact = Contact(
                region=region,
                name=contact_reader.text("name", required=True),
                role=contact_reader.text("role"),
                organisation=contact_reader.text("organisation"),
                phone=contact_reader.text("phone"),
                email=contact_reader.text("email"),
                position=index,
            )
            _clean(contact, contact_reader.path, exclude=["region"], validate_constraints=False)
            contacts.append(contact)
        return contacts

    def _result(self, reader, region, goal_numbers):
        status, published_at, published_at_given = _status(reader)
        result = ResultExample(
            region=region,
            slug=reader.text("slug", required=True),
            title=reader.text("title", required=True),
            teaser=reader.text("teaser", required=True),
            body=reader.text("body_html"),
            language=_language(reader),
            featured=reader.get("featured", bool, default=False),
            status=status,
            published_at=published_at,
        )
        _clean(
            result,
            reader.path,
            exclude=["region"],
            validate_unique=False,
            validate_constraints=False,
        )
        goals = reader.items("goals")
        for number in goals:
            if isinstance(number, bool) or not isinstance(number, int):
                raise ContentError(_("venta ei liste med målnummer"), path=reader.at("goals"))
            if number not in goal_numbers:
                raise ContentError(
                    _("mål %(number)s finst ikkje i regionen") % {"number": number},
                    path=reader.at("goals"),
                )
        themes = reader.items("themes")
        known = {theme.slug for theme in self.themes} | set(self.existing_themes)
        for slug in themes:
            if not isinstance(slug, str):
                raise ContentError(_("venta ei liste med tema-adresser"), path=reader.at("themes"))
            if slug not in known:
                raise ContentError(
                    _("temaet «%(slug)s» finst ikkje (verken i dokumentet eller i databasen)")
                    % {"slug": slug},
                    path=reader.at("themes"),
                )
        images = [
            self._image(_Reader(item, f"{reader.path}.images[{index}]"), result, index)
            for index, item in enumerate(reader.items("images"))
        ]
        return _ResultPlan(
            path=reader.path,
            result=result,
            goals=sorted(set(goals)),
            themes=sorted(set(themes)),
            images=images,
            published_at_given=published_at_given,
        )

    def _image(self, reader, result, index):
        file = reader.text("file", required=True)
        where = reader.at("file")
        if self.base_dir is None:
            raise ContentError(
                _("bilete krev at dokumentet er ei fil, med bileta ved sida av"), path=where
            )
        relative = PurePosixPath(file)
        if "://" in file or relative.is_absolute() or ".." in relative.parts:
            raise ContentError(
                _("«%(file)s» må vere ei fil ved sida av JSON-fila, til dømes «%(dir)s/bilete.jpg»")
                % {"file": file, "dir": IMAGE_DIR},
                path=where,
            )
        source = (self.base_dir / relative).resolve()
        if not source.is_relative_to(self.base_dir):
            raise ContentError(
                _("«%(file)s» peikar ut av mappa til JSON-fila") % {"file": file}, path=where
            )
        if not source.is_file():
            raise ContentError(_("fila «%(file)s» finst ikkje") % {"file": file}, path=where)
        with open(source, "rb") as handle:
            try:
                image_processing.validate_image(File(handle, name=source.name))
            except ValidationError as error:
                raise ContentError(" ".join(error.messages), path=where) from error
        image = ResultImage(
            alt_text=reader.text("alt"),
            decorative=reader.get("decorative", bool, default=False),
            caption=reader.text("caption"),
            credit=reader.text("credit"),
            position=reader.get("position", int, default=index),
        )
        if not image.decorative and not image.alt_text.strip():
            raise ContentError(
                _("skriv ein alternativ tekst, eller set «decorative» til true"),
                path=reader.at("alt"),
            )
        _clean(image, reader.path, exclude=["result", "image"], validate_constraints=False)
        return _ImagePlan(path=reader.path, source=source, image=image)


# Writing


@dataclass
class ImportReport:
    dry_run: bool = False
    counts: dict = field(
        default_factory=lambda: {
            "regions_created": 0,
            "regions_updated": 0,
            "regions_unchanged": 0,
            "results_created": 0,
            "results_updated": 0,
            "results_unchanged": 0,
            "results_deleted": 0,
            "images_created": 0,
            "images_kept": 0,
            "images_deleted": 0,
            "themes_created": 0,
            "themes_updated": 0,
        }
    )

    def lines(self):
        """Return the counts as nynorsk text."""
        c = self.counts
        lines = [
            _("Byregionar: %(created)s nye, %(updated)s endra, %(unchanged)s uendra.")
            % {
                "created": c["regions_created"],
                "updated": c["regions_updated"],
                "unchanged": c["regions_unchanged"],
            },
            _(
                "Resultat: %(created)s nye, %(updated)s endra, %(unchanged)s uendra, %(deleted)s sletta."
            )
            % {
                "created": c["results_created"],
                "updated": c["results_updated"],
                "unchanged": c["results_unchanged"],
                "deleted": c["results_deleted"],
            },
            _("Bilete: %(created)s nye, %(kept)s uendra, %(deleted)s sletta.")
            % {
                "created": c["images_created"],
                "kept": c["images_kept"],
                "deleted": c["images_deleted"],
            },
            _("Tema: %(created)s nye, %(updated)s endra.")
            % {"created": c["themes_created"], "updated": c["themes_updated"]},
        ]
        if self.dry_run:
            lines.append(_("Prøvekøyring (--dry-run): ingenting er skrive til databasen."))
        return lines


def _is_stored_form(path: Path, data: bytes) -> bool:
    """Tell whether an image file is exactly what this site stores: random name, no metadata."""
    if not _STORED_NAME.match(path.name):
        return False
    try:
        with Image.open(io.BytesIO(data), formats=["JPEG", "PNG"]) as image:
            if image.format == "JPEG":
                markers = {marker for marker, _content in getattr(image, "applist", [])}
                return (
                    path.suffix == ".jpg"
                    and markers <= {"APP0"}
                    and set(image.info) <= _CLEAN_JPEG_INFO
                )
            return (
                path.suffix == ".png"
                and set(image.info) <= _CLEAN_PNG_INFO
                and not getattr(image, "text", {})
            )
    except Exception:  # noqa: BLE001 - any unreadable file is simply not in stored form.
        return False


def _content_fields(model, *skip):
    """Return the fields a document sets on `model`: the editable ones, less `skip`."""
    return tuple(
        field.attname
        for field in model._meta.get_fields()
        if field.concrete
        and field.editable
        and not field.primary_key
        and not field.many_to_many
        and field.name not in skip
    )


# What the writer copies from a planned object onto the stored one, derived once from the models.
_REGION_FIELDS = _content_fields(Region, "slug")
_RESULT_FIELDS = _content_fields(ResultExample, "region", "slug")
_IMAGE_FIELDS = _content_fields(ResultImage, "result", "image")


def _copy_fields(source, target, names):
    for name in names:
        setattr(target, name, getattr(source, name))


def _digest(handle):
    return hashlib.file_digest(handle, "sha256").digest()


class _Writer:
    def __init__(self, planner: _Planner, *, dry_run, progress):
        self.planner = planner
        self.dry_run = dry_run
        self.progress = progress
        self.report = ImportReport(dry_run=dry_run)
        # Files this import wrote, deleted again if it fails. Files of replaced or deleted images
        # are kept: revisions still name them, and restoring one must find its image.
        self.written: list[str] = []
        self._compared: dict[tuple[str, Path], bool] = {}

    def run(self):
        themes = self._themes()
        total = len(self.planner.regions)
        existing = {
            region.slug: region
            for region in Region.objects.filter(
                slug__in=[plan.region.slug for plan in self.planner.regions]
            )
        }
        for done, plan in enumerate(self.planner.regions, start=1):
            try:
                self._region(plan, existing.get(plan.region.slug), themes)
            except ValidationError as error:
                raise _validation_error(error, plan.path) from error
            except DatabaseError as error:
                raise ContentError(
                    _("databasen sa nei: %(error)s")
                    % {"error": str(error).strip().splitlines()[0]},
                    path=plan.path,
                ) from error
            if self.progress:
                self.progress(done, total, plan.region.slug)

    def _themes(self):
        themes = dict(self.planner.existing_themes)
        for theme in self.planner.themes:
            current = themes.get(theme.slug)
            if current is None:
                theme.save()
                themes[theme.slug] = theme
                self.report.counts["themes_created"] += 1
            elif (current.name, current.description) != (theme.name, theme.description):
                current.name, current.description = theme.name, theme.description
                current.save()
                self.report.counts["themes_updated"] += 1
        return themes

    def _region(self, plan: _RegionPlan, current: Region | None, themes):
        counts = self.report.counts
        if current is None:
            region = plan.region
            region.save()
            counts["regions_created"] += 1
            current_results = {}
            self._replace_children(region, plan, goals_by_number={})
            _remember(region)
        else:
            region = current
            current = Region.objects.prefetch_related(*_region_prefetches()).get(pk=region.pk)
            if not plan.published_at_given and current.published_at:
                plan.region.published_at = current.published_at
            before = _region_dict(
                current,
                current.memberships.all(),
                current.goals.all(),
                current.bottlenecks.all(),
                current.contacts.all(),
                public=False,
            )
            after = _region_dict(
                _normalised_region(plan.region),
                plan.members,
                [_normalised_goal(goal) for goal in plan.goals],
                [_normalised_bottleneck(b) for b in plan.bottlenecks],
                plan.contacts,
                public=False,
            )
            if before == after:
                counts["regions_unchanged"] += 1
            else:
                # Saved whenever anything of it changes, inlines too: a new edit token tells an
                # editor who has the region open that the stored state moved on.
                _copy_fields(plan.region, region, _REGION_FIELDS)
                region.save()
                self._replace_children(
                    region, plan, goals_by_number={g.number: g for g in current.goals.all()}
                )
                counts["regions_updated"] += 1
                _remember(region)
            current_results = {
                result.slug: result
                for result in region.results.prefetch_related(*_result_prefetches())
            }
        self._results(region, plan, current_results, themes)

    def _replace_children(self, region, plan, *, goals_by_number):
        region.memberships.all().delete()
        for member in plan.members:
            member.region = region
        Membership.objects.bulk_create(plan.members)
        region.bottlenecks.all().delete()
        for bottleneck in plan.bottlenecks:
            bottleneck.region = region
        Bottleneck.objects.bulk_create(plan.bottlenecks)
        region.contacts.all().delete()
        for contact in plan.contacts:
            contact.region = region
        Contact.objects.bulk_create(plan.contacts)
        wanted = {goal.number for goal in plan.goals}
        region.goals.exclude(number__in=wanted).delete()
        new = []
        for goal in plan.goals:
            goal.region = region
            existing = goals_by_number.get(goal.number)
            if existing is None:
                new.append(goal)
            elif existing.text != clean_html(goal.text):
                existing.text = goal.text
                existing.save(update_fields=["text"])
        Goal.objects.bulk_create(new)

    def _results(self, region, plan, current_results, themes):
        counts = self.report.counts
        goals = {goal.number: goal for goal in region.goals.all()}
        wanted = {item.result.slug for item in plan.results}
        stale = [result for slug, result in current_results.items() if slug not in wanted]
        for result in stale:
            result.delete()
        counts["results_deleted"] += len(stale)
        new, changed = [], []
        for item in plan.results:
            current = current_results.get(item.result.slug)
            if current is None:
                new.append(item)
                continue
            if not item.published_at_given and current.published_at:
                item.result.published_at = current.published_at
            before = _result_dict(
                current,
                [goal.number for goal in current.goals.all()],
                [theme.slug for theme in current.themes.all()],
                [
                    _image_dict(image, _exported_image_path(image.image.name))
                    for image in current.images.all()
                ],
            )
            after = _result_dict(
                _normalised_result(item.result),
                item.goals,
                item.themes,
                [
                    _image_dict(image.image, _exported_image_path(image.source.name))
                    for image in item.images
                ],
            )
            # Equal dicts name the same files in the same order; their bytes must match too.
            if before == after and all(
                self._same_file(stored.image.name, planned.source)
                for stored, planned in zip(current.images.all(), item.images, strict=True)
            ):
                counts["results_unchanged"] += 1
                continue
            _copy_fields(item.result, current, _RESULT_FIELDS)
            current.save()
            item.result = current
            changed.append(item)
            counts["results_updated"] += 1
        for item in new:
            item.result.region = region
        ResultExample.objects.bulk_create([item.result for item in new], batch_size=500)
        counts["results_created"] += len(new)
        Through = ResultExample.goals.through
        ThemeThrough = ResultExample.themes.through
        if changed:
            ids = [item.result.pk for item in changed]
            Through.objects.filter(resultexample_id__in=ids).delete()
            ThemeThrough.objects.filter(resultexample_id__in=ids).delete()
        touched = new + changed
        Through.objects.bulk_create(
            Through(resultexample_id=item.result.pk, goal_id=goals[number].pk)
            for item in touched
            for number in item.goals
        )
        ThemeThrough.objects.bulk_create(
            ThemeThrough(resultexample_id=item.result.pk, theme_id=themes[slug].pk)
            for item in touched
            for slug in item.themes
        )
        for item in touched:
            self._images(item, current_results.get(item.result.slug))
        if touched and reversion.is_active():
            # A revision reads a result's goals, themes and images: prefetched, in three queries.
            # A changed result still holds those it was compared with, from before the import.
            relations = ["goals", "themes", "images"]
            for item in changed:
                item.result.refresh_from_db(fields=relations)
            results = [item.result for item in touched]
            prefetch_related_objects(results, *relations)
            for result in results:
                reversion.add_to_revision(result)
                # Prefetched rows point back at their result: dropped, both are freed at once
                # instead of waiting for the cycle collector (which then slows what comes next).
                result.refresh_from_db(fields=relations)

    def _same_file(self, name: str, source: Path) -> bool:
        """Tell whether the stored file `name` has the bytes of `source`: sizes first, then digests."""
        key = (name, source)
        if key not in self._compared:
            try:
                same = default_storage.size(name) == source.stat().st_size
                if same:
                    with default_storage.open(name, "rb") as stored, open(source, "rb") as given:
                        same = _digest(stored) == _digest(given)
            except OSError:
                same = False
            self._compared[key] = same
        return self._compared[key]

    def _images(self, item: _ResultPlan, current: ResultExample | None):
        counts = self.report.counts
        existing = {}
        if current is not None:
            for image in current.images.all():
                existing[PurePosixPath(image.image.name).name] = image
        kept = set()
        for plan in item.images:
            match = existing.get(plan.source.name)
            if (
                match is not None
                and match.pk not in kept
                and self._same_file(match.image.name, plan.source)
            ):
                kept.add(match.pk)
                _copy_fields(plan.image, match, _IMAGE_FIELDS)
                match.save()
                counts["images_kept"] += 1
                continue
            image = plan.image
            image.result = item.result
            if not self.dry_run:
                try:
                    self._store(image, plan.source)
                except ValidationError as error:
                    raise ContentError(
                        " ".join(error.messages), path=f"{plan.path}.file"
                    ) from error
            counts["images_created"] += 1
        for image in existing.values():
            if image.pk not in kept:
                image.delete()
                counts["images_deleted"] += 1

    def _store(self, image: ResultImage, source: Path):
        data = source.read_bytes()
        name = f"resultat/{source.name}"
        exists = default_storage.exists(name)
        if _is_stored_form(source, data) and (not exists or self._same_file(name, source)):
            # Already in stored form: keep its name and bytes, so export after import is the same.
            if not exists:
                name = default_storage.save(name, ContentFile(data))
                self.written.append(name)
            image.store_upload(io.BytesIO(data), stored_name=name)
        else:
            image.store_upload(File(io.BytesIO(data), name=source.name))
            self.written.append(image.image.name)
        self.written += [image.thumbnail.name, image.large.name]
        image.save()

    def cleanup_written(self):
        for name in self.written:
            default_storage.delete(name)


def _remember(instance):
    """Keep the imported state as a revision (not in a dry run, where no revision is open)."""
    if reversion.is_active():
        reversion.add_to_revision(instance)


def _normalised_region(region):
    region.summary = clean_html(region.summary)
    region.after_programme = clean_html(region.after_programme)
    return region


def _normalised_goal(goal):
    return Goal(number=goal.number, text=clean_html(goal.text))


def _normalised_bottleneck(bottleneck):
    return Bottleneck(text=clean_html(bottleneck.text))


def _normalised_result(result):
    copy = ResultExample(
        **{f.attname: getattr(result, f.attname) for f in ResultExample._meta.concrete_fields}
    )
    copy.body = clean_html(result.body)
    return copy


def content_import(
    *,
    document: dict,
    base_dir: Path | None = None,
    dry_run: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
) -> ImportReport:
    """Import a `byregion-content/1` document in one transaction, or raise ContentError and change nothing.

    Themes and regions are matched by slug; a region in the document replaces its members, goals,
    bottlenecks, contacts and results with the document's. Regions the document does not name are
    left alone. Images are read relative to `base_dir`.
    """
    planner = _Planner(document, base_dir)
    writer = _Writer(planner, dry_run=dry_run, progress=progress)
    try:
        with transaction.atomic():
            # A dry run writes no revision: reversion would write after the rollback is set.
            with nullcontext() if dry_run else reversion.create_revision(atomic=False):
                if not dry_run:
                    reversion.set_comment(_("Importert frå byregion-content/1"))
                writer.run()
            if dry_run:
                transaction.set_rollback(True)
            else:
                transaction.on_commit(page_cache_invalidate)
    except BaseException:
        writer.cleanup_written()
        raise
    return writer.report
