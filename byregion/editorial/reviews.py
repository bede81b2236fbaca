"""Review dates: what is overdue or soon due for a look, shown on the admin index and e-mailed.

Every published region and result has a review date («Sjå over innan», by default 12 months after
publishing: Publishable.save). What is past it is overdue; what reaches it within `DUE_SOON_DAYS`
is due soon. `reminders_send` e-mails each editor their list, at most once a local calendar day
(the time of the last one is stored per editor in ReviewReminder); which content is whose is the
caller's business (regions/scope.py through byregion/management/commands/send_review_reminders.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from byregion.models import ReviewReminder

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

DUE_SOON_DAYS = 30


@dataclass(frozen=True)
class ReviewItem:
    """One published region or result to look at again, and by when."""

    label: str
    kind: str
    review_by: dt.date
    url: str
    overdue: bool


@dataclass(frozen=True)
class ReviewList:
    overdue: tuple[ReviewItem, ...]
    due_soon: tuple[ReviewItem, ...]

    def __bool__(self):
        return bool(self.overdue or self.due_soon)


def review_list(querysets: Iterable, *, url: Callable, today: dt.date | None = None) -> ReviewList:
    """Return what in `querysets` is overdue, and due within DUE_SOON_DAYS, earliest first.

    `url(obj)` gives each item's address (its change form in the admin, absolute in an e-mail).
    """
    today = today or timezone.localdate()
    until = today + dt.timedelta(days=DUE_SOON_DAYS)
    items = [
        ReviewItem(
            label=str(obj),
            kind=str(obj._meta.verbose_name),
            review_by=obj.review_by,
            url=url(obj),
            overdue=obj.review_by < today,
        )
        for queryset in querysets
        for obj in queryset.due_for_review(until=until)
    ]
    items.sort(key=lambda item: (item.review_by, item.label))
    return ReviewList(
        overdue=tuple(item for item in items if item.overdue),
        due_soon=tuple(item for item in items if not item.overdue),
    )


def _lines(items):
    return [
        f"- {item.label} ({item.kind}), "
        + _("sjå over innan %(date)s") % {"date": date_format(item.review_by, "DATE_FORMAT")}
        + f": {item.url}"
        for item in items
    ]


def reminder_message(reviews: ReviewList) -> tuple[str, str]:
    """Return the subject and text of the e-mail that lists an editor's reviews."""
    count = len(reviews.overdue) + len(reviews.due_soon)
    subject = ngettext(
        "%(count)d ting å sjå over på Byregion", "%(count)d ting å sjå over på Byregion", count
    ) % {"count": count}
    lines = [_("Dette innhaldet bør nokon sjå over, så det framleis stemmer:"), ""]
    if reviews.overdue:
        lines += [_("På overtid:"), *_lines(reviews.overdue), ""]
    if reviews.due_soon:
        lines += [
            _("Innan %(days)d dagar:") % {"days": DUE_SOON_DAYS},
            *_lines(reviews.due_soon),
            "",
        ]
    lines += [
        _(
            "Opne innhaldet, sjå over det, og set ein ny dato i «Sjå over innan». "
            "Du får denne e-posten høgst éin gong om dagen."
        ),
        "",
    ]
    return subject, "\n".join(lines)


def reminder_send(*, user, reviews: ReviewList, now: dt.datetime | None = None) -> bool:
    """E-mail the user their list unless it is empty, they have no address, or had it today.

    Return whether it was sent. The time is stored in the same transaction, under a row lock, so
    two runs at once send it once.
    """
    now = now or timezone.now()
    if not reviews or not user.email:
        return False
    with transaction.atomic():
        reminder, _created = ReviewReminder.objects.select_for_update().get_or_create(user=user)
        sent = reminder.sent_at
        if sent is not None and timezone.localdate(sent) == timezone.localdate(now):
            return False
        subject, body = reminder_message(reviews)
        send_mail(subject, body, None, [user.email])
        reminder.sent_at = now
        reminder.save(update_fields=["sent_at"])
    return True
