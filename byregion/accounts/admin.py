"""User accounts and the action log in the admin, and the admin's own titles.

Administrators create, edit and deactivate accounts, give roles (groups) and choose the regions a
regional editor may edit. Nobody can give what they do not hold: the role, permission and region
lists offer only what the person editing holds, and nobody changes their own roles, permissions or
regions. Nobody changes, deactivates, deletes or sets the password of a user who holds more than
they do (regions.scope.may_manage: the one rule, used by every path below).
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import (
    AdminPasswordChangeForm,
    AdminUserCreationForm,
    SetUnusablePasswordMixin,
    UserChangeForm,
)
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from byregion.editorial.admin import ReadOnlyAdminMixin, short_time, without_selection_help
from byregion.roles import grantable_groups, grantable_permissions
from regions.models import Region
from regions.scope import grantable_regions, manageable_users, may_manage

User = get_user_model()

admin.site.site_header = _("Byregion – redigering")
admin.site.site_title = _("Byregion – redigering")
admin.site.index_title = _("Innhald, brukarar og roller")


class RegionSelector(FilteredSelectMultiple):
    """The two-list selector in a box of its own, as the admin wraps those of model fields.

    The selector's script puts it first in its parent; without the box that is the form row, and
    the label ends up to the right of the widget.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = super().render(name, value, attrs, renderer)
        return format_html('<div class="byregion-selector">{}</div>', widget)


def _regions_field(queryset=None):
    return forms.ModelMultipleChoiceField(
        queryset=Region.objects.all() if queryset is None else queryset,
        required=False,
        widget=RegionSelector(_("byregionar"), is_stacked=False),
        label=_("Byregionar brukaren kan redigere"),
        help_text=_(
            "Gjeld regionredaktørar: dei ser og endrar berre desse byregionane og resultata deira."
        ),
    )


class AccountChangeForm(UserChangeForm):
    regions = _regions_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and "regions" in self.fields:
            self.fields["regions"].initial = self.instance.editable_regions.all()


class AccountCreationForm(AdminUserCreationForm):
    regions = _regions_field()


