"""No page loads a related object or a deferred field behind the view's back.

Django 6.1's FETCH_RAISE fetch mode turns such a lazy load (one query per row, the classic N+1)
into an error. These tests make it the default for every query of one request, with the page
cache off so that the page really renders.
"""

import pytest
from django.db import models
from django.db.models import query
from django.utils.html import escape

from tests.factories import (
    ApplicationFactory,
    QuestionFactory,
    TrainerFactory,
    TrainingFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    """Trainings with trainers, applications and FAQ: every relation a page can show."""
    trainers = TrainerFactory.create_batch(3)
    trainings = [TrainingFactory(), TrainingFactory(online=True), TrainingFactory()]
    for training in trainings:
        training.trainers.set(trainers)
        ApplicationFactory.create_batch(2, training=training)
    QuestionFactory.create_batch(3, question="What are the fees?", answer="About the fees.")
    return trainings


@pytest.fixture
def lazy_loads_raise(monkeypatch, settings):
    settings.PAGE_CACHE_ENABLED = False
    monkeypatch.setattr(query, "DEFAULT_FETCH_MODE", models.FETCH_RAISE)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("/", "training"),
        ("/trainings/", "training"),
        ("/trainings/?near=Berlin", "online training"),
        ("/faculty/", "trainer"),
        ("/faq/", "question"),
        ("/faq/?q=fees", "question"),
        ("/es/trainings/", "training"),
    ],
)
def test_public_page_renders_without_lazy_loads(client, catalogue, url, shown, request):
    expected = {
        "training": catalogue[0].title,
        "online training": catalogue[1].title,
        "trainer": catalogue[0].trainers.first().name,
        "question": "What are the fees?",
    }[shown]
    request.getfixturevalue("lazy_loads_raise")

    response = client.get(url)

    assert response.status_code == 200
    assert escape(expected) in response.content.decode()


def test_training_page_renders_without_lazy_loads(client, catalogue, request):
    training = catalogue[0]
    trainer = training.trainers.first()
    request.getfixturevalue("lazy_loads_raise")

    assert client.get(training.get_absolute_url()).status_code == 200
    assert client.get(trainer.get_absolute_url()).status_code == 200
    assert client.get(training.track.get_absolute_url()).status_code == 200
    assert client.get(f"{training.get_absolute_url()}apply/").status_code == 200


def test_admin_application_list_renders_without_lazy_loads(client, staff, catalogue, request):
    request.getfixturevalue("lazy_loads_raise")

    assert client.get("/admin/applicants/application/").status_code == 200


def test_a_lazy_load_is_refused_in_these_tests(catalogue, request):
    from django.core.exceptions import FieldFetchBlocked

    from trainings.models import Training

    request.getfixturevalue("lazy_loads_raise")
    training = Training.objects.first()

    with pytest.raises(FieldFetchBlocked):
        training.track  # noqa: B018
