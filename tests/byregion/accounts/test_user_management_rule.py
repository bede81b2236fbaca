"""User management cannot escalate: nobody changes, deactivates, deletes or sets the password of a
user who holds anything they do not hold, gives regions beyond their own, or changes their own
roles, permissions or regions (regions/scope.py: manageable_users, may_manage)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from regions.models import Region
from regions.scope import may_manage
from tests.formdata import form_data
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db

User = get_user_model()
NEW_PASSWORD = "eit-heilt-nytt-passord-123"


def user_url(user, view="change"):
    return reverse(f"admin:auth_user_{view}", args=[user.pk])


def test_a_user_manager_cannot_set_an_administrators_password(cast, mona, client_for):
    manager = client_for(mona)
    url = user_url(cast.astrid, "password_change")
    assert manager.get(url).status_code == 403
    response = manager.post(
        url, {"set_usable_password": "true", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 403
    assert User.objects.get(pk=cast.astrid.pk).check_password(PASSWORD)


def test_a_user_manager_cannot_change_an_administrators_e_mail(cast, mona, client_for):
    manager = client_for(mona)
    page = manager.get(user_url(cast.astrid))
    assert page.status_code == 200
    assert 'name="email"' not in page.content.decode()
    data = {"username": "astrid", "email": "mona@angripar.test", "is_active": "on"}
    assert manager.post(user_url(cast.astrid), data).status_code == 403
    assert User.objects.get(pk=cast.astrid.pk).email == "astrid@byregion.test"


def test_nor_the_e_mail_of_someone_with_a_region_she_does_not_edit(cast, mona, client_for):
    manager = client_for(mona)
    data = {"username": "kari", "email": "mona@angripar.test", "is_active": "on"}
    assert manager.post(user_url(cast.kari), data).status_code == 403
    assert User.objects.get(pk=cast.kari.pk).email == "kari@byregion.test"


def test_the_list_action_deactivates_only_those_she_may_manage(cast, mona, client_for):
    response = client_for(mona).post(
        reverse("admin:auth_user_changelist"),
        {
            "action": "deactivate_selected",
            "_selected_action": [cast.astrid.pk, cast.per.pk, cast.kari.pk, cast.vera.pk],
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Deaktiverte 1 brukar." in html
    assert "3 brukarar har rettar eller byregionar du ikkje har" in html
    active = set(User.objects.filter(is_active=True).values_list("username", flat=True))
    assert active == {"astrid", "per", "kari", "ola", "mona"}


def test_a_deactivated_administrator_stays_out_of_reach(cast, mona, client_for):
    User.objects.filter(pk=cast.astrid.pk).update(is_active=False)
    manager = client_for(mona)
    data = {"username": "astrid", "email": "mona@angripar.test", "is_active": "on"}
    assert manager.post(user_url(cast.astrid), data).status_code == 403
    password = {"set_usable_password": "true", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    assert manager.post(user_url(cast.astrid, "password_change"), password).status_code == 403
    astrid = User.objects.get(pk=cast.astrid.pk)
    assert (astrid.is_active, astrid.email) == (False, "astrid@byregion.test")
    assert astrid.check_password(PASSWORD)


def test_deleting_is_held_to_the_same_rule(cast, mona, client_for):
    mona.user_permissions.add(Permission.objects.get(codename="delete_user"))
    manager = client_for(mona)
    assert manager.post(user_url(cast.astrid, "delete"), {"post": "yes"}).status_code == 403
    response = manager.post(
        reverse("admin:auth_user_changelist"),
        {"action": "delete_selected", "_selected_action": [cast.astrid.pk], "post": "yes"},
    )
    assert response.status_code == 403
    assert User.objects.filter(pk=cast.astrid.pk).exists()


def test_she_cannot_give_herself_regions(cast, mona, client_for):
    manager = client_for(mona)
    page = manager.get(user_url(mona))
    html = page.content.decode()
    assert 'name="regions"' not in html
    assert "Hallingdal" in html
    data = form_data(page, "user_form") | {
        "first_name": "Mona Lisa",
        "regions": [cast.vest_telemark.pk, cast.hallingdal.pk],
    }
    assert manager.post(user_url(mona), data).status_code == 302
    me = User.objects.get(pk=mona.pk)
    assert me.first_name == "Mona Lisa"
    assert list(me.editable_regions.all()) == [cast.hallingdal]


def test_nobody_changes_their_own_regions_not_even_an_administrator(cast, client_for):
    astrid = client_for(cast.astrid)
    page = astrid.get(user_url(cast.astrid))
    assert 'name="regions"' not in page.content.decode()
    data = form_data(page, "user_form") | {"regions": [cast.hallingdal.pk]}
    assert astrid.post(user_url(cast.astrid), data).status_code == 302
    assert not User.objects.get(pk=cast.astrid.pk).editable_regions.exists()


def test_the_add_form_offers_only_her_own_regions(cast, mona, client_for):
    manager = client_for(mona)
    page = manager.get(reverse("admin:auth_user_add"))
    regions = page.context["adminform"].form.fields["regions"].queryset
    assert list(regions) == [cast.hallingdal]
    response = manager.post(
        reverse("admin:auth_user_add"),
        {
            "username": "liv",
            "usable_password": "true",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "regions": [cast.vest_telemark.pk, cast.hallingdal.pk],
        },
    )
    assert response.status_code == 200
    assert "regions" in response.context["adminform"].form.errors
    assert not User.objects.filter(username="liv").exists()


def test_the_change_form_offers_only_her_own_regions(cast, mona, client_for):
    manager = client_for(mona)
    page = manager.get(user_url(cast.vera))
    assert list(page.context["adminform"].form.fields["regions"].queryset) == [cast.hallingdal]
    data = form_data(page, "user_form") | {"regions": [cast.vest_telemark.pk]}
    response = manager.post(user_url(cast.vera), data)
    assert response.status_code == 200
    assert "regions" in response.context["adminform"].form.errors
    assert not cast.vera.editable_regions.exists()


def test_she_manages_those_who_hold_no_more_than_she_does(cast, mona, client_for):
    manager = client_for(mona)
    data = form_data(manager.get(user_url(cast.vera)), "user_form") | {
        "email": "vera@hallingdal.no",
        "regions": [cast.hallingdal.pk],
    }
    assert manager.post(user_url(cast.vera), data).status_code == 302
    password = {"set_usable_password": "true", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    assert manager.post(user_url(cast.vera, "password_change"), password).status_code == 302
    vera = User.objects.get(pk=cast.vera.pk)
    assert vera.email == "vera@hallingdal.no"
    assert list(vera.editable_regions.all()) == [cast.hallingdal]
    assert vera.check_password(NEW_PASSWORD)


def test_administrators_and_programme_staff_give_every_region(cast, client_for):
    astrid = client_for(cast.astrid)
    page = astrid.get(reverse("admin:auth_user_add"))
    offered = page.context["adminform"].form.fields["regions"].queryset
    assert set(offered) == set(Region.objects.all())


@pytest.mark.parametrize(
    ("actor", "target", "expected"),
    [
        ("astrid", "per", True),  # an administrator holds all that programme staff hold
        ("astrid", "kari", True),
        ("mona", "vera", True),
        ("mona", "mona", True),  # her own name, e-mail and password
        ("mona", "astrid", False),  # permissions she lacks
        ("mona", "ola", False),  # the publish rights
        ("mona", "kari", False),  # a region she does not edit
        ("per", "vera", True),  # the rule alone; the admin also asks for auth.change_user
        ("kari", "mona", False),
    ],
)
def test_the_rule(cast, mona, actor, target, expected):
    people = {"mona": mona} | {
        name: getattr(cast, name) for name in ("astrid", "per", "kari", "ola", "vera")
    }
    assert may_manage(people[actor], people[target]) is expected


def test_only_a_superuser_manages_a_superuser(cast, administrator):
    assert not may_manage(cast.astrid, administrator)
    assert may_manage(administrator, cast.astrid)


def test_on_the_region_she_gives_and_takes_it_only_from_those_she_may_manage(
    cast, mona, client_for
):
    manager = client_for(mona)
    url = reverse("admin:regions_region_change", args=[cast.hallingdal.pk])
    page = manager.get(url)
    offered = set(page.context["adminform"].form.fields["editors"].queryset)
    assert offered == {mona, cast.vera}
    data = form_data(page) | {"editors": [cast.kari.pk, cast.vera.pk]}
    response = manager.post(url, data)
    assert response.status_code == 200
    assert "editors" in response.context["adminform"].form.errors

    # Ola, whose publish right she lacks, keeps Hallingdal though he is not in the list.
    data = form_data(page) | {"editors": [cast.vera.pk]}
    assert manager.post(url, data).status_code == 302
    assert set(cast.hallingdal.editors.all()) == {cast.ola, cast.vera}
