"""Admin for counties, municipalities and regions with their members, goals, bottlenecks and contacts.

A region is edited through the generic editorial admin (byregion/editorial/admin.py), scoped by
regions/scope.py: a regional editor sees and changes only their own regions.
"""

from django import forms
from django.contrib import admin
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from byregion.editorial.admin import (
    EditorialAdmin,
    EditorialForm,
    ReadOnlyAdminMixin,
    short_time,
)
from byregion.editorial.quality_admin import QualityAdviceMixin
from byregion.roles import is_administrator
from regions import scope as region_scope
from regions.models import (
    Bottleneck,
    Contact,
    County,
    FormerMunicipality,
    Goal,
    Membership,
    Municipality,
    Region,
)
from regions.quality import region_findings


class ReferenceDataAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The official register comes from migrations; in the admin it is there to look up, not to edit."""


@admin.register(County)
class CountyAdmin(ReferenceDataAdmin):
    list_display = ["number", "name", "other_names"]
    search_fields = ["number", "name"]


@admin.register(Municipality)
class MunicipalityAdmin(ReferenceDataAdmin):
    list_display = ["number", "name", "county", "other_names"]
    list_filter = ["county"]
    search_fields = ["number", "name", "other_names", "predecessors__name"]
    list_select_related = ["county"]


@admin.register(FormerMunicipality)
class FormerMunicipalityAdmin(ReferenceDataAdmin):
    list_display = ["number", "name", "county_name"]
    search_fields = ["number", "name", "successors__name"]


class CountyFilter(admin.SimpleListFilter):
    title = _("fylke")
    parameter_name = "fylke"
    region_path = "memberships"

    def lookups(self, request, model_admin):
        return [(county.number, county.name) for county in County.objects.all()]

    def queryset(self, request, queryset):
        if self.value():
            lookup = f"{self.region_path}__municipality__county__number"
            return queryset.filter(**{lookup: self.value()}).distinct()
        return queryset


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["municipality", "name", "applicant", "position"]

    def clean(self):
        cleaned = super().clean()
        # A blank programme-era name means today's name; fill it before the formset compares names.
        if not cleaned.get("name") and cleaned.get("municipality"):
            cleaned["name"] = cleaned["municipality"].name
        return cleaned


class MembershipFormSet(BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        # In the table the column heading is the only label; screen readers need one per field.
        for field in form.fields.values():
            field.widget.attrs.setdefault("aria-label", str(field.label))

    def get_unique_error_message(self, unique_check):
        if "name" in unique_check:
            return _(
                "To medlemskommunar har same namn i programmet. Kvar kommune står berre éin gong "
                "i byregionen; eit tomt namn er namnet kommunen har i dag."
            )
        return super().get_unique_error_message(unique_check)


class MembershipInline(admin.TabularInline):
    model = Membership
    form = MembershipForm
    formset = MembershipFormSet
    extra = 0
    autocomplete_fields = ["municipality"]
    fields = ["municipality", "name", "applicant", "position"]


class GoalInline(admin.StackedInline):
    model = Goal
    extra = 0
    fields = ["number", "text"]


class BottleneckInline(admin.StackedInline):
    model = Bottleneck
    extra = 0
    fields = ["text", "position"]


class ContactInline(admin.StackedInline):
    model = Contact
    extra = 0
    fields = [("name", "role"), "organisation", ("phone", "email"), "position"]


@admin.register(Region)
class RegionAdmin(QualityAdviceMixin, EditorialAdmin):
    form = EditorialForm
    region_field = "pk"
    scope = region_scope
    list_display = [
        "name",
        "project_name",
        "phase_list",
        "member_count",
        "publishing_state",
        short_time("review_by", _("sjå over innan")),
        short_time("updated_at", _("sist endra")),
    ]
    list_filter = ["status", "approval", CountyFilter, "phase_1", "phase_2", "language"]
    search_fields = ["name", "project_name", "organisation", "memberships__municipality__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline, GoalInline, BottleneckInline, ContactInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    filter_horizontal = ["editors"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "project_name", "organisation", "language"]}),
        (
            _("Programmet"),
            {"fields": [("phase_1", "phase_2"), ("population_2015", "area_km2"), "source_url"]},
        ),
        (_("Innhald"), {"fields": ["summary", "advice", "after_programme"]}),
        (
            _("Publisering"),
            {
                "fields": [
                    ("status", "published_at"),
                    ("unpublish_at", "review_by"),
                    "editorial_note",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("memberships")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if is_administrator(request.user):
            fieldsets.append((_("Regionredaktørar"), {"fields": ["editors"]}))
        return fieldsets

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "editors":
            # Giving or taking a region is managing that user: only those one may manage are offered.
            kwargs["queryset"] = (
                region_scope.manageable_users(request.user)
                .filter(is_active=True)
                .order_by("first_name", "last_name", "username")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        # Editors beyond the user's reach are not offered, so the save would drop them: keep them.
        kept = []
        if change and "editors" in form.fields:
            manageable = region_scope.manageable_users(request.user)
            kept = list(form.instance.editors.exclude(pk__in=manageable))
        super().save_related(request, form, formsets, change)
        form.instance.editors.add(*kept)

    def quality_findings(self, obj):
        return region_findings(obj)

    def quality_report_url(self, obj):
        # The report covers the region's results too, so cases/admin.py serves it.
        return reverse("admin:cases_resultexample_quality_report", args=[obj.pk])

    @admin.display(description=_("fasar"))
    def phase_list(self, obj):
        return ", ".join(str(phase) for phase in obj.phases)

    @admin.display(description=_("kommunar"))
    def member_count(self, obj):
        return len(obj.memberships.all())
