"""The generic editorial admin: region-scoped, publishable, revisioned and guarded against lost updates.

`EditorialAdmin` is the base for everything that belongs to a region (the region itself in
regions/admin.py, its result examples in cases/admin.py). It keeps a regional editor to the
regions its `scope` allows, lets only those with the publish permission publish, keeps every save
as a revision that can be compared and restored, and refuses a save that would overwrite someone
else's (byregion/editorial/conflicts.py). It knows no app: the subclass names how an object reaches
its region (`region_field`) and which regions a user may edit (`scope`).
"""

from contextlib import nullcontext
from datetime import datetime
from typing import Protocol

import reversion
from django.contrib import admin, messages
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.admin.utils import quote, unquote
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from reversion.admin import VersionAdmin
from reversion.errors import RevertError
from reversion.models import Version

from byregion.editorial.approval_admin import ApprovalAdminMixin
from byregion.editorial.conflicts import ConflictGuardedForm
from byregion.editorial.models import Status
from byregion.editorial.revisions import revision_snapshot, snapshot_changes
from byregion.editorial.services import content_publish, content_unpublish, revision_restore
from byregion.roles import edits_all_regions


class RegionScope(Protocol):
    """Which regions a user may edit (regions/scope.py is the one implementation)."""

    def editable_regions(self, user): ...

    def can_edit_region(self, user, region_id) -> bool: ...

    def may_publish(self, user, model, region_id=None) -> bool: ...

    def may_hand_over(self, user, obj) -> bool: ...

    def publishers(self, model, region_id): ...


