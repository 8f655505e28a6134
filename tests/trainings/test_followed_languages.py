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
    TrainingFactory(title="PFT Berlin", track=facilitator, language="de", starts_in=10)
    client.get(f"/eligibility/?{MASTER_IN_PSYCHOLOGY}&country=ES&languages=es")

    refused = client.post("/trainings/clinical-madrid/apply/", answers(degree_level="bachelor"))

    # Spanish, followed, and English, the language of the training applied to, before German.
    offered = re.findall(r"Apply to ([^<]+) with my answers", refused.content.decode())
    assert offered == ["PFT Lisbon", "PFT Sevilla", "PFT Berlin"]
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


def in_person_titles(response):
    """The titles of the in-person results, before the online starts."""
    in_person = response.content.decode().split('id="online-title"')[0]
    return re.findall(r'<h3 class="h5 card-title"><a href="[^"]+">([^<]+)</a>', in_person)


def test_the_near_search_asks_and_puts_trainings_in_those_languages_first(client, tracks):
    clinical, _facilitator = tracks
    TrainingFactory(
        title="Madrid in English",
        track=clinical,
        city="Madrid",
        country="ES",
        latitude=40.42,
        longitude=-3.70,
    )
    TrainingFactory(
        title="Sevilla in Spanish",
        track=clinical,
        city="Sevilla",
        country="ES",
        latitude=37.39,
        longitude=-5.98,
        language="es",
    )

    plain = client.get("/trainings/?near=Madrid")
    spanish = client.get("/trainings/?near=Madrid&follows=es&search=Show+trainings")

    assert re.search(r'name="follows" value="es"', plain.content.decode())
    assert in_person_titles(plain) == ["Madrid in English", "Sevilla in Spanish"]
    assert in_person_titles(spanish) == ["Sevilla in Spanish", "Madrid in English"]
    # The nearest is close, though it comes second.
    assert "Nothing close enough" not in spanish.content.decode()
    # Remembered for the visit: a search from the home page (no boxes) keeps them, ticked.
    again = client.get("/trainings/?near=Madrid")
    assert in_person_titles(again) == ["Sevilla in Spanish", "Madrid in English"]
    assert re.search(r'name="follows" value="es"[^>]*checked', again.content.decode())
    # Sent again with no box ticked: forgotten.
    cleared = client.get("/trainings/?near=Madrid&search=Show+trainings")
    assert in_person_titles(cleared) == ["Madrid in English", "Sevilla in Spanish"]
    assert SESSION_KEY not in client.session


def test_a_shared_near_search_with_languages_orders_them_without_a_session(client, tracks):
    clinical, _facilitator = tracks
    TrainingFactory(title="Near in English", track=clinical)
    TrainingFactory(
        title="Farther in German",
        track=clinical,
        city="Potsdam",
        latitude=52.39,
        longitude=13.06,
        language="de",
    )

    shared = client.get("/trainings/?near=Berlin&follows=de")

    assert in_person_titles(shared) == ["Farther in German", "Near in English"]
    assert "sessionid" not in shared.cookies


def test_a_refused_applicant_is_offered_the_language_of_the_training_they_chose_first(
    client, tracks
):
    clinical, facilitator = tracks
    TrainingFactory(title="Clínico Madrid", slug="clinico-madrid", track=clinical, language="es")
    TrainingFactory(title="PFT Lisbon", track=facilitator, starts_in=20)
    TrainingFactory(title="PFT Sevilla", track=facilitator, language="es", starts_in=80)

    refused = client.post("/trainings/clinico-madrid/apply/", answers(degree_level="bachelor"))

    offered = re.findall(r"Apply to ([^<]+) with my answers", refused.content.decode())
    assert offered == ["PFT Sevilla", "PFT Lisbon"]
