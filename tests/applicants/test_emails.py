"""The e-mails about applications, sent over a real SMTP conversation (``smtp_server``) by the
tasks, and by the task worker where the queue matters."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django_tasks_db.models import DBTaskResult

from applicants import emails, tasks, workflow
from applicants.models import Application, Event
from tests.factories import ApplicationFactory
from tests.worker import run_worker

Status = Application.Status
SITE_URL = "https://training.imago.example"
INSTITUTE_EMAIL = "office@imago.example"
# Answers that must never leave the portal by e-mail.
SENSITIVE = {
    "financial_note": "FINANCIAL-NOTE-7731 we lost our savings",
    "accessibility_needs": "ACCESS-NEEDS-4410 wheelchair",
    "degree_institution": "DEGREE-INSTITUTION-5521 University",
    "motivation": "MOTIVATION-9902 my own marriage",
}


@pytest.fixture(autouse=True)
def mail_settings(settings):
    settings.SITE_URL = SITE_URL
    settings.INSTITUTE_EMAIL = INSTITUTE_EMAIL


def sensitive_application(**fields):
    return ApplicationFactory(wants_financial_assistance=True, **SENSITIVE, **fields)


def body_of(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def make_retries_due():
    """Move the queued retries to now, as if their delay had passed."""
    return DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())


@pytest.mark.django_db
def test_applicant_mail_carries_status_link_and_calendar_but_no_sensitive_answer(smtp_server):
    application = sensitive_application()

    tasks.send_confirmation.call(application.pk)

    [message] = smtp_server.messages_to(application.email)
    body = body_of(message)
    assert f"{SITE_URL}/applications/{application.token}/" in body
    assert application.training.title in body
    assert "A seat is held for you" in body
    [calendar] = list(message.iter_attachments())
    assert calendar.get_content_type() == "text/calendar"
    assert calendar.get_filename() == f"{application.training.slug}.ics"
    ics = calendar.get_content()
    assert "BEGIN:VEVENT" in ics
    assert f"SUMMARY:{application.training.title}: Module 1" in ics
    assert f"URL:{SITE_URL}{application.training.get_absolute_url()}" in ics
    raw = message.as_string()
    for answer in SENSITIVE.values():
        assert answer.split()[0] not in raw


@pytest.mark.django_db
def test_a_name_is_written_only_to_an_address_that_was_confirmed():
    typed = "Win a prize at https://evil.example"
    unconfirmed = ApplicationFactory(name=typed, unconfirmed=True)
    confirmed = ApplicationFactory(name="Ana Ruiz")

    first = emails.application_received(unconfirmed).body

    assert first.startswith("Hello,")
    assert "evil.example" not in first
    assert emails.application_received(confirmed).body.startswith("Dear Ana Ruiz,")
    Application.objects.filter(pk=unconfirmed.pk).update(confirm_by=timezone.now())
    expired = workflow.expire_application(unconfirmed.pk)
    assert expired is not None
    [event] = expired.events.filter(code=Event.Code.EXPIRED)
    changed = emails.status_changed(expired, event).body
    assert changed.startswith("Hello,") and "evil.example" not in changed


@pytest.mark.django_db
def test_applicant_on_the_waiting_list_is_told_their_position():
    training = ApplicationFactory(status=Status.WAITLISTED).training
    application = ApplicationFactory(training=training, status=Status.WAITLISTED)

    body = emails.application_received(application).body

    assert "on the waiting list, at position 2" in body
    assert "A seat is held" not in body


@pytest.mark.django_db
def test_staff_mail_goes_to_the_institute_with_the_admin_link_and_no_answers(smtp_server):
    application = sensitive_application(name="Ana & Co Ruiz")

    tasks.send_staff_notice.call(application.pk)

    [(recipients, message)] = smtp_server.recorder.received
    assert recipients == [INSTITUTE_EMAIL]
    assert message["Reply-To"] == application.email
    body = body_of(message)
    admin_path = reverse("admin:applicants_application_change", args=[application.pk])
    assert f"{SITE_URL}{admin_path}" in body
    assert "Ana & Co Ruiz" in body  # plain text: not HTML-escaped
    assert "Status: Submitted" in body
    for answer in SENSITIVE.values():
        assert answer.split()[0] not in message.as_string()
    assert application.token not in message.as_string()


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_the_applicant_and_the_institute_one_mail_each(smtp_server):
    application = ApplicationFactory()

    tasks.send_application_received.enqueue(application.pk)
    run_worker()

    assert len(smtp_server.messages_to(application.email)) == 1
    assert len(smtp_server.messages_to(INSTITUTE_EMAIL)) == 1
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()


@pytest.mark.django_db(transaction=True)
def test_mail_server_down_keeps_the_mail_queued_and_it_goes_out_once_later(smtp_server, settings):
    settings.MAIL_RETRY_DELAYS = [3600]
    application = ApplicationFactory()
    smtp_server.stop()

    tasks.send_application_received.enqueue(application.pk)
    run_worker()

    assert Application.objects.filter(pk=application.pk).exists()
    failed = DBTaskResult.objects.filter(status="FAILED")
    assert sorted(failed.values_list("task_path", flat=True)) == [
        "applicants.tasks.send_confirmation",
        "applicants.tasks.send_staff_notice",
    ]
    assert all("ConnectionRefusedError" in result.traceback for result in failed)
    retries = DBTaskResult.objects.filter(status="READY")
    assert [retry.args_kwargs for retry in retries] == [
        {"args": [application.pk], "kwargs": {"attempt": 1}}
    ] * 2
    in_59_minutes = timezone.now() + datetime.timedelta(minutes=59)
    assert all(retry.run_after > in_59_minutes for retry in retries)

    smtp_server.start()
    make_retries_due()
    run_worker()
    run_worker()  # nothing left to send twice

    assert len(smtp_server.messages_to(application.email)) == 1
    assert len(smtp_server.messages_to(INSTITUTE_EMAIL)) == 1
    assert not DBTaskResult.objects.filter(status="READY").exists()


@pytest.mark.django_db(transaction=True)
def test_a_retried_applicant_mail_does_not_send_the_staff_mail_again(smtp_server, settings):
    settings.MAIL_RETRY_DELAYS = [3600]
    application = ApplicationFactory()
    smtp_server.refuse(application.email)

    tasks.send_application_received.enqueue(application.pk)
    run_worker()

    assert smtp_server.messages_to(application.email) == []
    assert len(smtp_server.messages_to(INSTITUTE_EMAIL)) == 1
    [retry] = DBTaskResult.objects.filter(status="READY")
    assert retry.task_path == "applicants.tasks.send_confirmation"

    smtp_server.accept_all()
    make_retries_due()
    run_worker()

    assert len(smtp_server.messages_to(application.email)) == 1
    assert len(smtp_server.messages_to(INSTITUTE_EMAIL)) == 1


@pytest.mark.django_db
def test_retries_stop_when_the_delays_run_out(smtp_server, settings):
    settings.MAIL_RETRY_DELAYS = [60]
    application = ApplicationFactory()
    smtp_server.stop()

    with pytest.raises(ConnectionRefusedError):
        tasks.send_confirmation.call(application.pk, attempt=1)

    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db
def test_status_links_for_an_unknown_address_send_nothing(smtp_server):
    ApplicationFactory(email="known@example.org")

    tasks.send_status_links.call("unknown@example.org")

    assert smtp_server.messages == []


@pytest.mark.django_db
def test_status_links_list_every_open_application_of_the_address(smtp_server):
    first = ApplicationFactory(email="Ana@Example.org")
    second = ApplicationFactory(email="ana@example.org", status=Status.ACCEPTED)
    withdrawn = ApplicationFactory(email="ana@example.org", status=Status.WITHDRAWN)
    other = ApplicationFactory(email="someone@example.org")

    tasks.send_status_links.call("ANA@example.org")

    [message] = smtp_server.messages
    body = body_of(message)
    for shown in (first, second):
        assert f"{SITE_URL}{shown.get_absolute_url()}" in body
    for hidden in (withdrawn, other):
        assert hidden.token not in body
    assert "Status: Accepted" in body


def status_event(application, from_status, to_status, **fields):
    Application.objects.filter(pk=application.pk).update(status=to_status)
    return Event.objects.create(
        application=application,
        from_status=from_status,
        to_status=to_status,
        message=fields.pop("message", "Recorded."),
        **fields,
    )


@pytest.mark.django_db
def test_acceptance_is_sent_with_the_status_link(smtp_server):
    application = sensitive_application(status=Status.UNDER_REVIEW)
    event = status_event(application, Status.UNDER_REVIEW, Status.ACCEPTED)

    tasks.send_status_changed.call(application.pk, event.pk)

    [message] = smtp_server.messages_to(application.email)
    assert message["Subject"] == f"Your application for {application.training.title}: Accepted"
    body = body_of(message)
    assert "has changed from “Under review” to “Accepted”" in body
    assert "You have a place in this training." in body
    assert f"{SITE_URL}{application.get_absolute_url()}" in body
    assert SENSITIVE["financial_note"].split()[0] not in message.as_string()


@pytest.mark.django_db
def test_a_decline_gives_the_reason(smtp_server):
    application = ApplicationFactory(
        status=Status.UNDER_REVIEW, decline_reason="The clinical track needs a licence."
    )
    event = status_event(application, Status.UNDER_REVIEW, Status.DECLINED)

    tasks.send_status_changed.call(application.pk, event.pk)

    body = body_of(smtp_server.messages_to(application.email)[0])
    assert "we cannot offer you a place" in body
    assert "The clinical track needs a licence." in body


@pytest.mark.django_db
def test_a_move_up_from_the_waiting_list_says_a_seat_is_held(smtp_server):
    application = ApplicationFactory(status=Status.WAITLISTED)
    event = status_event(
        application,
        Status.WAITLISTED,
        Status.SUBMITTED,
        message="A seat became free: you moved up from the waiting list.",
    )

    tasks.send_status_changed.call(application.pk, event.pk)

    body = body_of(smtp_server.messages_to(application.email)[0])
    assert "A seat has become free" in body
    assert "you moved up from the waiting list" in body


@pytest.mark.django_db
def test_a_move_to_another_training_names_the_new_training(smtp_server):
    application = ApplicationFactory()
    event = status_event(
        application,
        Status.SUBMITTED,
        Status.SUBMITTED,
        message=f"Your application was moved to {application.training.title}.",
    )

    tasks.send_status_changed.call(application.pk, event.pk)

    body = body_of(smtp_server.messages_to(application.email)[0])
    assert f"Your application for {application.training.title} is now “Submitted”" in body
    assert f"Your application was moved to {application.training.title}." in body


@pytest.mark.django_db
def test_a_staff_note_is_never_mailed(smtp_server):
    application = ApplicationFactory()
    event = status_event(
        application,
        Status.SUBMITTED,
        Status.UNDER_REVIEW,
        message="Ask about her debts",
        is_public=False,
    )

    tasks.send_status_changed.call(application.pk, event.pk)

    assert smtp_server.messages == []


@pytest.mark.django_db
def test_the_mail_is_written_in_the_applicants_language(smtp_server):
    application = ApplicationFactory(language="de", training__time_zone="Europe/Berlin")

    tasks.send_confirmation.call(application.pk)

    [message] = smtp_server.messages_to(application.email)
    assert message["Content-Language"] == "de"
    first_day = application.training.modules.get().start_date
    with translation.override("de"):
        german_date = date_format(first_day, "DATE_FORMAT")
    assert german_date != date_format(first_day, "DATE_FORMAT")
    assert german_date in body_of(message)
    # Module times with the zone's offset on the day, for those who join from elsewhere.
    assert re.search(r"täglich 09:30–17:00 \(Zeitzone Europe/Berlin, UTC\+[12]\)", body_of(message))


@pytest.mark.django_db
def test_no_application_mail_carries_an_answer_only_links():
    application = sensitive_application(
        phone="+49 30 PHONE-3318", licence_body="LICENCE-BODY-2290 Board", internal_notes="NOTE-77"
    )
    secret = [*SENSITIVE.values(), application.phone, application.licence_body, "NOTE-77"]
    messages = [
        emails.application_received(application),
        emails.staff_new_application(application),
        emails.status_links(application.email, [application]),
    ]
    for to_status in Status:
        event = Event.objects.create(application=application, to_status=to_status, message="x")
        messages.append(emails.status_changed(application, event))

    for message in messages:
        text = message.message().as_string()
        for answer in secret:
            assert answer.split()[0] not in text
        assert SITE_URL in text  # the link is what leads to the answers


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("received", "tuition"),
    [
        (
            datetime.datetime(2027, 3, 1, 22, 30, tzinfo=datetime.UTC),  # 23:30 in Berlin
            "Tuition for this application: EUR\u00a04,400, the early-bird price, as it arrived "
            "by 1 March 2027.",
        ),
        (
            datetime.datetime(2027, 3, 1, 23, 30, tzinfo=datetime.UTC),  # 2 March in Berlin
            "Tuition for this application: EUR\u00a04,900.",
        ),
    ],
)
def test_the_mails_name_the_price_the_application_gets(received, tuition):
    """The early-bird price goes to applications received by the deadline, the training's
    day, whenever the mail is written."""
    application = ApplicationFactory(
        training__time_zone="Europe/Berlin",
        training__fee=4900,
        training__early_bird_fee=4400,
        training__early_bird_deadline=datetime.date(2027, 3, 1),
    )
    Application.objects.filter(pk=application.pk).update(created_at=received)
    application.refresh_from_db()
    accepted = Event.objects.create(application=application, to_status=Status.ACCEPTED)
    declined = Event.objects.create(application=application, to_status=Status.DECLINED)

    assert tuition in emails.application_received(application).body
    assert tuition in emails.staff_new_application(application).body
    assert tuition in emails.status_changed(application, accepted).body
    assert "Tuition" not in emails.status_changed(application, declined).body


@pytest.mark.django_db
def test_the_price_in_the_mail_is_in_the_applicants_language():
    application = ApplicationFactory(language="de", training__fee=2400)

    body = emails.application_received(application).body

    assert "Ausbildungsgebühr für diese Bewerbung: 2.400\u00a0EUR." in body


@pytest.mark.django_db(transaction=True)
def test_each_status_change_mails_the_applicant_through_the_worker(smtp_server):
    application = ApplicationFactory(
        name="Ana Ruiz",
        email="ana@example.org",
        status=Status.UNDER_REVIEW,
        training__title="Clinical Berlin",
    )

    workflow.change_status(application, Status.WAITLISTED)
    assert smtp_server.messages_to("ana@example.org") == []  # sent by the task worker
    run_worker()
    workflow.change_status(application, Status.WITHDRAWN)
    run_worker()

    waitlisted, withdrawn = smtp_server.messages_to("ana@example.org")
    assert waitlisted["To"] == withdrawn["To"] == "ana@example.org"
    assert waitlisted["Subject"] == "Your application for Clinical Berlin: On the waiting list"
    assert withdrawn["Subject"] == "Your application for Clinical Berlin: Withdrawn"
    assert body_of(waitlisted).startswith("Dear Ana Ruiz,")
    assert "has changed from “Under review” to “On the waiting list”" in body_of(waitlisted)
    assert "on the waiting list, at position 1" in body_of(waitlisted)
    assert "has changed from “On the waiting list” to “Withdrawn”" in body_of(withdrawn)
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()


@pytest.mark.django_db(transaction=True)
def test_a_decline_mails_the_applicant_the_reason_through_the_worker(smtp_server):
    application = ApplicationFactory(
        email="ana@example.org", status=Status.UNDER_REVIEW, training__title="Clinical Berlin"
    )

    workflow.change_status(
        application, Status.DECLINED, message="Not this time.", decline_reason="Not this time."
    )
    run_worker()

    [(recipients, message)] = smtp_server.recorder.received
    assert recipients == ["ana@example.org"]
    assert message["Subject"] == "Your application for Clinical Berlin: Declined"
    body = body_of(message).replace("\r\n", "\n")
    assert "has changed from “Under review” to “Declined”" in body
    assert "The reason:\nNot this time." in body
    assert f"{SITE_URL}/applications/{application.token}/" in body
