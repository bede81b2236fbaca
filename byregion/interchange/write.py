"""Import, second step: store a planned document in one transaction, keeping what did not change.

Images already in the form this site stores (a random name, re-encoded, no metadata) are kept
byte for byte; anything else goes through the normal upload path.
"""

import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import reversion
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import DatabaseError
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _

from byregion.editorial.bulk import BulkReport, bulk_remember, bulk_write
from byregion.editorial.models import WORKFLOW_FIELDS
from byregion.interchange.document import (
    ContentError,
    validation_error,
)
from byregion.interchange.export import (
    exported_image_path,
    image_dict,
    region_dict,
    region_prefetches,
    result_dict,
    result_prefetches,
)
from byregion.interchange.plan import Planner, RegionPlan, ResultPlan
from byregion.richtext import clean_html
from cases.images import is_site_encoding
from cases.models import ResultExample, ResultImage
from regions.models import (
    Bottleneck,
    Contact,
    Goal,
    Membership,
    Region,
)

# What this site stores after re-encoding an upload: a random hex name, JPEG or PNG.
_STORED_NAME = re.compile(r"^[0-9a-f]{32}\.(jpg|png)$")


@dataclass
class ImportReport(BulkReport):
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

    def summary_lines(self):
        c = self.counts
        return [
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


def _is_stored_form(path: Path, data: bytes) -> bool:
    """Tell whether an image file is exactly what this site stores: its kind of name and bytes."""
    suffix = ".png" if data.startswith(b"\x89PNG") else ".jpg"
    return bool(_STORED_NAME.match(path.name)) and path.suffix == suffix and is_site_encoding(data)


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
_REGION_FIELDS = _content_fields(Region, "slug", *WORKFLOW_FIELDS)
_RESULT_FIELDS = _content_fields(ResultExample, "region", "slug", *WORKFLOW_FIELDS)
_IMAGE_FIELDS = _content_fields(ResultImage, "result", "image")


def _copy_fields(source, target, names):
    for name in names:
        setattr(target, name, getattr(source, name))


def _digest(handle):
    return hashlib.file_digest(handle, "sha256").digest()


class _Writer:
    def __init__(self, planner: Planner, *, dry_run, progress):
        self.planner = planner
        self.dry_run = dry_run
        self.progress = progress
        self.report = ImportReport()
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
                raise validation_error(error, plan.path) from error
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

    def _region(self, plan: RegionPlan, current: Region | None, themes):
        counts = self.report.counts
        if current is None:
            region = plan.region
            region.save()
            counts["regions_created"] += 1
            current_results = {}
            self._replace_children(region, plan, goals_by_number={})
            bulk_remember(region)
        else:
            region = current
            current = Region.objects.prefetch_related(*region_prefetches()).get(pk=region.pk)
            if not plan.published_at_given and current.published_at:
                plan.region.published_at = current.published_at
            before = region_dict(
                current,
                current.memberships.all(),
                current.goals.all(),
                current.bottlenecks.all(),
                current.contacts.all(),
                public=False,
            )
            after = region_dict(
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
                bulk_remember(region)
            current_results = {
                result.slug: result
                for result in region.results.prefetch_related(*result_prefetches())
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
            before = result_dict(
                current,
                [goal.number for goal in current.goals.all()],
                [theme.slug for theme in current.themes.all()],
                [
                    image_dict(image, exported_image_path(image.image.name))
                    for image in current.images.all()
                ],
            )
            after = result_dict(
                _normalised_result(item.result),
                item.goals,
                item.themes,
                [
                    image_dict(image.image, exported_image_path(image.source.name))
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
            item.result.keep_derived()
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

    def _images(self, item: ResultPlan, current: ResultExample | None):
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
    planner = Planner(document, base_dir)
    writer = _Writer(planner, dry_run=dry_run, progress=progress)
    try:
        with bulk_write(
            report=writer.report, comment=_("Importert frå byregion-content/1"), dry_run=dry_run
        ):
            writer.run()
    except BaseException:
        writer.cleanup_written()
        raise
    return writer.report
