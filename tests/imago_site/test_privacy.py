import pytest

from tests.factories import TrainingFactory

pytestmark = pytest.mark.django_db


def test_the_privacy_notice_names_its_version(client, settings):
    settings.PRIVACY_NOTICE_VERSION = "2027-01"

    html = client.get("/privacy/").content.decode()

    assert "<h1>Privacy notice</h1>" in html
    assert "Version 2027-01" in html
    assert "download everything we keep" in html


def test_the_application_form_links_the_notice_it_asks_consent_to(client):
    training = TrainingFactory()

    html = client.get(f"/trainings/{training.slug}/apply/").content.decode()

    assert '<a href="/privacy/">Read the privacy notice</a>' in html


def test_the_privacy_notice_names_the_configured_retention_periods(client, settings):
    settings.RETENTION_DECLINED_DAYS = 120
    settings.RETENTION_WITHDRAWN_DAYS = 45
    settings.RETENTION_CONTACT_DAYS = 400
    settings.INTEREST_CONFIRM_DAYS = 1
    settings.RETENTION_UNSUBSCRIBED_DAYS = 21
    settings.APPLICATION_DRAFT_DAYS = 12

    html = client.get("/privacy/").content.decode()
    german = client.get("/de/privacy/").content.decode()

    assert "erased 120 days after the decision" in html
    assert "erased 45 days after it was withdrawn" in html
    assert "erased 400 days after they arrive" in html
    assert "deleted after 1 day." in html
    assert "deleted 21 days later" in html
    assert "deleted, with its documents, 12 days after it was last saved" in html
    assert "120 Tage" in german
