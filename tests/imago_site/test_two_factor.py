"""The admin's second login step: codes from an authenticator app, and recovery codes."""

import base64
import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from imago_site.two_factor import device_being_set_up
from tests.factories import STAFF_PASSWORD, ApplicationFactory
from tests.imago_site.test_security_headers import PRODUCTION
from tests.imago_site.test_settings import load_settings
from tests.threads import run_at_once


@pytest.fixture
def two_factor(settings):
    settings.STAFF_TWO_FACTOR = True


@pytest.fixture
def authenticator(officer):
    """The officer's confirmed authenticator app."""
    return TOTPDevice.objects.create(user=officer, name="Phone", confirmed=True)


def code_from(device):
    """What the authenticator app shows now: the device's key through RFC 6238."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def log_in(client, username="officer", password=STAFF_PASSWORD, next_url="/admin/"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": next_url},
        follow=True,
    )


def test_production_turns_two_factor_on_and_local_development_leaves_it_off():
    production = load_settings(show="s.STAFF_TWO_FACTOR", **PRODUCTION)
    local = load_settings(show="s.STAFF_TWO_FACTOR", DJANGO_DEBUG="1")
    forced = load_settings(show="s.STAFF_TWO_FACTOR", DJANGO_DEBUG="1", DJANGO_STAFF_TWO_FACTOR="1")

    assert production.stdout.strip() == "True", production.stderr
    assert local.stdout.strip() == "False", local.stderr
    assert forced.stdout.strip() == "True", forced.stderr


def test_staff_without_an_authenticator_set_one_up_and_get_recovery_codes_once(
    client, two_factor, officer
):
    page = log_in(client)

    assert page.redirect_chain[-1][0].startswith(reverse("admin:two_factor_setup"))
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    secret = re.search(r'id="totp-secret">([A-Z2-7=]+)<', page.text).group(1)
    assert secret == device.config_url.split("secret=")[1].split("&")[0]
    assert "otpauth://totp/Imago%20portal%3Aofficer?secret=" in page.text
    assert 'src="data:image/svg+xml' in page.text  # the QR code, without inline script or style

    page = client.post(page.request["PATH_INFO"], {"code": code_from(device), "next": "/admin/"})
    codes_page = client.get(page.url)

    device.refresh_from_db()
    assert device.confirmed
    shown = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", codes_page.text)
    stored = set(StaticToken.objects.filter(device__user=officer).values_list("token", flat=True))
    assert len(shown) == 10
    assert set(shown) == stored
    again = client.get(page.url)
    assert not set(re.findall(r"<code>([a-z2-7]{8})</code>", again.text))
    assert "You have 10 unused recovery codes." in again.text
    assert client.get("/admin/").status_code == 200


def test_a_setup_code_that_does_not_match_is_refused(client, two_factor, officer):
    log_in(client)
    device = TOTPDevice.objects.get(user=officer)
    wrong = f"{(int(code_from(device)) + 1) % 1000000:06d}"

    page = client.post(reverse("admin:two_factor_setup"), {"code": wrong})

    assert "This code is not valid" in page.text
    device.refresh_from_db()
    assert not device.confirmed
    assert not StaticDevice.objects.exists()
    assert client.get("/admin/").status_code == 302


def test_the_password_alone_does_not_open_the_admin(client, two_factor, authenticator):
    application = ApplicationFactory(name="Ana Ruiz")
    page = log_in(client)

    assert page.redirect_chain[-1][0].startswith(reverse("admin:two_factor_verify"))
    assert "Enter the code from your authenticator app" in page.text
    for url in [
        "/admin/",
        reverse("admin:applicants_application_changelist"),
        reverse("admin:applicants_application_change", args=[application.pk]),
    ]:
        response = client.get(url, follow=True)
        assert response.redirect_chain[-1][0].startswith(reverse("admin:two_factor_verify"))
        assert "Ana Ruiz" not in response.text


def test_a_session_opened_without_the_second_step_is_refused(client, two_factor, authenticator):
    client.force_login(authenticator.user)

    response = client.get(reverse("admin:applicants_application_changelist"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_the_code_from_the_app_opens_the_page_asked_for(client, two_factor, authenticator):
    application = ApplicationFactory(name="Ana Ruiz")
    wanted = reverse("admin:applicants_application_change", args=[application.pk])
    log_in(client, next_url=wanted)

    page = client.post(
        reverse("admin:two_factor_verify"), {"code": code_from(authenticator), "next": wanted}
    )

    assert page.status_code == 302
    assert page.url == wanted
    assert "Ana Ruiz" in client.get(wanted).text


def test_a_used_code_cannot_be_replayed(client, two_factor, authenticator):
    code = code_from(authenticator)
    log_in(client)
    client.post(reverse("admin:two_factor_verify"), {"code": code})
    client.post(reverse("admin:two_factor_cancel"))

    log_in(client)
    page = client.post(reverse("admin:two_factor_verify"), {"code": code})

    assert "This code is not valid" in page.text
    assert client.get("/admin/").status_code == 302


def test_a_wrong_code_is_refused_with_a_message(client, two_factor, authenticator):
    wrong = f"{(int(code_from(authenticator)) + 500000) % 1000000:06d}"
    log_in(client)

    page = client.post(reverse("admin:two_factor_verify"), {"code": wrong})

    assert page.status_code == 200
    assert "This code is not valid" in page.text
    assert client.get("/admin/").status_code == 302


def test_a_recovery_code_works_once_only(client, two_factor, authenticator):
    device = StaticDevice.objects.create(user=authenticator.user, name="Recovery codes")
    first, second = (
        StaticToken.objects.create(device=device, token=code).token
        for code in ["abcd2345", "efgh6723"]
    )

    log_in(client)
    page = client.post(reverse("admin:two_factor_verify"), {"code": first.upper()})
    assert page.status_code == 302
    assert client.get("/admin/").status_code == 200
    client.post(reverse("admin:two_factor_cancel"))

    log_in(client)
    page = client.post(reverse("admin:two_factor_verify"), {"code": first})
    assert "This code is not valid" in page.text
    assert client.get("/admin/").status_code == 302
    assert list(device.token_set.values_list("token", flat=True)) == [second]


def test_a_verified_session_can_replace_the_recovery_codes(client, two_factor, authenticator):
    device = StaticDevice.objects.create(user=authenticator.user, name="Recovery codes")
    old = StaticToken.objects.create(device=device, token="abcd2345")
    log_in(client)
    client.post(reverse("admin:two_factor_verify"), {"code": code_from(authenticator)})

    page = client.post(reverse("admin:two_factor_recovery_codes"), follow=True)

    shown = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page.text)
    assert len(shown) == 10
    assert not StaticToken.objects.filter(pk=old.pk).exists()


def test_the_second_step_never_sends_staff_to_another_site(client, two_factor, authenticator):
    log_in(client)

    page = client.post(
        reverse("admin:two_factor_verify"),
        {"code": code_from(authenticator), "next": "https://evil.example/admin/"},
    )

    assert page.url == reverse("admin:index")


def test_logging_out_from_the_second_step_ends_the_session(client, two_factor, authenticator):
    log_in(client)

    client.post(reverse("admin:two_factor_cancel"))

    assert "_auth_user_id" not in client.session


def test_the_admin_never_shows_anyone_a_secret_key_or_recovery_code(authenticator, staff_client):
    recovery = StaticDevice.objects.create(user=authenticator.user, name="Recovery codes")
    StaticToken.objects.create(device=recovery, token="abcd2345")

    totp_page = staff_client.get(
        reverse("admin:otp_totp_totpdevice_change", args=[authenticator.pk])
    )
    static_page = staff_client.get(
        reverse("admin:otp_static_staticdevice_change", args=[recovery.pk])
    )

    assert totp_page.status_code == static_page.status_code == 200
    assert authenticator.key not in totp_page.text
    assert "abcd2345" not in static_page.text


@pytest.mark.django_db(transaction=True)
def test_setup_pages_opened_at_once_share_one_new_authenticator(officer):
    devices = run_at_once(6, lambda _number: device_being_set_up(officer).pk)

    assert len(devices) == 6
    assert set(devices) == set(TOTPDevice.objects.filter(user=officer).values_list("pk", flat=True))
    assert TOTPDevice.objects.filter(user=officer).count() == 1


def test_setup_works_after_two_unconfirmed_authenticators_were_left(client, two_factor, officer):
    first, _second = (
        TOTPDevice.objects.create(user=officer, name="Authenticator app", confirmed=False)
        for _ in range(2)
    )

    page = log_in(client)
    assert base64.b32encode(first.bin_key).decode() in page.text
    confirmed = client.post(reverse("admin:two_factor_setup"), {"code": code_from(first)})

    assert confirmed.status_code == 302
    assert list(TOTPDevice.objects.filter(user=officer).values_list("pk", "confirmed")) == [
        (first.pk, True)
    ]
