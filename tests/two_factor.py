"""Two-factor sign-in in tests: a confirmed app for a user, the code it shows, and a signed-in
test client whose session has given its second factor where the admin asks for one."""

import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from byregion.accounts.two_factor import has_two_factor, requires_two_factor


def give_app(user):
    """Return the user's confirmed authenticator app, set up now if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def code_for(device, steps_ahead=0):
    """Return the code the app shows now, or `steps_ahead` 30-second steps from now.

    A code is accepted once: a second sign-in within the same step uses the next step's code,
    which the device accepts (one step of tolerance) without waiting.
    """
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def sign_in(client, user):
    """Log the test client in as the user, with the second factor given if the admin asks for it."""
    client.force_login(user)
    if requires_two_factor(user) or has_two_factor(user):
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = give_app(user).persistent_id
        session.save()
    return client
