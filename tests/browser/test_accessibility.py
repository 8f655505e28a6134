"""Accessibility: axe-core (WCAG 2.2 AA rules) on every public page and form state, no
horizontal scrolling on a 360 px phone or at 200% zoom, and a screenshot of each page.

axe-core comes from node_modules (package.json pins it); see the ``axe_source`` fixture.
"""

import re
import time
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import signing
from django.urls import reverse
from playwright.sync_api import expect

from applicants.attendance import taking as attendance
from applicants.attendance.models import Attendance
from applicants.certificates import issuing as certificates
from applicants.invoices import issuing
from applicants.models import Application, Document, Payment
from applicants.reviews import reviewing
from applicants.views.apply import RECEIVED_SALT
from faq.contact.views import SENT_SALT
from tests.browser.test_apply_flow import fill_application
from tests.factories import (
    STAFF_PASSWORD,
    ApplicationFactory,
    DraftFactory,
    accepted,
    stored_document,
)
from tests.imago_site.conftest import (
    groups,  # noqa: F401  (the staff groups, as migrated)
    remake_staff_groups,
)
from trainings.models import ReviewCriterion

SCREENSHOTS = Path("test-results/screenshots")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# axe-core's "best practice" rules for the page's structure, on top of the WCAG ones: screen
# reader users move through a page by its headings and landmarks.
STRUCTURE_RULES = [
    "heading-order",
    "page-has-heading-one",
    "landmark-one-main",
    "landmark-unique",
    "region",
]
PHONE = 360
DESKTOP = 1280


def submit_empty(page):
    page.locator("main form").last.locator("[type=submit]").last.click()
    page.wait_for_load_state()


def send_empty(page):
    """Send the application form empty, with its first button (the one Enter presses)."""
    page.locator("main form").last.locator("[type=submit]").first.click()
    page.wait_for_load_state()


def save_empty(page):
    page.get_by_role("button", name="Save and continue later").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()


def refused_application(page):
    fill_application(page, degree="Bachelor's degree")
    page.get_by_role("button", name="Send my application").click()
    expect(page.get_by_role("link", name="Apply to PFT Lisbon with my answers")).to_be_visible()


def interest_errors(page):
    submit_empty(page)
    expect(page.locator(".invalid-feedback, .is-invalid").first).to_be_attached()


def refused_document(page):
    page.get_by_label("Copy of your degree or licence").set_input_files(
        {"name": "degree.pdf", "mimeType": "application/pdf", "buffer": b"MZ not a PDF at all"}
    )
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("Please send a PDF, JPEG or PNG file")).to_be_visible()


def application_url(name):
    return lambda world: world["application"].get_absolute_url() + name


def unconfirmed(address):
    """The ``address`` (a function of the application) of a new application whose e-mail
    address is still to be confirmed."""

    def make(world):
        training = world["application"].training
        return address(ApplicationFactory(training=training, unconfirmed=True))

    return make


def paying(address):
    """The ``address`` (a function of the application) of an accepted trainee of the open
    training with billing details, its first invoice partly paid, one cancelled and issued
    again, and the rest of the plan to come."""

    def make(world):
        application = accepted(training=world["application"].training)
        first = issuing.issue_due_invoices(application)[0]
        _note, again = issuing.reissue_invoice(first, "Wrong address")
        Payment.objects.create(
            invoice=again,
            amount=again.total / 2,
            currency=again.currency,
            received_on=again.issued_on,
        )
        return address(application)

    return make


def trainee_on_the_way(world):
    """The status page of an accepted trainee of the open training: the first module attended,
    the second in part, the others to come."""
    training = world["application"].training
    application = ApplicationFactory(training=training, status=Application.Status.ACCEPTED)
    training.modules.update(contact_hours=12)
    first, second = training.modules.order_by("number")[:2]
    attendance.record_attendance(first, [(application, "present", 0)], None)
    attendance.record_attendance(second, [(application, "partial", 7)], None)
    return application.get_absolute_url()


def certified(address):
    """The ``address`` (a function of the certificate) of a trainee of the open training who
    attended every module and was issued their certificate."""

    def make(world):
        application = ApplicationFactory(
            training=world["application"].training, status=Application.Status.ACCEPTED
        )
        for module in application.training.modules.all():
            Attendance.objects.create(application=application, module=module, status="present")
        return address(certificates.issue_if_complete(application))

    return make


