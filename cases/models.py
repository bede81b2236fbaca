"""Result examples: what a region achieved, tied to its goals, with themes and images."""

from pathlib import PurePosixPath

import reversion
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from byregion.editorial.models import APPROVAL_FIELDS
from byregion.fields import LimitedTextField
from byregion.richtext import RichTextField
from cases import images
from regions.models import Goal, Language, Publishable, PublishableQuerySet, Region


class ResultExampleQuerySet(PublishableQuerySet):
    @staticmethod
    def public_q(prefix="", at=None):
        """Return the rule for the examples visitors may see, for a lookup through `prefix`.

        Published, in a region that is published too (PublishableQuerySet.published_q for both).
        """
        at = at or timezone.now()
        published = PublishableQuerySet.published_q
        return published(prefix, at) & published(f"{prefix}region__", at)

    def public(self, at=None):
        """Return the examples visitors may see: published, in a region that is published too."""
        return self.filter(self.public_q(at=at))

    def for_region(self, region):
        return self.filter(region=region)

    @staticmethod
    def card_prefetches():
        """Return the related rows a result card shows: themes, goals and images, one query each."""
        return [
            "themes",
            "goals",
            models.Prefetch("images", queryset=ResultImage.objects.order_by("position", "id")),
        ]

    def with_cards(self):
        """Return the examples with what their cards show fetched in three more queries."""
        return self.prefetch_related(*self.card_prefetches())


class ThemeQuerySet(models.QuerySet):
    def in_public_use(self):
        """Return the themes with public examples, each with their number as `result_count`."""
        public = ResultExampleQuerySet.public_q("results__")
        return self.annotate(
            result_count=models.Count("results", filter=public, distinct=True)
        ).filter(result_count__gt=0)


class Theme(models.Model):
    slug = models.SlugField(_("adresse"), max_length=100, unique=True)
    name = models.CharField(_("namn"), max_length=100)
    description = LimitedTextField(_("skildring"), max_length=2_000, blank=True)

    objects = ThemeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("tema")
        verbose_name_plural = _("tema")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("cases:result_list") + f"?tema={self.slug}"


