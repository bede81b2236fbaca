"""Region scope: which regions a person may edit and publish, and so give, and whom they may manage.

Administrators and programme staff (`regions.edit_all_regions`) edit every region; a regional
editor edits the regions they are an editor of (Region.editors); anyone else edits none. Who may
publish something holds the publish permission for its kind and may edit it; an editor who may
edit but not publish hands it over for approval to those who may (`may_publish`, `publishers`).
The regions one may give are at most one's own, and whom one may manage (`manageable_users`)
depends on them, so the user-management rule is written here too, the one place for all of them.
"""

from django.contrib.auth import get_permission_codename, get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q

from byregion.roles import EDIT_ALL_REGIONS, can_publish, edits_all_regions, grantable_permissions
from regions.models import Region


def editable_regions(user):
    """Return the regions whose content the user may edit: all of them, their own, or none."""
    if not user.is_active or not user.is_staff:
        return Region.objects.none()
    if edits_all_regions(user):
        return Region.objects.all()
    return Region.objects.filter(editors=user)


def can_edit_region(user, region_id):
    """Return whether the region with this id is among the user's editable regions."""
    if edits_all_regions(user):
        return True
    return region_id is not None and editable_regions(user).filter(pk=region_id).exists()


def may_edit(user, model, region_id):
    """Return whether the user may edit objects of `model` (a region, a result) in this region.

    The change permission for that kind of object, from a role or given alone, and the region in
    the user's scope: what the admin asks (byregion/editorial/admin.py), and what lets a draft or
    a scheduled item be previewed on the public site.
    """
    opts = model._meta
    permission = f"{opts.app_label}.{get_permission_codename('change', opts)}"
    return bool(user.is_active and user.has_perm(permission)) and can_edit_region(user, region_id)


def can_edit(user, obj):
    """Return whether the user may edit this region, or this object of a region."""
    return may_edit(user, type(obj), _region_id(obj))


def publish_permission(model):
    """Return the permission that publishes objects of `model`: «regions.publish_region» and so on."""
    return f"{model._meta.app_label}.publish_{model._meta.model_name}"


def may_publish(user, model, region_id=None):
    """Return whether the user may publish objects of `model` in this region.

    The publish permission for that kind of object, and the region in the user's scope; with no
    region (a new object, a list), the permission alone.
    """
    if not can_publish(user, publish_permission(model)):
        return False
    return region_id is None or can_edit_region(user, region_id)


def may_hand_over(user, obj):
    """Return whether the user may send this object for approval: may edit it, may not publish it."""
    return can_edit(user, obj) and not may_publish(user, type(obj), _region_id(obj))


def _region_id(obj):
    return obj.pk if isinstance(obj, Region) else obj.region_id


def _holding(users, code):
    app_label, codename = code.split(".", 1)
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return users.filter(
        Q(is_superuser=True)
        | Q(user_permissions__in=permission)
        | Q(groups__permissions__in=permission)
    )


def publishers(model, region_id):
    """Return the active users who may publish objects of `model` in this region (may_publish)."""
    users = get_user_model().objects.filter(is_active=True, is_staff=True)
    everywhere = _holding(users, EDIT_ALL_REGIONS).values("pk")
    in_region = users.filter(Q(pk__in=everywhere) | Q(editable_regions=region_id))
    return _holding(in_region, publish_permission(model)).distinct().order_by("pk")


def content_editors():
    """Return the active users who may edit some content: those who get review reminders."""
    users = get_user_model().objects.filter(is_active=True, is_staff=True)
    everywhere = _holding(users, EDIT_ALL_REGIONS).values("pk")
    return users.filter(Q(pk__in=everywhere) | Q(editable_regions__isnull=False)).distinct()


def grantable_regions(user):
    """Return the regions this user may give others to edit: at most the ones they edit."""
    return editable_regions(user)


def manageable_users(actor):
    """Return the users whose account this actor may change, deactivate, delete or set a password for.

    The one rule of user management: nobody manages a user who holds anything the actor does not
    hold: a permission (on its own or through a role), a region to edit, or superuser status.
    Everyone counts, active or not, so a deactivated administrator stays out of reach too.
    Superusers manage everyone; an inactive actor manages no one.
    """
    users = get_user_model().objects.all()
    if not actor.is_active:
        return users.none()
    if actor.is_superuser:
        return users
    beyond = Permission.objects.exclude(pk__in=grantable_permissions(actor))
    return (
        users.filter(is_superuser=False)
        .exclude(user_permissions__in=beyond)
        .exclude(groups__permissions__in=beyond)
        .exclude(editable_regions__in=Region.objects.exclude(pk__in=grantable_regions(actor)))
    )


def may_manage(actor, target):
    """Return whether the actor may change, deactivate, delete or set the password of target."""
    return manageable_users(actor).filter(pk=target.pk).exists()
