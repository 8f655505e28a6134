"""The admin login's lockout (django-axes): per username and IP address, with a cool-off."""

import datetime

from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.factories import STAFF_PASSWORD

ATTACKER = "203.0.113.66"
OFFICE = "198.51.100.7"


def log_in(ip, username="officer", password=STAFF_PASSWORD):
    """A login attempt from ``ip`` in a browser of its own; the client that made it."""
    client = Client(REMOTE_ADDR=ip)
    response = client.post(reverse("admin:login"), {"username": username, "password": password})
    client.last_response = response
    return client


def is_logged_in(client):
    return "_auth_user_id" in client.session


def fail_until_locked(ip, settings, username="officer"):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = log_in(ip, username, password="wrong guess").last_response
    return response


def test_wrong_passwords_lock_the_account_from_that_address(officer, settings):
    for attempt in range(1, settings.AXES_FAILURE_LIMIT):
        response = log_in(ATTACKER, password=f"guess {attempt}").last_response
        assert response.status_code == 200  # the form again, with its error
        assert "Please enter the correct username and password" in response.text

    response = log_in(ATTACKER, password="one guess too many").last_response

    assert response.status_code == 429
    assert "Too many failed logins for this account from your address" in response.text
    assert "30 minutes" in response.text


def test_the_right_password_is_refused_while_locked(officer, settings):
    fail_until_locked(ATTACKER, settings)

    client = log_in(ATTACKER)

    assert client.last_response.status_code == 429
    assert "Too many failed logins" in client.last_response.text
    assert not is_logged_in(client)


def test_staff_log_in_from_another_address_while_an_attacker_is_locked(officer, settings):
    fail_until_locked(ATTACKER, settings)

    client = log_in(OFFICE)

    assert client.last_response.status_code == 302
    assert is_logged_in(client)


def test_a_locked_address_does_not_lock_other_accounts(officer, settings):
    get_user_model().objects.create_user("editor", password=STAFF_PASSWORD, is_staff=True)
    fail_until_locked(ATTACKER, settings, username="officer")

    client = log_in(ATTACKER, username="editor")

    assert is_logged_in(client)


def test_the_lock_lifts_after_the_cool_off(officer, settings):
    fail_until_locked(ATTACKER, settings)
    assert not is_logged_in(log_in(ATTACKER))

    # The cool-off counts from the last failure: move it into the past.
    long_ago = AccessAttempt.objects.get().attempt_time - settings.AXES_COOLOFF_TIME
    AccessAttempt.objects.update(attempt_time=long_ago - datetime.timedelta(minutes=1))

    assert is_logged_in(log_in(ATTACKER))


def test_a_short_cool_off_from_the_settings_is_respected(officer, settings):
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=2)
    response = fail_until_locked(ATTACKER, settings)
    assert "2 minutes" in response.text

    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - datetime.timedelta(minutes=3)
    )

    assert is_logged_in(log_in(ATTACKER))


def test_staff_unlock_an_account_with_axes_reset(officer, settings):
    fail_until_locked(ATTACKER, settings)

    call_command("axes_reset_username", "officer", verbosity=0)

    assert is_logged_in(log_in(ATTACKER))


def test_a_successful_login_clears_earlier_failures(officer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(OFFICE, password="typo")
    assert is_logged_in(log_in(OFFICE))

    response = log_in(OFFICE, password="another typo").last_response

    assert response.status_code == 200  # counting starts again: one failure, not a lock


def test_guessing_one_account_from_many_addresses_pauses_it_for_everybody(officer, settings):
    settings.LOGIN_FAILURE_LIMIT_PER_USERNAME = 12
    # Four guesses from each address stay under the limit of an address (5).
    for number in range(3):
        for _ in range(4):
            log_in(f"203.0.113.{number}", password="wrong guess")

    client = log_in(OFFICE)

    assert client.last_response.status_code == 429
    assert "from several addresses" in client.last_response.text
    assert not is_logged_in(client)
    call_command("axes_reset_username", "officer", verbosity=0)
    assert is_logged_in(log_in(OFFICE))


def test_failures_below_the_accounts_limit_leave_other_addresses_free(officer, settings):
    settings.LOGIN_FAILURE_LIMIT_PER_USERNAME = 12
    for number in range(11):
        log_in(f"203.0.113.{number}", password="wrong guess")

    assert is_logged_in(log_in(OFFICE))
