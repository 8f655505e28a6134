"""A trainer takes attendance on a phone, through the admin's login, and the trainee sees the
hours on their status page."""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from playwright.sync_api import expect
from pypdf import PdfReader

from applicants.models import Application, Certificate
from tests.factories import STAFF_PASSWORD, ApplicationFactory, TrainerFactory, TrainingFactory
from tests.imago_site.conftest import groups  # noqa: F401  (the staff groups, as migrated)

pytestmark = pytest.mark.usefixtures("javascript")
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def two_module_cohort(live_server, groups):  # noqa: F811
    """A two-module cohort (12 contact hours each, the track asking for 75%), its trainer
    Maria with a staff account in the Faculty group, and two accepted trainees."""
    training = TrainingFactory(title="Clinical Berlin", modules=2)
    training.track.certificate_share = 75
    training.track.save(update_fields=["certificate_share"])
    training.modules.update(contact_hours=Decimal(12))
    user = get_user_model().objects.create_user("maria", password=STAFF_PASSWORD, is_staff=True)
    user.groups.add(groups["Faculty"])
    training.trainers.add(TrainerFactory(name="Maria Lopes", user=user))
    ana = ApplicationFactory(training=training, name="Ana Ruiz", status="accepted")
    ApplicationFactory(training=training, name="Ben Okafor", status="accepted")
    return ana


def module_link(number):
    # The training's name is hidden but for screen readers (a space may come before the comma).
    return re.compile(rf"^Module {number}\W+Clinical Berlin$")


def assert_fits(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways: {width} px"


def test_a_trainer_takes_attendance_on_a_phone_and_the_trainee_sees_the_hours(
    page, new_context, live_server, two_module_cohort
):
    ana = two_module_cohort
    page.set_viewport_size(PHONE)

    page.goto(f"{live_server.url}/attendance/")
    page.get_by_label("Username").fill("maria")
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Take attendance")
    assert_fits(page)

    # The first module: Ana present (a tap), Ben in part, by keyboard, with too many hours.
    page.get_by_role("link", name=module_link(1)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Attendance: Module 1")
    assert_fits(page)
    page.get_by_role("group", name="Ana Ruiz").get_by_text("Present", exact=True).click()
    ben = page.get_by_role("group", name="Ben Okafor")
    ben.get_by_role("radio", name="Present", exact=True).focus()
    page.keyboard.press("ArrowRight")
    expect(ben.get_by_role("radio", name="Present in part")).to_be_checked()
    page.keyboard.press("Tab")
    page.keyboard.type("20")
    page.keyboard.press("Enter")

    expect(page.get_by_role("alert")).to_contain_text("Nothing is saved yet")
    ben = page.get_by_role("group", name="Ben Okafor")
    expect(ben.get_by_text("At most the module's 12 hours.")).to_be_visible()
    expect(
        page.get_by_role("group", name="Ana Ruiz").get_by_role("radio", name="Present", exact=True)
    ).to_be_checked()
    assert_fits(page)
    ben.get_by_role("textbox").fill("6")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Attendance saved.")

    # The second module: Ana present, Ben absent.
    page.get_by_role("link", name="All modules").click()
    page.get_by_role("link", name=module_link(2)).click()
    page.get_by_role("group", name="Ana Ruiz").get_by_text("Present", exact=True).click()
    page.get_by_role("group", name="Ben Okafor").get_by_text("Absent", exact=True).click()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text(
        "1 trainee has completed the training: their certificate is issued."
    )
    assert Certificate.objects.get().application_id == ana.pk

    trainee = new_context().new_page()
    trainee.set_viewport_size(PHONE)
    trainee.goto(f"{live_server.url}{ana.get_absolute_url()}")
    path = trainee.get_by_role("region", name="Your training")
    expect(path).to_contain_text("Hours credited so far: 24 of the 18 the certificate needs.")
    expect(path).to_contain_text("Present: 12 hours")
    expect(path).to_contain_text("You have completed the training.")
    assert_fits(trainee)

    # Ana downloads her certificate; a stranger verifies it from the address printed on it.
    certificate = Certificate.objects.get()
    with trainee.expect_download() as download_info:
        path.get_by_role("link", name=re.compile(f"Certificate no. {certificate.number}")).click()
    text = PdfReader(download_info.value.path()).pages[0].extract_text()
    assert "Ana Ruiz" in text and "24" in text
    address = re.search(r"https?://\S+/certificates/[A-Z0-9-]+/", text.replace("\n", ""))
    assert address, text
    stranger = new_context().new_page()
    stranger.set_viewport_size(PHONE)
    stranger.goto(address.group(0).replace(settings.SITE_URL, live_server.url))
    expect(stranger.get_by_text("This certificate is valid.")).to_be_visible()
    expect(stranger.get_by_text("Ana Ruiz")).to_be_visible()
    assert_fits(stranger)

    ben_page = new_context().new_page()
    ben_application = Application.objects.get(name="Ben Okafor")
    ben_page.goto(f"{live_server.url}{ben_application.get_absolute_url()}")
    expect(ben_page.get_by_role("region", name="Your training")).to_contain_text(
        "Present in part: 6 hours"
    )
