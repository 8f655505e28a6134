"""The benchmark's data set, made small: its rows are written straight into the tables, so a
column added to a model must not break it, and what it writes reads back as the ORM writes it."""

import io
import random

import pytest
from django.core.management import call_command

from applicants.models import Application
from bench import seed
from trainings.interest.models import InterestSubscription
from trainings.models import Training

pytestmark = pytest.mark.django_db


@pytest.fixture
def small(monkeypatch):
    for name, size in {
        "TRAININGS": 8,
        "PUBLISHED_UPCOMING": 4,
        "TRAINERS": 5,
        "APPLICATIONS": 120,
        "SUBSCRIPTIONS": 15,
    }.items():
        monkeypatch.setattr(seed, name, size)
    call_command("load_demo", stdout=io.StringIO())  # the tracks, as the seed starts from


def test_a_small_data_set_has_the_sizes_asked_for_and_reads_back(small):
    rng = random.Random(8)
    trainings = seed.add_trainings(rng, seed.add_trainers(rng))
    demo = set(Application.objects.values_list("pk", flat=True))
    seed.add_applications(rng, trainings)
    seed.add_subscriptions(rng)

    assert Training.objects.count() >= 8  # the demo's and the seed's
    assert Application.objects.count() == 120
    assert InterestSubscription.objects.count() == 15
    # Columns the seed does not name get their defaults, as a model's save would give them.
    added = Application.objects.exclude(pk__in=demo)
    assert set(added.values_list("reviews_assigned", "reviews_in")) == {(0, 0)}


def test_seat_holders_never_outnumber_a_trainings_seats(small):
    rng = random.Random(3)
    trainings = seed.add_trainings(rng, seed.add_trainers(rng))
    seed.add_applications(rng, trainings)

    for training in Training.objects.all():
        holding = Application.objects.filter(training=training).holding_seats().count()
        assert holding <= training.capacity
