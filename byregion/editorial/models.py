"""Draft or published, with a publish time, an end of publication, a review date and a hand-over
for approval: the state every editorial object shares."""

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    PUBLISHED = "published", _("Publisert")


class Approval(models.TextChoices):
    """Where a draft is in its hand-over: not handed over, awaiting approval, or sent back."""

    NONE = "", _("Ikkje sendt til godkjenning")
    PENDING = "pending", _("Ventar på godkjenning")
    RETURNED = "returned", _("Sendt tilbake")


# The hand-over is about the object, not its content: revisions neither keep nor restore it.
APPROVAL_FIELDS = (
    "approval",
    "approval_message",
    "approval_sent_by",
    "approval_sent_at",
    "approval_comment",
    "approval_commented_by",
)
# The workflow's own fields: an end of publication, a review date, a hand-over. The content format
# (byregion/interchange) does not carry them, so an import leaves them as they are.
WORKFLOW_FIELDS = ("unpublish_at", "review_by", *APPROVAL_FIELDS)
# How long published content may go before someone looks at it again.
REVIEW_MONTHS = 12


def months_later(day, months):
    """Return the same day `months` later (the month's last day when it has fewer days)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def is_visible(status, published_at, unpublish_at, now):
    """Return whether visitors see content in this state at `now` (the rule of `published_q`)."""
    return (
        status == Status.PUBLISHED
        and published_at is not None
        and published_at <= now
        and (unpublish_at is None or unpublish_at > now)
    )


class PublishableQuerySet(models.QuerySet):
    @staticmethod
    def published_q(prefix="", at=None):
        """Return the rule for what visitors may see, for a lookup through `prefix` ("results__").

        Published, with a publish time that has come and an end of publication that has not.
        Every public page, count, list, search, sitemap and open-data file uses this, so the rule
        is written once, and content appears and disappears at its times with no job to run.
        """
        at = at or timezone.now()
        return Q(**{f"{prefix}status": Status.PUBLISHED, f"{prefix}published_at__lte": at}) & (
            Q(**{f"{prefix}unpublish_at__isnull": True}) | Q(**{f"{prefix}unpublish_at__gt": at})
        )

    def published(self, at=None):
        """Return what visitors may see: published, between its publish time and its end."""
        return self.filter(self.published_q(at=at))

    def awaiting_approval(self):
        """Return what an editor has handed over for approval, oldest hand-over first."""
        return self.filter(approval=Approval.PENDING).order_by("approval_sent_at")

    def due_for_review(self, *, until):
        """Return published content whose review date is on or before `until`, earliest first."""
        return (
            self.filter(status=Status.PUBLISHED, review_by__lte=until)
            .filter(Q(unpublish_at__isnull=True) | Q(unpublish_at__gt=timezone.now()))
            .order_by("review_by")
        )


class Publishable(models.Model):
    """Draft or published, with a publish time; a time in the future schedules publication."""

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publisert"),
        null=True,
        blank=True,
        help_text=_("Eit tidspunkt fram i tid set publiseringa på vent til då."),
    )
    created_at = models.DateTimeField(_("oppretta"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sist endra"), auto_now=True)
    # A new random value on every save: an edit form carries the value it was loaded with, so a save
    # based on an older state is caught (byregion/editorial/conflicts.py). Random, not a counter, because
    # restoring a revision writes an old value back and a counter would then repeat itself.
    edit_token = models.UUIDField(_("versjonsmerke"), default=uuid.uuid4, editable=False)
    unpublish_at = models.DateTimeField(
        _("publisert til"),
        null=True,
        blank=True,
        help_text=_("Avpubliser: frå dette tidspunktet er innhaldet borte frå nettstaden."),
    )
    review_by = models.DateField(
        _("sjå over innan"),
        null=True,
        blank=True,
        help_text=_("Når nokon bør sjå over innhaldet att. Tomt: 12 månader etter publisering."),
    )
    approval = models.CharField(
        _("godkjenning"), max_length=10, choices=Approval.choices, default=Approval.NONE, blank=True
    )
    approval_message = models.TextField(_("melding til godkjennar"), blank=True)
    approval_sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sendt til godkjenning av"),
    )
    approval_sent_at = models.DateTimeField(_("sendt til godkjenning"), null=True, blank=True)
    approval_comment = models.TextField(_("kommentar frå godkjennar"), blank=True)
    approval_commented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kommentert av"),
    )

    class Meta:
        abstract = True

    def save(self, *args, renew_token=True, **kwargs):
        derived = {"edit_token", *self.keep_derived()}
        if renew_token:
            self.edit_token = uuid.uuid4()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *derived}
        super().save(*args, **kwargs)

    def keep_derived(self):
        """Set what publishing implies and return the names of the fields it set.

        A published object always has a publish time, and a review date: by default 12 months
        after its publish time. save() calls this; a bulk_create of new objects must too.
        """
        derived = set()
        if self.status == Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
            derived.add("published_at")
        if self.status == Status.PUBLISHED and self.review_by is None:
            self.review_by = months_later(timezone.localdate(self.published_at), REVIEW_MONTHS)
            derived.add("review_by")
        return derived

    @property
    def is_public(self):
        return is_visible(self.status, self.published_at, self.unpublish_at, timezone.now())