class ReadOnlyAdminMixin:
    """Shown in the admin to look up, never added, changed or deleted there."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def without_selection_help(form_field, help_text):
    """Return the field with only its own help where Django adds «Hald nede Control …».

    Django adds that to every multiple select, the two-list selector too, where a click moves one
    choice at a time and no key needs holding.
    """
    if form_field is not None and isinstance(form_field.widget, FilteredSelectMultiple):
        form_field.help_text = help_text
    return form_field


def short_time(field_name, description):
    """Return a list column showing a time or a date in its short form (01.12.2026 23:26,
    01.12.2027), sortable by it."""

    @admin.display(description=description, ordering=field_name)
    def column(obj):
        value = getattr(obj, field_name)
        if value is None:
            return "–"
        if isinstance(value, datetime):
            text = date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
        else:
            text = date_format(value, "SHORT_DATE_FORMAT")
        return format_html('<span class="byregion-time">{}</span>', text)

    column.__name__ = field_name
    return column


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A time is two inputs, date and time, under one label: each gets a name of its own.
        for name in ("published_at", "unpublish_at"):
            field = self.fields.get(name)
            if field is not None and hasattr(field.widget, "widgets"):
                date, time = field.widget.widgets
                date.attrs["aria-label"] = f"{field.label}, {_('dato')}"
                time.attrs["aria-label"] = f"{field.label}, {_('klokkeslett')}"

    def clean(self):
        cleaned = super().clean()
        # «Publisert» with no time means now, as on save(); the model's constraint is checked first.
        if cleaned.get("status") == Status.PUBLISHED and not cleaned.get("published_at"):
            cleaned["published_at"] = timezone.now()
        start = cleaned.get("published_at", self.instance.published_at)
        end = cleaned.get("unpublish_at")
        if start and end and end <= start:
            self.add_error(
                "unpublish_at", _("Publisert til må vere etter tidspunktet for publisering.")
            )
        return cleaned


class EditorialAdmin(ApprovalAdminMixin, VersionAdmin):
    """Admin for a region or the content of one: scoped, publishable, revisioned, conflict-guarded."""

    # How the model reaches its region: "pk" for Region itself, "region" for a result example.
    region_field = "region"
    # Which regions a user may edit (a RegionScope, i.e. the module regions.scope).
    scope: RegionScope
    # The workflow functions that publish and unpublish one object, and their keyword for it.
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
        regions = self.scope.editable_regions(request.user).values("pk")
        return queryset.filter(**{f"{self.region_field}__in": regions})

    def _region_id(self, obj):
        return obj.pk if self.region_field == "pk" else getattr(obj, f"{self.region_field}_id")

    def _in_scope(self, request, obj):
        return obj is None or self.scope.can_edit_region(request.user, self._region_id(obj))

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
        region_id = None if obj is None else self._region_id(obj)
        return self.scope.may_publish(request.user, self.model, region_id)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request, obj):
            # An end of publication takes content off the site: that is publishing too.
            fields += ["status", "published_at", "unpublish_at"]
        return fields

    def _apply_to_selected(self, request, queryset, service, done, summary):
        """Run a workflow service on each selected object, log it as `done`, report with `summary`."""
        for obj in queryset:
            service(obj=obj, user=request.user)
            self.log_change(request, obj, done)
        names = {"name": self.opts.verbose_name, "names": self.opts.verbose_name_plural}
        self.message_user(request, summary % {"count": len(queryset), **names}, messages.SUCCESS)

    @admin.action(permissions=["publish"], description=_("Publiser"))
    def publish_selected(self, request, queryset):
        summary = ngettext_lazy(
            "Publiserte %(count)d %(name)s.", "Publiserte %(count)d %(names)s.", "count"
        )
        self._apply_to_selected(request, queryset, content_publish, _("Publisert"), summary)

    @admin.action(permissions=["publish"], description=_("Gjer til utkast"))
    def unpublish_selected(self, request, queryset):
        summary = ngettext_lazy(
            "Gjorde %(count)d %(name)s til utkast.",
            "Gjorde %(count)d %(names)s til utkast.",
            "count",
        )
        self._apply_to_selected(
            request, queryset, content_unpublish, _("Gjort til utkast"), summary
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        return without_selection_help(field, db_field.help_text)

    # Forms: the hidden edit token the form was loaded with (byregion/editorial/conflicts.py).

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(name, dict(options)) for name, options in super().get_fieldsets(request, obj)]
        first_name, first = fieldsets[0]
        fieldsets[0] = (first_name, {**first, "fields": [*first["fields"], "loaded_token"]})
        return fieldsets

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            context["preview_url"] = obj.get_absolute_url()
            context["preview_is_public"] = obj.is_public
            context.update(self.approval_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    # A save that changes nothing is no event: nothing written, no revision, no log entry.

    def save_model(self, request, obj, form, change):
        if change and not form.has_changed() and not getattr(request, "_restoring", False):
            request._unchanged_form = True  # saved by save_related() if an inline changed
            return
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if getattr(request, "_unchanged_form", False):
            if not any(formset.has_changed() for formset in formsets):
                request._nothing_changed = True
                return
            super().save_model(request, form.instance, form, change)
        super().save_related(request, form, formsets, change)

    def construct_change_message(self, request, form, formsets, add=False):
        if getattr(request, "_nothing_changed", False):
            return []
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        if getattr(request, "_nothing_changed", False):
            self.message_user(request, _("Ingenting var endra, så ingenting vart lagra."))
            return None
        return super().log_change(request, obj, message)

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        # Django's «… vart endra» would say otherwise.
        if not (level == messages.SUCCESS and getattr(request, "_nothing_changed", False)):
            super().message_user(request, message, level, *args, **kwargs)

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
        publication = None
        if not self.has_publish_permission(request, stored):
            publication = (stored.status, stored.published_at, stored.unpublish_at)
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
        publication = None
        if not self.has_publish_permission(request):
            publication = (Status.DRAFT, None, None)
        context = {
            "title": _("Hent fram «%(object)s»") % {"object": version.object_repr},
            "recover": True,
            **(extra_context or {}),
        }
        return self._restore_view(request, version.object_id, version, publication, context)

    def _restore_view(self, request, object_id, version, publication, context):
        # The restore is tried in a transaction; showing it, or a refused save, rolls it back.
        saving = request.method == "POST"
        request._restoring = True  # the restore writes; the form then matches what it wrote
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


def view_on_site(request, content_type_id, object_id):
    """The admin's shortcut to an object's public page, for those who may see the object here.

    Django's own shortcut (/admin/r/<type>/<id>/) hands any staff member the public address of any
    object, drafts included; this one asks the object's ModelAdmin first and answers 404 otherwise,
    as the public page would.
    """
    try:
        model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
        obj = model._default_manager.get(pk=object_id)
        model_admin = admin.site.get_model_admin(model)
    except (ObjectDoesNotExist, NotRegistered, ValueError, ValidationError) as error:
        raise Http404 from error
    if not model_admin.has_view_permission(request, obj):
        raise Http404
    return shortcut(request, content_type_id, object_id)