def billing_errors(page):
    page.get_by_label("Street and number").fill("   ")
    page.get_by_role("button", name="Save billing details").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()


def draft_url(world):
    """The link of a draft of the open training: a few answers, and its CV uploaded."""
    training = world["application"].training
    draft = DraftFactory(
        training=training,
        answers={"name": "Ana Ruiz", "email": "ana@example.org", "motivation": "To help"},
    )
    cv = stored_document(None, training.track.documents_asked().first(), "cv.pdf")
    Document.objects.filter(pk=cv.pk).update(draft=draft)
    return draft.get_absolute_url()


def received_url(world):
    """The page after the form: the training and a deadline two days away, signed."""
    sent = [world["application"].training_id, int(time.time()) + 48 * 3600]
    return f"/applications/received/{signing.dumps(sent, salt=RECEIVED_SALT)}/"


# (id, address, optional action on the page once it is open)
PAGES = [
    ("home", "/", None),
    ("catalogue", "/trainings/", None),
    ("catalogue-near", "/trainings/?near=Lisbon", None),
    ("catalogue-unknown-place", "/trainings/?near=Xyzzy", None),
    ("catalogue-bad-filter", "/trainings/?month=someday&format=teleport", None),
    ("training-open", "/trainings/clinical-berlin/", None),
    ("training-closed", "/trainings/clinical-madrid/", None),
    ("training-cancelled", "/trainings/clinical-paris/", None),
    ("track", "/tracks/clinical/", None),
    ("track-pathway", "/tracks/online-first-module/", None),
    ("faculty", "/faculty/", None),
    ("trainer", "/faculty/maria-lopes/", None),
    ("faq", "/faq/", None),
    ("faq-search", "/faq/?q=fees", None),
    ("faq-no-result", "/faq/?q=xylophone", None),
    ("contact", "/contact/", None),
    ("contact-errors", "/contact/", submit_empty),
    (
        "contact-sent",
        lambda world: f"/contact/sent/{signing.dumps(world['contact'].pk, salt=SENT_SALT)}/",
        None,
    ),
    ("eligibility", "/eligibility/", None),
    ("eligibility-errors", "/eligibility/?degree_level=", None),
    (
        "eligibility-result",
        "/eligibility/?degree_level=bachelor&degree_field=psychology&has_licence=no&country=PT",
        None,
    ),
    ("apply", "/trainings/clinical-berlin/apply/", None),
    ("apply-errors", "/trainings/clinical-berlin/apply/", send_empty),
    ("apply-draft-errors", "/trainings/clinical-berlin/apply/", save_empty),
    ("draft-saved", "/trainings/clinical-berlin/apply/saved/", None),
    ("draft", draft_url, None),
    ("apply-refused", "/trainings/clinical-berlin/apply/", refused_application),
    ("apply-closed", "/trainings/clinical-madrid/apply/", None),
    ("received", received_url, None),
    ("status", application_url(""), None),
    ("status-unconfirmed", unconfirmed(lambda application: application.get_absolute_url()), None),
    ("confirm", unconfirmed(lambda application: application.get_confirm_url()), None),
    ("status-document-refused", application_url(""), refused_document),
    ("withdraw", application_url("withdraw/"), None),
    ("status-paying", paying(lambda application: application.get_absolute_url()), None),
    ("certificate", certified(lambda certificate: certificate.get_absolute_url()), None),
    ("certificate-lookup", "/certificates/", None),
    ("certificate-unknown", "/certificates/AAAA-BBBB-CCCC-DDDD/", None),
    (
        "supervision",
        certified(lambda c: reverse("applicants:supervision", args=[c.application.token])),
        None,
    ),
    ("billing", paying(lambda a: reverse("applicants:billing", args=[a.token])), None),
    (
        "billing-errors",
        paying(lambda a: reverse("applicants:billing", args=[a.token])),
        billing_errors,
    ),
    (
        "withdraw-accepted",
        paying(lambda a: reverse("applicants:withdraw", args=[a.token])),
        None,
    ),
    ("status-training", trainee_on_the_way, None),
    ("lost-link", "/applications/lost-link/", None),
    ("interest", "/interest/", None),
    ("interest-errors", "/interest/", interest_errors),
    ("interest-sent", "/interest/check-your-inbox/", None),
    ("privacy", "/privacy/", None),
    ("accessibility", "/accessibility/", None),
    ("not-found", "/no-such-page/", None),
]


