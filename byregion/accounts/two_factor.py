"""Two-factor sign-in: who must use it, and the writes that enrol, renew and reset it.

A second factor is a TOTP app (django-otp's TOTPDevice) with recovery codes (a StaticDevice)
for when the phone is lost. It is required for administrators and anyone who can manage user
accounts, since they can hand out every other right; everyone else may turn it on, and from
then on must use it. byregion/accounts/middleware.py keeps unverified sessions out of the admin.
"""

from base64 import b32encode

from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "app"
RECOVERY_DEVICE_NAME = "reservekodar"


def requires_two_factor(user):
    """Return whether this user must sign in with a second factor to use the admin."""
    return bool(
        user.is_active
        and (
            user.is_superuser or user.has_perm("auth.change_user") or user.has_perm("auth.add_user")
        )
    )


def has_two_factor(user):
    """Return whether the user has a confirmed second factor, and so must use it."""
    return user_has_device(user, confirmed=True)


def pending_app(user):
    """Return the user's unconfirmed TOTP app, made now if there is none: its secret is shown once."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def secret_of(device):
    """Return the TOTP secret as an authenticator app wants it typed: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def device_matching(user, code):
    """Return the confirmed device (app or recovery codes) that accepts this code, or None.

    Spaces are ignored and recovery codes are compared in lower case. Each device throttles its
    own failures (django-otp), and a recovery code is used up by the match.
    """
    code = "".join(code.split()).lower()
    if not code:
        return None
    with transaction.atomic():
        for device in devices_for_user(user, for_verify=True):
            if device.verify_token(code):
                return device
    return None


def recovery_codes_renew(*, user):
    """Replace the user's recovery codes with new ones and return them, to be shown once."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def two_factor_enrol(*, device, code):
    """Confirm this pending app if the code is right; return the new recovery codes, or None."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, confirmed=False)
        if not device.verify_token("".join(code.split())):
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        return recovery_codes_renew(user=device.user)


def two_factor_reset(*, user):
    """Remove the user's app and recovery codes (a lost phone); return whether there were any.

    Sessions verified with them stop counting as verified at once (django-otp looks the device up
    on every request), and the user enrols anew at the next sign-in.
    """
    with transaction.atomic():
        apps, _ = TOTPDevice.objects.filter(user=user).delete()
        codes, _ = StaticDevice.objects.filter(user=user).delete()
    return bool(apps or codes)
