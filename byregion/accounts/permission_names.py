"""Django's default permissions named in nynorsk: «Kan endre byregion», not «Can change byregion».

Django stores each permission's name in the database in English when it creates it (after every
migrate) and never translates it; the user and role forms list them by that name. After each
migrate the default ones (add, change, delete, view) are renamed from the models' nynorsk names.
"""

from django.db import DEFAULT_DB_ALIAS
from django.utils import translation
from django.utils.translation import gettext_lazy as _

NAMES = {
    "add": _("Kan leggje til %(name)s"),
    "change": _("Kan endre %(name)s"),
    "delete": _("Kan slette %(name)s"),
    "view": _("Kan sjå %(name)s"),
}


def name_permissions_in_nynorsk(using=DEFAULT_DB_ALIAS, **kwargs):
    """Rename the default permissions that do not have their nynorsk name yet (post_migrate)."""
    from django.contrib.auth.models import Permission

    renamed = []
    with translation.override("nn"):
        for permission in Permission.objects.using(using).select_related("content_type"):
            action, _separator, model_name = permission.codename.partition("_")
            model = permission.content_type.model_class()
            if action not in NAMES or model is None or model_name != model._meta.model_name:
                continue
            name = str(NAMES[action] % {"name": model._meta.verbose_name})
            if permission.name != name:
                permission.name = name
                renamed.append(permission)
    Permission.objects.using(using).bulk_update(renamed, ["name"])
