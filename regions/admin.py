"""Admin for counties, municipalities and regions with their members, goals, bottlenecks and contacts."""

from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

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


class ReferenceDataAdmin(admin.ModelAdmin):
    """The official register comes from migrations; in the admin it is there to look up, not to edit."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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


class MembershipInline(admin.TabularInline):
    model = Membership
    form = MembershipForm
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
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "project_name", "phase_list", "member_count", "status", "updated_at"]
    list_filter = ["status", CountyFilter, "phase_1", "phase_2", "language"]
    search_fields = ["name", "project_name", "organisation", "memberships__municipality__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline, GoalInline, BottleneckInline, ContactInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["name", "slug", "project_name", "organisation", "language"]}),
        (
            _("Programmet"),
            {"fields": [("phase_1", "phase_2"), ("population_2015", "area_km2"), "source_url"]},
        ),
        (_("Innhald"), {"fields": ["summary", "advice", "after_programme"]}),
        (_("Publisering"), {"fields": [("status", "published_at"), "editorial_note"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("memberships")

    @admin.display(description=_("fasar"))
    def phase_list(self, obj):
        return ", ".join(str(phase) for phase in obj.phases)

    @admin.display(description=_("kommunar"))
    def member_count(self, obj):
        return len(obj.memberships.all())
