import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.fixture
def institute_tracks_migrated():
    """Run a data migration of trainings on the institute's tracks and one of staff's own:
    ``migrate_over(before)`` goes back to ``before``, makes the tracks, and migrates forwards
    again."""

    def migrate_over(before):
        call_command("migrate", "trainings", before, verbosity=0)
        clinical = track_as_of(before, slug="clinical")
        track_as_of(before, slug="professional-facilitator")
        track_as_of(before, slug="online-first-module", opens_id=clinical.pk)
        track_as_of(before, slug="couples-weekend")
        call_command("migrate", verbosity=0)  # every app: going back unapplied dependents too

    return migrate_over


def track_as_of(migration, **fields):
    """A track written with the model as it was at ``migration`` of trainings (the table has
    no later columns then), its texts in English."""
    state = MigrationExecutor(connection).loader.project_state(("trainings", migration))
    track = state.apps.get_model("trainings", "Track")
    return track.objects.create(
        **{
            "name_en": fields["slug"].replace("-", " ").title(),
            "summary_en": "A track.",
            "audience_en": "Everyone.",
            **fields,
        }
    )
