"""The staff handbook stays true: each of its tasks is done here in the admin, as the staff
group that does it, with demo-like data; the pictures in docs/handbook/images/ are taken on the
way (and committed), and every button or link the task names in bold quotes must be on a page
the task passes through, so renaming a button in the admin fails this test until the handbook
says the new name."""

import datetime
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image
from playwright.sync_api import expect

from applicants.models import Application
from faq.contact.models import ContactMessage
from imago_site.handbook import HANDBOOK, IMAGES
from imago_site.two_factor import new_recovery_codes
from tests.browser.test_accessibility import check_at_both_widths
from tests.factories import (
    STAFF_PASSWORD,
    ApplicationFactory,
    ContactMessageFactory,
    SubscriptionFactory,
    TrackFactory,
    TrainingFactory,
)
from tests.imago_site.conftest import remake_staff_groups
from trainings.models import Training

NAMED = re.compile(r"\*\*“([^”]+)”\*\*")
# Small pictures: the top of a laptop's screen, at one device pixel per CSS pixel.
VIEWPORT = {"width": 1280, "height": 800}
CLIP = {"x": 0, "y": 0, "width": 1280, "height": 640}


def handbook_sections():
    """Each task of the handbook (a second-level heading) with the texts it names in bold
    quotes, in order; the introduction is the part before the first task."""
    parts = re.split(r"^## ", (HANDBOOK / "README.md").read_text(encoding="utf-8"), flags=re.M)
    sections = {"Introduction": NAMED.findall(parts[0])}
    for part in parts[1:]:
        title, _newline, body = part.partition("\n")
        sections[title.strip()] = NAMED.findall(body)
    return sections


# The texts of what a person reads as a control or a heading, each on its own.
LABELS_SCRIPT = """() => Array.from(document.querySelectorAll(
    'a, button, option, label, h1, h2, h3, caption, input[type=submit]'
)).map(e => (e.value && e.tagName === 'INPUT' ? e.value : e.textContent))"""


class Walk:
    """One task done in the browser: the pages it passes and the labels seen on them."""

    def __init__(self, page, settings):
        self.page = page
        self.settings = settings
        self.seen = set()

    def look(self):
        for text in self.page.evaluate(LABELS_SCRIPT):
            self.seen.add(" ".join(text.split()).rstrip(":"))

    def picture(self, name):
        self.look()
        # The admin's few flat colours fit a palette of 64: a tenth of the bytes, as sharp.
        shot = Image.open(io.BytesIO(self.page.screenshot(clip=CLIP)))
        shot.quantize(colors=64).save(IMAGES / name, optimize=True)

    def choose_action(self, label):
        self.page.get_by_role("combobox", name="Action").select_option(label=label)
        self.look()

    def tick(self, text):
        row = self.page.locator("#result_list tbody tr", has_text=text)
        row.locator("input[name=_selected_action]").check()

    def tick_all(self):
        self.page.locator("#action-toggle").check()


