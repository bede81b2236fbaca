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


class LinkStatus(models.Model):
    """What an external link answered when `manage.py check_links` last tried it (byregion/editorial/links.py)."""

    url = models.CharField(_("adresse"), max_length=2000, unique=True)
    status_code = models.PositiveSmallIntegerField(_("svarkode"), null=True, blank=True)
    error = models.CharField(_("feil"), max_length=300, blank=True)
    checked_at = models.DateTimeField(_("sjekka"))

    class Meta:
        ordering = ["url"]
        verbose_name = _("lenkjestatus")
        verbose_name_plural = _("lenkjestatusar")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status_code__isnull=False) | ~models.Q(error=""),
                name="linkstatus_code_or_error",
            )
        ]

    def __str__(self):
        return self.url

    @property
    def is_broken(self):
        return bool(self.error) or self.status_code >= 400

    @property
    def outcome(self):
        """The answer in words: «404» or the error."""
        return self.error or str(self.status_code)


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
