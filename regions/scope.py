"""Region scope: which regions a person may edit. The one place this rule is written.

Administrators and programme staff (`regions.edit_all_regions`) edit every region; a regional
editor edits the regions they are an editor of (Region.editors); anyone else edits none.
"""

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