class AccountPasswordForm(AdminPasswordChangeForm):
    """Django's form, with its warning about losing the password in nynorsk: Django writes that
    warning in English outside its translations."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "usable_password" in self.fields:
            self.fields["usable_password"].help_text = format_html(
                '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
                SetUnusablePasswordMixin.usable_password_help_text,
                _("Er det slått av, går det passordet brukaren har no, tapt."),
            )


ROLE_HELP = _(
    "Administrator: alt innhald, publisering og brukarar. Programstab: alt innhald og publisering. "
    "Regionredaktør: berre byregionane vald nedanfor. Ei rolle gir tilgang til redigeringa."
)


admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(DjangoUserAdmin):
    """User accounts: roles, regions and deactivation, with no way to grant more than one holds."""

    form = AccountChangeForm
    add_form = AccountCreationForm
    change_password_form = AccountPasswordForm
    list_display = [
        "username",
        "full_name",
        "email",
        "role_list",
        "is_active",
        short_time("last_login", _("siste innlogging")),
    ]
    list_filter = ["is_active", "groups", "is_superuser"]
    search_fields = ["username", "first_name", "last_name", "email"]
    readonly_fields = ["last_login", "date_joined"]
    actions = ["deactivate_selected"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Personopplysningar"), {"fields": ["first_name", "last_name", "email"]}),
        (
            _("Rolle og tilgang"),
            {
                "fields": ["is_active", "groups", "regions", "user_permissions"],
                "description": ROLE_HELP,
            },
        ),
        (_("Datoar"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "usable_password", "password1", "password2"]}),
        (_("Personopplysningar"), {"fields": ["first_name", "last_name", "email"]}),
        (_("Rolle og tilgang"), {"fields": ["groups", "regions"], "description": ROLE_HELP}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("namn"), ordering="last_name")
    def full_name(self, obj):
        return obj.get_full_name()

    @admin.display(description=_("roller"))
    def role_list(self, obj):
        return ", ".join(group.name for group in obj.groups.all()) or "–"

    @admin.display(description=_("Byregionar brukaren kan redigere"))
    def region_list(self, obj):
        return ", ".join(region.name for region in obj.editable_regions.all()) or "–"

    def _is_self(self, request, obj):
        return obj is not None and obj.pk == request.user.pk

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(name, dict(options)) for name, options in super().get_fieldsets(request, obj)]
        name, options = fieldsets[2]
        fields = list(options["fields"])
        if obj is not None and request.user.is_superuser:
            fields.append("is_superuser")
        if self._is_self(request, obj) or (
            obj is not None and not self.has_change_permission(request, obj)
        ):
            fields[fields.index("regions")] = "region_list"
        fieldsets[2] = (name, {**options, "fields": fields})
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), "region_list"]
        if self._is_self(request, obj):
            # Nobody promotes, demotes or deactivates themselves, superusers included.
            fields += ["is_active", "is_superuser", "groups", "user_permissions"]
        return fields

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        # The regions field is declared on the form, so the admin's readonly list cannot drop it:
        # a subclass per request removes it on one's own record and offers only grantable regions.
        regions = (
            None if self._is_self(request, obj) else _regions_field(grantable_regions(request.user))
        )
        return type(form.__name__, (form,), {"regions": regions})

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            kwargs["queryset"] = grantable_groups(request.user).order_by("name")
        elif db_field.name == "user_permissions":
            kwargs["queryset"] = grantable_permissions(request.user).select_related("content_type")
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        return without_selection_help(field, db_field.help_text)

    # The change form, the password form (Django's UserAdmin asks has_change_permission) and the
    # delete views all ask may_manage; the list actions filter by manageable_users, the same rule.
    def has_change_permission(self, request, obj=None):
        if obj is not None and not may_manage(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (obj.pk == request.user.pk or not may_manage(request.user, obj)):
            return False
        return super().has_delete_permission(request, obj)

    def save_related(self, request, form, formsets, change):
        # Whoever may manage this user holds every role and permission the user has, so the
        # limited lists drop nothing the user had.
        user = form.instance
        super().save_related(request, form, formsets, change)
        if "regions" in form.fields:
            user.editable_regions.set(form.cleaned_data["regions"])
        # A role is what gives access to the admin; is_staff follows it.
        is_staff = user.is_superuser or user.groups.exists() or user.user_permissions.exists()
        if user.is_staff != is_staff:
            user.is_staff = is_staff
            user.save(update_fields=["is_staff"])

    @admin.action(permissions=["change"], description=_("Deaktiver valde brukarar"))
    def deactivate_selected(self, request, queryset):
        chosen = queryset.exclude(pk=request.user.pk).filter(is_active=True)
        targets = chosen.filter(pk__in=manageable_users(request.user))
        beyond = chosen.count() - len(targets)
        for user in targets:
            self.log_change(request, user, _("Deaktivert"))
        count = targets.update(is_active=False)
        self.message_user(
            request,
            ngettext("Deaktiverte %(count)d brukar.", "Deaktiverte %(count)d brukarar.", count)
            % {"count": count},
            messages.SUCCESS,
        )
        if beyond:
            self.message_user(
                request,
                ngettext(
                    "%(count)d brukar har rettar eller byregionar du ikkje har, og vart ikkje "
                    "deaktivert.",
                    "%(count)d brukarar har rettar eller byregionar du ikkje har, og vart ikkje "
                    "deaktiverte.",
                    beyond,
                )
                % {"count": beyond},
                messages.WARNING,
            )


@admin.register(LogEntry)
class LogEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The admin's own record of who added, changed and deleted what: to read, never to edit."""

    list_display = [
        short_time("action_time", _("tidspunkt")),
        "user",
        "content_type",
        "object_repr",
        "action_flag",
        "message",
    ]
    list_filter = ["action_flag", "content_type"]
    list_select_related = ["user", "content_type"]
    search_fields = ["object_repr", "change_message", "user__username"]
    date_hierarchy = "action_time"
    # The change message as a sentence, not the JSON it is stored as.
    fields = ["action_time", "user", "content_type", "object_id", "object_repr", "action_flag"]
    fields += ["message"]
    readonly_fields = ["message"]

    @admin.display(description=_("endring"))
    def message(self, obj):
        return obj.get_change_message()
