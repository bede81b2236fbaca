"""Admin for result examples, their images and the themes they are browsed by."""

import html

from django import forms
from django.contrib import admin
from django.forms.renderers import TemplatesSetting
from django.http import Http404, JsonResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from byregion.editorial.admin import EditorialAdmin, EditorialForm, short_time
from byregion.editorial.quality_admin import QualityAdviceMixin
from byregion.richtext import plain_text
from cases.models import ResultExample, ResultImage, Theme
from cases.quality import region_quality_report, result_findings
from regions import scope as region_scope
from regions.admin import CountyFilter
from regions.models import Goal, Region

# A goal is offered by its number and the start of its text; the whole text is its title.
GOAL_LABEL_LENGTH = 80


def shortened(text, limit=GOAL_LABEL_LENGTH):
    """Return `text` cut to at most `limit` characters on a word boundary, with «…» if cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut and not text[limit - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:–-") + "…"


def goal_choice(goal):
    """Return (value, short label, full text) for a goal in the result form's list."""
    text = " ".join(html.unescape(plain_text(goal.text)).split())
    label = _("Mål %(number)s: %(text)s") % {"number": goal.number, "text": shortened(text)}
    return goal.pk, label, text


class GoalCheckboxes(forms.CheckboxSelectMultiple):
    """The goals of the chosen region as checkboxes, each labelled short with its text as title.

    The list is rebuilt when the region changes (static/admin/js/byregion/region-goals.js, from
    the admin's goals address); without the script, the form shows the right goals after a save.
    """

    template_name = "admin/cases/goal_checkboxes.html"
    option_template_name = "admin/cases/goal_option.html"
    goals_url = ""
    hint = _("Vel ein byregion først; då kjem måla til byregionen her.")

    class Media:
        js = ["admin/js/byregion/region-goals.js"]

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        goal = getattr(value, "instance", None)
        if goal is not None:
            _pk, option["label"], option["attrs"]["title"] = goal_choice(goal)
        return option

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"].update(goals_url=self.goals_url, hint=self.hint)
        return context

    def render(self, name, value, attrs=None, renderer=None):
        # Its templates are the project's (templates/admin/cases/), which the forms' default
        # renderer does not search.
        return super().render(name, value, attrs, TemplatesSetting())


class ResultExampleForm(EditorialForm):
    goals = forms.ModelMultipleChoiceField(
        queryset=Goal.objects.none(),
        required=False,
        widget=GoalCheckboxes,
        label=_("Mål som resultatet fremjar"),
        help_text=_("Berre måla til same byregion."),
        error_messages={
            "invalid_choice": _(
                "Eit av måla høyrer ikkje til byregionen du har valt. Vel mellom måla nedanfor."
            )
        },
    )

    class Meta:
        model = ResultExample
        fields = [
            "region", "title", "slug", "teaser", "body", "language",
            "goals", "themes", "featured", "status", "published_at", "unpublish_at", "review_by",
        ]  # fmt: skip

    # The regions whose goals may be offered (the editor's own), and where the script asks for them.
    goal_regions = None
    goals_url = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the chosen region's goals: the one sent, else the one stored; none before a choice.
        region_id = self.data.get(self.add_prefix("region")) if self.is_bound else None
        if region_id is None:
            region_id = self.initial.get("region") or self.instance.region_id
        goals = self.fields["goals"]
        if region_id and str(region_id).isdigit():
            regions = self.goal_regions if self.goal_regions is not None else Region.objects.all()
            goals.queryset = Goal.objects.filter(region__in=regions, region_id=region_id)
        goals.widget.goals_url = self.goals_url

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
    # Short columns, so the list fits beside the navigation and the filters at 1280 px.
    list_display = [
        "title",
        "region",
        "publishing_state",
        short_time("published_at", _("publisert")),
        "featured_mark",
        short_time("updated_at", _("sist endra")),
    ]
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

    def quality_report_view(self, request, region_id):
        return region_quality_report(self, request, region_id)

    def quality_findings(self, obj):
        return result_findings(obj)

    def quality_report_url(self, obj):
        return reverse("admin:cases_resultexample_quality_report", args=[obj.region_id])

    @admin.display(description=_("framheva"), boolean=True, ordering="featured")
    def featured_mark(self, obj):
        return obj.featured

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        # Featuring on the front page is publishing, for those who may publish.
        if not self.has_publish_permission(request, obj):
            fields = [*fields, "featured"]
        return fields

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        # An editor of one region adds results to it: chosen already, its goals offered.
        regions = list(region_scope.editable_regions(request.user)[:2])
        if len(regions) == 1:
            initial.setdefault("region", regions[0].pk)
        return initial

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "region":
            kwargs["queryset"] = region_scope.editable_regions(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(
            form.__name__,
            (form,),
            {
                "goal_regions": region_scope.editable_regions(request.user),
                "goals_url": reverse("admin:cases_resultexample_goals"),
            },
        )

    def get_urls(self):
        goals = path(
            "mal/", self.admin_site.admin_view(self.goals_view), name="cases_resultexample_goals"
        )
        report = path(
            "kvalitetsrapport/<int:region_id>/",
            self.admin_site.admin_view(self.quality_report_view),
            name="cases_resultexample_quality_report",
        )
        return [goals, report, *super().get_urls()]

    def goals_view(self, request):
        """The goals of a region the user may edit, as the result form offers them (JSON)."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise Http404
        region_id = request.GET.get("byregion", "")
        region = None
        if region_id.isdigit():
            region = region_scope.editable_regions(request.user).filter(pk=region_id).first()
        if region is None:
            raise Http404
        choices = [goal_choice(goal) for goal in region.goals.order_by("number")]
        return JsonResponse(
            {"goals": [{"value": pk, "label": label, "title": text} for pk, label, text in choices]}
        )


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