def staff_member(group_name, username):
    if not Group.objects.filter(name=group_name).exists():
        remake_staff_groups()
    user = get_user_model().objects.create_user(username, password=STAFF_PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def log_in(walk, live_server, username):
    walk.page.goto(f"{live_server.url}/admin/")
    walk.page.get_by_label("Username").fill(username)
    walk.page.get_by_label("Password").fill(STAFF_PASSWORD)
    walk.page.get_by_role("button", name="Log in").click()
    expect(walk.page.get_by_role("link", name="Handbook")).to_be_visible()
    walk.look()


def open_list(walk, name):
    # The list's own row on the front page (its section's caption may have the same name).
    walk.page.locator("th[scope=row] a").get_by_text(name, exact=True).click()
    walk.look()


def clinical_berlin(**fields):
    return TrainingFactory(title="Clinical Berlin", track=TrackFactory(clinical=True), **fields)


def the_handbook_link(walk, live_server):
    staff_member("Admissions", "admissions")
    log_in(walk, live_server, "admissions")


def publish_a_training(walk, live_server):
    TrainingFactory(title="Clinical Lisbon 2027", status=Training.Status.DRAFT, modules=4)
    staff_member("Content editors", "editor")
    log_in(walk, live_server, "editor")
    open_list(walk, "Trainings")
    walk.tick("Clinical Lisbon 2027")
    walk.choose_action("Publish the selected trainings")
    walk.picture("publish-training.png")
    walk.page.get_by_role("button", name="Run").click()
    expect(walk.page.get_by_role("button", name="Publish them all the same")).to_be_visible()
    walk.picture("publish-held.png")


def answer_contact_messages(walk, live_server):
    # Names, topics and times of their own: the picture is the same on every run.
    for hour, name, topic in (
        (9, "Lucía Fernández", ContactMessage.Topic.FINANCES),
        (11, "Thabo Nkosi", ContactMessage.Topic.TRAINER_NEAR_ME),
        (15, "Jonas Berger", ContactMessage.Topic.ONLINE_CLASS),
    ):
        message = ContactMessageFactory(name=name, topic=topic)
        received = datetime.datetime(2026, 12, 1, hour, tzinfo=datetime.UTC)
        ContactMessage.objects.filter(pk=message.pk).update(created_at=received)
    staff_member("Enquiries", "enquiries")
    log_in(walk, live_server, "enquiries")
    open_list(walk, "Contact messages")
    walk.tick_all()
    walk.choose_action("Mark the selected messages as answered")
    walk.picture("contact-messages.png")


def review_applications(walk, live_server):
    training = clinical_berlin()
    ApplicationFactory.create_batch(4, training=training)
    staff_member("Admissions", "admissions")
    log_in(walk, live_server, "admissions")
    open_list(walk, "Applications")
    walk.page.locator("input[name=_selected_action]").first.check()
    for action in (
        "Assign reviewers to the selected applications",
        "Start the review of the selected applications",
        "Decline the selected applications, with a reason",
        "Accept the selected applications",
    ):
        walk.choose_action(action)
    walk.picture("review-applications.png")


def move_an_application(walk, live_server):
    application = ApplicationFactory(
        training=clinical_berlin(), name="Ana Ruiz", email="ana.ruiz@example.org"
    )
    TrainingFactory(title="PFT Lisbon", track=TrackFactory(facilitator=True))
    staff_member("Admissions", "admissions")
    log_in(walk, live_server, "admissions")
    open_list(walk, "Applications")
    walk.tick(application.email)
    walk.choose_action("Move the selected applications to another training")
    walk.picture("move-application.png")
    walk.page.get_by_role("button", name="Run").click()
    expect(walk.page.get_by_role("option", name=re.compile("PFT Lisbon"))).to_be_attached()
    walk.picture("move-form.png")


def manage_the_waiting_list(walk, live_server):
    training = clinical_berlin()
    ApplicationFactory.create_batch(2, training=training, status=Application.Status.ACCEPTED)
    ApplicationFactory.create_batch(3, training=training, status=Application.Status.WAITLISTED)
    staff_member("Admissions", "admissions")
    log_in(walk, live_server, "admissions")
    open_list(walk, "Applications")
    walk.page.get_by_role("link", name="On the waiting list").first.click()
    expect(walk.page.locator("#result_list tbody tr")).to_have_count(3)
    walk.picture("waiting-list.png")


def export_for_the_accountant(walk, live_server):
    staff_member("Accounts", "accounts")
    log_in(walk, live_server, "accounts")
    open_list(walk, "Invoices and credit notes")
    walk.page.get_by_role("link", name="Export for the accountant").click()
    walk.picture("export-accountant.png")


def read_the_demand(walk, live_server):
    SubscriptionFactory.create_batch(3)
    SubscriptionFactory(country="ES")
    staff_member("Enquiries", "enquiries")
    log_in(walk, live_server, "enquiries")
    open_list(walk, "Interest subscriptions")
    walk.page.get_by_role("link", name="Demand per country and track").click()
    walk.picture("interest-demand.png")


def a_lost_status_link(walk, live_server):
    ApplicationFactory(training=clinical_berlin())
    walk.page.goto(f"{live_server.url}/applications/lost-link/")
    walk.picture("lost-link.png")


def a_lost_authenticator(walk, live_server):
    # The second step of the login as in production, which the lost phone is about.
    walk.settings.STAFF_TWO_FACTOR = True
    user = staff_member("Admissions", "admissions")
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    recovery_code = new_recovery_codes(user)[0]
    walk.page.goto(f"{live_server.url}/admin/")
    walk.page.get_by_label("Username").fill("admissions")
    walk.page.get_by_label("Password").fill(STAFF_PASSWORD)
    walk.page.get_by_role("button", name="Log in").click()
    # The picture before typing: a code in it would change the picture on every run.
    walk.picture("two-step-verify.png")
    walk.page.get_by_label("Code").fill(recovery_code)
    walk.page.get_by_role("button", name="Verify").click()
    walk.page.get_by_role("link", name="Two-step login").click()
    walk.picture("two-step-login.png")


TASKS = {
    "Introduction": the_handbook_link,
    "Publish a training and its modules": publish_a_training,
    "Answer contact messages": answer_contact_messages,
    "Review and decide applications": review_applications,
    "Move someone to the PFT or another training": move_an_application,
    "Manage the waiting list": manage_the_waiting_list,
    "Export for the accountant": export_for_the_accountant,
    "Read the interest list's demand": read_the_demand,
    "A trainee lost their status link": a_lost_status_link,
    "You lost the phone with your authenticator": a_lost_authenticator,
}


def test_every_task_of_the_handbook_is_walked_here():
    assert set(handbook_sections()) == set(TASKS)


@pytest.mark.parametrize("title", list(TASKS))
def test_the_handbook_names_what_the_admin_shows(page, live_server, settings, title):
    page.set_viewport_size(VIEWPORT)
    page.set_default_timeout(10_000)
    walk = Walk(page, settings)
    TASKS[title](walk, live_server)
    named = handbook_sections()[title]
    assert named, f"the handbook's part {title!r} names no button or link"
    missing = [text for text in named if text not in walk.seen]
    assert not missing, f"{title!r} names what the admin no longer shows: {missing}"


def test_staff_open_the_handbook_from_the_admin(page, live_server, axe_source):
    walk = Walk(page, None)
    the_handbook_link(walk, live_server)
    page.get_by_role("link", name="Handbook").click()
    expect(page.get_by_role("heading", level=2, name="Export for the accountant")).to_be_visible()
    # Every picture loads (under the Content Security Policy) and none is broken.
    for image in page.locator(".handbook img").all():
        expect(image).to_have_js_property("complete", True)
        assert image.evaluate("image => image.naturalWidth") > 0
    check_at_both_widths(page, axe_source, "admin-handbook")
