"""Accounts: administrators create, edit and deactivate users and give roles and regions, never
more than they hold; password reset by e-mail and the lockout page in nynorsk; the action log."""

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse

from byregion.accounts.mail import wait_until_sent
from byregion.roles import REGIONAL_EDITOR
from tests.formdata import form_data
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db

User = get_user_model()


def user_url(user, view="change"):
    return reverse(f"admin:auth_user_{view}", args=[user.pk])


def superrole():
    """A role holding a permission no administrator holds: deleting user accounts."""
    group = Group.objects.create(name="Superrolle")
    group.permissions.add(Permission.objects.get(codename="delete_user"))
    return group


def test_an_administrator_creates_a_regional_editor_with_role_and_regions(cast, client_for):
    astrid = client_for(cast.astrid)
    role = Group.objects.get(name=REGIONAL_EDITOR)
    response = astrid.post(
        reverse("admin:auth_user_add"),
        {
            "username": "liv",
            "usable_password": "true",
            "password1": "eit-nytt-og-langt-passord",
            "password2": "eit-nytt-og-langt-passord",
            "first_name": "Liv",
            "email": "liv@vest-telemark.no",
            "groups": [role.pk],
            "regions": [cast.vest_telemark.pk],
        },
    )
    assert response.status_code == 302
    liv = User.objects.get(username="liv")
    assert liv.is_staff and liv.is_active and not liv.is_superuser
    assert list(liv.groups.all()) == [role]
    assert list(liv.editable_regions.all()) == [cast.vest_telemark]
    assert liv.check_password("eit-nytt-og-langt-passord")


def test_a_password_shorter_than_twelve_characters_is_refused(cast, client_for):
    response = client_for(cast.astrid).post(
        reverse("admin:auth_user_add"),
        {
            "username": "liv",
            "usable_password": "true",
            "password1": "kort-pass1",
            "password2": "kort-pass1",
        },
    )
    assert response.status_code == 200
    assert "minst 12 teikn" in response.content.decode()
    assert not User.objects.filter(username="liv").exists()


def test_an_account_without_a_role_does_not_enter_the_admin(cast, client_for):
    astrid = client_for(cast.astrid)
    page = astrid.get(user_url(cast.kari))
    data = form_data(page, "user_form")
    data.pop("groups")
    assert astrid.post(user_url(cast.kari), data).status_code == 302
    cast.kari.refresh_from_db()
    assert not cast.kari.is_staff
    assert client_for(cast.kari).get(reverse("admin:index")).status_code == 302


def test_an_administrator_deactivates_a_user_who_is_then_shut_out(cast, client_for):
    kari = client_for(cast.kari)
    assert kari.get(reverse("admin:index")).status_code == 200
    response = client_for(cast.astrid).post(
        reverse("admin:auth_user_changelist"),
        {"action": "deactivate_selected", "_selected_action": [cast.kari.pk, cast.astrid.pk]},
        follow=True,
    )
    assert "Deaktiverte 1 brukar." in response.content.decode()
    assert not User.objects.get(pk=cast.kari.pk).is_active
    assert User.objects.get(pk=cast.astrid.pk).is_active
    assert kari.get(reverse("admin:index")).status_code == 302


def test_the_role_list_offers_only_roles_the_administrator_holds(cast, client_for):
    astrid = client_for(cast.astrid)
    superrolle = superrole()
    page = astrid.get(user_url(cast.kari))
    assert "Superrolle" not in page.content.decode()
    assert "Programstab" in page.content.decode()

    data = form_data(page, "user_form") | {"groups": [superrolle.pk]}
    response = astrid.post(user_url(cast.kari), data)
    assert response.status_code == 200
    assert "groups" in response.context["adminform"].form.errors
    assert list(cast.kari.groups.values_list("name", flat=True)) == [REGIONAL_EDITOR]


