"""Two-factor sign-in: required for administrators and user managers, offered to everyone else,
set up with a QR code drawn here, recovery codes shown once, and a command for a lost phone."""

import re
from base64 import b32decode
from io import StringIO
from urllib.parse import unquote

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.personas import PASSWORD
from tests.two_factor import code_for, give_app, sign_in

pytestmark = pytest.mark.django_db

ADMIN = reverse("admin:index")
USERS = reverse("admin:auth_user_changelist")
SETUP = reverse("two_factor_setup")
VERIFY = reverse("two_factor_verify")


def password_login(user, next_url=ADMIN):
    client = Client()
    response = client.post(
        f"{reverse('admin:login')}?next={next_url}",
        {"username": user.username, "password": PASSWORD, "next": next_url},
    )
    assert response.status_code == 302
    return client


def secret_on(page):
    """Return the TOTP key as the setup page shows it, as bytes."""
    shown = re.search(r'<code id="totp-secret">([A-Z2-7 ]+)</code>', page.content.decode())
    secret = shown.group(1).replace(" ", "")
    return b32decode(secret + "=" * (-len(secret) % 8))


def enrol(client):
    page = client.get(SETUP)
    device = TOTPDevice.objects.get(confirmed=False)
    assert secret_on(page) == device.bin_key
    return client.post(SETUP, {"code": code_for(device), "next": ADMIN}), device


@pytest.mark.parametrize("who", ["astrid", "mona", "administrator"])
def test_a_password_alone_does_not_reach_the_admin_for_those_who_manage_users(
    cast, mona, administrator, who
):
    user = {"astrid": cast.astrid, "mona": mona, "administrator": administrator}[who]
    client = password_login(user, next_url=USERS)
    for url in (ADMIN, USERS, reverse("admin:password_change")):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url == f"{SETUP}?next={url.replace('/', '%2F')}"
    page = client.get(SETUP)
    assert "Du kan gi andre tilgang til redigeringa" in page.content.decode()


def test_with_an_app_the_admin_asks_for_its_code_after_the_password(cast):
    device = give_app(cast.astrid)
    client = password_login(cast.astrid, next_url=USERS)
    response = client.get(USERS)
    assert response.url == f"{VERIFY}?next=%2Fadmin%2Fauth%2Fuser%2F"
    before = client.session.session_key
    right = client.post(VERIFY, {"code": code_for(device), "next": USERS})
    assert right.status_code == 302 and right.url == USERS
    assert client.get(USERS).status_code == 200
    assert client.session.session_key != before


def test_a_wrong_code_is_refused_and_said_so(cast):
    give_app(cast.astrid)
    client = password_login(cast.astrid)
    wrong = client.post(VERIFY, {"code": "000000", "next": USERS})
    assert wrong.status_code == 200
    html = wrong.content.decode()
    assert "Koden stemmer ikkje" in html
    assert "<title>Feil: Kode frå appen | Byregion – redigering</title>" in html
    assert 'value="000000"' in html
    assert client.get(USERS).status_code == 302


def test_others_are_offered_it_and_go_on_without(cast):
    kari = password_login(cast.kari)
    index = kari.get(ADMIN)
    assert index.status_code == 200
    assert f'href="{SETUP}"' in index.content.decode()
    page = kari.get(SETUP)
    assert "Når du har slått det på, må du bruke det kvar gong" in page.content.decode()


