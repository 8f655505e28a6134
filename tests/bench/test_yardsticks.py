"""The benchmark's yardsticks (bench/urls.py) measure what they say: the plain listing two
queries, whatever the number of trainings, through the portal's layout; the plain form one
query and one INSERT for the application form's answers."""

import pytest

from tests.factories import TrainingFactory
from trainings.models import Training

pytestmark = [pytest.mark.django_db, pytest.mark.urls("bench.urls")]


def test_plain_listing_shows_upcoming_published_trainings_and_their_count(client):
    TrainingFactory(title="Berlin spring")
    TrainingFactory(title="Draft in Lisbon", status=Training.Status.DRAFT)

    html = client.get("/bench/plain-listing/").content.decode()

    assert "Berlin spring" in html and "Clinical Track" in html
    assert "Draft in Lisbon" not in html
    assert "<p>1 trainings</p>" in html
    assert 'class="site-header' in html  # the portal's layout around it


def test_plain_listing_makes_two_queries_for_one_training_or_many(count_queries):
    TrainingFactory()
    few = count_queries("/bench/plain-listing/")

    TrainingFactory.create_batch(20)

    assert few == count_queries("/bench/plain-listing/") == 2


def test_plain_form_stores_the_answers_as_they_come_with_two_queries(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from applicants.models import Application
    from bench.run import application_form

    training = TrainingFactory()
    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"/bench/plain-form/{training.slug}/", application_form("plain"))

    assert response.status_code == 302
    stored = Application.objects.get()
    assert (stored.training, stored.email) == (training, "plain@bench.example")
    statements = [query["sql"].split()[0] for query in queries]
    assert (statements.count("SELECT"), statements.count("INSERT")) == (1, 1)


def test_plain_form_refuses_what_the_model_form_refuses(client):
    training = TrainingFactory()

    assert client.post(f"/bench/plain-form/{training.slug}/", {"name": "x"}).status_code == 400
