"""Signing in to the admin in a real browser: the password, then the app's code where asked."""

import re

from django.urls import reverse

from tests.personas import PASSWORD
from tests.two_factor import code_for


def sign_in(page, live_server, username, url, *, app=None, password=PASSWORD):
    """Sign in as `username` from the login page and land on `url` (signing out whoever was in).

    With `app` (tests/two_factor.py `give_app`), the code it shows is given as the second factor.
    """
    page.context.clear_cookies()
    page.goto(f"{live_server.url}{reverse('admin:login')}?next={url}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    if app is not None:
        page.wait_for_url(re.compile(re.escape(reverse("two_factor_verify"))))
        page.fill("#id_code", code_for(app))
        page.click("#two-factor-verify input[type=submit]")
    page.wait_for_url(re.compile(rf"{re.escape(url)}$"))
