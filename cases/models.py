"""Result examples: what a region achieved, tied to its goals, with themes and images."""

import reversion
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from byregion.richtext import RichTextField
from cases import images
from regions.models import Goal, Language, Publishable, PublishableQuerySet, Region


class Theme(models.Model):
    slug = models.SlugField(_("adresse"), max_length=100, unique=True)
    name = models.CharField(_("namn"), max_length=100)
    description = models.TextField(_("skildring"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tema")
        verbose_name_plural = _("tema")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("cases:result_list") + f"?tema={self.slug}"


class ResultExampleQuerySet(PublishableQuerySet):
    def public(self):
        """Return the examples visitors may see: published, in a region that is published too."""
        return self.published().filter(region__in=Region.objects.published().values("pk"))

    def for_region(self, region):
        return self.filter(region=region)


@reversion.register(follow=("images",))
class ResultExample(Publishable):
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="results", verbose_name=_("byregion")
    )
    slug = models.SlugField(_("adresse"), max_length=120)
    title = models.CharField(_("tittel"), max_length=200)
    teaser = models.TextField(
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
    image = models.ImageField(
        _("bilete"),
        upload_to=_image_path,
        width_field="width",
        height_field="height",
        validators=[images.validate_image],
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
        # A new upload is re-encoded (no EXIF, random name) and its renditions derived from it.
        if self.image and not getattr(self.image, "_committed", True):
            content, renditions, _width, _height = images.process_upload(self.image.file)
            self.image.save(content.name, content, save=False)
            (thumb, thumb_width, _), (large, large_width, _) = (
                renditions["thumbnail"],
                renditions["large"],
            )
            self.thumbnail.save(thumb.name, thumb, save=False)
            self.thumbnail_width = thumb_width
            self.large.save(large.name, large, save=False)
            self.large_width = large_width
        super().save(*args, **kwargs)

    @property
    def alt(self):
        return "" if self.decorative else self.alt_text
