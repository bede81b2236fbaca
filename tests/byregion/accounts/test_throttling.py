"""Throttling beyond one user name: failed logins per address across user names, and
password-reset requests per address and per account, answered alike whether the account exists."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from byregion.accounts.mail import wait_until_sent
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db

GUESSER = "198.51.100.7"
ELSEWHERE = "203.0.113.20"


def login(client, username, password, address=GUESSER):
    return client.post(
        reverse("admin:login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def signed_in(client):
    return "_auth_user_id" in client.session


def test_guesses_spread_over_user_names_lock_the_address(cast):
    guesser = Client()
    names = ["per", "kari", "ola", "vera", "ingen-slik"]
    guesses = [(name, f"gjetting-{n}") for name in names for n in range(4)]
    for name, password in guesses[:19]:
        assert login(guesser, name, password).status_code == 200

    # Nineteen failures, none of them five for one name: Astrid still signs in from there, and
    # that forgets her own failures only, not the guesses at the others.
    astrid = Client()
    assert login(astrid, "astrid", PASSWORD).status_code == 302
    assert signed_in(astrid)

    assert login(guesser, *guesses[19]).status_code == 429  # the twentieth locks
    late = Client()
    locked = login(late, "astrid", PASSWORD)
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Det har vore 20 mislukka forsøk på å logge inn frå denne adressa" in html
    assert "stengd ei stund, for alle brukarnamn" in html
    assert not signed_in(late)

    elsewhere = Client()
    assert login(elsewhere, "astrid", PASSWORD, address=ELSEWHERE).status_code == 302


def test_one_user_name_still_locks_after_five_failures_from_one_address(cast):
    client = Client()
    for n in range(5):
        login(client, "kari", f"feil-{n}")
    locked = login(client, "kari", PASSWORD)
    assert locked.status_code == 429
    assert "Det har vore 5 mislukka forsøk på å logge inn som «kari»" in locked.content.decode()
    # The address as a whole is not locked: someone else there signs in.
    assert login(Client(), "per", PASSWORD).status_code == 302


def reset(client, email, address=GUESSER):
    return client.post(reverse("admin_password_reset"), {"email": email}, REMOTE_ADDR=address)


def test_a_reset_answers_alike_whether_or_not_the_account_exists(cast):
    known, unknown = reset(Client(), "kari@byregion.test"), reset(Client(), "ingen@byregion.test")
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert Client().get(known.url).content == Client().get(unknown.url).content
    wait_until_sent()
    assert [message.to for message in mail.outbox] == [["kari@byregion.test"]]


@pytest.mark.parametrize("email", ["kari@byregion.test", "ingen@byregion.test"])
def test_resets_for_one_account_are_limited_from_any_address(cast, email):
    for n in range(3):
        assert reset(Client(), email, address=f"192.0.2.{n}").status_code == 302
    refused = reset(Client(), email.upper(), address="192.0.2.99")
    assert refused.status_code == 429
    assert "For mange førespurnader" in refused.content.decode()
    wait_until_sent()
    assert len(mail.outbox) == (3 if email.startswith("kari") else 0)


def test_resets_from_one_address_are_limited_across_accounts(cast):
    for n in range(10):
        assert reset(Client(), f"person{n}@byregion.test").status_code == 302
    refused = reset(Client(), "kari@byregion.test")
    assert refused.status_code == 429
    assert "For mange førespurnader" in refused.content.decode()
    assert reset(Client(), "kari@byregion.test", address=ELSEWHERE).status_code == 302
    wait_until_sent()
    assert [message.to for message in mail.outbox] == [["kari@byregion.test"]]
