"""The benchmark counts its confirmed submissions against the rows stored (bench/run.py)."""

import pytest

from bench.run import LOAD_EMAIL_DOMAIN, stored_submissions
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_a_confirmed_submission_missing_from_the_database_counts_as_lost():
    for number in range(3):
        ApplicationFactory(email=f"load-{number}@{LOAD_EMAIL_DOMAIN}")
    ApplicationFactory(email="someone@example.org")

    assert stored_submissions(confirmed=4) == {"confirmed": 4, "stored": 3, "lost": 1}


def test_submissions_stored_after_the_load_stopped_are_not_lost():
    for number in range(3):
        ApplicationFactory(email=f"load-{number}@{LOAD_EMAIL_DOMAIN}")

    assert stored_submissions(confirmed=2) == {"confirmed": 2, "stored": 3, "lost": 0}


def test_rows_of_earlier_loads_are_not_counted_again():
    for number in range(3):
        ApplicationFactory(email=f"load-{number}@{LOAD_EMAIL_DOMAIN}")

    assert stored_submissions(confirmed=2, stored_before=2) == {
        "confirmed": 2,
        "stored": 1,
        "lost": 1,
    }