def test_setting_it_up_draws_the_qr_code_here_and_shows_recovery_codes_once(cast):
    client = password_login(cast.astrid)
    page = client.get(SETUP)
    html = page.content.decode()
    device = TOTPDevice.objects.get(user=cast.astrid, confirmed=False)
    qr = re.search(r'<img src="(data:image/svg\+xml;[^"]+)"', html).group(1)
    assert "<svg" in unquote(qr) and "<path" in unquote(qr)
    assert 'alt="QR-kode som legg Byregion til i appen"' in html
    assert f'href="{device.config_url}"'.replace("&", "&amp;") in html
    assert "issuer=Byregion" in device.config_url
    # The same key on a reload, so a slow scan still works.
    assert secret_on(client.get(SETUP)) == secret_on(page)

    shown, device = enrol(client)
    assert shown.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", shown.content.decode())
    assert len(codes) == 10
    assert sorted(codes) == sorted(StaticToken.objects.values_list("token", flat=True))
    assert "dei blir ikkje viste igjen" in shown.content.decode()
    assert client.get(USERS).status_code == 200

    again = client.get(SETUP).content.decode()
    assert "To-stegs innlogging er slått på" in again
    assert not any(code in again for code in codes)


def test_a_wrong_code_does_not_turn_it_on(cast):
    client = password_login(cast.astrid)
    client.get(SETUP)
    wrong = client.post(SETUP, {"code": "123456", "next": ADMIN})
    assert "Koden stemmer ikkje" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert client.get(ADMIN).status_code == 302


def test_a_recovery_code_signs_in_once(cast):
    client = password_login(cast.astrid)
    shown, _device = enrol(client)
    code = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", shown.content.decode())[0]

    first = password_login(cast.astrid)
    assert first.post(VERIFY, {"code": code.upper(), "next": USERS}).url == USERS
    assert first.get(USERS).status_code == 200

    second = password_login(cast.astrid)
    refused = second.post(VERIFY, {"code": code, "next": USERS})
    assert "Koden stemmer ikkje" in refused.content.decode()
    assert second.get(USERS).status_code == 302
    assert StaticToken.objects.count() == 9


def test_new_recovery_codes_replace_the_old(cast, client_for):
    astrid = client_for(cast.astrid)
    first = astrid.post(reverse("two_factor_recovery_codes"))
    old = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", first.content.decode())
    second = astrid.post(reverse("two_factor_recovery_codes"))
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", second.content.decode())
    assert len(new) == 10 and not set(old) & set(new)
    assert sorted(StaticToken.objects.values_list("token", flat=True)) == sorted(new)


def test_recovery_codes_are_not_for_a_session_that_has_not_given_its_code(cast):
    give_app(cast.astrid)
    client = password_login(cast.astrid)
    response = client.post(reverse("two_factor_recovery_codes"))
    assert response.status_code == 302
    assert not StaticToken.objects.exists()


def test_who_turned_it_on_must_use_it(cast):
    kari = password_login(cast.kari)
    enrol(kari)
    again = password_login(cast.kari)
    assert again.get(ADMIN).url == f"{VERIFY}?next=%2Fadmin%2F"


def test_the_code_page_sends_only_to_this_site(cast):
    device = give_app(cast.astrid)
    client = password_login(cast.astrid)
    response = client.post(VERIFY, {"code": code_for(device), "next": "https://angripar.test/"})
    assert response.url == ADMIN


def test_the_pages_are_for_signed_in_staff(cast):
    for url in (SETUP, VERIFY):
        response = Client().get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))


def test_an_administrator_resets_a_lost_phone_with_a_command(cast, client_for):
    astrid = client_for(cast.astrid)
    assert astrid.get(USERS).status_code == 200
    out = StringIO()
    call_command("reset_two_factor", "astrid", stdout=out)
    assert "To-stegs innlogginga til «astrid» er nullstilt." in out.getvalue()
    assert "må setje ho opp på nytt" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=cast.astrid).exists()
    # The session that gave the old app's code no longer counts.
    assert astrid.get(USERS).url.startswith(SETUP)

    out = StringIO()
    call_command("reset_two_factor", "astrid", stdout=out)
    assert "«astrid» hadde ikkje to-stegs innlogging" in out.getvalue()
    with pytest.raises(CommandError, match="Fann ingen brukar med brukarnamnet «ingen»"):
        call_command("reset_two_factor", "ingen")


def test_the_test_helper_signs_in_with_the_second_factor(cast):
    assert sign_in(Client(), cast.astrid).get(USERS).status_code == 200
