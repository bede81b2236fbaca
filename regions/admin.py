"""Admin for counties, municipalities and regions with their members, goals, bottlenecks and contacts.

`EditorialAdmin` is the base for everything that belongs to a region (the region itself here, its
result examples in cases/admin.py): it keeps a regional editor to their own regions, lets only
those with the publish permission publish, keeps every save as a revision that can be compared and
restored, and refuses a save that would overwrite someone else's (byregion.conflicts).
"""

from contextlib import nullcontext

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from reversion.admin import VersionAdmin
from reversion.errors import RevertError
from reversion.models import Version

from byregion.admin import ReadOnlyAdminMixin
from byregion.conflicts import ConflictGuardedForm
from byregion.permissions import (
    PUBLISH_REGION,
    can_edit_region,
    can_publish,
    editable_regions,
    edits_all_regions,
    is_administrator,
)
from byregion.revisions import revision_snapshot, snapshot_changes
from byregion.workflow import region_publish, region_unpublish, revision_restore
from regions.models import (
    Bottleneck,
    Contact,
    County,
    FormerMunicipality,
    Goal,
    Membership,
    Municipality,
    Region,
    Status,
)


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


class _RolledBack(Exception):
    """Carries a response out of a transaction that must not be kept."""

    def __init__(self, response):
        super().__init__()
        self.response = response


def _discard_request_revision(request):
    # The restore that was tried is rolled back, but reversion's middleware, which wraps a POST in
    # one transaction and one revision, has already noted the objects it wrote; roll that back too.
    if request.method == "POST" and transaction.get_connection().in_atomic_block:
        transaction.set_rollback(True)


class EditorialForm(ConflictGuardedForm):
    """The form of a region or result example: conflict-guarded, and published means a time."""

    def clean(self):
        cleaned = super().clean()
        # «Publisert» with no time means now, as on save(); the model's constraint is checked first.
        if cleaned.get("status") == Status.PUBLISHED and not cleaned.get("published_at"):
            cleaned["published_at"] = timezone.now()
        return cleaned


