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
