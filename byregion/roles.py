"""Roles and the rights they carry: who publishes, who manages users, what one may grant.

The roles are groups made by regions/migrations/0004_roles.py; these helpers ask for permissions,
never for group names, so a permission granted to one person counts the same as one from a role.
Which regions a person may edit is the regions app's business (regions/scope.py).
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

ADMINISTRATOR = "Administrator"
PROGRAMME_STAFF = "Programstab"
REGIONAL_EDITOR = "Regionredaktør"

EDIT_ALL_REGIONS = "regions.edit_all_regions"
PUBLISH_REGION = "regions.publish_region"
PUBLISH_RESULT = "cases.publish_resultexample"


def is_administrator(user):
    """Return whether the user manages user accounts, roles and who edits which region."""
    return bool(user.is_active and user.has_perm("auth.change_user"))


def edits_all_regions(user):
    """Return whether the user's content rights reach every region (administrators, programme staff)."""
    return bool(user.is_active and user.has_perm(EDIT_ALL_REGIONS))


def can_publish(user, permission):
    """Return whether the user holds the publish permission (`PUBLISH_REGION` or `PUBLISH_RESULT`)."""
    return bool(user.is_active and user.has_perm(permission))


def grantable_permissions(user):
    """Return the permissions this user may give others: only those they hold themselves."""
    if user.is_superuser:
        return Permission.objects.all()
    held = user.get_all_permissions() if user.is_active else set()
    wanted = Q(pk__in=[])
    for code in held:
        app_label, codename = code.split(".", 1)
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    return Permission.objects.filter(wanted)


def grantable_groups(user):
    """Return the roles this user may give others: groups with no permission the user lacks."""
    if user.is_superuser:
        return Group.objects.all()
    grantable = set(grantable_permissions(user).values_list("pk", flat=True))
    held_by_group = {}
    for group_id, permission_id in Group.permissions.through.objects.values_list(
        "group_id", "permission_id"
    ):
        held_by_group.setdefault(group_id, set()).add(permission_id)
    beyond = [group_id for group_id, held in held_by_group.items() if not held <= grantable]
    return Group.objects.exclude(pk__in=beyond)
