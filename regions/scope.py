"""Region scope: which regions a person may edit. The one place this rule is written.

Administrators and programme staff (`regions.edit_all_regions`) edit every region; a regional
editor edits the regions they are an editor of (Region.editors); anyone else edits none.
"""

from django.contrib.auth import get_permission_codename

from byregion.roles import edits_all_regions
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
    region_id = obj.pk if isinstance(obj, Region) else obj.region_id
    return may_edit(user, type(obj), region_id)
