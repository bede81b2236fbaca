"""Two-factor sign-in in a real browser under the site's CSP: Astrid, an administrator, signs in
with her password, sets up the app from the page, keeps her recovery codes, signs out, and signs
in again with a code from the app and then with a recovery code."""

import re
from base64 import b32decode

import pytest
from django.urls import reverse
from django_otp.oath import TOTP

from tests.personas import PASSWORD, make_cast

USERS = reverse("admin:auth_user_changelist")
SETUP = reverse("two_factor_setup")
VERIFY = reverse("two_factor_verify")


def app_code(secret, steps_ahead=0):
    """What an authenticator app shows for this key: computed as the phone would."""
    key = b32decode(secret + "=" * (-len(secret) % 8))
    totp = TOTP(key)
    totp.time += steps_ahead * totp.step
    return f"{totp.token():06d}"


def sign_in_with_password(page, live_server):
    page.goto(f"{live_server.url}{reverse('admin:login')}?next={USERS}")
    page.fill("#id_username", "astrid")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def sign_out(page):
    page.click("#logout-form button")
    page.wait_for_url(re.compile(r"/admin/logout/$"))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_astrid_sets_up_two_factor_sign_in_and_uses_it(live_server, strict_page):
    make_cast()
    page = strict_page

    sign_in_with_password(page, live_server)
    page.wait_for_url(re.compile(re.escape(SETUP)))
    assert page.inner_text("h1") == "Set opp to-stegs innlogging"
    qr = page.locator("img[alt='QR-kode som legg Byregion til i appen']")
    assert qr.evaluate("img => img.complete && img.naturalWidth") > 100
    # Without the second step the admin stays shut.
    page.goto(f"{live_server.url}{USERS}")
    page.wait_for_url(re.compile(re.escape(SETUP)))

    secret = page.inner_text("#totp-secret").replace(" ", "")
    page.fill("#id_code", app_code(secret))
    page.click("#two-factor-setup input[type=submit]")
    page.locator("#recovery-codes").wait_for()
    assert page.inner_text("h1") == "Reservekodane dine"
    codes = page.locator("#recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    page.click("text=Hald fram til redigeringa")
    page.wait_for_url(re.compile(re.escape(USERS) + "$"))
    sign_out(page)

    # Again, with the password and the app's next code (this one has been used).
    sign_in_with_password(page, live_server)
    page.wait_for_url(re.compile(re.escape(VERIFY)))
    assert page.inner_text("h1") == "Skriv koden frå appen"
    page.fill("#id_code", app_code(secret, steps_ahead=1))
    page.click("#two-factor-verify input[type=submit]")
    page.wait_for_url(re.compile(re.escape(USERS) + "$"))
    sign_out(page)

    # The phone is left at home: a recovery code instead.
    sign_in_with_password(page, live_server)
    page.wait_for_url(re.compile(re.escape(VERIFY)))
    page.fill("#id_code", codes[0])
    page.click("#two-factor-verify input[type=submit]")
    page.wait_for_url(re.compile(re.escape(USERS) + "$"))
    assert "Brukarar" in page.inner_text("h1") or page.locator("#changelist").count() == 1

    assert page.csp_violations() == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_two_factor_pages_pass_axe_and_the_html_checker(live_server, page, axe, html_checker):
    make_cast()
    sources, found = {}, {}
    sign_in_with_password(page, live_server)
    page.wait_for_url(re.compile(re.escape(SETUP)))
    sources["setup"] = page.content()
    found["setup"] = axe()

    secret = page.inner_text("#totp-secret").replace(" ", "")
    page.fill("#id_code", app_code(secret))
    page.click("#two-factor-setup input[type=submit]")
    page.locator("#recovery-codes").wait_for()
    sources["codes"] = page.content()
    found["codes"] = axe()

    page.goto(f"{live_server.url}{SETUP}")
    sources["active"] = page.content()
    found["active"] = axe()
    page.goto(f"{live_server.url}{USERS}")
    sign_out(page)

    sign_in_with_password(page, live_server)
    page.wait_for_url(re.compile(re.escape(VERIFY)))
    sources["verify"] = page.content()
    found["verify"] = axe()
    page.fill("#id_code", "000000")
    page.click("#two-factor-verify input[type=submit]")
    page.locator(".errorlist").wait_for()
    sources["verify-error"] = page.content()
    found["verify-error"] = axe()

    assert {name: violations for name, violations in found.items() if violations} == {}
    assert html_checker(sources) == []
