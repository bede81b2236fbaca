"""Draft or published, with a publish time: the state every editorial object shares."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    PUBLISHED = "published", _("Publisert")


class PublishableQuerySet(models.QuerySet):
    @staticmethod
    def published_q(prefix="", at=None):
        """Return the rule for what visitors may see, for a lookup through `prefix` ("results__").

        Published, with a publish time that has come. Every public count and filter uses this, so
        the rule is written once.
        """
        return Q(
            **{
                f"{prefix}status": Status.PUBLISHED,
                f"{prefix}published_at__lte": at or timezone.now(),
            }
        )

    def published(self, at=None):
        """Return what visitors may see: published, with a publish time that has come."""
        return self.filter(self.published_q(at=at))


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

    class Meta:
        abstract = True

    def save(self, *args, renew_token=True, **kwargs):
        # Keep the derived publish time right: a published object always has one.
        if self.status == Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        if renew_token:
            self.edit_token = uuid.uuid4()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "edit_token"}
        super().save(*args, **kwargs)

    @property
    def is_public(self):
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )
