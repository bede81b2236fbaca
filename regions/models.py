"""Counties, municipalities and the city regions of the programme with their goals, bottlenecks and contacts."""

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from byregion.editorial.models import APPROVAL_FIELDS, Publishable, PublishableQuerySet, Status
from byregion.fields import LimitedTextField
from byregion.richtext import RichTextField, plain_text
from regions import validators


class Language(models.TextChoices):
    NYNORSK = "nn", _("Nynorsk")
    BOKMAAL = "nb", _("Bokmål")


class County(models.Model):
    number = models.CharField(_("fylkesnummer"), max_length=2, unique=True)
    name = models.CharField(_("namn"), max_length=100)
    other_names = models.CharField(_("samisk og kvensk namn"), max_length=200, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("fylke")
        verbose_name_plural = _("fylke")
        constraints = [
            models.CheckConstraint(
                condition=Q(number__regex=r"^[0-9]{2}$"), name="county_number_two_digits"
            ),
        ]

    def __str__(self):
        return self.name


class Municipality(models.Model):
    number = models.CharField(_("kommunenummer"), max_length=4, unique=True)
    name = models.CharField(_("namn"), max_length=100)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("fylke")
    )
    other_names = models.CharField(_("samisk og kvensk namn"), max_length=200, blank=True)

    class Meta:
        ordering = ["name", "number"]
        verbose_name = _("kommune")
        verbose_name_plural = _("kommunar")
        constraints = [
            models.CheckConstraint(
                condition=Q(number__regex=r"^[0-9]{4}$"), name="municipality_number_four_digits"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.number})"


class MunicipalityShape(models.Model):
    """A municipality's borders as the maps draw them, projected and simplified once when the
    reference data is loaded (regions/map_shapes.py); paths are SVG path data on the grids of
    regions/map_grid.py, bounds and label in UTM zone 33N metres."""

    municipality = models.OneToOneField(
        Municipality,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="shape",
        verbose_name=_("kommune"),
    )
    national = models.TextField(_("omriss på Noregskartet"))
    county_border = models.TextField(_("fylkesgrense på Noregskartet"), blank=True)
    wide = models.TextField(_("omriss på kart over ein stor region"))
    close = models.TextField(_("omriss på kart over ein liten region"))
    x_min = models.IntegerField(_("vest"))
    y_min = models.IntegerField(_("sør"))
    x_max = models.IntegerField(_("aust"))
    y_max = models.IntegerField(_("nord"))
    label_x = models.IntegerField(_("namnepunkt aust"))
    label_y = models.IntegerField(_("namnepunkt nord"))

    class Meta:
        ordering = ["municipality"]
        verbose_name = _("kommuneomriss")
        verbose_name_plural = _("kommuneomriss")

    def __str__(self):
        return str(self.municipality)


