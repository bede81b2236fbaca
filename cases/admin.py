"""Admin for result examples, their images and the themes they are browsed by."""

from django import forms
from django.contrib import admin
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from byregion.editorial.admin import EditorialAdmin, EditorialForm
from byregion.editorial.quality_admin import QualityAdviceMixin
from cases.models import ResultExample, ResultImage, Theme
from cases.quality import region_quality_report, result_findings
from regions import scope as region_scope
from regions.admin import CountyFilter
from regions.models import Goal


class GoalChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.region.name} – {obj}"


class ResultExampleForm(EditorialForm):
    goals = GoalChoiceField(
        queryset=Goal.objects.select_related("region"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Mål som resultatet fremjar"),
        help_text=_("Berre måla til same byregion."),
    )

    class Meta:
        model = ResultExample
        fields = [
            "region", "title", "slug", "teaser", "body", "language",
            "goals", "themes", "featured", "status", "published_at", "unpublish_at", "review_by",
        ]  # fmt: skip

    # The regions whose goals may be offered (the editor's own); None offers every region's goals.
    goal_regions = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.goal_regions is not None:
            self.fields["goals"].queryset = self.fields["goals"].queryset.filter(
                region__in=self.goal_regions
            )
        region_id = self.data.get("region") or self.initial.get("region") or self.instance.region_id
        if region_id and str(region_id).isdigit():
            self.fields["goals"].queryset = self.fields["goals"].queryset.filter(
                region_id=region_id
            )

    def clean(self):
        cleaned = super().clean()
        region = cleaned.get("region")
        foreign = [
            goal for goal in cleaned.get("goals", []) if region and goal.region_id != region.pk
        ]
        if foreign:
            self.add_error(
                "goals",
                _("%(goals)s høyrer til ein annan byregion enn %(region)s.")
                % {"goals": ", ".join(str(goal) for goal in foreign), "region": region},
            )
        return cleaned


class ResultImageInline(admin.StackedInline):
    # ResultImage.clean() checks a new upload (and only that); save() stores it re-encoded.
    model = ResultImage
    extra = 0
    fields = ["preview", "image", ("alt_text", "decorative"), ("caption", "credit"), "position"]
    readonly_fields = ["preview"]

    @admin.display(description=_("førehandsvising"))
    def preview(self, obj):
        if obj.pk and obj.thumbnail:
            return format_html(
                '<img src="{}" alt="{}" width="160" class="byregion-admin-thumb">',
                obj.thumbnail.url,
                obj.alt,
            )
        return _("Blir vist når biletet er lagra.")


class ResultCountyFilter(CountyFilter):
    region_path = "region__memberships"


@admin.register(ResultExample)
class ResultExampleAdmin(QualityAdviceMixin, EditorialAdmin):
    form = ResultExampleForm
    region_field = "region"
    scope = region_scope
    list_display = [
        "title", "region", "status", "approval_state", "published_at", "review_by", "featured",
        "updated_at",
    ]  # fmt: skip
    # Only regions that have results in the editor's own list: a regional editor sees theirs.
    list_filter = [
        "status",
        "approval",
        ("region", admin.RelatedOnlyFieldListFilter),
        ResultCountyFilter,
        "themes",
        "featured",
        "language",
    ]
    list_select_related = ["region"]
    search_fields = ["title", "teaser", "body", "region__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["region"]
    filter_horizontal = ["themes"]
    inlines = [ResultImageInline]
    date_hierarchy = "published_at"
    fieldsets = [
        (None, {"fields": ["region", "title", "slug", "teaser", "body", "language"]}),
        (_("Samanheng"), {"fields": ["goals", "themes", "featured"]}),
        (_("Publisering"), {"fields": [("status", "published_at"), ("unpublish_at", "review_by")]}),
    ]

    def get_urls(self):
        report = path(
            "kvalitetsrapport/<int:region_id>/",
            self.admin_site.admin_view(self.quality_report_view),
            name="cases_resultexample_quality_report",
        )
        return [report, *super().get_urls()]

    def quality_report_view(self, request, region_id):
        return region_quality_report(self, request, region_id)

    def quality_findings(self, obj):
        return result_findings(obj)

    def quality_report_url(self, obj):
        return reverse("admin:cases_resultexample_quality_report", args=[obj.region_id])

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "region":
            kwargs["queryset"] = region_scope.editable_regions(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(
            form.__name__, (form,), {"goal_regions": region_scope.editable_regions(request.user)}
        )


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