# The hand-over for approval is about the object, not its content: revisions leave it alone.
@reversion.register(follow=("images",), exclude=APPROVAL_FIELDS)
class ResultExample(Publishable):
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="results", verbose_name=_("byregion")
    )
    slug = models.SlugField(_("adresse"), max_length=120)
    title = models.CharField(_("tittel"), max_length=200)
    teaser = LimitedTextField(
        _("ingress"), max_length=500, help_text=_("Ei kort oppsummering, vist i lister.")
    )
    body = RichTextField(_("tekst"), blank=True)
    goals = models.ManyToManyField(
        Goal,
        related_name="results",
        blank=True,
        verbose_name=_("mål som resultatet fremjar"),
        help_text=_("Berre måla til same byregion."),
    )
    themes = models.ManyToManyField(
        Theme, related_name="results", blank=True, verbose_name=_("tema")
    )
    language = models.CharField(
        _("innhaldsspråk"), max_length=2, choices=Language.choices, default=Language.NYNORSK
    )
    featured = models.BooleanField(_("framheva på framsida"), default=False)

    objects = ResultExampleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "title"]
        verbose_name = _("resultateksempel")
        verbose_name_plural = _("resultateksempel")
        permissions = [("publish_resultexample", _("Kan publisere resultateksempel"))]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "slug"],
                name="result_unique_slug_per_region",
                violation_error_message=_("Byregionen har alt eit resultat med denne adressa."),
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="result_published_has_time",
            ),
        ]
        indexes = [
            # Serves the newest-first public lists (/resultat/, the front page).
            models.Index(fields=["status", "-published_at"], name="result_status_published_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "cases:result_detail", kwargs={"region_slug": self.region.slug, "slug": self.slug}
        )


def _image_path(instance, filename):
    # The name is already random (cases.images.process_upload); never the uploader's own name.
    return f"resultat/{filename}"


@reversion.register()
class ResultImage(models.Model):
    result = models.ForeignKey(
        ResultExample, on_delete=models.CASCADE, related_name="images", verbose_name=_("resultat")
    )
    # Checked, re-encoded and measured by store_upload(), not by field validators: a stored file
    # is never opened again just to save the row.
    image = models.ImageField(
        _("bilete"),
        upload_to=_image_path,
        help_text=_("JPEG, PNG, WebP eller GIF. Metadata som GPS-posisjon blir fjerna."),
    )
    width = models.PositiveIntegerField(_("breidd"), null=True, editable=False)
    height = models.PositiveIntegerField(_("høgd"), null=True, editable=False)
    thumbnail = models.ImageField(upload_to=_image_path, blank=True, editable=False)
    thumbnail_width = models.PositiveIntegerField(null=True, editable=False)
    large = models.ImageField(upload_to=_image_path, blank=True, editable=False)
    large_width = models.PositiveIntegerField(null=True, editable=False)
    alt_text = models.CharField(
        _("alternativ tekst"),
        max_length=250,
        blank=True,
        help_text=_(
            "Kva biletet viser, for dei som ikkje ser det. Påkravd om biletet ikkje er pynt."
        ),
    )
    decorative = models.BooleanField(
        _("berre pynt"), default=False, help_text=_("Kryss av berre om biletet ikkje fortel noko.")
    )
    caption = models.CharField(_("bilettekst"), max_length=300, blank=True)
    credit = models.CharField(_("fotograf eller kjelde"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("rekkjefølgje"), default=0)

    # The name of the image file as stored (loaded, or written by store_upload); any other file
    # in the field is a new upload.
    _stored_name = None

    class Meta:
        ordering = ["result", "position", "id"]
        verbose_name = _("bilete")
        verbose_name_plural = _("bilete")
        constraints = [
            models.CheckConstraint(
                condition=Q(decorative=True) | ~Q(alt_text=""),
                name="resultimage_alt_or_decorative",
                violation_error_message=_(
                    "Skriv ein alternativ tekst, eller kryss av for at biletet berre er pynt."
                ),
            ),
        ]

    def __str__(self):
        return self.alt_text or self.caption or self.image.name

    def save(self, *args, **kwargs):
        # Whatever path a file came by (admin, import, code), it is stored only re-encoded.
        if self.has_new_upload:
            self.store_upload(self.image)
        super().save(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_name = dict(zip(field_names, values, strict=True)).get("image")
        return instance

    def refresh_from_db(self, using=None, fields=None, **kwargs):
        super().refresh_from_db(using=using, fields=fields, **kwargs)
        if fields is None or "image" in fields:
            self._stored_name = self.image.name

    @property
    def has_new_upload(self):
        """Tell whether the image field holds a file that is not stored yet."""
        return bool(self.image) and self.image.name != self._stored_name

    def store_upload(self, file, *, stored_name=""):
        """Store `file` re-encoded without metadata, with its size and renditions; row not saved.

        Raises ValidationError for anything but an allowed image. `stored_name` names a file already
        in storage in the form this method writes: it is kept as it is, and only its renditions made.
        """
        content, renditions, self.width, self.height = images.process_upload(file)
        if stored_name:
            self.image.name = stored_name
        else:
            self.image.save(content.name, content, save=False)
        stored = PurePosixPath(self.image.name)
        for field_name in ("thumbnail", "large"):
            rendition, width, _height = renditions[field_name]
            suffix = PurePosixPath(rendition.name).suffix
            getattr(self, field_name).save(f"{stored.stem}-{width}{suffix}", rendition, save=False)
            setattr(self, f"{field_name}_width", width)
        self._stored_name = self.image.name

    def clean(self):
        if self.has_new_upload:
            try:
                images.validate_image(self.image)
            except ValidationError as error:
                raise ValidationError({"image": error}) from error

    @property
    def alt(self):
        return "" if self.decorative else self.alt_text
