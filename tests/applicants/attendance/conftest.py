from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from applicants.models import Application
from tests.factories import ApplicationFactory, TrainerFactory, TrainingFactory
from tests.imago_site.conftest import groups  # noqa: F401  (the staff groups, as migrated)


@pytest.fixture
def cohort(db):
    """A training of two required modules of 12 contact hours each, whose track asks for 75%
    of them (18 hours), with two accepted trainees and one still under review."""
    training = TrainingFactory(title="Clinical Berlin", modules=2)
    training.track.certificate_share = 75
    training.track.save(update_fields=["certificate_share"])
    training.modules.update(contact_hours=Decimal(12))
    ApplicationFactory(training=training, name="Zoe Under Review", status="under_review")
    ApplicationFactory(training=training, name="Ana Ruiz", status=Application.Status.ACCEPTED)
    ApplicationFactory(training=training, name="Ben Weber", status=Application.Status.ACCEPTED)
    return training


def trainees(training):
    return list(training.applications.filter(status=Application.Status.ACCEPTED).order_by("name"))


def modules(training):
    return list(training.modules.order_by("number"))


@pytest.fixture
def trainer(groups, client, cohort):  # noqa: F811
    """A trainer of ``cohort`` with a staff account in the Faculty group, logged in."""
    user = get_user_model().objects.create_user("maria", password="pw", is_staff=True)
    user.groups.add(groups["Faculty"])
    trainer = TrainerFactory(name="Maria Trainer", user=user)
    cohort.trainers.add(trainer)
    client.force_login(user)
    return user


def rows(training, **choices):
    """The attendance form's data: ``choices`` maps a trainee's name (``ana``, ``ben``: the
    first name in lower case) to a status, or (status, hours)."""
    data = {}
    for application in trainees(training):
        choice = choices.get(application.name.split()[0].lower(), "")
        status, hours = choice if isinstance(choice, tuple) else (choice, "")
        data[f"trainee-{application.pk}-status"] = status
        data[f"trainee-{application.pk}-hours"] = hours
    return data
