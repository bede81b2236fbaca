"""User accounts and the action log in the admin, and the admin's own titles.

Administrators create, edit and deactivate accounts, give roles (groups) and choose the regions a
regional editor may edit. Nobody can give what they do not hold: the role and permission lists
offer only what the person editing holds, superuser status and superusers are for superusers, and
nobody changes their own roles or permissions.
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

from byregion.editorial.admin import ReadOnlyAdminMixin
from byregion.roles import grantable_groups, grantable_permissions
from regions.models import Region

User = get_user_model()

admin.site.site_header = _("Byregion – redigering")
admin.site.site_title = _("Byregion – redigering")
admin.site.index_title = _("Innhald, brukarar og roller")


def _regions_field():
    return forms.ModelMultipleChoiceField(
        queryset=Region.objects.all(),
        required=False,
        widget=FilteredSelectMultiple(_("byregionar"), is_stacked=False),
        label=_("Byregionar brukaren kan redigere"),
        help_text=_(
            "Gjeld regionredaktørar: dei ser og endrar berre desse byregionane og resultata deira."
        ),
    )


class AccountChangeForm(UserChangeForm):
    regions = _regions_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
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
    list_display = ["username", "full_name", "email", "role_list", "is_active", "last_login"]
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

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(name, dict(options)) for name, options in super().get_fieldsets(request, obj)]
        if obj is not None and request.user.is_superuser:
            name, options = fieldsets[2]
            fieldsets[2] = (name, {**options, "fields": [*options["fields"], "is_superuser"]})
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.pk and not request.user.is_superuser:
            # Nobody promotes, demotes or deactivates themselves.
            fields += ["is_active", "groups", "user_permissions"]
        return fields

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            kwargs["queryset"] = grantable_groups(request.user).order_by("name")
        elif db_field.name == "user_permissions":
            kwargs["queryset"] = grantable_permissions(request.user).select_related("content_type")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (
            obj.pk == request.user.pk or (obj.is_superuser and not request.user.is_superuser)
        ):
            return False
        return super().has_delete_permission(request, obj)

    def save_related(self, request, form, formsets, change):
        user = form.instance
        # Roles and permissions the editor cannot give are not offered; those the user already
        # has stay as they are instead of being dropped by the save.
        kept_groups = list(user.groups.exclude(pk__in=grantable_groups(request.user)))
        kept_permissions = list(
            user.user_permissions.exclude(pk__in=grantable_permissions(request.user))
        )
        super().save_related(request, form, formsets, change)
        if "groups" in form.fields:
            user.groups.add(*kept_groups)
        if "user_permissions" in form.fields:
            user.user_permissions.add(*kept_permissions)
        if "regions" in form.fields:
            user.editable_regions.set(form.cleaned_data["regions"])
        # A role is what gives access to the admin; is_staff follows it.
        is_staff = user.is_superuser or user.groups.exists() or user.user_permissions.exists()
        if user.is_staff != is_staff:
            user.is_staff = is_staff
            user.save(update_fields=["is_staff"])

    @admin.action(permissions=["change"], description=_("Deaktiver valde brukarar"))
    def deactivate_selected(self, request, queryset):
        targets = queryset.exclude(pk=request.user.pk).filter(is_active=True)
        if not request.user.is_superuser:
            targets = targets.exclude(is_superuser=True)
        for user in targets:
            self.log_change(request, user, _("Deaktivert"))
        count = targets.update(is_active=False)
        self.message_user(
            request,
            ngettext("Deaktiverte %(count)d brukar.", "Deaktiverte %(count)d brukarar.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(LogEntry)
class LogEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The admin's own record of who added, changed and deleted what: to read, never to edit."""

    list_display = ["action_time", "user", "content_type", "object_repr", "action_flag", "message"]
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
