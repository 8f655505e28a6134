import pytest
from playwright.sync_api import expect

from tests.factories import TrackFactory, TrainingFactory

pytestmark = pytest.mark.usefixtures("javascript")


def test_a_visitor_finds_a_training_near_a_city_and_sees_how_to_apply(page, live_server):
    pft = TrackFactory(facilitator=True)
    TrainingFactory(
        title="PFT Madrid",
        track=pft,
        city="Madrid",
        country="ES",
        latitude=40.42,
        longitude=-3.70,
        modules=2,
    )
    TrainingFactory(
        title="Clinical Madrid", city="Madrid", country="ES", latitude=40.42, longitude=-3.70
    )
    TrainingFactory(title="PFT Berlin", track=pft)

    page.goto(live_server.url)
    page.get_by_label("Find a training near you").fill("Lisboa")
    page.get_by_role("button", name="Search").click()

    expect(
        page.get_by_role("heading", name="Trainings nearest to Lisbon, Portugal")
    ).to_be_visible()
    page.get_by_label("Track").select_option(label="Professional Facilitator Training")
    page.get_by_role("button", name="Show trainings").click()

    cards = page.get_by_role("heading", level=3)
    expect(cards).to_have_text(["PFT Madrid", "PFT Berlin"])
    assert "near=Lisboa" in page.url and "track=professional-facilitator" in page.url

    page.get_by_role("link", name="PFT Madrid").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("PFT Madrid")
    expect(page.get_by_role("heading", name="Module 1")).to_be_visible()
    expect(page.get_by_role("heading", name="Module 2")).to_be_visible()
    expect(page.get_by_role("link", name="Apply for this training")).to_be_visible()