def assert_no_violations(page, axe_source):
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source)
    result = page.evaluate(
        """([tags, rules]) => axe.run(document, {
            runOnly: {type: "tag", values: tags},
            rules: Object.fromEntries(rules.map((rule) => [rule, {enabled: true}])),
        })""",
        [WCAG_TAGS, STRUCTURE_RULES],
    )
    assert result["passes"], "axe-core checked nothing"
    violations = result["violations"]
    report = "\n".join(
        f"{violation['id']} ({violation['impact']}): {violation['help']}\n"
        + "\n".join(f"    {node['target']}" for node in violation["nodes"])
        for violation in violations
    )
    assert not violations, f"axe-core found on {page.url}:\n{report}"


def assert_no_horizontal_scroll(page, width):
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} scrolls sideways at {width} px: {scroll_width} px"


def open_page_state(page, live_server, world, address, action, prefix=""):
    """Open one page (``prefix``: a language's, such as ``/es``) and bring it to its state."""
    path = address(world) if callable(address) else address
    page.set_viewport_size({"width": DESKTOP, "height": 900})
    response = page.goto(f"{live_server.url}{prefix}{path}")
    if action:
        action(page)
    return response


def check_at_both_widths(page, axe_source, screenshot_name):
    expect(page.locator("h1")).to_have_count(1)
    assert_no_violations(page, axe_source)
    page.screenshot(path=SCREENSHOTS / f"{screenshot_name}-{DESKTOP}.png", full_page=True)

    page.set_viewport_size({"width": PHONE, "height": 800})
    assert_no_horizontal_scroll(page, PHONE)
    assert_no_violations(page, axe_source)
    page.screenshot(path=SCREENSHOTS / f"{screenshot_name}-{PHONE}.png", full_page=True)


@pytest.mark.parametrize(("name", "address", "action"), PAGES, ids=[p[0] for p in PAGES])
def test_every_public_page_passes_axe_and_fits_a_phone(
    page, live_server, world, axe_source, name, address, action
):
    response = open_page_state(page, live_server, world, address, action)
    assert response.status == (404 if name in ("not-found", "certificate-unknown") else 200)
    if name == "apply-errors":
        assert Application.objects.count() == 1  # the empty form was refused, not stored

    check_at_both_widths(page, axe_source, name)


def attendance_errors(page):
    trainee = page.get_by_role("main").get_by_role("group").first
    trainee.get_by_text("Present in part", exact=True).click()
    trainee.get_by_role("textbox").fill("99")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_be_visible()


@pytest.mark.parametrize(
    ("name", "action"),
    [("attendance-list", None), ("attendance", "open"), ("attendance-errors", "errors")],
)
def test_the_attendance_pages_pass_axe_and_fit_a_phone(
    page, live_server, world, axe_source, officer, name, action
):
    training = world["application"].training
    ApplicationFactory.create_batch(2, training=training, status=Application.Status.ACCEPTED)
    page.goto(f"{live_server.url}/attendance/")
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Take attendance")
    if action:
        # The training's name is hidden but for screen readers (a space may come before the comma).
        page.get_by_role("link", name=re.compile(rf"^Module 1\W+{training.title}$")).click()
        if action == "errors":
            attendance_errors(page)

    check_at_both_widths(page, axe_source, name)


def admissions_officer():
    """A staff account in the Admissions group, as the data migration makes it (another
    browser test, which empties every table when it ends, may have run first)."""
    if not Group.objects.filter(name="Admissions").exists():
        remake_staff_groups()
    user = get_user_model().objects.create_user(
        "admissions", password=STAFF_PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name="Admissions"))
    return user


def test_the_admin_front_page_passes_axe_and_fits_a_phone(page, live_server, world, axe_source):
    ApplicationFactory.create_batch(3, training=world["application"].training)
    admissions_officer()
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Username").fill("admissions")
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=2, name="Applications per week")).to_be_visible()
    expect(
        page.get_by_role("table", name=re.compile("^Applications received each week"))
    ).to_be_visible()

    check_at_both_widths(page, axe_source, "admin-front-page")


