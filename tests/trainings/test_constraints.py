import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from tests.factories import TrainingFactory, days_from_today
from trainings.models import Module, Training

pytestmark = pytest.mark.django_db


def refused_by_database(write):
    """Assert the database refuses ``write``, checking deferred constraints at once (the
    test's own transaction never commits, which is when they would otherwise run)."""
    with pytest.raises(IntegrityError), transaction.atomic():
        write()
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@pytest.mark.parametrize(
    "change",
    [
        {"fee": -1},
        {"capacity": -1},
        {"early_bird_fee": 3000, "early_bird_deadline": datetime.date(2030, 1, 1)},
        {"early_bird_fee": 100},
        {"applications_close": days_from_today(-20)},
        {"latitude": 95},
    ],
)
def test_the_database_refuses_an_impossible_training(change):
    training = TrainingFactory(fee=2400)

    refused_by_database(lambda: Training.objects.filter(pk=training.pk).update(**change))


def test_the_database_refuses_a_duplicate_slug():
    TrainingFactory(slug="berlin-2027")

    refused_by_database(lambda: TrainingFactory(slug="berlin-2027"))


def test_the_database_refuses_a_module_that_ends_before_it_starts():
    training = TrainingFactory()

    refused_by_database(
        lambda: Module.objects.create(
            training=training,
            number=2,
            start_date=days_from_today(90),
            end_date=days_from_today(89),
        )
    )


def test_the_database_refuses_applications_closing_after_the_first_module():
    training = TrainingFactory(starts_in=60)  # applications close on day 59

    refused_by_database(
        lambda: Module.objects.create(
            training=training,
            number=2,
            start_date=days_from_today(30),
            end_date=days_from_today(31),
        )
    )
    refused_by_database(
        lambda: Training.objects.filter(pk=training.pk).update(
            applications_close=days_from_today(61)
        )
    )


def test_clean_explains_the_same_rules_in_words():
    training = TrainingFactory(starts_in=60)
    training.fee = 100
    training.early_bird_fee = 200
    training.applications_close = training.applications_open - datetime.timedelta(days=1)
    training.format = "in_person"
    training.city = ""

    with pytest.raises(ValidationError) as refused:
        training.full_clean()

    errors = refused.value.message_dict
    assert "between zero and the full fee" in errors["early_bird_fee"][0]
    assert "Give both the early-bird fee and its deadline" in errors["early_bird_deadline"][0]
    assert "needs a city and a country" in errors["city"][0]
    assert "cannot close before they open" in errors["applications_close"][0]


def test_module_clean_explains_its_dates():
    module = Module(start_date=days_from_today(5), end_date=days_from_today(4), number=1)

    with pytest.raises(ValidationError) as refused:
        module.clean()

    assert "cannot be before the first day" in refused.value.message_dict["end_date"][0]


def test_deadline_and_modules_may_move_together_in_one_transaction():
    training = TrainingFactory(starts_in=60)
    later = training.applications_close + datetime.timedelta(days=100)

    with transaction.atomic():
        Training.objects.filter(pk=training.pk).update(applications_close=later)
        training.modules.update(
            start_date=later + datetime.timedelta(days=1),
            end_date=later + datetime.timedelta(days=3),
        )
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    training.refresh_from_db()
    assert training.starts_on == later + datetime.timedelta(days=1)
