"""A person who uses only the keyboard finds a training, applies and reaches the confirmation,
seeing where the focus is at every step; and on a phone, the way to apply is on the first
screen of a training's page."""

import re

import pytest
from playwright.sync_api import expect

from applicants.models import Application
from tests.factories import (
    ApplicationFactory,
    DocumentRequirementFactory,
    TrackFactory,
    TrainingFactory,
    days_from_today,
)
from tests.files import pdf_bytes
from trainings import places

# What has the focus, and whether it can be seen: an outline or a shadow around it.
FOCUSED = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  return {
    tag: element.tagName.toLowerCase(),
    id: element.id,
    text: (element.innerText || element.value || "").trim(),
    ring: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
      || style.boxShadow !== "none",
  };
}"""


def tab_to(page, wanted, limit=80):
    """Press Tab until the focus is on what ``wanted`` (a function of the focused element's
    tag, id and text) accepts, checking at every stop on the way that the focus is seen."""
    for _stop in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert focused["ring"], f"the focus cannot be seen on {focused}"
        if wanted(focused):
            return focused
    raise AssertionError(f"not reached in {limit} presses of Tab")


def field(field_id):
    return lambda focused: focused["id"] == field_id


def link(text):
    return lambda focused: focused["tag"] == "a" and focused["text"] == text


def skip_to_content(page):
    """The first Tab stop of every page is the link to its main content: Enter follows it."""
    first = tab_to(page, lambda focused: True, limit=1)
    assert (first["tag"], first["text"]) == ("a", "Skip to main content")
    page.keyboard.press("Enter")


@pytest.mark.usefixtures("javascript")
def test_a_keyboard_user_finds_a_training_applies_with_every_answer_and_is_asked_to_confirm(
    page, live_server, tmp_path
):
    clinical = TrackFactory(clinical=True)
    DocumentRequirementFactory(track=clinical, name="CV")
    TrainingFactory(title="Clinical Berlin", slug="clinical-berlin", track=clinical)
    TrainingFactory(
        title="PFT Lisbon",
        track=TrackFactory(facilitator=True),
        city="Lisbon",
        country="PT",
        latitude=38.72,
        longitude=-9.14,
    )
    cv = tmp_path / "cv.pdf"
    cv.write_bytes(pdf_bytes())
    # The places a search understands are loaded when the server starts (imago_site/wsgi.py).
    places.load_index()

    page.goto(live_server.url)
    skip_to_content(page)
    tab_to(page, field("home-near"))
    page.keyboard.type("Berlin")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Find a training")
    skip_to_content(page)
    tab_to(page, link("Clinical Berlin"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Clinical Berlin")
    skip_to_content(page)
    tab_to(page, link("Apply for this training"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Apply for Clinical Berlin")
    # The overview of the form's parts leads to the first: its first field is the next stop.
    tab_to(page, link("About you"))
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["id"] == "id_name"
    page.keyboard.type("Ana Ruiz")
    for field_id, keys in [
        ("id_email", "ana@example.org"),
        ("id_phone", "+54 11 5555 0100"),
        ("id_country", "Argentina"),  # a list picks the option its typed name starts
        ("id_city", "Buenos Aires"),
        ("id_language", "Spanish"),
        ("id_profession", "Psychotherapist"),
        ("id_degree_level", "Master"),
        ("id_degree_field", "Psychology"),
        ("id_degree_institution", "Universidad de Buenos Aires"),
        ("id_degree_year", "2009"),
    ]:
        tab_to(page, field(field_id))
        page.keyboard.type(keys)
    tab_to(page, field("id_has_licence_0"))  # the first choice of a group, "Yes"
    page.keyboard.press("Space")
    tab_to(page, field("id_licence_country"))
    page.keyboard.type("Argentina")
    tab_to(page, field("id_licence_body"))
    page.keyboard.type("Colegio de Psicólogos")
    tab_to(page, field("id_years_of_practice"))
    page.keyboard.type("12")
    # Choosing a file opens the system's file chooser, out of the page's reach: the file is
    # given to the focused input, the one step here not taken with the keyboard.
    file_input = tab_to(page, lambda focused: focused["id"].startswith("id_document_"))
    page.locator(f"#{file_input['id']}").set_input_files(cv)
    tab_to(page, field("id_motivation"))
    page.keyboard.type("To help couples listen to each other.")
    tab_to(page, field("id_attended_workshop_0"))
    page.keyboard.press("ArrowDown")  # moves to "No" and chooses it
    tab_to(page, field("id_heard_from"))
    page.keyboard.type("A colleague")
    tab_to(page, field("id_accessibility_needs"))
    page.keyboard.type("A seat near the door.")
    tab_to(page, field("id_wants_financial_assistance_0"))
    page.keyboard.press("Space")
    tab_to(page, field("id_financial_note"))
    page.keyboard.type("I work part time.")
    tab_to(page, field("id_privacy_consent"))
    page.keyboard.press("Space")
    tab_to(page, field("id_policy_consent"))
    page.keyboard.press("Space")
    tab_to(page, lambda focused: focused["text"] == "Send my application")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    application = Application.objects.get()
    assert {
        name: getattr(application, name)
        for name in [
            "name",
            "email",
            "phone",
            "city",
            "language",
            "profession",
            "degree_level",
            "degree_field",
            "degree_institution",
            "degree_year",
            "has_licence",
            "licence_body",
            "years_of_practice",
            "motivation",
            "attended_workshop",
            "heard_from",
            "accessibility_needs",
            "wants_financial_assistance",
            "financial_note",
        ]
    } == {
        "name": "Ana Ruiz",
        "email": "ana@example.org",
        "phone": "+54 11 5555 0100",
        "city": "Buenos Aires",
        "language": "es",
        "profession": "Psychotherapist",
        "degree_level": "master",
        "degree_field": "psychology",
        "degree_institution": "Universidad de Buenos Aires",
        "degree_year": 2009,
        "has_licence": True,
        "licence_body": "Colegio de Psicólogos",
        "years_of_practice": 12,
        "motivation": "To help couples listen to each other.",
        "attended_workshop": False,
        "heard_from": "colleague",
        "accessibility_needs": "A seat near the door.",
        "wants_financial_assistance": True,
        "financial_note": "I work part time.",
    }
    assert (application.country.code, application.licence_country.code) == ("AR", "AR")
    assert application.privacy_consent_at and application.policy_consent_at
    assert [document.original_name for document in application.documents.all()] == ["cv.pdf"]


PHONE = {"width": 360, "height": 640}
LONG_DESCRIPTION = (
    "Four modules over six months in which clinicians learn to guide couples through the Imago "
    "dialogue, with live demonstrations, practice in small groups and supervision of their "
    "first cases, taught in English by two senior faculty members."
)


def first_screen_spot(page):
    """The part of a training's page a phone shows first, with the key facts and the way to
    apply; the test fails unless it lies wholly on the first screen."""
    spot = page.get_by_role("region", name="At a glance")
    expect(spot).to_be_visible()
    box = spot.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box
    return spot


def test_on_a_phone_the_apply_button_is_on_the_first_screen(page, live_server):
    TrainingFactory(
        title="Clinical Training in Imago Relationship Therapy, Berlin",
        slug="clinical-berlin",
        description=LONG_DESCRIPTION,
        fee=4900,
        early_bird_fee=4400,
        early_bird_deadline=days_from_today(7),
    )
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/trainings/clinical-berlin/")

    spot = first_screen_spot(page)
    expect(spot).to_contain_text("Berlin, Germany")
    expect(spot).to_contain_text("EUR 4,400")
    apply = page.get_by_role("link", name="Apply for this training").first
    box = apply.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box
    apply.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Apply for Clinical Training")


def full(training):
    ApplicationFactory.create_batch(training.capacity, training=training)


@pytest.mark.parametrize(
    ("changes", "then", "says"),
    [
        ({}, full, "Join the waiting list"),
        (
            {"applications_open": days_from_today(20), "applications_close": days_from_today(50)},
            None,
            "Applications open on",
        ),
        (
            {"applications_open": days_from_today(-50), "applications_close": days_from_today(-1)},
            None,
            "Applications closed on",
        ),
    ],
    ids=["full", "not-yet-open", "closed"],
)
def test_on_a_phone_the_first_screen_says_whether_one_can_apply(
    page, live_server, changes, then, says
):
    training = TrainingFactory(
        title="Clinical Berlin", slug="clinical-berlin", capacity=2, **changes
    )
    if then:
        then(training)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/trainings/clinical-berlin/")

    spot = first_screen_spot(page)
    expect(spot).to_contain_text(says)
    if says != "Join the waiting list":
        expect(spot.get_by_role("link", name=re.compile("Apply"))).to_have_count(0)
        spot.get_by_role("link", name="What you can do instead").click()
        expect(page.get_by_role("link", name="Tell me when the next one opens")).to_be_in_viewport()


def test_the_form_is_in_numbered_parts_that_its_overview_leads_to(page, live_server):
    clinical = TrackFactory(clinical=True)
    DocumentRequirementFactory(track=clinical, name="CV")
    TrainingFactory(slug="clinical-berlin", track=clinical)
    page.goto(f"{live_server.url}/trainings/clinical-berlin/apply/")

    parts = page.locator("form fieldset.form-part")
    legends = parts.locator("> legend")
    expect(legends).to_have_text(
        [
            re.compile(rf"^{number}\.\s+Part {number} of 5:\s+{title}$")
            for number, title in enumerate(
                [
                    "About you",
                    "Your qualifications",
                    "Your documents",
                    "The training",
                    "Payment and agreement",
                ],
                start=1,
            )
        ]
    )
    # Screen readers hear "Part 2 of 5: Your qualifications", not the number shown before it.
    expect(page.get_by_role("group", name="Part 2 of 5: Your qualifications")).to_be_visible()
    expect(page.get_by_role("group", name="Part 2 of 5: Your qualifications")).to_contain_text(
        "Highest degree"
    )

    overview = page.get_by_role("navigation", name="Your application in 5 parts")
    links = overview.get_by_role("listitem").get_by_role("link")
    expect(links).to_have_count(5)
    hrefs = [link.get_attribute("href") for link in links.all()]
    ids = [f"#{part.get_attribute('id')}" for part in parts.all()]
    assert hrefs == ids and len(set(ids)) == 5
    links.nth(3).click()
    expect(page).to_have_url(re.compile("#part-training$"))
    expect(page.get_by_label("Why do you want to join this training?")).to_be_in_viewport()
