"""The staff's two-step login and lockout in a real browser, with axe-core's accessibility
checks on each of their pages."""

import time

from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser.test_accessibility import assert_no_violations
from tests.factories import STAFF_PASSWORD
from tests.imago_site.test_two_factor import code_from


def log_in(page, live_server, password=STAFF_PASSWORD):
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_staff_set_up_the_app_then_log_in_with_its_codes(
    page, live_server, axe_source, settings, officer
):
    settings.STAFF_TWO_FACTOR = True
    # After a wrong code, django-otp refuses any code for a second or more (throttling); this
    # person types the right code at once.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0

    log_in(page, live_server)
    expect(page.get_by_role("img", name="QR code of the secret key below")).to_be_visible()
    assert_no_violations(page, axe_source)
    page.get_by_label("Code").fill("12345")
    page.get_by_role("button", name="Confirm and continue").click()
    expect(page.get_by_text("This code is not valid")).to_be_visible()
    expect(page.get_by_label("Code")).to_have_attribute("aria-invalid", "true")
    assert_no_violations(page, axe_source)

    device = TOTPDevice.objects.get(user__username="officer")
    page.get_by_label("Code").fill(code_from(device))
    page.get_by_role("button", name="Confirm and continue").click()
    codes = page.locator(".recovery-codes li")
    expect(codes).to_have_count(10)
    assert_no_violations(page, axe_source)
    recovery_code = codes.first.inner_text()
    page.get_by_role("link", name="I have saved them: continue").click()
    expect(page.get_by_role("link", name="Applications")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    log_in(page, live_server)
    expect(page.get_by_text("Enter the code from your authenticator app")).to_be_visible()
    assert_no_violations(page, axe_source)
    page.get_by_label("Code").fill(recovery_code)
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("link", name="Applications")).to_be_visible()


def test_a_locked_login_gets_a_clear_page(page, live_server, axe_source, settings, officer):

    for attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(page, live_server, password=f"guess {attempt} {time.monotonic()}")

    expect(page.get_by_text("Too many failed logins for this account")).to_be_visible()
    assert_no_violations(page, axe_source)
    log_in(page, live_server)
    expect(page.get_by_text("Too many failed logins for this account")).to_be_visible()
