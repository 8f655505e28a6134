"""The admissions panels of the admin's front page: their figures against the database they
were counted from, and the lists their links open."""

import datetime
import re

import pytest
from django.utils import timezone

from applicants import dashboard
from applicants.models import Application
from tests.factories import (
    ApplicationFactory,
    SubscriptionFactory,
    TrackFactory,
    TrainingFactory,
    days_from_today,
)
from trainings.models import Training

pytestmark = pytest.mark.django_db
Status = Application.Status
INDEX = "/admin/"


def arrived(application, moment):
    Application.objects.filter(pk=application.pk).update(created_at=moment)


def confirmed(days_ago, **fields):
    return ApplicationFactory(
        confirmed_at=timezone.now() - datetime.timedelta(days=days_ago), **fields
    )


def changelist_names(client, link):
    page = client.get(link).content.decode()
    return set(re.findall(r"Applicant \d+", page))


def test_applications_count_in_the_week_they_arrived_in_the_portals_time_zone(settings):
    settings.TIME_ZONE = "Europe/Berlin"
    zone = timezone.get_default_timezone()
    today = timezone.localdate(timezone=zone)
    monday = today - datetime.timedelta(days=today.weekday())
    first_monday = monday - datetime.timedelta(weeks=11)
    # Sunday evening in UTC, already Monday in Berlin: this week's.
    for _ in range(3):
        arrived(ApplicationFactory(), dashboard.midnight(monday) + datetime.timedelta(minutes=30))
    arrived(ApplicationFactory(), dashboard.midnight(monday) - datetime.timedelta(minutes=30))
    arrived(
        ApplicationFactory(status=Status.WITHDRAWN),
        dashboard.midnight(monday - datetime.timedelta(weeks=3)) + datetime.timedelta(days=2),
    )
    arrived(ApplicationFactory(), dashboard.midnight(first_monday))
    # The week before the twelve is not counted.
    arrived(ApplicationFactory(), dashboard.midnight(first_monday) - datetime.timedelta(hours=1))

    weeks = dashboard.applications_per_week()

    assert [week for week, _count in weeks] == [
        first_monday + datetime.timedelta(weeks=index) for index in range(12)
    ]
    counts = dict(weeks)
    assert counts[monday] == 3
    assert counts[monday - datetime.timedelta(weeks=1)] == 1
    assert counts[monday - datetime.timedelta(weeks=3)] == 1
    assert counts[first_monday] == 1
    assert sum(counts.values()) == 6
    assert list(counts.values()).count(0) == 8


def test_the_weeks_panel_shows_each_week_with_its_count_and_link(client, staff):
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    ApplicationFactory.create_batch(2)

    page = client.get(INDEX).content.decode()

    assert "Applications per week" in page
    assert "2 applications in the last 12 weeks." in page
    assert "<caption>Applications received each week" in page
    assert page.count('<th scope="row"><a href="/admin/applicants/application/?created_at') == 12
    week = re.search(
        r'<a href="([^"]+)">' + re.escape(f"{monday:%-d %b %Y}") + r"</a></th><td>2</td>", page
    )
    assert week
    assert len(changelist_names(client, week.group(1).replace("&amp;", "&"))) == 2


def test_seats_and_waiting_lists_of_the_coming_published_trainings(client, staff):
    full = TrainingFactory(title="Full in Berlin", capacity=3, starts_in=30)
    ApplicationFactory.create_batch(2, training=full)
    ApplicationFactory(training=full, status=Status.ACCEPTED)
    ApplicationFactory.create_batch(2, training=full, status=Status.WAITLISTED)
    ApplicationFactory(training=full, status=Status.WITHDRAWN)
    ApplicationFactory(training=full, status=Status.DECLINED)
    roomy = TrainingFactory(title="Roomy in Vienna", capacity=20, starts_in=90)
    ApplicationFactory(training=roomy, status=Status.UNDER_REVIEW)
    TrainingFactory(title="Draft in Paris", status=Training.Status.DRAFT)
    TrainingFactory(title="Cancelled in Rome", status=Training.Status.CANCELLED)

    trainings = list(dashboard.coming_trainings())

    assert [(t.title, t.seats_taken, t.seats_left, t.waiting) for t in trainings] == [
        ("Full in Berlin", 3, 0, 2),
        ("Roomy in Vienna", 1, 19, 0),
    ]
    page = client.get(INDEX).content.decode()
    assert "Seats in the coming trainings" in page
    row = re.search(r"Full in Berlin</a></th>\s*<td>[^<]*</td>\s*<td>3 / 3</td>\s*<td>0</td>", page)
    assert row
    assert "3 of 3, 2 waiting" in page  # the chart's note
    assert "1 of 20, 0 waiting" in page
    assert "Draft in Paris" not in page
    assert "Cancelled in Rome" not in page
    link = re.search(r'<a href="([^"]+)">Full in Berlin</a>', page).group(1)
    assert len(changelist_names(client, link.replace("&amp;", "&"))) == 7


