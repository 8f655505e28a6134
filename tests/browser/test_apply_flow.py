import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from applicants.models import Application, Draft
from tests.browser.test_interest_list import link_in
from tests.factories import (
    ApplicationFactory,
    DocumentRequirementFactory,
    TrackFactory,
    TrainingFactory,
)
from tests.files import pdf_bytes, png_bytes
from tests.worker import run_worker

pytestmark = pytest.mark.usefixtures("javascript")


@pytest.fixture
def tracks():
    clinical = TrackFactory(clinical=True)
    pft = TrackFactory(facilitator=True)
    return clinical, pft


# The application form's labels as an English reader sees them; other languages' journeys pass
# their own words to fill_application().
ENGLISH = {
    "name": "Full name",
    "email": "E-mail",
    "country": re.compile(r"^Country\*?$"),  # not "Country that issued the licence"
    "city": "City",
    "profession": "Profession",
    "degree": "Highest degree",
    "field": "Field of that degree",
    "psychology": "Psychology",
    "licensed": "Are you licensed to practise psychotherapy",
    "years": "Years of practice",
    "motivation": "Why do you want to join this training?",
    "workshop": "Have you attended an Imago couples workshop",
    "assistance": "Would you like to ask for financial assistance",
    "yes": "Yes",
    "no": "No",
    "privacy": "I have read the privacy notice",
    "policy": "I accept the training's attendance",
}


def fill_application(page, degree="Master's degree", words=ENGLISH):
    page.get_by_label(words["name"]).fill("Ana Ruiz")
    page.get_by_label(words["email"]).fill("ana@example.org")
    page.get_by_role("combobox", name=words["country"]).select_option(label="Argentina")
    page.get_by_label(words["city"]).fill("Buenos Aires")
    page.get_by_label(words["profession"]).fill("School counsellor")
    page.get_by_label(words["degree"]).select_option(label=degree)
    page.get_by_label(words["field"]).select_option(label=words["psychology"])
    page.get_by_role("group", name=words["licensed"]).get_by_label(words["no"]).check()
    page.get_by_label(words["years"]).fill("6")
    page.get_by_label(words["motivation"]).fill("To help couples.")
    page.get_by_role("group", name=words["workshop"]).get_by_label(words["yes"]).check()
    page.get_by_role("group", name=words["assistance"]).get_by_label(words["no"]).check()
    page.get_by_label(words["privacy"]).check()
    page.get_by_label(words["policy"]).check()


def test_an_eligible_person_applies_confirms_from_the_mail_and_sees_their_status_page(
    page, new_context, live_server, smtp_server, settings, tracks
):
    settings.SITE_URL = live_server.url  # the links in the mail lead to this server
    TrainingFactory(title="Clinical Berlin", slug="clinical-berlin", track=tracks[0])

    page.goto(f"{live_server.url}/trainings/clinical-berlin/")
    page.get_by_role("link", name="Apply for this training").click()
    fill_application(page)
    page.get_by_role("button", name="Send my application").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    expect(page.get_by_role("main")).to_contain_text("Confirm by")
    application = Application.objects.get()
    assert (application.status, application.confirmed_at) == ("submitted", None)
    assert smtp_server.messages_to("ana@example.org") == []  # sent by the task worker

    run_worker()
    [message] = smtp_server.messages_to("ana@example.org")
    confirm_url = link_in(message, rf"{re.escape(live_server.url)}/applications/confirm/\S+")

    # The applicant opens the link from their mail program: a new window, no cookies.
    inbox = new_context().new_page()
    inbox.goto(confirm_url)
    expect(inbox.get_by_role("heading", level=1)).to_have_text("Confirm your e-mail address")
    application.refresh_from_db()
    assert application.confirmed_at is None  # opening the link confirms nothing
    inbox.get_by_role("button", name="Yes, this is my address").click()

    expect(inbox).to_have_url(f"{live_server.url}{application.get_absolute_url()}")
    expect(inbox.get_by_role("heading", name="Status: Submitted")).to_be_visible()
    expect(inbox.get_by_role("status")).to_contain_text("your e-mail address is confirmed")
    expect(inbox.get_by_text("The e-mail address was confirmed.")).to_be_visible()
    application.refresh_from_db()
    assert application.confirmed_at is not None


