"""The three roles of DESIGN.md as groups with exactly their permissions.

The lists are written out here, not imported, so that the migration keeps meaning what it meant
when it ran. Reference data (counties, municipalities) is view-only in the admin for everyone.
"""

from django.db import migrations

CRUD = ("add", "change", "delete", "view")
REFERENCE = ["regions.view_county", "regions.view_municipality", "regions.view_formermunicipality"]
REGION_PARTS = ["membership", "goal", "bottleneck", "contact"]

ALL_CONTENT = (
    [f"regions.{action}_{model}" for model in ["region", *REGION_PARTS] for action in CRUD]
    + ["regions.edit_all_regions"]
    + REFERENCE
    + [f"cases.{action}_{model}" for model in ["resultexample", "resultimage", "theme"] for action in CRUD]
)
PUBLISH = ["regions.publish_region", "cases.publish_resultexample"]
USERS = ["auth.add_user", "auth.change_user", "auth.view_user", "auth.view_group", "admin.view_logentry"]
OWN_REGIONS = (
    ["regions.view_region", "regions.change_region"]
    + [f"regions.{action}_{model}" for model in REGION_PARTS for action in CRUD]
    + REFERENCE
    + [f"cases.{action}_{model}" for model in ["resultexample", "resultimage"] for action in CRUD]
    + ["cases.view_theme"]
)

ROLES = {
    "Administrator": ALL_CONTENT + PUBLISH + USERS,
    "Programstab": ALL_CONTENT + PUBLISH,
    "Regionredaktør": OWN_REGIONS,
}


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are made after migrate has finished; these groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in ROLES.items():
        wanted = [code.split(".") for code in codes]
        permissions = [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in wanted
        ]
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("regions", "0003_editors_publishing_edit_token"),
        ("cases", "0002_publishing_edit_token"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("admin", "0003_logentry_add_action_flag_choices"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
