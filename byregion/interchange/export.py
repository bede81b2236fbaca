"""Export: every region and result as a `byregion-content/1` document, and its images as files."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path, PurePosixPath

from django.core.files.storage import default_storage
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from byregion.editorial.models import Status
from byregion.interchange.document import (
    FORMAT,
    IMAGE_DIR,
    ContentError,
    content_dumps,
)
from cases.models import ResultExample, ResultImage, Theme
from regions import validators
from regions.models import (
    Bottleneck,
    Contact,
    Goal,
    Membership,
    Region,
)


def _iso(moment):
    return moment.astimezone(UTC).isoformat() if moment else None


def _phone(value):
    return f"+47 {validators.format_phone(value)}" if value.startswith("+47") else value


def region_dict(region, members, goals, bottlenecks, contacts, *, public):
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


def result_dict(result, goal_numbers, theme_slugs, images):
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


def image_dict(image, file):
    return {
        "file": file,
        "alt": image.alt_text,
        "decorative": image.decorative,
        "caption": image.caption,
        "credit": image.credit,
        "position": image.position,
    }


def exported_image_path(name):
    return f"{IMAGE_DIR}/{PurePosixPath(name).name}"


def region_prefetches():
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


def result_prefetches():
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
        *region_prefetches(),
        Prefetch(
            "results",
            queryset=results.order_by("slug").prefetch_related(*result_prefetches()),
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
        data = region_dict(
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
                    file = exported_image_path(image.image.name)
                    where = f"regions[{region.slug}].results[{result.slug}]"
                    export.images.append(
                        ExportedImage(file, image.image.name, f"{where}.images[{index}]")
                    )
                images.append(image_dict(image, file))
            item = result_dict(
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
