import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applicants.models import AdmissionReminder
from tests.factories import ApplicationFactory, DraftFactory
from tests.imago_site.conftest import member_of

pytestmark = pytest.mark.django_db
LIST = "/admin/applicants/admissionreminder/"


def remind(count):
    for _ in range(count):
        AdmissionReminder.objects.create(kind="confirm", application=ApplicationFactory())
        AdmissionReminder.objects.create(kind="draft_idle", draft=DraftFactory())


def test_admissions_read_the_reminders_sent_and_change_none(client, groups):
    member_of(groups, "Admissions", client)
    application = ApplicationFactory(name="Ana Ruiz")
    reminder = AdmissionReminder.objects.create(
        kind="confirm", application=application, sent_at=timezone.now()
    )

    listed = client.get(LIST)
    page = client.get(f"{LIST}{reminder.pk}/change/")
    posted = client.post(f"{LIST}{reminder.pk}/change/", {"kind": "documents"})

    assert "Ana Ruiz" in listed.text
    assert "Confirm the address: a day left" in listed.text
    assert page.status_code == 200
    assert posted.status_code == 403
    assert client.get(f"{LIST}add/").status_code == 403
    assert AdmissionReminder.objects.get().kind == "confirm"


def test_content_editors_see_no_reminders(client, groups):
    member_of(groups, "Content editors", client)

    assert client.get(LIST).status_code == 403


def test_the_list_costs_the_same_queries_for_one_reminder_and_many(client, groups):
    member_of(groups, "Admissions", client)
    remind(1)
    client.get(LIST)
    with CaptureQueriesContext(connection) as one:
        client.get(LIST)
    remind(10)
    with CaptureQueriesContext(connection) as many:
        client.get(LIST)

    assert len(many) == len(one)
