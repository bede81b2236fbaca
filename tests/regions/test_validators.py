"""Contacts: Norwegian phone numbers, e-mail, and the seed's swapped fields."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from regions.models import Contact
from regions.validators import format_phone, normalise_phone
from tests.factories import make_contact, make_region


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("414 23 433", "+4741423433"),
        ("+47 414 23 433", "+4741423433"),
        ("0047 41423433", "+4741423433"),
        ("35 06 50 00", "+4735065000"),
        ("(+47) 35-06-50-00", "+4735065000"),
    ],
)
def test_phone_numbers_are_stored_normalised(typed, stored):
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize(
    "typed", ["12345", "414 23 4333", "+46 70 123 45 67", "01234567", "ring meg"]
)
def test_other_phone_numbers_are_refused(typed):
    with pytest.raises(ValidationError, match="ikkje eit norsk telefonnummer"):
        normalise_phone(typed)


def test_phone_numbers_are_shown_the_norwegian_way():
    assert format_phone("+4741423433") == "414 23 433"
    assert format_phone("+4735065000") == "35 06 50 00"


@pytest.mark.django_db
def test_the_seeds_swapped_phone_and_email_are_refused_with_a_message_that_says_so():
    contact = Contact(
        region=make_region(), name="Ole Dalen", phone="od@vest-telemark.no", email="414 23 433"
    )
    with pytest.raises(ValidationError) as caught:
        contact.full_clean()
    errors = caught.value.message_dict
    assert "ser ut som ei e-postadresse, ikkje eit telefonnummer" in " ".join(errors["phone"])
    assert "ser ut som eit telefonnummer, ikkje ei e-postadresse" in " ".join(errors["email"])
    assert any("bytte om" in message for message in errors["phone"])


@pytest.mark.django_db
def test_a_clean_contact_stores_the_normalised_number():
    contact = Contact(
        region=make_region(), name="Ole Dalen", phone="414 23 433", email="od@vest-telemark.no"
    )
    contact.full_clean()
    contact.save()
    contact.refresh_from_db()
    assert contact.phone == "+4741423433"
    assert contact.phone_display == "414 23 433"


@pytest.mark.django_db
def test_the_database_refuses_a_phone_number_that_was_not_normalised():
    region = make_region()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_contact(region, phone="414 23 433")


@pytest.mark.django_db
def test_the_database_refuses_an_email_without_at():
    region = make_region()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_contact(region, email="41423433")
