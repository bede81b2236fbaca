"""The project package's one table: the content version of the page cache (byregion/cache.py)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentVersion(models.Model):
    """One row: the version of all public content, part of every page-cache key.

    Bumped in the same transaction as every content change, so every app process, whatever its
    own page store, sees the change on its next request.
    """

    value = models.BigIntegerField(_("versjon"), default=0)

    class Meta:
        verbose_name = _("innhaldsversjon")
        verbose_name_plural = _("innhaldsversjonar")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="contentversion_one_row")
        ]

    def __str__(self):
        return str(self.value)


class ReviewReminder(models.Model):
    """When an editor was last sent their list of content to review (send_review_reminders)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="review_reminder",
        verbose_name=_("brukar"),
    )
    sent_at = models.DateTimeField(_("sist sendt"), null=True, blank=True)

    class Meta:
        verbose_name = _("påminning om å sjå over")
        verbose_name_plural = _("påminningar om å sjå over")

    def __str__(self):
        return str(self.user)