def test_an_applicant_sends_a_cv_and_a_degree_copy_confirms_and_finds_them_on_the_status_page(
    page, new_context, live_server, smtp_server, settings, tracks, tmp_path
):
    settings.SITE_URL = live_server.url
    DocumentRequirementFactory(track=tracks[0], name="CV", explanation="One or two pages.")
    DocumentRequirementFactory(track=tracks[0], name="Copy of your degree or licence")
    TrainingFactory(title="Clinical Berlin", slug="clinical-berlin", track=tracks[0])
    cv, degree = tmp_path / "cv.pdf", tmp_path / "degree.png"
    cv.write_bytes(pdf_bytes())
    degree.write_bytes(png_bytes())

    page.goto(f"{live_server.url}/trainings/clinical-berlin/apply/")
    fill_application(page)
    page.get_by_label("I accept the training's attendance").uncheck()
    page.get_by_label(re.compile(r"^\s*CV\*?\s*$")).set_input_files(cv)
    page.get_by_label("Copy of your degree or licence").set_input_files(degree)
    page.get_by_role("button", name="Send my application").click()

    # Sent back for the policy, the files stay: nothing to choose again.
    expect(
        page.get_by_text("cv.pdf — uploaded (choose another file to replace it)")
    ).to_be_visible()
    expect(
        page.get_by_text("degree.png — uploaded (choose another file to replace it)")
    ).to_be_visible()
    page.get_by_label("I accept the training's attendance").check()
    page.get_by_role("button", name="Send my application").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")

    run_worker()
    [message] = smtp_server.messages_to("ana@example.org")
    confirm_url = link_in(message, rf"{re.escape(live_server.url)}/applications/confirm/\S+")
    page = new_context().new_page()
    page.goto(confirm_url)
    page.get_by_role("button", name="Yes, this is my address").click()
    expect(page.get_by_role("status")).to_contain_text("your e-mail address is confirmed")
    documents = page.get_by_role("region", name="Your documents")
    expect(documents.get_by_role("link", name="cv.pdf")).to_be_visible()
    expect(documents.get_by_role("link", name="degree.png")).to_be_visible()
    with page.expect_download() as download:
        documents.get_by_role("link", name="cv.pdf").click()
    assert download.value.suggested_filename == "cv.pdf"
    assert [d.original_name for d in Application.objects.get().documents.all()] == [
        "cv.pdf",
        "degree.png",
    ]


