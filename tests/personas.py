"""The people who use the admin, built once per test from the roles the migration made.

- Astrid, administrator: all content, publishing, user accounts.
- Per, programme staff: all content and publishing, no user accounts.
- Kari, regional editor for Vest-Telemark: that region only, no publishing.
- Ola, regional editor for Hallingdal, who has been given the right to publish.
- Vera, who may enter the admin (is_staff) but has no role.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from byregion.roles import ADMINISTRATOR, PROGRAMME_STAFF, REGIONAL_EDITOR
from regions.models import Region
from tests.factories import make_contact, make_region, make_result

PASSWORD = "ein-lang-og-trygg-frase"
VEST_TELEMARK = ("4034", "4022", "4028", "4030", "4032", "4036")
HALLINGDAL = ("3326", "3320", "3324", "3330", "3322", "3328")


def make_person(username, *, first_name, roles=(), permissions=(), regions=(), staff=True):
    """Return an active user with these roles, single permissions ("app.codename") and regions."""
    user = get_user_model().objects.create_user(
        username,
        f"{username}@byregion.test",
        PASSWORD,
        first_name=first_name,
        is_staff=staff,
    )
    user.groups.set(Group.objects.filter(name__in=roles))
    for code in permissions:
        app_label, codename = code.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    user.editable_regions.set(regions)
    return user


@dataclass
class Cast:
    astrid: object
    per: object
    kari: object
    ola: object
    vera: object
    vest_telemark: Region
    hallingdal: Region


def make_cast(*, published=True):
    """Return the five personas and their two regions, each region with a contact and a result."""
    vest_telemark = make_region(
        name="Vest-Telemark", slug="vest-telemark", municipalities=VEST_TELEMARK, goals=4,
        published=published,
    )  # fmt: skip
    hallingdal = make_region(
        name="Hallingdal", slug="hallingdal", municipalities=HALLINGDAL, goals=2,
        published=published,
    )  # fmt: skip
    for region in (vest_telemark, hallingdal):
        make_contact(region)
        make_result(region, title=f"Resultat i {region.name}", goals=[1], published=published)
    return Cast(
        astrid=make_person("astrid", first_name="Astrid", roles=[ADMINISTRATOR]),
        per=make_person("per", first_name="Per", roles=[PROGRAMME_STAFF]),
        kari=make_person(
            "kari", first_name="Kari", roles=[REGIONAL_EDITOR], regions=[vest_telemark]
        ),
        ola=make_person(
            "ola",
            first_name="Ola",
            roles=[REGIONAL_EDITOR],
            regions=[hallingdal],
            permissions=["regions.publish_region", "cases.publish_resultexample"],
        ),
        vera=make_person("vera", first_name="Vera"),
        vest_telemark=vest_telemark,
        hallingdal=hallingdal,
    )
