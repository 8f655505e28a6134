from decimal import Decimal

import pytest

from applicants.attendance.models import Attendance
from applicants.certificates import issuing
from tests.factories import ApplicationFactory, TrainingFactory
from trainings.models import Module, Track


def trainee(modules=2, hours="20", share=100, **fields):
    """An accepted trainee of a training with ``modules`` modules of ``hours`` contact hours
    each, all required, whose track asks for ``share`` percent of the hours; ``fields`` go to
    the application."""
    training = TrainingFactory(modules=modules)
    # The factory's tracks are shared by slug: the share is set, not given at creation.
    Track.objects.filter(pk=training.track_id).update(certificate_share=share)
    training.track.refresh_from_db()
    Module.objects.filter(training=training).update(contact_hours=Decimal(hours))
    return ApplicationFactory(**{"training": training, "status": "accepted", **fields})


def attend(application, number, status="present", hours="0"):
    module = application.training.modules.get(number=number)
    return Attendance.objects.create(
        application=application, module=module, status=status, hours=Decimal(hours)
    )


@pytest.fixture
def certified(db):
    """Makes the certificate of a trainee present at both modules (20 hours each) of their
    training; ``fields`` go to the application."""

    def make(**fields):
        application = trainee(**fields)
        attend(application, 1)
        attend(application, 2)
        certificate = issuing.issue_if_complete(application)
        assert certificate is not None
        return certificate

    return make
