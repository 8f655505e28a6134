"""Staff logins end after a working day, or after a while without a request; a public
visitor's session is left alone."""

import time

import pytest
from django.urls import reverse

from imago_site.staff_sessions import SEEN_KEY, STARTED_KEY
from tests.factories import TrainingFactory

pytestmark = pytest.mark.django_db


def as_if(client, **seconds_ago):
    """The session's clocks moved into the past, as if that much time had gone by."""
    session = client.session
    for key, ago in seconds_ago.items():
        session[{"started": STARTED_KEY, "seen": SEEN_KEY}[key]] = int(time.time()) - ago
    session.save()


def test_a_busy_staff_member_is_logged_out_after_ten_hours(staff_client, settings):
    applications = reverse("admin:applicants_application_changelist")
    as_if(staff_client, started=10 * 3600 - 60, seen=10)
    assert staff_client.get(applications).status_code == 200

    as_if(staff_client, started=10 * 3600 + 60, seen=10)
    response = staff_client.get(applications)

    assert response.status_code == 302
    assert response.url == f"{reverse('admin:login')}?next={applications}"
    assert "_auth_user_id" not in staff_client.session
    page = staff_client.get(response.url)
    assert "You were logged out after a while" in page.text


def test_thirty_minutes_without_a_request_end_the_login(staff_client):
    index = reverse("admin:index")
    as_if(staff_client, started=3600, seen=29 * 60)
    assert staff_client.get(index).status_code == 200  # and the idle clock starts again

    as_if(staff_client, seen=31 * 60)

    assert staff_client.get(index).status_code == 302
    assert "_auth_user_id" not in staff_client.session


def test_a_request_moves_the_idle_clock(staff_client):
    as_if(staff_client, started=3600, seen=29 * 60)

    staff_client.get(reverse("admin:index"))

    assert time.time() - staff_client.session[SEEN_KEY] < 60


def test_the_periods_are_settings(staff_client, settings):
    settings.STAFF_IDLE_MINUTES = 5
    as_if(staff_client, seen=6 * 60)

    assert staff_client.get(reverse("admin:index")).status_code == 302


def test_a_visitors_session_has_no_clock(client):
    training = TrainingFactory()
    client.get(reverse("applicants:apply", args=[training.slug]))
    session = client.session
    session["django_language"] = "es"
    session.save()

    client.get(training.get_absolute_url())

    assert STARTED_KEY not in client.session and SEEN_KEY not in client.session
