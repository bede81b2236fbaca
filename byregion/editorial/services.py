"""Editorial workflow: publishing, and restoring a revision.

Regions and result examples go from draft to published and back, each change kept as a revision
with who made it.

A publish time in the future schedules publication: the public querysets only show what has
`published_at <= now()`, so the content appears by itself when the time comes, with no job to run.
Who may publish is decided by the caller (byregion.roles.can_publish); these functions write.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import reversion
from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reversion.errors import RevertError

from byregion.editorial.models import APPROVAL_FIELDS, Approval, Publishable, Status
from byregion.editorial.revisions import (
    followed_relations,
    kept_links,
    last_known_label,
    revision_family,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser
    from reversion.models import Revision


def content_publish(
    *, obj: Publishable, user: AbstractBaseUser | None = None, at: datetime | None = None
) -> Publishable:
    """Publish a region or result now, at `at`, or at the publish time it already has; keep a revision."""
    with transaction.atomic(), reversion.create_revision():
        obj.status = Status.PUBLISHED
        # Published is past any hand-over: it no longer waits in a queue (byregion/editorial/workflow.py).
        obj.approval = Approval.NONE
        if at is not None:
            obj.published_at = at
        elif obj.published_at is None:
            obj.published_at = timezone.now()
        obj.save()
        if obj.published_at > timezone.now():
            when = date_format(timezone.localtime(obj.published_at), "DATETIME_FORMAT")
            reversion.set_comment(_("Publisering sett opp til %(when)s") % {"when": when})
        else:
            reversion.set_comment(_("Publisert"))
        if user is not None:
            reversion.set_user(user)
    return obj


def content_unpublish(*, obj: Publishable, user: AbstractBaseUser | None = None) -> Publishable:
    """Take a region or result back to draft, hidden from visitors; keep a revision."""
    with transaction.atomic(), reversion.create_revision():
        # The publish time stays: publishing again keeps the original date.
        obj.status = Status.DRAFT
        obj.save()
        reversion.set_comment(_("Gjort til utkast"))
        if user is not None:
            reversion.set_user(user)
    return obj


def _revert(versions):
    # Old states can clash with today's on a unique rule (two goals swapping numbers): retry the
    # ones that failed once the others are back, and give up only when a round makes no progress.
    pending = list(versions)
    while pending:
        failed = []
        for version in pending:
            try:
                with transaction.atomic():
                    version.revert()
            except (IntegrityError, ObjectDoesNotExist):
                failed.append(version)
        if len(failed) == len(pending):
            raise RevertError(
                _("Versjonen kan ikkje gjenopprettast: %(what)s strir mot det som er lagra no.")
                % {"what": ", ".join(version.object_repr for version in failed)}
            )
        pending = failed


def _links(version) -> dict:
    model = version.content_type.model_class()
    return {
        field: set(version.field_dict[field.attname])
        for field in kept_links(model)
        if field.attname in version.field_dict
    }


def _relink(version, links: dict) -> list[str]:
    # version.revert() writes back the link ids the revision kept without asking whether those rows
    # still exist, and the foreign keys are only checked at commit. Keep the links that still hold,
    # drop the rest, and return the names of what was dropped.
    obj = version.content_type.model_class()._default_manager.get(pk=version.object_id)
    dropped = []
    for field, wanted in links.items():
        target = field.related_model
        existing = target._default_manager.filter(pk__in=wanted)
        if hasattr(target, "region_id") and hasattr(obj, "region_id"):
            # Something of a region is linked only within the object's own region (a result's goals).
            existing = existing.filter(region_id=obj.region_id)
        kept = set(existing.values_list("pk", flat=True))
        field.remote_field.through._default_manager.filter(
            **{field.m2m_field_name(): obj.pk}
        ).exclude(**{f"{field.m2m_reverse_field_name()}__in": kept}).delete()
        dropped += [last_known_label(target, pk) for pk in sorted(wanted - kept)]
    return dropped


@dataclass(frozen=True)
class Restore:
    """The object a restore brought back, and the names of linked objects deleted since."""

    obj: Publishable
    unlinked: tuple[str, ...]


def revision_restore(
    *,
    model: type[Publishable],
    object_id: int | str,
    revision: Revision,
    publication: tuple[str, datetime | None, datetime | None] | None = None,
) -> Restore:
    """Bring one object and its followed objects back to their state in `revision`, nothing else.

    A deleted object comes back; inlines added since are removed; links to goals or themes deleted
    since are left out and named in `Restore.unlinked`. `publication` (status, publish time, end of publication) is
    kept instead of the revision's, for someone who may not publish. The object is then saved, so
    the restore is a new revision when one is being recorded; it keeps the edit token stored now
    (a deleted object: the revision's), so a form showing the restore is checked against it.
    """
    versions = revision_family(revision, model, object_id)
    if not versions or versions[0].content_type.model_class() is not model:
        raise RevertError(_("Denne versjonen høyrer ikkje til dette innhaldet."))
    kept = {(version.content_type.model_class(), version.object_id) for version in versions}
    with transaction.atomic():
        current = model._default_manager.filter(pk=object_id).first()
        # The restored state continues from the stored one: an edit form opened on the restore
        # is checked against the token that is stored now (byregion/editorial/conflicts.py).
        token = current.edit_token if current is not None else None
        if current is not None:
            for child_model, _key, accessor in followed_relations(model):
                for child in getattr(current, accessor).all():
                    if (child_model, str(child.pk)) not in kept:
                        child.delete()
        # Read before reverting: a reverted version no longer holds the link ids it wrote.
        links = [(version, _links(version)) for version in versions]
        _revert(versions)
        unlinked = [
            label for version, wanted in links if wanted for label in _relink(version, wanted)
        ]
        restored = model._default_manager.get(pk=object_id)
        if publication is not None:
            restored.status, restored.published_at, restored.unpublish_at = publication
        # The hand-over is not content (revisions leave it out): it stays as it is now; an object
        # brought back from deletion has none.
        if current is not None:
            for name in APPROVAL_FIELDS:
                attname = model._meta.get_field(name).attname
                setattr(restored, attname, getattr(current, attname))
        if token is not None:
            restored.edit_token = token
        restored.save(renew_token=False)
    return Restore(obj=restored, unlinked=tuple(unlinked))
