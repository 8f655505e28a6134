"""The contact form's inbox in the admin, and the coordinators per country."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from faq.models import ContactMessage, Coordinator
from tests.factories import ContactMessageFactory, TrainingFactory

pytestmark = pytest.mark.django_db
Status = ContactMessage.Status
Topic = ContactMessage.Topic
CHANGELIST = "/admin/faq/contactmessage/"


def listed(client, query=""):
    response = client.get(f"{CHANGELIST}?{query}")
    assert response.status_code == 200
    return {message.pk for message in response.context["cl"].result_list}


def test_inbox_lists_messages_with_their_recipients(client, staff):
    training = TrainingFactory(title="Clinical Training Lisbon 2027")
    ContactMessageFactory(
        name="Ana Ruiz",
        training=training,
        assignee=staff,
        routed_to=["bea@imago.example", "carl@imago.example"],
    )

    html = client.get(CHANGELIST).content.decode()

    assert "Ana Ruiz" in html
    assert "Clinical Training Lisbon 2027" in html
    assert "bea@imago.example, carl@imago.example" in html
    assert "boss" in html


def test_inbox_filters_by_topic_country_status_and_assignee(client, staff):
    other_staff = get_user_model().objects.create_user("eva", is_staff=True)
    near_me = ContactMessageFactory(topic=Topic.TRAINER_NEAR_ME, country="KE")
    finances = ContactMessageFactory(topic=Topic.FINANCES, assignee=staff)
    answered = ContactMessageFactory(status=Status.ANSWERED, assignee=other_staff)

    assert listed(client, "topic__exact=trainer_near_me") == {near_me.pk}
    assert listed(client, "country=KE") == {near_me.pk}
    assert listed(client, "status__exact=answered") == {answered.pk}
    assert listed(client, f"assignee__id__exact={staff.pk}") == {finances.pk}
    assert listed(client, "q=sender") == {near_me.pk, finances.pk, answered.pk}
    assert listed(client, f"q={finances.email}") == {finances.pk}


def test_inbox_queries_do_not_grow_with_the_messages(staff, count_queries):
    ContactMessageFactory(training=TrainingFactory(), assignee=staff)
    few = count_queries(CHANGELIST)

    for _ in range(5):
        ContactMessageFactory(training=TrainingFactory(), assignee=staff)

    assert count_queries(CHANGELIST) == few


def test_mark_answered_sets_the_status_and_keeps_an_earlier_answer_time(client, staff):
    new = ContactMessageFactory()
    closed = ContactMessageFactory(status=Status.CLOSED)
    earlier = timezone.now() - datetime.timedelta(days=3)
    answered = ContactMessageFactory(status=Status.ANSWERED, answered_at=earlier)
    untouched = ContactMessageFactory()

    response = client.post(
        CHANGELIST,
        {"action": "mark_answered", "_selected_action": [new.pk, closed.pk, answered.pk]},
        follow=True,
    )

    assert "2 messages marked as answered." in response.content.decode()
    for message in (new, closed):
        message.refresh_from_db()
        assert message.status == Status.ANSWERED
        assert timezone.now() - message.answered_at < datetime.timedelta(minutes=1)
    answered.refresh_from_db()
    assert answered.answered_at == earlier
    untouched.refresh_from_db()
    assert (untouched.status, untouched.answered_at) == (Status.NEW, None)


def test_the_message_is_read_only_while_status_and_assignee_change(client, staff):
    message = ContactMessageFactory(message="MESSAGE-1234 first line\nsecond line")
    url = f"{CHANGELIST}{message.pk}/change/"

    html = client.get(url).content.decode()
    response = client.post(
        url,
        {"status": Status.ANSWERED, "assignee": staff.pk, "message": "changed", "email": "x@y.z"},
    )

    assert "MESSAGE-1234 first line<br>second line" in html
    assert 'name="message"' not in html
    assert 'name="email"' not in html
    assert response.status_code == 302
    message.refresh_from_db()
    assert (message.status, message.assignee) == (Status.ANSWERED, staff)
    assert message.answered_at is not None
    assert message.message == "MESSAGE-1234 first line\nsecond line"
    assert client.get(f"{CHANGELIST}add/").status_code == 403


def test_only_staff_can_be_assigned(client, staff):
    get_user_model().objects.create_user("visitor")
    message = ContactMessageFactory()

    html = client.get(f"{CHANGELIST}{message.pk}/change/").content.decode()

    assert ">boss<" in html
    assert ">visitor<" not in html


def test_one_coordinator_per_country(client, staff):
    Coordinator.objects.create(country="DE", name="Anna", email="anna@imago.example")

    response = client.post(
        "/admin/faq/coordinator/add/",
        {"country": "DE", "name": "Bernd", "email": "bernd@imago.example", "note": ""},
    )

    assert "Coordinator with this Country already exists." in response.content.decode()
    assert Coordinator.objects.count() == 1
    listing = client.get("/admin/faq/coordinator/").content.decode()
    assert "Germany" in listing and "anna@imago.example" in listing
