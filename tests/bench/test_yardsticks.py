"""The benchmark's plain listing (bench/urls.py) measures what it says: two queries, whatever
the number of trainings, through the portal's layout."""

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