def test_a_permission_the_administrator_lacks_cannot_be_given(cast, client_for):
    astrid = client_for(cast.astrid)
    delete_user = Permission.objects.get(codename="delete_user")
    data = form_data(astrid.get(user_url(cast.kari)), "user_form")
    response = astrid.post(user_url(cast.kari), data | {"user_permissions": [delete_user.pk]})
    assert response.status_code == 200
    assert "user_permissions" in response.context["adminform"].form.errors
    assert not cast.kari.user_permissions.exists()


def test_an_administrator_may_give_the_publish_right_they_hold(cast, client_for):
    astrid = client_for(cast.astrid)
    publish = Permission.objects.get(codename="publish_region")
    data = form_data(astrid.get(user_url(cast.kari)), "user_form")
    assert (
        astrid.post(user_url(cast.kari), data | {"user_permissions": [publish.pk]}).status_code
        == 302
    )
    assert User.objects.get(pk=cast.kari.pk).has_perm("regions.publish_region")


def test_superuser_status_is_not_offered_and_a_forged_one_is_ignored(cast, client_for):
    astrid = client_for(cast.astrid)
    page = astrid.get(user_url(cast.kari))
    assert 'name="is_superuser"' not in page.content.decode()
    data = form_data(page, "user_form") | {"is_superuser": "on", "is_staff": "on"}
    assert astrid.post(user_url(cast.kari), data).status_code == 302
    assert not User.objects.get(pk=cast.kari.pk).is_superuser


def test_an_administrator_cannot_change_a_superuser(cast, client_for, administrator):
    astrid = client_for(cast.astrid)
    page = astrid.get(user_url(administrator))
    assert page.status_code == 200
    assert 'name="email"' not in page.content.decode()
    response = astrid.post(user_url(administrator), {"username": "admin", "email": "x@y.no"})
    assert response.status_code == 403
    password = reverse("admin:auth_user_password_change", args=[administrator.pk])
    assert astrid.post(password, {"password1": "a" * 20, "password2": "a" * 20}).status_code == 403
    administrator.refresh_from_db()
    assert (administrator.email, administrator.is_superuser) == ("admin@byregion.test", True)
    assert administrator.check_password(PASSWORD)


def test_nobody_changes_their_own_roles_or_permissions(cast, client_for):
    astrid = client_for(cast.astrid)
    page = astrid.get(user_url(cast.astrid))
    html = page.content.decode()
    assert 'name="groups"' not in html
    assert 'name="user_permissions"' not in html
    delete_user = Permission.objects.get(codename="delete_user")
    programstab = Group.objects.get(name="Programstab")
    data = form_data(page, "user_form") | {
        "groups": [programstab.pk],
        "user_permissions": [delete_user.pk],
        "is_active": "",
        "first_name": "Astrid Marie",
    }
    assert astrid.post(user_url(cast.astrid), data).status_code == 302
    me = User.objects.get(pk=cast.astrid.pk)
    assert me.first_name == "Astrid Marie"
    assert list(me.groups.values_list("name", flat=True)) == ["Administrator"]
    assert not me.user_permissions.exists()
    assert me.is_active


def test_a_user_with_a_role_the_administrator_cannot_give_is_beyond_their_reach(cast, client_for):
    astrid = client_for(cast.astrid)
    cast.vera.groups.add(superrole())
    page = astrid.get(user_url(cast.vera))
    assert 'name="email"' not in page.content.decode()
    data = {"username": "vera", "email": "vera@ny.no", "is_active": "on"}
    assert astrid.post(user_url(cast.vera), data).status_code == 403
    vera = User.objects.get(pk=cast.vera.pk)
    assert vera.email == "vera@byregion.test"
    assert list(vera.groups.values_list("name", flat=True)) == ["Superrolle"]