def test_only_the_next_twenty_trainings_are_shown(staff):
    for days in range(30, 52):
        TrainingFactory(title=f"Starts in {days} days", starts_in=days)

    titles = [training.title for training in dashboard.coming_trainings()]

    assert titles == [f"Starts in {days} days" for days in range(30, 50)]


def test_a_training_that_has_started_is_not_coming(staff):
    TrainingFactory(
        title="Started",
        starts_in=-5,
        applications_open=days_from_today(-60),
        applications_close=days_from_today(-6),
    )

    assert list(dashboard.coming_trainings()) == []


def test_applications_waiting_for_a_decision_by_how_long_and_past_the_promise(client, staff):
    quick = TrackFactory(slug="quick", answer_days=7)
    slow_training = TrainingFactory()  # the Clinical Track promises 21 days
    quick_training = TrainingFactory(track=quick)
    fresh = confirmed(2, training=slow_training)
    week = confirmed(10, training=quick_training, status=Status.UNDER_REVIEW)  # past 7 days
    fortnight = confirmed(20, training=slow_training)
    old = confirmed(40, training=slow_training, status=Status.UNDER_REVIEW)  # past 21 days
    # Not waiting for a decision: unconfirmed, decided, on the waiting list, withdrawn.
    ApplicationFactory(unconfirmed=True, training=slow_training)
    confirmed(50, training=slow_training, status=Status.ACCEPTED)
    confirmed(50, training=slow_training, status=Status.DECLINED)
    confirmed(50, training=slow_training, status=Status.WAITLISTED)
    confirmed(50, training=slow_training, status=Status.WITHDRAWN)

    figures, _now = dashboard.waiting_for_decision()

    assert [figures[f"waited_{index}"] for index in range(4)] == [1, 1, 1, 1]
    assert figures["overdue"] == 2

    page = client.get(INDEX).content.decode()
    assert "4 confirmed applications are waiting for a decision." in page
    assert "2 are past the time their tracks promise for an answer." in page
    links = {
        label: link.replace("&amp;", "&")
        for link, label in re.findall(r'<th scope="row"><a href="([^"]+)">([^<]+)</a>', page)
    }
    expected = {
        "Under a week": fresh,
        "1–2 weeks": week,
        "2–4 weeks": fortnight,
        "Longer": old,
    }
    for label, application in expected.items():
        assert changelist_names(client, links[label]) == {application.name}
    overdue_link = re.search(r'<a href="([^"]+)">2 are past', page).group(1)
    assert changelist_names(client, overdue_link) == {week.name, old.name}


def test_nothing_past_the_promise_says_so(client, staff):
    confirmed(3)

    page = client.get(INDEX).content.decode()

    assert "1 confirmed application is waiting for a decision." in page
    assert "None is past the time its track promises for an answer." in page


def make_data(count):
    """``count`` coming trainings, each with ``count`` applications of each kind, and
    subscribers in ``count`` countries for ``count`` tracks and for any."""
    for index in range(count):
        training = TrainingFactory(starts_in=30 + index)
        for status in [Status.SUBMITTED, Status.UNDER_REVIEW, Status.WAITLISTED]:
            ApplicationFactory.create_batch(count, training=training, status=status)
    tracks = [TrackFactory(slug=f"track-{index}") for index in range(count)]
    for country in ["DE", "AT", "CH", "FR", "ES"][:count]:
        SubscriptionFactory(country=country)
        for track in tracks:
            SubscriptionFactory(country=country, track=track)


@pytest.mark.parametrize("count", [1, 5])
def test_the_front_page_costs_the_same_queries_however_many_rows(
    client, staff, django_assert_num_queries, count
):
    make_data(count)

    with django_assert_num_queries(QUERIES):
        page = client.get(INDEX).content.decode()

    assert page.count("Training ") >= count
    assert "Demand from the interest list" in page


# The session and user, the log of recent actions, one query for each admissions panel and two
# for the demand (its counts, and the names of the tracks asked for).
QUERIES = 8