# Translated pages have their own lengths (German words are long) and must name their language.
TRANSLATED = [
    "home",
    "catalogue",
    "training-open",
    "track-pathway",
    "apply-errors",
    "draft-saved",
    "status-paying",
    "faq",
    "contact",
]
TRANSLATED_PAGES = [
    (language, *page_state)
    for language in ("es", "de")
    for page_state in PAGES
    if page_state[0] in TRANSLATED
]


@pytest.mark.parametrize(
    ("language", "name", "address", "action"),
    TRANSLATED_PAGES,
    ids=[f"{language}-{name}" for language, name, _address, _action in TRANSLATED_PAGES],
)
def test_spanish_and_german_pages_pass_axe_and_name_their_language(
    page, live_server, world, axe_source, language, name, address, action
):
    response = open_page_state(page, live_server, world, address, action, prefix=f"/{language}")
    assert response.status == 200
    if name == "apply-errors":
        expect(page.locator(".invalid-feedback").first).to_be_visible()

    expect(page.locator("html")).to_have_attribute("lang", language)
    check_at_both_widths(page, axe_source, f"{name}-{language}")


@pytest.mark.parametrize(
    "path",
    [
        "/trainings/?near=Lisbon",
        "/trainings/clinical-berlin/",
        "/trainings/clinical-berlin/apply/",
        "/tracks/online-first-module/",
    ],
    ids=["catalogue", "training", "apply", "track-pathway"],
)
def test_no_horizontal_scroll_at_200_percent_zoom(new_context, live_server, world, path):
    # A 1280 px window at 200% zoom lays the page out in 640 CSS pixels. pytest-playwright's
    # new_context closes the context and keeps its screenshot if the test fails.
    zoomed = new_context(viewport={"width": 640, "height": 450}, device_scale_factor=2).new_page()
    zoomed.goto(f"{live_server.url}{path}")
    assert_no_horizontal_scroll(zoomed, 640)


def test_the_statement_is_linked_from_every_page_and_says_where_to_ask(page, live_server, settings):
    page.goto(f"{live_server.url}/faq/")
    page.get_by_role("contentinfo").get_by_role("link", name="Accessibility").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Accessibility statement")
    help_link = page.get_by_role("main").get_by_role("link", name=settings.INSTITUTE_EMAIL)
    expect(help_link).to_have_attribute("href", f"mailto:{settings.INSTITUTE_EMAIL}")


@pytest.mark.parametrize(
    ("name", "action"),
    [("reviews-list", None), ("review", "open"), ("review-errors", "errors")],
)
def test_the_review_pages_pass_axe_and_fit_a_phone(
    page,
    live_server,
    world,
    axe_source,
    groups,  # noqa: F811
    name,
    action,
):
    application = world["application"]
    track = application.training.track
    for position, criterion in enumerate(["Clinical experience", "Motivation"], start=1):
        ReviewCriterion.objects.create(
            track=track, name_en=criterion, guidance_en="1: none yet; 5: years", position=position
        )
    user = get_user_model().objects.create_user(
        "reviewer", password=STAFF_PASSWORD, is_staff=True, first_name="Joanna"
    )
    user.groups.add(groups["Reviewers"])
    reviewing.assign(application, [user])
    page.goto(f"{live_server.url}/reviews/")
    page.get_by_label("Username").fill("reviewer")
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reviews")
    if action:
        page.get_by_role("link", name=re.compile(rf"^{application.name}\W")).click()
        if action == "errors":
            page.get_by_label("Comment").fill("Worth a talk about supervision.")
            page.get_by_role("button", name="Send the review").click()
            expect(page.get_by_role("alert")).to_be_visible()
            expect(page.get_by_label("Comment")).to_have_value("Worth a talk about supervision.")

    check_at_both_widths(page, axe_source, name)


@pytest.mark.parametrize("stopped", [False, True], ids=["asking", "stopped"])
def test_the_stop_reminders_page_passes_axe_and_fits_a_phone(
    page, live_server, world, axe_source, stopped
):
    application = world["application"]
    page.goto(f"{live_server.url}/applications/{application.token}/stop-reminders/")
    if stopped:
        page.get_by_role("button", name="Stop the reminders").click()
        expect(page.get_by_role("status")).to_contain_text("no more reminders")

    check_at_both_widths(page, axe_source, "stop-reminders-" + ("stopped" if stopped else "asking"))
