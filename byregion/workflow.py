"""Editorial workflow: publishing, and restoring a revision.

Regions and result examples go from draft to published and back, each change kept as a revision
with who made it.

A publish time in the future schedules publication: the public querysets only show what has
`published_at <= now()`, so the content appears by itself when the time comes, with no job to run.
Who may publish is decided by the caller (byregion.permissions.can_publish); these functions write.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import reversion
from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reversion.errors import RevertError

from byregion.revisions import followed_relations, revision_family
from regions.models import Publishable, Region, Status

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser
    from reversion.models import Revision

    from cases.models import ResultExample


def _publish(obj: Publishable, user, at: datetime | None) -> Publishable:
    with transaction.atomic(), reversion.create_revision():
        obj.status = Status.PUBLISHED
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


def _unpublish(obj: Publishable, user) -> Publishable:
    with transaction.atomic(), reversion.create_revision():
        # The publish time stays: publishing again keeps the original date.
        obj.status = Status.DRAFT
        obj.save()
        reversion.set_comment(_("Gjort til utkast"))
        if user is not None:
            reversion.set_user(user)
    return obj


def region_publish(
    *, region: Region, user: AbstractBaseUser | None = None, at: datetime | None = None
) -> Region:
    """Publish the region now, at `at`, or at the publish time it already has; keep a revision."""
    return _publish(region, user, at)


def region_unpublish(*, region: Region, user: AbstractBaseUser | None = None) -> Region:
    """Take the region back to draft, hidden from visitors; keep a revision."""
    return _unpublish(region, user)


def result_publish(
    *, result: ResultExample, user: AbstractBaseUser | None = None, at: datetime | None = None
) -> ResultExample:
    """Publish the result example now, at `at`, or at the publish time it already has; keep a revision."""
    return _publish(result, user, at)


def result_unpublish(
    *, result: ResultExample, user: AbstractBaseUser | None = None
) -> ResultExample:
    """Take the result example back to draft, hidden from visitors; keep a revision."""
    return _unpublish(result, user)


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


def revision_restore(
    *,
    model: type[Publishable],
    object_id: int | str,
    revision: Revision,
    publication: tuple[str, datetime | None] | None = None,
) -> Publishable:
    """Bring one object and its followed objects back to their state in `revision`, nothing else.

    A deleted object comes back; inlines added since are removed. `publication` (status, publish
    time) is kept instead of the revision's, for someone who may not publish. The object is then
    saved, so the restore is a new revision when one is being recorded.
    """
    versions = revision_family(revision, model, object_id)
    if not versions or versions[0].content_type.model_class() is not model:
        raise RevertError(_("Denne versjonen høyrer ikkje til dette innhaldet."))
    kept = {(version.content_type.model_class(), version.object_id) for version in versions}
    with transaction.atomic():
        current = model._default_manager.filter(pk=object_id).first()
        if current is not None:
            for child_model, _key, accessor in followed_relations(model):
                for child in getattr(current, accessor).all():
                    if (child_model, str(child.pk)) not in kept:
                        child.delete()
        _revert(versions)
        restored = model._default_manager.get(pk=object_id)
        if publication is not None:
            restored.status, restored.published_at = publication
        restored.save()
    return restored