class EditorialAdmin(VersionAdmin):
    """Admin for a region or the content of one: scoped, publishable, revisioned, conflict-guarded."""

    # How the model reaches its region: "pk" for Region itself, "region" for a result example.
    region_field = "region"
    publish_permission = None
    # The workflow functions that publish and unpublish one object, and their keyword for it.
    publish_service = None
    unpublish_service = None
    service_argument = None
    actions = ["publish_selected", "unpublish_selected"]
    change_form_template = "admin/byregion/change_form.html"
    change_list_template = "admin/byregion/change_list.html"
    object_history_template = "admin/byregion/object_history.html"
    revision_form_template = "admin/byregion/revision_form.html"
    # The change form has its own «Førehandsvis» link, which also works for drafts.
    view_on_site = False
    history_latest_first = True

    # Region scope: lists, forms, autocompletes and direct addresses alike.

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if edits_all_regions(request.user):
            return queryset
        regions = editable_regions(request.user).values("pk")
        return queryset.filter(**{f"{self.region_field}__in": regions})

    def _region_id(self, obj):
        return obj.pk if self.region_field == "pk" else getattr(obj, f"{self.region_field}_id")

    def _in_scope(self, request, obj):
        return obj is None or can_edit_region(request.user, self._region_id(obj))

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._in_scope(request, obj)

    def _ensure_in_scope(self, request, object_id):
        """Raise 403 without rights to this kind of object, 404 when this one is out of reach."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        try:
            pk = self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError as error:
            raise Http404 from error
        if not self.get_queryset(request).filter(pk=pk).exists():
            raise Http404(_("Fann ikkje dette, eller du har ikkje tilgang til det."))

    def get_object(self, request, object_id, from_field=None):
        """Return the object if in scope; when saving, read it under a row lock (byregion.conflicts)."""
        queryset = self.get_queryset(request)
        if request.method == "POST" and transaction.get_connection().in_atomic_block:
            queryset = queryset.select_for_update(of=("self",))
        model = queryset.model
        field = model._meta.pk if from_field is None else model._meta.get_field(from_field)
        try:
            return queryset.get(**{field.name: field.to_python(object_id)})
        except (model.DoesNotExist, ValidationError, ValueError):
            return None

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._ensure_in_scope(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        self._ensure_in_scope(request, object_id)
        return super().delete_view(request, object_id, extra_context)

    # Publishing.

    def has_publish_permission(self, request, obj=None):
        return can_publish(request.user, self.publish_permission) and self._in_scope(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request, obj):
            fields += ["status", "published_at"]
        return fields

    def _apply_to_selected(self, request, queryset, service, done, summary):
        """Run a workflow service on each selected object, log it as `done`, report with `summary`."""
        for obj in queryset:
            service(**{self.service_argument: obj, "user": request.user})
            self.log_change(request, obj, done)
        names = {"name": self.opts.verbose_name, "names": self.opts.verbose_name_plural}
        self.message_user(request, summary % {"count": len(queryset), **names}, messages.SUCCESS)

    @admin.action(permissions=["publish"], description=_("Publiser"))
    def publish_selected(self, request, queryset):
        summary = ngettext_lazy(
            "Publiserte %(count)d %(name)s.", "Publiserte %(count)d %(names)s.", "count"
        )
        self._apply_to_selected(request, queryset, self.publish_service, _("Publisert"), summary)

    @admin.action(permissions=["publish"], description=_("Gjer til utkast"))
    def unpublish_selected(self, request, queryset):
        summary = ngettext_lazy(
            "Gjorde %(count)d %(name)s til utkast.",
            "Gjorde %(count)d %(names)s til utkast.",
            "count",
        )
        self._apply_to_selected(
            request, queryset, self.unpublish_service, _("Gjort til utkast"), summary
        )

    # Forms: the hidden edit token, and the token to compare with when restoring a revision.

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(name, dict(options)) for name, options in super().get_fieldsets(request, obj)]
        first_name, first = fieldsets[0]
        fieldsets[0] = (first_name, {**first, "fields": [*first["fields"], "loaded_token"]})
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        stored_token = getattr(request, "byregion_stored_token", None)
        if stored_token is not None:
            form = type(form.__name__, (form,), {"stored_token": stored_token})
        return form

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            context["preview_url"] = obj.get_absolute_url()
            context["preview_is_public"] = obj.is_public
        return super().render_change_form(request, context, add, change, form_url, obj)

    # History: the list of revisions, a comparison of two, and restoring one.

    def get_urls(self):
        compare = path(
            "<path:object_id>/history/compare/",
            self.admin_site.admin_view(self.compare_view),
            name=f"{self.opts.app_label}_{self.opts.model_name}_compare",
        )
        return [compare, *super().get_urls()]

    def _admin_url(self, view, *args):
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{view}", args=args)

    def _versions(self, obj):
        return Version.objects.get_for_object(obj).select_related("revision__user")

    def history_view(self, request, object_id, extra_context=None):
        self._ensure_in_scope(request, object_id)
        obj = self.get_object(request, unquote(object_id))
        versions = list(self._versions(obj).order_by("-pk"))
        compare_url = self._admin_url("compare", quote(obj.pk))
        rows = []
        for index, version in enumerate(versions):
            older = versions[index + 1] if index + 1 < len(versions) else None
            rows.append(
                {
                    "version": version,
                    "revision": version.revision,
                    "url": self._admin_url("revision", quote(obj.pk), version.pk),
                    "changes_url": f"{compare_url}?fra={older.pk}&til={version.pk}"
                    if older
                    else None,
                }
            )
        context = {"action_list": rows, "compare_url": compare_url, **(extra_context or {})}
        return super().history_view(request, object_id, context)

    def compare_view(self, request, object_id):
        """Show field by field what changed between two revisions of this object, inlines included."""
        self._ensure_in_scope(request, object_id)
        obj = self.get_object(request, unquote(object_id))
        history_url = self._admin_url("history", quote(obj.pk))
        chosen = [request.GET.get("fra", ""), request.GET.get("til", "")]
        if not all(value.isdigit() for value in chosen) or chosen[0] == chosen[1]:
            self.message_user(request, _("Vel to ulike versjonar å samanlikne."), messages.WARNING)
            return HttpResponseRedirect(history_url)
        versions = self._versions(obj)
        older, newer = sorted(
            (get_object_or_404(versions, pk=int(pk)) for pk in chosen), key=lambda v: v.pk
        )
        changes = snapshot_changes(
            revision_snapshot(older.revision, obj), revision_snapshot(newer.revision, obj)
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Endringar i «%(object)s»") % {"object": obj},
            "subtitle": None,
            "opts": self.opts,
            "original": obj,
            "older": older,
            "newer": newer,
            "changes": changes,
            "history_url": history_url,
            "restore_url": self._admin_url("revision", quote(obj.pk), older.pk),
            "can_restore": self.has_change_permission(request, obj),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/byregion/revision_compare.html", context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Show an earlier version in the change form; saving it restores it as a new revision."""
        self._ensure_in_scope(request, object_id)
        # The revision must be one of this object's, not another model's with the same id.
        version = get_object_or_404(
            Version.objects.get_for_object_reference(self.model, unquote(object_id)),
            pk=version_id,
        )
        stored = self.get_object(request, unquote(object_id))
        # The form shows the restored state; conflicts are judged against the stored one.
        request.byregion_stored_token = stored.edit_token
        publication = None
        if not self.has_publish_permission(request, stored):
            publication = (stored.status, stored.published_at)
        context = {
            "title": _("Gjenopprett «%(object)s»") % {"object": version.object_repr},
            "revert": True,
            **(extra_context or {}),
        }
        return self._restore_view(request, str(stored.pk), version, publication, context)

    def recover_view(self, request, version_id, extra_context=None):
        """Show a deleted object as it was last saved; saving it brings it back."""
        if not self._can_recover(request):
            raise PermissionDenied
        version = get_object_or_404(Version.objects.get_deleted(self.model), pk=version_id)
        # Nothing is stored to compare with: the form and its save both carry the kept state's token.
        request.byregion_stored_token = version.field_dict["edit_token"]
        publication = None
        if not self.has_publish_permission(request):
            publication = (Status.DRAFT, None)
        context = {
            "title": _("Hent fram «%(object)s»") % {"object": version.object_repr},
            "recover": True,
            **(extra_context or {}),
        }
        return self._restore_view(request, version.object_id, version, publication, context)

    def _restore_view(self, request, object_id, version, publication, context):
        # The restore is tried in a transaction; showing it, or a refused save, rolls it back.
        saving = request.method == "POST"
        try:
            with transaction.atomic(), self.create_revision(request) if saving else nullcontext():
                restore = revision_restore(
                    model=self.model,
                    object_id=object_id,
                    revision=version.revision,
                    publication=publication,
                )
                if not self.get_queryset(request).filter(pk=object_id).exists():
                    raise RevertError(
                        _("Denne versjonen høyrer til ein byregion du ikkje kan endre.")
                    )
                unlinked = ", ".join(f"«{label}»" for label in restore.unlinked)
                if unlinked and not saving:
                    self.message_user(
                        request,
                        _("%(objects)s finst ikkje lenger og blir ikkje knytt til att.")
                        % {"objects": unlinked},
                        messages.WARNING,
                    )
                response = self.changeform_view(request, quote(object_id), request.path, context)
                if saving and response.status_code == 302:
                    when = date_format(
                        timezone.localtime(version.revision.date_created), "DATETIME_FORMAT"
                    )
                    reversion.set_comment(_("Gjenoppretta versjonen frå %(when)s") % {"when": when})
                    if unlinked:
                        self.message_user(
                            request,
                            _("%(objects)s finst ikkje lenger og vart ikkje knytt til att.")
                            % {"objects": unlinked},
                            messages.WARNING,
                        )
                    return response
                response.template_name = self.revision_form_template
                response.render()
                raise _RolledBack(response)
        except _RolledBack as rolled_back:
            _discard_request_revision(request)
            return rolled_back.response
        except RevertError as error:
            _discard_request_revision(request)
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(self._admin_url("changelist"))

    def changelist_view(self, request, extra_context=None):
        context = {"can_recover": self._can_recover(request), **(extra_context or {})}
        return super().changelist_view(request, context)

    def _can_recover(self, request):
        # Deleted objects have no region left to check against; recovering is for staff of all regions.
        return (
            edits_all_regions(request.user)
            and self.has_add_permission(request)
            and self.has_change_permission(request)
        )

    def recoverlist_view(self, request, extra_context=None):
        if not self._can_recover(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)


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
class RegionAdmin(EditorialAdmin):
    form = EditorialForm
    region_field = "pk"
    service_argument = "region"
    publish_permission = PUBLISH_REGION
    publish_service = staticmethod(region_publish)
    unpublish_service = staticmethod(region_unpublish)
    list_display = ["name", "project_name", "phase_list", "member_count", "status", "updated_at"]
    list_filter = ["status", CountyFilter, "phase_1", "phase_2", "language"]
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
        (_("Publisering"), {"fields": [("status", "published_at"), "editorial_note"]}),
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
            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(is_active=True)
                .order_by("first_name", "last_name", "username")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("fasar"))
    def phase_list(self, obj):
        return ", ".join(str(phase) for phase in obj.phases)

    @admin.display(description=_("kommunar"))
    def member_count(self, obj):
        return len(obj.memberships.all())
