"""The languages a visitor can follow: asked once by the eligibility check, remembered for the
visit, and put first wherever trainings are suggested."""

import re

import pytest

from applicants.models import Application
from tests.applicants.test_apply import answers
from tests.applicants.test_eligibility_page import MASTER_IN_PSYCHOLOGY, titles
from tests.factories import TrackFactory, TrainingFactory
from trainings.followed_languages import SESSION_KEY
from trainings.models import Training

pytestmark = pytest.mark.django_db


@pytest.fixture
def tracks():
    clinical = TrackFactory(clinical=True)
    facilitator = TrackFactory(facilitator=True)
    return clinical, facilitator


def test_the_eligibility_check_asks_and_puts_trainings_in_those_languages_first(client, tracks):
    clinical, _facilitator = tracks
    TrainingFactory(title="Berlin in English", country="DE", track=clinical, starts_in=30)
    TrainingFactory(title="Berlin in German", country="DE", language="de", track=clinical)

    plain = client.get(f"/eligibility/?{MASTER_IN_PSYCHOLOGY}&country=DE")
    german = client.get(f"/eligibility/?{MASTER_IN_PSYCHOLOGY}&country=DE&languages=de")

    assert 'name="languages" value="de"' in plain.content.decode()
    assert titles(plain)[:2] == ["Berlin in English", "Berlin in German"]
    assert titles(german)[:2] == ["Berlin in German", "Berlin in English"]
    assert client.session[SESSION_KEY] == ["de"]
    # Remembered for the visit: the next check, without the question answered, keeps them.
    again = client.get(f"/eligibility/?{MASTER_IN_PSYCHOLOGY}&country=DE")
    assert titles(again)[:2] == ["Berlin in German", "Berlin in English"]
    assert re.search(r'name="languages" value="de"[^>]*checked', client.get("/eligibility/").text)


def test_the_trainings_offered_after_a_refusal_come_in_the_followed_languages_first(client, tracks):
    clinical, facilitator = tracks
    TrainingFactory(title="Clinical Madrid", slug="clinical-madrid", track=clinical)
    TrainingFactory(title="PFT Lisbon", track=facilitator, starts_in=20)
    TrainingFactory(title="PFT Sevilla", track=facilitator, language="es", starts_in=80)
    client.get(f"/eligibility/?{MASTER_IN_PSYCHOLOGY}&country=ES&languages=es")

    refused = client.post("/trainings/clinical-madrid/apply/", answers(degree_level="bachelor"))

    offered = re.findall(r"Apply to ([^<]+) with my answers", refused.content.decode())
    assert offered == ["PFT Sevilla", "PFT Lisbon"]
    assert not Application.objects.exists()


def test_a_closed_trainings_other_cohorts_and_online_starts_follow_them_too(client, tracks):
    clinical, _facilitator = tracks
    closed = TrainingFactory(title="Closed", track=clinical, status=Training.Status.CANCELLED)
    TrainingFactory(title="Other in English", track=clinical, starts_in=20)
    TrainingFactory(title="Other in Spanish", track=clinical, language="es", starts_in=90)
    first_module = TrackFactory(slug="online-first-module", name="Online first module")
    TrainingFactory(title="Online in English", track=first_module, online=True, starts_in=20)
    TrainingFactory(
        title="Online in Spanish", track=first_module, online=True, language="es", starts_in=90
    )
    before = client.get(closed.get_absolute_url()).content.decode()
    client.get(f"/eligibility/?{MASTER_IN_PSYCHOLOGY}&country=ES&languages=es")

    after = client.get(closed.get_absolute_url()).content.decode()
    near = client.get("/trainings/?near=Madrid").content.decode()

    assert before.index("Other in English") < before.index("Other in Spanish")
    assert after.index("Other in Spanish") < after.index("Other in English")
    online = near.split('id="online-title"')[1]
    assert online.index("Online in Spanish") < online.index("Online in English")
