import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from applicants.models import Application
from tests.factories import ApplicationFactory, TrackFactory, TrainingFactory


@pytest.fixture
def tracks():
    clinical = TrackFactory(
        slug="clinical",
        name="Clinical Track",
        minimum_degree="master",
        degree_fields=["psychology", "social_work", "practical_theology"],
        licence_qualifies=True,
    )
    pft = TrackFactory(slug="professional-facilitator", name="Professional Facilitator Training")
    return clinical, pft


def fill_application(page, degree="Master's degree"):
    page.get_by_label("Full name").fill("Ana Ruiz")
    page.get_by_label("E-mail").fill("ana@example.org")
    page.get_by_role("combobox", name=re.compile(r"^Country\*?$")).select_option(label="Argentina")
    page.get_by_label("City").fill("Buenos Aires")
    page.get_by_label("Profession").fill("School counsellor")
    page.get_by_label("Highest degree").select_option(label=degree)
    page.get_by_label("Field of that degree").select_option(label="Psychology")
    page.get_by_role("group", name="Are you licensed to practise psychotherapy").get_by_label(
        "No"
    ).check()
    page.get_by_label("Years of practice").fill("6")
    page.get_by_label("Why do you want to join this training?").fill("To help couples.")
    page.get_by_role("group", name="Have you attended an Imago couples workshop").get_by_label(
        "Yes"
    ).check()
    page.get_by_role("group", name="Would you like to ask for financial assistance").get_by_label(
        "No"
    ).check()
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_label("I accept the training's attendance").check()


def test_an_eligible_person_applies_and_opens_their_status_page(page, live_server, tracks):
    TrainingFactory(title="Clinical Berlin", slug="clinical-berlin", track=tracks[0])

    page.goto(f"{live_server.url}/trainings/clinical-berlin/")
    page.get_by_role("link", name="Apply for this training").click()
    fill_application(page)
    page.get_by_role("button", name="Send my application").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thank you: your application is received"
    )
    page.get_by_role("link", name="Go to my status page").click()
    expect(page.get_by_role("heading", name="Status: Submitted")).to_be_visible()
    assert Application.objects.get().status == "submitted"


def test_a_non_eligible_person_moves_to_the_pft_without_retyping(page, live_server, tracks):
    TrainingFactory(title="Clinical Berlin", slug="clinical-berlin", track=tracks[0])
    TrainingFactory(title="PFT Lisbon", slug="pft-lisbon", track=tracks[1])

    page.goto(f"{live_server.url}/trainings/clinical-berlin/apply/")
    fill_application(page, degree="Bachelor's degree")
    page.get_by_role("button", name="Send my application").click()

    expect(
        page.get_by_role("heading", name="You do not meet the requirements of Clinical Track")
    ).to_be_visible()
    page.get_by_role("link", name="Apply to PFT Lisbon with my answers").click()

    expect(page.get_by_label("Full name")).to_have_value("Ana Ruiz")
    expect(page.get_by_label("Why do you want to join this training?")).to_have_value(
        "To help couples."
    )
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_label("I accept the training's attendance").check()
    page.get_by_role("button", name="Send my application").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thank you: your application is received"
    )
    application = Application.objects.get()
    assert application.training.slug == "pft-lisbon"
    assert application.motivation == "To help couples."


def test_staff_accept_an_application_and_the_applicant_sees_it(page, live_server, tracks):
    get_user_model().objects.create_superuser("boss", "boss@imago.example", "correct horse")
    application = ApplicationFactory(
        name="Ana Ruiz", status="under_review", training__track=tracks[0]
    )

    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Username").fill("boss")
    page.get_by_label("Password").fill("correct horse")
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/admin/applicants/application/")
    page.get_by_role("row", name=re.compile("Ana Ruiz")).get_by_role("checkbox").check()
    page.get_by_role("combobox", name=re.compile("^Action")).select_option(
        label="Accept the selected applications"
    )
    page.get_by_role("button", name="Run").click()
    expect(page.get_by_text("1 application accepted.")).to_be_visible()

    page.goto(f"{live_server.url}{application.get_absolute_url()}")
    expect(page.get_by_role("heading", name="Status: Accepted")).to_be_visible()
