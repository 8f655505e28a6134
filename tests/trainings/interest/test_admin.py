"""The interest list in the admin: the subscriptions, the demand per country and track, and
publishing trainings, which queues their announcement."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.factories import SubscriptionFactory, TrackFactory, TrainingFactory
from trainings.models import InterestSubscription, Training

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/trainings/interestsubscription/"
DEMAND = "/admin/trainings/interestsubscription/demand/"


def demand_rows(html):
    """The demand table's rows as (country, track, subscribers, also online)."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        tuple(
            re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>.*?</td>", row)
        )
        for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)
    ]


def test_the_demand_view_counts_confirmed_interest_per_country_and_track(staff_client):
    clinical = TrackFactory(slug="clinical", name="Clinical Track")
    pft = TrackFactory(slug="pft", name="Professional Facilitator Training")
    for _ in range(3):
        SubscriptionFactory(country="KE", track=clinical)
    SubscriptionFactory(country="KE", track=clinical, wants_online=True, languages=["sw"])
    SubscriptionFactory(country="KE", track=pft)
    SubscriptionFactory(country="PT", track=None, wants_online=True)
    SubscriptionFactory(country="PT", track=None)
    SubscriptionFactory(country="", wants_online=True)
    # Not counted: waiting for confirmation, or ended.
    SubscriptionFactory(country="PT", track=pft, confirmed_at=None)
    SubscriptionFactory(country="PT", track=pft, unsubscribed_at=timezone.now())

    with CaptureQueriesContext(connection) as queries:
        response = staff_client.get(DEMAND)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "Demand for trainings" in html
    assert demand_rows(html) == [
        ("Kenya", "Clinical Track", "4", "1"),
        ("Portugal", "Any track", "2", "1"),
        ("Online only", "Any track", "1", "1"),
        ("Kenya", "Professional Facilitator Training", "1", "0"),
    ]
    counting = [q["sql"] for q in queries.captured_queries if "interestsubscription" in q["sql"]]
    assert len(counting) == 1
    assert "GROUP BY" in counting[0]


def test_the_demand_view_without_confirmed_interest_says_so(staff_client):
    SubscriptionFactory(confirmed_at=None)

    html = staff_client.get(DEMAND).content.decode()

    assert "No confirmed subscriptions yet." in html


def test_the_demand_view_is_for_staff_only(client):
    SubscriptionFactory()

    response = client.get(DEMAND)

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_subscriptions_list_links_the_demand_view_and_filters(staff_client):
    track = TrackFactory(slug="clinical", name="Clinical Track")
    SubscriptionFactory(email="confirmed@example.org", country="PT", track=track)
    SubscriptionFactory(email="waiting@example.org", country="PT", confirmed_at=None)
    SubscriptionFactory(email="ended@example.org", unsubscribed_at=timezone.now())

    html = staff_client.get(CHANGELIST).content.decode()

    assert f'href="{DEMAND}"' in html
    assert all(
        address in html
        for address in ["confirmed@example.org", "waiting@example.org", "ended@example.org"]
    )
    confirmed = staff_client.get(CHANGELIST, {"confirmed": "yes"}).content.decode()
    assert "confirmed@example.org" in confirmed
    assert "waiting@example.org" not in confirmed and "ended@example.org" not in confirmed
    waiting = staff_client.get(CHANGELIST, {"confirmed": "no"}).content.decode()
    assert "waiting@example.org" in waiting and "confirmed@example.org" not in waiting
    by_track = staff_client.get(CHANGELIST, {"track__id__exact": track.pk}).content.decode()
    assert "confirmed@example.org" in by_track and "waiting@example.org" not in by_track
    by_country = staff_client.get(CHANGELIST, {"country": "PT"}).content.decode()
    assert "ended@example.org" not in by_country and "waiting@example.org" in by_country
    found = staff_client.get(CHANGELIST, {"q": "WAITING@"}).content.decode()
    assert "waiting@example.org" in found and "confirmed@example.org" not in found


def test_staff_cannot_add_a_subscription_for_someone(staff_client):
    assert staff_client.get(f"{CHANGELIST}add/").status_code == 403


def test_staff_can_end_subscriptions(staff_client):
    subscription = SubscriptionFactory()

    response = staff_client.post(
        CHANGELIST, {"action": "unsubscribe", "_selected_action": [subscription.pk]}, follow=True
    )

    assert "1 subscription ended." in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None


def test_publishing_queues_one_announcement_per_newly_published_training(
    staff_client, django_capture_on_commit_callbacks
):
    drafts = [TrainingFactory(status=Training.Status.DRAFT) for _ in range(2)]
    published = TrainingFactory()
    selected = [training.pk for training in [*drafts, published]]

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            "/admin/trainings/training/",
            {"action": "publish", "_selected_action": selected, "publish_anyway": "all"},
            follow=True,
        )

    assert "2 trainings published." in response.content.decode()
    assert set(Training.objects.values_list("status", flat=True)) == {"published"}
    queued = DBTaskResult.objects.filter(task_path="trainings.interest.tasks.announce_training")
    assert sorted(result.args_kwargs["args"][0] for result in queued) == sorted(
        training.pk for training in drafts
    )


def test_a_subscription_page_shows_the_trainings_announced(staff_client):
    subscription = SubscriptionFactory()
    training = TrainingFactory(title="Clinical Nairobi 2027")
    subscription.notifications.create(training=training)

    html = staff_client.get(f"{CHANGELIST}{subscription.pk}/change/").content.decode()

    assert "Clinical Nairobi 2027" in html
    assert subscription.email in html
    assert InterestSubscription.objects.get() == subscription


def test_the_language_filter_lists_those_a_training_in_it_would_reach(staff_client):
    SubscriptionFactory(email="swahili@example.org", languages=["en", "sw"])
    SubscriptionFactory(email="any@example.org", languages=[])
    SubscriptionFactory(email="german@example.org", languages=["de"])

    html = staff_client.get("/admin/trainings/interestsubscription/?language=sw").content.decode()

    assert "swahili@example.org" in html and "any@example.org" in html
    assert "german@example.org" not in html
    assert "English, Swahili" in html
