"""The Content Security Policy in a real browser: no page breaks it.

Chromium reports every blocked script, style, image or frame as a ``securitypolicyviolation``
event and a console message; both are collected from the first byte of each page.
"""

import pytest
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser.test_accessibility import PAGES, open_page_state
from tests.factories import SubscriptionFactory
from tests.imago_site.test_two_factor import code_from

LISTEN = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""


@pytest.fixture
def watched_page(page):
    """A page that records CSP violations and console messages on every page it opens."""
    page.add_init_script(LISTEN)
    page.console_messages_seen = []
    page.on("console", lambda message: page.console_messages_seen.append(message.text))
    return page


def violations(page):
    found = page.evaluate("window.cspViolations")
    found += [text for text in page.console_messages_seen if "Content Security Policy" in text]
    page.console_messages_seen.clear()
    return found


def test_no_public_page_violates_the_content_security_policy(watched_page, live_server, world):
    page = watched_page
    report = {}
    for name, address, action in PAGES:
        open_page_state(page, live_server, world, address, action)
        page.wait_for_load_state("load")
        report[name] = violations(page)

    subscription = SubscriptionFactory(confirmed_at=None)
    for name, path in [
        ("interest-confirm", subscription.get_confirm_url()),
        ("interest-unsubscribe", subscription.get_unsubscribe_url()),
    ]:
        page.goto(f"{live_server.url}{path}")
        report[name] = violations(page)

    assert len(report) == len(PAGES) + 2
    assert not any(report.values()), {name: found for name, found in report.items() if found}


def test_the_server_error_page_violates_nothing(watched_page, live_server, db, settings):
    settings.ROOT_URLCONF = "tests.imago_site.failing_urls"
    page = watched_page

    response = page.goto(f"{live_server.url}/fails/")

    assert response.status == 500
    expect(page.get_by_role("heading", name="Something went wrong on our side")).to_be_visible()
    assert violations(page) == []


def test_the_csrf_failure_page_violates_nothing(watched_page, live_server, db):
    page = watched_page
    page.goto(f"{live_server.url}/contact/")
    page.context.clear_cookies()
    page.locator("main form").last.locator("[type=submit]").last.click()
    page.wait_for_load_state("load")

    assert "The form could not be sent" in page.content()
    assert violations(page) == []


def test_the_admin_and_its_two_step_login_violate_nothing(
    watched_page,
    live_server,
    world,
    settings,
):
    settings.STAFF_TWO_FACTOR = True
    page = watched_page
    get_user_model().objects.create_superuser("boss", "boss@imago.example", "correct horse")
    application = world["application"]

    page.goto(f"{live_server.url}/admin/")
    assert violations(page) == []
    page.get_by_label("Username").fill("boss")
    page.get_by_label("Password").fill("correct horse")
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("img", name="QR code of the secret key below")).to_be_visible()
    assert violations(page) == []
    device = TOTPDevice.objects.get(user__username="boss")
    page.get_by_label("Code").fill(code_from(device))
    page.get_by_role("button", name="Confirm and continue").click()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    assert violations(page) == []
    page.get_by_role("link", name="I have saved them: continue").click()

    for path in [
        "/admin/",
        "/admin/applicants/application/",
        f"/admin/applicants/application/{application.pk}/change/",
        f"/admin/trainings/training/{application.training.pk}/change/",
        f"/admin/trainings/training/{application.training.pk}/history/",
        "/admin/admin/logentry/",
        "/admin/two-factor/recovery-codes/",
    ]:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("load")
        assert violations(page) == [], path
    expect(page.get_by_text("You have 10 unused recovery codes.")).to_be_visible()