class FormerMunicipality(models.Model):
    """A municipality as it was in 2016, during the programme, and what it is part of in 2024."""

    number = models.CharField(_("kommunenummer 2016"), max_length=4, unique=True)
    name = models.CharField(_("namn 2016"), max_length=100)
    county_name = models.CharField(_("fylke 2016"), max_length=100)
    successors = models.ManyToManyField(
        Municipality, related_name="predecessors", verbose_name=_("kommune i 2024")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommune i 2016")
        verbose_name_plural = _("kommunar i 2016")

    def __str__(self):
        return f"{self.name} ({self.number})"

    @property
    def plain_name(self):
        """Return the name without the county in brackets: «Bø (Telemark)» is «Bø»."""
        return self.name.split(" (")[0]


class RegionQuerySet(PublishableQuerySet):
    def in_county(self, county_number):
        return self.filter(memberships__municipality__county__number=county_number).distinct()

    def in_phase(self, phase):
        return self.filter(**{f"phase_{phase}": True}) if phase in (1, 2) else self.none()


@reversion.register(
    follow=("memberships", "goals", "bottlenecks", "contacts"),
    # Who may edit a region is access control, not content: restoring a revision must not change it;
    # nor the hand-over for approval, which is about the object, not its content.
    exclude=("editors", *APPROVAL_FIELDS),
)
class Region(Publishable):
    slug = models.SlugField(_("adresse"), max_length=100, unique=True)
    name = models.CharField(_("namn"), max_length=200)
    project_name = models.CharField(_("prosjektnamn"), max_length=300, blank=True)
    organisation = models.CharField(
        _("organisasjon"),
        max_length=200,
        blank=True,
        help_text=_("Kven som står bak prosjektet, til dømes eit regionråd."),
    )
    phase_1 = models.BooleanField(_("med i fase 1"), default=False)
    phase_2 = models.BooleanField(_("med i fase 2"), default=False)
    summary = RichTextField(_("samandrag"), blank=True)
    advice = LimitedTextField(
        _("råd til andre regionar"),
        max_length=5_000,
        blank=True,
        help_text=_("Eitt råd per linje."),
    )
    after_programme = RichTextField(_("vidare arbeid etter programmet"), blank=True)
    population_2015 = models.PositiveIntegerField(
        _("folketal 1. januar 2015"), null=True, blank=True
    )
    area_km2 = models.PositiveIntegerField(_("areal (km²)"), null=True, blank=True)
    source_url = models.URLField(_("kjelde"), max_length=500, blank=True)
    language = models.CharField(
        _("innhaldsspråk"), max_length=2, choices=Language.choices, default=Language.NYNORSK
    )
    editorial_note = LimitedTextField(
        _("merknad til redaksjonen"),
        max_length=5_000,
        blank=True,
        help_text=_("Blir aldri vist offentleg, til dømes kva som manglar før publisering."),
    )
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="editable_regions",
        blank=True,
        verbose_name=_("regionredaktørar"),
        help_text=_("Regionredaktørar som kan endre denne byregionen og resultata hennar."),
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("byregion")
        verbose_name_plural = _("byregionar")
        permissions = [
            ("publish_region", _("Kan publisere byregionar")),
            ("edit_all_regions", _("Kan endre alle byregionar, ikkje berre sine eigne")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(phase_1=True) | Q(phase_2=True), name="region_in_some_phase"
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.PUBLISHED) | Q(published_at__isnull=False),
                name="region_published_has_time",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("regions:region_detail", kwargs={"slug": self.slug})

    @property
    def phases(self):
        return [phase for phase in (1, 2) if getattr(self, f"phase_{phase}")]

    @property
    def advice_list(self):
        return [line.strip() for line in self.advice.splitlines() if line.strip()]

    def counties(self):
        """Return the counties of today's member municipalities, in number order (no query when prefetched)."""
        seen = {m.municipality.county.number: m.municipality.county for m in self.memberships.all()}
        return [seen[number] for number in sorted(seen)]


@reversion.register()
class Membership(models.Model):
    """A municipality's part in a region, under the name it had in the programme."""

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("byregion")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("kommune i dag"),
    )
    name = models.CharField(
        _("namn i programmet"),
        max_length=100,
        blank=True,
        help_text=_("Namnet kommunen hadde i programperioden, om det er eit anna enn i dag."),
    )
    applicant = models.BooleanField(_("søkarkommune"), default=False)
    position = models.PositiveSmallIntegerField(_("rekkjefølgje"), default=0)

    class Meta:
        ordering = ["region", "position", "name"]
        verbose_name = _("medlemskommune")
        verbose_name_plural = _("medlemskommunar")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"], name="membership_unique_name_per_region"
            ),
            models.UniqueConstraint(
                fields=["region"],
                condition=Q(applicant=True),
                name="membership_one_applicant_per_region",
                violation_error_message=_("Ein byregion har berre éin søkarkommune."),
            ),
        ]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        # The programme-era name defaults to today's name; it keys the membership within the region.
        if not self.name and self.municipality_id:
            self.name = self.municipality.name
        super().save(*args, **kwargs)

    @property
    def renamed(self):
        return self.name != self.municipality.name

    @property
    def display_name(self):
        if self.renamed:
            return _("%(then)s (no %(now)s)") % {"then": self.name, "now": self.municipality.name}
        return self.name


@reversion.register()
class Goal(models.Model):
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="goals", verbose_name=_("byregion")
    )
    number = models.PositiveSmallIntegerField(_("nummer"))
    text = RichTextField(_("mål"))

    class Meta:
        ordering = ["region", "number"]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "number"],
                name="goal_unique_number_per_region",
                violation_error_message=_("Byregionen har alt eit mål med dette nummeret."),
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="goal_number_from_one"),
        ]

    def __str__(self):
        return _("Mål %(number)s: %(text)s") % {
            "number": self.number,
            "text": Truncator(plain_text(self.text)).words(10),
        }


@reversion.register()
class Bottleneck(models.Model):
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="bottlenecks", verbose_name=_("byregion")
    )
    text = RichTextField(_("flaskehals"))
    position = models.PositiveSmallIntegerField(_("rekkjefølgje"), default=0)

    class Meta:
        ordering = ["region", "position", "id"]
        verbose_name = _("flaskehals")
        verbose_name_plural = _("flaskehalsar")

    def __str__(self):
        return Truncator(plain_text(self.text)).words(10)


@reversion.register()
class Contact(models.Model):
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("byregion")
    )
    name = models.CharField(_("namn"), max_length=200)
    role = models.CharField(_("rolle"), max_length=200, blank=True)
    organisation = models.CharField(_("organisasjon"), max_length=200, blank=True)
    phone = models.CharField(
        _("telefon"),
        max_length=32,
        blank=True,
        validators=[validators.validate_phone],
        help_text=_("Norsk nummer med åtte siffer, til dømes 414 23 433."),
    )
    email = models.CharField(
        _("e-post"), max_length=254, blank=True, validators=[validators.validate_contact_email]
    )
    position = models.PositiveSmallIntegerField(_("rekkjefølgje"), default=0)

    class Meta:
        ordering = ["region", "position", "name"]
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersonar")
        constraints = [
            models.CheckConstraint(
                condition=Q(phone="") | Q(phone__startswith="+47"),
                name="contact_phone_normalised",
            ),
            models.CheckConstraint(
                condition=Q(email="") | Q(email__contains="@"), name="contact_email_has_at"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        """Normalise the phone number, and name the seed's mistake when phone and e-mail are swapped."""
        if validators.looks_like_email(self.phone) and validators.looks_like_phone(self.email):
            message = _("Telefon og e-post ser ut til å vere bytte om. Flytt dei til rett felt.")
            raise ValidationError({"phone": message, "email": message})
        if self.phone:
            try:
                self.phone = validators.normalise_phone(self.phone)
            except ValidationError as error:
                raise ValidationError({"phone": error}) from error

    @property
    def phone_display(self):
        return validators.format_phone(self.phone)
