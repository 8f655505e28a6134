"""The data migration that makes the Clinical Track offer the Facilitator Training instead
(``trainings/migrations/0009_offer_facilitator_training_instead_of_clinical.py``)."""

import pytest
from django.core.management import call_command

from tests.trainings.conftest import track_as_of
from trainings.models import Track

pytestmark = pytest.mark.django_db
BEFORE = "0008_add_track_offered_instead"


def offers():
    return dict(Track.objects.values_list("slug", "offered_instead__slug"))


def test_the_clinical_track_and_its_module_offer_the_facilitator_training_and_back(
    institute_tracks_migrated,
):
    institute_tracks_migrated(BEFORE)

    assert offers() == {
        "clinical": "professional-facilitator",
        "online-first-module": "professional-facilitator",
        "professional-facilitator": None,
        "couples-weekend": None,
    }

    call_command("migrate", "trainings", BEFORE, verbosity=0)

    assert set(offers().values()) == {None}
    call_command("migrate", "trainings", verbosity=0)


def test_without_the_facilitator_training_nothing_is_offered():
    call_command("migrate", "trainings", BEFORE, verbosity=0)
    track_as_of(BEFORE, slug="clinical")

    call_command("migrate", "trainings", verbosity=0)

    assert offers() == {"clinical": None}