def test_a_person_saves_half_the_form_continues_from_the_mailed_link_and_sends_it(
    page, new_context, live_server, smtp_server, settings, tracks, tmp_path
):
    settings.SITE_URL = live_server.url
    DocumentRequirementFactory(track=tracks[0], name="CV")
    TrainingFactory(title="Clinical Berlin", slug="clinical-berlin", track=tracks[0])
    cv = tmp_path / "cv.pdf"
    cv.write_bytes(pdf_bytes())

    # Halfway through, the person stops: a name, an address, a CV, a first thought.
    page.goto(f"{live_server.url}/trainings/clinical-berlin/apply/")
    page.get_by_label("Full name").fill("Ana Ruiz")
    page.get_by_label("E-mail").fill("ana@example.org")
    page.get_by_label(re.compile(r"^\s*CV\*?\s*$")).set_input_files(cv)
    page.get_by_label("Why do you want to join this training?").fill("A first thought")
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Save and continue later").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    expect(page.get_by_role("status")).to_contain_text(
        "Your application to Clinical Berlin is saved"
    )
    assert not Application.objects.exists()
    assert Draft.objects.count() == 1
    assert smtp_server.messages_to("ana@example.org") == []  # sent by the task worker

    run_worker()
    [message] = smtp_server.messages_to("ana@example.org")
    draft_url = link_in(message, rf"{re.escape(live_server.url)}/applications/drafts/\S+")

    # Days later, from the mail program: a new window, no cookies.
    later = new_context().new_page()
    later.goto(draft_url)
    expect(later.get_by_role("status")).to_contain_text("Welcome back")
    expect(later.get_by_label("Full name")).to_have_value("Ana Ruiz")
    expect(later.get_by_label("Why do you want to join this training?")).to_have_value(
        "A first thought"
    )
    expect(
        later.get_by_text("cv.pdf — uploaded (choose another file to replace it)")
    ).to_be_visible()
    fill_application(later)
    later.get_by_role("button", name="Send my application").click()

    expect(later.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    expect(later.get_by_role("main")).to_contain_text("Confirm by")
    application = Application.objects.get()
    assert (application.status, application.motivation) == ("submitted", "To help couples.")
    assert [d.original_name for d in application.documents.all()] == ["cv.pdf"]
    assert not Draft.objects.exists()


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

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    application = Application.objects.get()
    assert application.training.slug == "pft-lisbon"
    assert application.motivation == "To help couples."


def test_staff_accept_an_application_and_the_applicant_sees_it(
    page, new_context, live_server, tracks
):
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

    applicant = new_context().new_page()
    applicant.goto(f"{live_server.url}{application.get_absolute_url()}")
    expect(applicant.get_by_role("heading", name="Status: Accepted")).to_be_visible()


def test_an_applicant_withdraws_and_the_first_person_waiting_gets_the_seat(
    page, new_context, live_server, tracks
):
    training = TrainingFactory(title="Clinical Berlin", track=tracks[0], capacity=1)
    ana = ApplicationFactory(training=training, name="Ana Ruiz")
    ben = ApplicationFactory(training=training, name="Ben Okafor", status="waitlisted")
    status_url = f"{live_server.url}{ana.get_absolute_url()}"

    page.goto(status_url)
    page.get_by_role("link", name="Withdraw my application").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Withdraw your application?")
    page.get_by_role("link", name="No, keep it").click()
    expect(page.get_by_role("heading", name="Status: Submitted")).to_be_visible()

    page.get_by_role("link", name="Withdraw my application").click()
    page.get_by_role("button", name="Yes, withdraw my application").press("Enter")

    expect(page).to_have_url(status_url)
    expect(page.get_by_role("heading", name="Status: Withdrawn")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Your application is withdrawn.")
    expect(page.get_by_text("You withdrew this application.")).to_be_visible()
    expect(page.get_by_role("link", name="Withdraw my application")).to_have_count(0)
    ana.refresh_from_db()
    ben.refresh_from_db()
    assert ana.status == "withdrawn"
    assert ben.status == "submitted"

    # The person who was waiting, on their own device, finds the seat is theirs.
    waiting = new_context().new_page()
    waiting.goto(f"{live_server.url}{ben.get_absolute_url()}")
    expect(waiting.get_by_role("heading", name="Status: Submitted")).to_be_visible()
    expect(
        waiting.get_by_text("A seat became free: you moved up from the waiting list.")
    ).to_be_visible()


def test_a_form_sent_back_puts_the_focus_on_its_summary_whose_links_lead_to_each_answer(
    page, live_server, tracks
):
    TrainingFactory(title="Clinical Berlin", slug="clinical-berlin", track=tracks[0])
    page.goto(f"{live_server.url}/trainings/clinical-berlin/apply/")

    page.get_by_role("button", name="Send my application").click()

    summary = page.get_by_role("alert").filter(has_text="need your attention")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary.get_by_role("link", name=re.compile(r"^E-mail:")).click()
    page.keyboard.type("ana@example.org")
    expect(page.get_by_label("E-mail")).to_have_value("ana@example.org")
