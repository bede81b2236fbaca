"""Field checks for contacts: Norwegian phone numbers and e-mail addresses, and telling them apart."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.translation import gettext_lazy as _

_PHONE_NOISE = re.compile(r"[\s().\-/]")
_LOOKS_LIKE_PHONE = re.compile(r"^\+?[\d\s().\-/]{8,}$")

validate_email = EmailValidator(
    message=_("Skriv ei gyldig e-postadresse, til dømes ola@kommune.no.")
)


def looks_like_email(value):
    return "@" in (value or "")


def looks_like_phone(value):
    return bool(_LOOKS_LIKE_PHONE.match((value or "").strip()))


def normalise_phone(value):
    """Return a Norwegian number as +47 and eight digits, or raise ValidationError."""
    value = (value or "").strip()
    if looks_like_email(value):
        raise ValidationError(
            _("«%(value)s» ser ut som ei e-postadresse, ikkje eit telefonnummer."),
            code="email_in_phone",
            params={"value": value},
        )
    digits = _PHONE_NOISE.sub("", value)
    if digits.startswith("0047"):
        digits = "+47" + digits[4:]
    elif not digits.startswith("+"):
        digits = "+47" + digits
    if not re.fullmatch(r"\+47[2-9]\d{7}", digits):
        raise ValidationError(
            _(
                "«%(value)s» er ikkje eit norsk telefonnummer. Skriv åtte siffer, til dømes 414 23 433."
            ),
            code="invalid_phone",
            params={"value": value},
        )
    return digits


def validate_phone(value):
    normalise_phone(value)


def validate_contact_email(value):
    """Refuse a phone number typed into the e-mail field with a message that says so."""
    if value and not looks_like_email(value) and looks_like_phone(value):
        raise ValidationError(
            _("«%(value)s» ser ut som eit telefonnummer, ikkje ei e-postadresse."),
            code="phone_in_email",
            params={"value": value},
        )
    validate_email(value)


def format_phone(value):
    """Show a stored number the Norwegian way: mobile 414 23 433, landline 35 06 50 00."""
    if not value or not value.startswith("+47") or len(value) != 11:
        return value or ""
    local = value[3:]
    if local[0] in "49":
        return f"{local[:3]} {local[3:5]} {local[5:]}"
    return " ".join(local[i : i + 2] for i in range(0, 8, 2))
