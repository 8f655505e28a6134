"""A training that closes, or is deleted, while someone's form is on its way: the form's own
check still saw it open, and the lock taken to store the application finds it closed or gone."""

import re
import threading
import time

import pytest
from django.db import connection, transaction

from applicants.models import Application, Event
from applicants.views.apply import CARRIED_SESSION_KEY
from tests.applicants.test_apply import answers
from tests.factories import TrackFactory, TrainingFactory, days_from_today
from trainings.models import Training


def close(trainings):
    trainings.update(applications_close=days_from_today(-1))


def delete(trainings):
    trainings.delete()


def change_while_the_form_is_checked(training, change, locked, seconds=20):
    """``change`` ``training`` in a transaction of another connection that holds its row until
    a request waits for that row's lock, then commits: the request's own earlier reads saw it
    open. ``locked`` is set once the row is held."""
    try:
        with transaction.atomic():
            change(Training.objects.filter(pk=training.pk))
            locked.set()
            deadline = time.monotonic() + seconds
            with connection.cursor() as cursor:
                while time.monotonic() < deadline:
                    cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
                    if cursor.fetchone()[0]:
                        break
                    time.sleep(0.02)
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("change", "said"),
    [(close, r"\bApplications closed on\b"), (delete, r"\bThis training is no longer offered\.")],
    ids=["closed", "deleted"],
)
@pytest.mark.django_db(transaction=True)
def test_a_training_closed_or_deleted_while_the_form_is_sent_says_so_and_keeps_the_answers(
    client, change, said
):
    track = TrackFactory(clinical=True)
    closing = TrainingFactory(title="Clinical Berlin", slug="clinical-berlin", track=track)
    TrainingFactory(title="Clinical Vienna", slug="clinical-vienna", track=track)
    locked = threading.Event()
    closer = threading.Thread(
        target=change_while_the_form_is_checked, args=(closing, change, locked)
    )
    closer.start()
    assert locked.wait(10)

    response = client.post(
        "/trainings/clinical-berlin/apply/",
        answers(motivation="Kept through the closing, every word."),
    )
    closer.join(30)

    assert response.status_code == 302
    assert response["Location"] == closing.get_absolute_url()
    assert re.search(said, client.get(response["Location"]).content.decode())
    assert not Application.objects.exists()
    assert not Event.objects.exists()
    carried = client.session[CARRIED_SESSION_KEY]["answers"]
    assert carried["motivation"] == "Kept through the closing, every word."
    other_form = client.get("/trainings/clinical-vienna/apply/").content.decode()
    assert "Kept through the closing, every word." in other_form
    assert 'value="ana@example.org"' in other_form