def test_staff_without_user_rights_do_not_see_user_management(cast, client_for):
    per = client_for(cast.per)
    index = per.get(reverse("admin:index")).content.decode()
    assert reverse("admin:auth_user_changelist") not in index
    assert reverse("admin:regions_region_changelist") in index
    assert per.get(reverse("admin:auth_user_changelist")).status_code == 403
    astrid_index = client_for(cast.astrid).get(reverse("admin:index")).content.decode()
    assert reverse("admin:auth_user_changelist") in astrid_index
    assert "<title>Innhald, brukarar og roller | Byregion – redigering</title>" in astrid_index


def test_who_edits_a_region_is_set_on_the_region_by_administrators_only(cast, client_for):
    astrid, per = client_for(cast.astrid), client_for(cast.per)
    url = reverse("admin:regions_region_change", args=[cast.hallingdal.pk])
    assert 'name="editors"' not in per.get(url).content.decode()
    page = astrid.get(url)
    assert 'name="editors"' in page.content.decode()
    data = form_data(page) | {"editors": [cast.ola.pk, cast.kari.pk]}
    assert astrid.post(url, data).status_code == 302
    assert set(cast.kari.editable_regions.all()) == {cast.vest_telemark, cast.hallingdal}


def test_the_action_log_is_for_administrators_to_read_only(cast, client_for):
    astrid = client_for(cast.astrid)
    url = reverse("admin:admin_logentry_changelist")
    astrid.post(
        reverse("admin:auth_user_changelist"),
        {"action": "deactivate_selected", "_selected_action": [cast.vera.pk]},
    )
    log = astrid.get(url)
    assert log.status_code == 200
    assert "Deaktivert" in log.content.decode()
    assert astrid.get(reverse("admin:admin_logentry_add")).status_code == 403
    entry = LogEntry.objects.get()
    delete = reverse("admin:admin_logentry_delete", args=[entry.pk])
    assert astrid.post(delete, {"post": "yes"}).status_code == 403
    assert LogEntry.objects.filter(pk=entry.pk).exists()
    assert client_for(cast.per).get(url).status_code == 403


def test_the_login_page_offers_a_password_reset_in_nynorsk(client):
    login = client.get(reverse("admin:login")).content.decode()
    assert reverse("admin_password_reset") in login
    page = client.get(reverse("admin_password_reset")).content.decode()
    assert "Gløymt passordet?" in page
    assert "Send meg ei lenkje" in page


def test_a_password_is_reset_by_e_mail(cast, client):
    response = client.post(reverse("admin_password_reset"), {"email": "kari@byregion.test"})
    assert response.status_code == 302
    assert "Sjå i e-posten din" in client.get(response.url).content.decode()
    wait_until_sent()
    message = mail.outbox[0]
    assert message.subject == "Nytt passord til Byregion"
    assert message.to == ["kari@byregion.test"]
    assert "Nokon, truleg du, har bede om å få velje nytt passord" in message.body
    link = re.search(r"http://testserver(/admin/reset/\S+/)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert "Vel nytt passord" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    short = client.post(set_url, {"new_password1": "kort-pass1", "new_password2": "kort-pass1"})
    assert short.status_code == 200
    assert "minst 12 teikn" in short.content.decode()
    done = client.post(
        set_url,
        {"new_password1": "eit-heilt-nytt-passord", "new_password2": "eit-heilt-nytt-passord"},
        follow=True,
    )
    assert "Passordet er endra" in done.content.decode()
    assert User.objects.get(pk=cast.kari.pk).check_password("eit-heilt-nytt-passord")


def test_five_failed_logins_lock_the_account_with_a_clear_message(cast, client):
    login = reverse("admin:login")
    for _attempt in range(5):
        client.post(login, {"username": "kari", "password": "feil-passord-igjen"})
    locked = client.post(login, {"username": "kari", "password": PASSWORD})
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Innlogginga er stengd ei stund" in html
    assert "Det har vore 5 mislukka forsøk på å logge inn som «kari»" in html
    assert reverse("admin_password_reset") in html
    assert "_auth_user_id" not in client.session
