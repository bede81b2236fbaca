"""Hand-over for approval: an editor who may not publish sends a draft to those who may.

A draft goes from «not handed over» to «awaiting approval» (`approval_send`); from there someone
who may publish it publishes it (`approval_publish`) or sends it back with a comment
(`approval_return`), and the editor may mend it and send it again. The draft stays editable all
the while. Each step is a django-reversion revision with who did it and a comment, and the
revision of the hand-over is dated exactly at the hand-over, so the approver can compare it with
what is stored now (`sent_version`). Who may do which step is decided by the caller
(regions/scope.py: may_hand_over, may_publish, publishers); these functions write and tell.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import reversion
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from reversion.models import Version

from byregion.editorial.models import APPROVAL_FIELDS, Approval, Publishable
from byregion.editorial.services import content_publish

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.contrib.auth.models import AbstractBaseUser


def person(user) -> str:
    """Return the name people know a user by: the full name, else the user name."""
    if user is None:
        return _("ukjend")
    return user.get_full_name() or user.get_username()


def _save_approval(obj: Publishable, user, comment: str) -> None:
    # The hand-over is not content: the edit token stays, so an editor's open form still saves.
    obj.save(renew_token=False, update_fields=APPROVAL_FIELDS)
    reversion.set_comment(comment)
    reversion.set_user(user)


def _quoted(label: str, text: str) -> str:
    return f"{label}: «{text}»" if text else label


def approval_send(
    *,
    obj: Publishable,
    user: AbstractBaseUser,
    message: str,
    approvers: Iterable[AbstractBaseUser],
    link: str,
) -> Publishable:
    """Hand a draft over for approval with a message, keep a revision, and e-mail the approvers."""
    now = timezone.now()
    with transaction.atomic(), reversion.create_revision():
        obj.approval = Approval.PENDING
        obj.approval_message = message
        obj.approval_sent_by = user
        obj.approval_sent_at = now
        obj.approval_comment = ""
        obj.approval_commented_by = None
        _save_approval(obj, user, _quoted(_("Sendt til godkjenning"), message))
        # The revision of the hand-over carries its exact time (even inside the request's
        # revision): what the approver compares with is found by it.
        reversion.set_date_created(now)
    kind = obj._meta.verbose_name
    subject = _("Til godkjenning: «%(object)s» (%(kind)s)") % {"object": obj, "kind": kind}
    lines = [
        _("%(person)s har sendt «%(object)s» (%(kind)s) til godkjenning.")
        % {"person": person(user), "object": obj, "kind": kind},
        "",
    ]
    if message:
        lines += [_("Melding:"), message, ""]
    lines += [_("Sjå over, og publiser eller send tilbake med ein kommentar:"), link, ""]
    recipients = sorted({approver.email for approver in approvers if approver.email})
    for address in recipients:
        send_mail(subject, "\n".join(lines), None, [address])
    return obj


def approval_return(
    *, obj: Publishable, user: AbstractBaseUser, comment: str, link: str
) -> Publishable:
    """Send a handed-over draft back to its editor with a comment; keep a revision; tell them."""
    with transaction.atomic(), reversion.create_revision():
        obj.approval = Approval.RETURNED
        obj.approval_comment = comment
        obj.approval_commented_by = user
        _save_approval(obj, user, _quoted(_("Sendt tilbake"), comment))
    sender = obj.approval_sent_by
    if sender is not None and sender.email:
        subject = _("Sendt tilbake: «%(object)s»") % {"object": obj}
        body = "\n".join(
            [
                _("%(person)s har sendt «%(object)s» tilbake til deg.")
                % {"person": person(user), "object": obj},
                "",
                _("Kommentar:"),
                comment,
                "",
                _("Rett opp og send til godkjenning på nytt:"),
                link,
                "",
            ]
        )
        send_mail(subject, body, None, [sender.email])
    return obj


def approval_publish(*, obj: Publishable, user: AbstractBaseUser, comment: str) -> Publishable:
    """Publish a handed-over draft, with the approver's comment; the hand-over is then done."""
    with transaction.atomic(), reversion.create_revision():
        content_publish(obj=obj, user=user)
        obj.approval_comment = comment
        obj.approval_commented_by = user
        obj.save(renew_token=False, update_fields=APPROVAL_FIELDS)
        reversion.set_comment(_quoted(_("Publisert etter godkjenning"), comment))
        reversion.set_user(user)
    return obj


def sent_version(obj: Publishable) -> Version | None:
    """Return the revision of `obj` as it was handed over (the last one kept by then), or None."""
    if obj.approval_sent_at is None:
        return None
    return (
        Version.objects.get_for_object(obj)
        .filter(revision__date_created__lte=obj.approval_sent_at)
        .order_by("-revision__date_created", "-pk")
        .first()
    )


def latest_version(obj: Publishable) -> Version | None:
    """Return the last revision kept of `obj`, or None."""
    return Version.objects.get_for_object(obj).order_by("-revision__date_created", "-pk").first()
