"""The answers carried from a refused application to another training's form last until an
application is sent: after that, no form is filled in with them."""

import pytest

from applicants.models import Application
from applicants.views.apply import CARRIED_SESSION_KEY
from tests.applicants.test_apply import answers
from tests.factories import TrackFactory, TrainingFactory

pytestmark = pytest.mark.django_db


def test_the_carried_answers_are_forgotten_once_an_application_is_sent(client):
    TrainingFactory(
        title="Clinical Berlin", slug="clinical-berlin", track=TrackFactory(clinical=True)
    )
    facilitator = TrackFactory(facilitator=True)
    pft = TrainingFactory(title="PFT Lisbon", slug="pft-lisbon", track=facilitator)
    client.post(
        "/trainings/clinical-berlin/apply/",
        answers(degree_level="bachelor", motivation="Carried over, every word."),
    )
    assert client.session[CARRIED_SESSION_KEY]["answers"]["motivation"] == (
        "Carried over, every word."
    )
    TrainingFactory(title="PFT Porto", slug="pft-porto", track=facilitator)

    sent = client.post(
        "/trainings/pft-lisbon/apply/",
        answers(degree_level="bachelor", motivation="Carried over, every word."),
    )

    assert sent.status_code == 302
    assert Application.objects.get().training == pft
    assert CARRIED_SESSION_KEY not in client.session
    another_form = client.get("/trainings/pft-porto/apply/").content.decode()
    assert "Carried over, every word." not in another_form
    assert 'value="ana@example.org"' not in another_form
