import pytest
from django.core.management import call_command

from tests.factories import TrackFactory


@pytest.fixture
def institute_tracks_migrated():
    """Run a data migration of trainings on the institute's tracks and one of staff's own:
    ``migrate_over(before)`` goes back to ``before``, makes the tracks, and migrates forwards
    again."""

    def migrate_over(before):
        call_command("migrate", "trainings", before, verbosity=0)
        clinical = TrackFactory(slug="clinical")
        TrackFactory(slug="professional-facilitator")
        TrackFactory(slug="online-first-module", opens=clinical)
        TrackFactory(slug="couples-weekend")
        call_command("migrate", "trainings", verbosity=0)

    return migrate_over
