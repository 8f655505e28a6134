"""Reminders: each at its time, once, through the real task worker and a real SMTP server,
and never to people who withdrew, stopped reminders or were erased. Time is moved by putting
the data in the past (an application sent eight days ago) rather than the clock forward."""

import datetime
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from applicants import workflow
from applicants.models import AdmissionReminder, Application, Draft
from applicants.reminders import due, tasks
from applicants.retention import erase_application
from applicants.reviews import reviewing
from tests.factories import (
    ApplicationFactory,
    DocumentRequirementFactory,
    DraftFactory,
    SubscriptionFactory,
    TrainingFactory,
    stored_document,
)
from tests.worker import run_worker
from trainings.models import InterestSubscription

pytestmark = pytest.mark.django_db(transaction=True)
Kind = AdmissionReminder.Kind


@pytest.fixture(autouse=True)
def digests_at_any_hour(settings):
    settings.REMINDER_DIGEST_HOUR = 0


def hours_from_now(hours):
    return timezone.now() + datetime.timedelta(hours=hours)


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def run_and_send():
    counts = tasks.run()
    run_worker()
    return counts


def one_click(message):
    """POST the message's one-click unsubscribe as a mail program does: no cookie, no CSRF
    token, the body RFC 8058 asks for."""
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = message["List-Unsubscribe"].strip("<>")
    assert url.startswith(settings.SITE_URL + "/")  # https:// in production
    return Client(enforce_csrf_checks=True).post(
        urlsplit(url).path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )


def test_an_unconfirmed_address_is_reminded_a_day_before_its_hold_expires_once(smtp_server):
    application = ApplicationFactory(unconfirmed=True, name="Ana Ruiz", email="ana@example.org")
    withdrawn = ApplicationFactory(unconfirmed=True, email="gone@example.org")
    stopped = ApplicationFactory(unconfirmed=True, email="quiet@example.org")
    erased = ApplicationFactory(unconfirmed=True, email="erased@example.org")
    workflow.change_status(withdrawn, Application.Status.WITHDRAWN)
    Application.objects.filter(pk=stopped.pk).update(reminders_stopped_at=timezone.now())
    erase_application(erased)

    early = run_and_send()
    Application.objects.filter(pk__in=[application.pk, withdrawn.pk, stopped.pk, erased.pk]).update(
        confirm_by=hours_from_now(23)
    )
    first = run_and_send()
    again = run_and_send()

    assert early["confirm"] == 0
    assert first["confirm"] == 1
    assert again["confirm"] == 0
    [message] = smtp_server.messages_to("ana@example.org")
    assert message["Subject"].startswith("Please confirm your application")
    assert application.get_confirm_url() in message.get_content()
    assert "Ana Ruiz" not in message.get_content()  # not confirmed: nobody's name is written
    for address in ("gone@example.org", "quiet@example.org", "erased@example.org"):
        subjects = [m["Subject"] for m in smtp_server.messages_to(address)]
        assert not [s for s in subjects if s.startswith("Please confirm")]
    assert AdmissionReminder.objects.get().sent_at is not None


def test_a_reminder_queued_before_the_applicant_confirmed_is_not_sent(smtp_server):
    application = ApplicationFactory(unconfirmed=True, email="ana@example.org")
    Application.objects.filter(pk=application.pk).update(confirm_by=hours_from_now(20))

    tasks.run()
    workflow.confirm_address(application)
    run_worker()

    assert not smtp_server.messages_to("ana@example.org")
    assert AdmissionReminder.objects.get().sent_at is None


def test_missing_documents_are_asked_for_a_week_after_sending(smtp_server, documents_folder):
    training = TrainingFactory()
    cv = DocumentRequirementFactory(track=training.track, name="CV")
    DocumentRequirementFactory(track=training.track, name="Optional letter", is_required=False)
    missing = ApplicationFactory(training=training, email="ana@example.org")
    complete = ApplicationFactory(training=training, email="ben@example.org")
    recent = ApplicationFactory(training=training, email="cy@example.org")
    stored_document(complete, cv)
    Application.objects.filter(pk__in=[missing.pk, complete.pk]).update(created_at=days_ago(8))

    counts = run_and_send()
    run_and_send()

    assert counts["documents"] == 1
    [message] = smtp_server.messages_to("ana@example.org")
    assert message["Subject"] == f"Documents still missing for {training.title}"
    body = message.get_content()
    assert "- CV" in body
    assert "Optional letter" not in body
    assert missing.get_absolute_url() in body
    assert not smtp_server.messages_to("ben@example.org")
    assert not smtp_server.messages_to("cy@example.org")
    assert recent.pk


def test_an_unfinished_draft_is_reminded_after_two_days_in_its_language(smtp_server):
    idle = DraftFactory(email="ana@example.org", language="es")
    DraftFactory(email="ben@example.org")
    stopped = DraftFactory(email="quiet@example.org")
    Draft.objects.filter(pk__in=[idle.pk, stopped.pk]).update(updated_at=days_ago(3))
    Draft.objects.filter(pk=stopped.pk).update(reminders_stopped_at=timezone.now())

    counts = run_and_send()
    run_and_send()

    assert counts["draft_idle"] == 1
    [message] = smtp_server.messages_to("ana@example.org")
    assert message["Content-Language"] == "es"
    assert idle.training.title in message["Subject"]
    assert idle.get_absolute_url() in message.get_content()
    assert not smtp_server.messages_to("ben@example.org")
    assert not smtp_server.messages_to("quiet@example.org")


def test_drafts_hear_a_week_before_applications_close(smtp_server):
    closing = TrainingFactory(starts_in=6, title="Closing Soon")
    later = TrainingFactory(starts_in=30)
    DraftFactory(training=closing, email="ana@example.org")
    DraftFactory(training=later, email="ben@example.org")

    counts = run_and_send()
    run_and_send()

    assert counts["draft_closing"] == 1
    [message] = smtp_server.messages_to("ana@example.org")
    assert message["Subject"] == "Applications for Closing Soon close soon"
    assert not smtp_server.messages_to("ben@example.org")


def early_bird_training(**fields):
    training = TrainingFactory(title="Early Berlin", **fields)
    training.early_bird_fee = Decimal("2000")
    training.early_bird_deadline = timezone.localdate() + datetime.timedelta(days=5)
    training.save()
    return training


def test_the_early_bird_price_ending_reaches_the_interest_list_and_drafts_once(smtp_server):
    training = early_bird_training()
    SubscriptionFactory(email="reader@example.org", country="DE")
    SubscriptionFactory(email="elsewhere@example.org", country="AR")
    SubscriptionFactory(email="left@example.org", country="DE").unsubscribe()
    DraftFactory(training=training, email="ana@example.org")

    counts = run_and_send()
    again = run_and_send()

    assert counts["interest_early_bird"] == 1
    assert counts["draft_early_bird"] == 1
    assert again["interest_early_bird"] == again["draft_early_bird"] == 0
    [notice] = smtp_server.messages_to("reader@example.org")
    assert notice["Subject"] == "Early-bird price ends soon: Early Berlin"
    assert "EUR\xa02,000" in notice.get_content()
    [draft_notice] = [
        m for m in smtp_server.messages_to("ana@example.org") if "early-bird" in m["Subject"]
    ]
    assert "EUR\xa02,400" in draft_notice.get_content()
    assert not smtp_server.messages_to("elsewhere@example.org")
    assert not smtp_server.messages_to("left@example.org")


def test_no_early_bird_notice_when_the_price_ends_later_or_has_ended(smtp_server):
    training = early_bird_training()
    training.early_bird_deadline = timezone.localdate() + datetime.timedelta(days=9)
    training.save()
    SubscriptionFactory(email="reader@example.org", country="DE")

    assert run_and_send()["interest_early_bird"] == 0
    assert not smtp_server.messages_to("reader@example.org")


def test_one_click_unsubscribe_stops_an_applicants_reminders(smtp_server, documents_folder):
    application = ApplicationFactory(unconfirmed=True, email="ana@example.org")
    Application.objects.filter(pk=application.pk).update(confirm_by=hours_from_now(20))
    DocumentRequirementFactory(track=application.training.track)
    run_and_send()
    [message] = smtp_server.messages_to("ana@example.org")

    response = one_click(message)
    workflow.confirm_address(application)
    Application.objects.filter(pk=application.pk).update(created_at=days_ago(8))
    later = run_and_send()

    assert response.status_code == 200
    assert Application.objects.get(pk=application.pk).reminders_stopped_at is not None
    assert later["documents"] == 0
    assert len(smtp_server.messages_to("ana@example.org")) == 1


def test_the_stop_link_opened_in_a_browser_changes_nothing_until_the_button(client):
    application = ApplicationFactory()
    url = f"/applications/{application.token}/stop-reminders/"

    shown = client.get(url)
    assert Application.objects.get(pk=application.pk).reminders_stopped_at is None
    assert "Stop the reminders" in shown.text
    client.post(url)
    assert Application.objects.get(pk=application.pk).reminders_stopped_at is not None
    assert client.get("/applications/not-a-token/stop-reminders/").status_code == 404


def test_one_click_unsubscribe_ends_an_interest_subscription(smtp_server):
    early_bird_training()
    subscription = SubscriptionFactory(email="reader@example.org", country="DE")
    run_and_send()
    [message] = smtp_server.messages_to("reader@example.org")

    response = one_click(message)

    assert response.status_code in (200, 302)
    assert not InterestSubscription.objects.confirmed().filter(pk=subscription.pk).exists()


def test_one_click_unsubscribe_stops_a_drafts_reminders(smtp_server):
    draft = DraftFactory(email="ana@example.org")
    Draft.objects.filter(pk=draft.pk).update(updated_at=days_ago(3))
    run_and_send()
    [message] = smtp_server.messages_to("ana@example.org")

    one_click(message)
    Draft.objects.filter(pk=draft.pk).update(training=TrainingFactory(starts_in=5))
    later = run_and_send()

    assert Draft.objects.get(pk=draft.pk).reminders_stopped_at is not None
    assert later["draft_closing"] == 0
    assert len(smtp_server.messages_to("ana@example.org")) == 1


def test_decision_makers_get_one_digest_a_day_of_overdue_applications(smtp_server, groups):
    User = get_user_model()
    coordinator = User.objects.create_user(
        "coordinator", email="coord@imago.example", is_staff=True
    )
    coordinator.groups.add(groups["Admissions"])
    editor = User.objects.create_user("editor", email="editor@imago.example", is_staff=True)
    editor.groups.add(groups["Content editors"])
    User.objects.create_superuser("root", "root@imago.example", "pw")
    training = TrainingFactory()
    training.track.answer_days = 21
    training.track.save()
    overdue = ApplicationFactory(training=training, name="Ana Overdue")
    on_time = ApplicationFactory(training=training, name="Ben On Time")
    decided = ApplicationFactory(training=training, name="Cy Accepted", status="accepted")
    Application.objects.filter(pk__in=[overdue.pk, decided.pk]).update(confirmed_at=days_ago(30))
    Application.objects.filter(pk=on_time.pk).update(confirmed_at=days_ago(10))

    counts = run_and_send()
    again = run_and_send()

    assert counts["decisions"] == 1
    assert again["decisions"] == 0
    [digest] = smtp_server.messages_to("coord@imago.example")
    body = digest.get_content()
    assert digest["Subject"] == "1 application waits for a decision"
    assert "Ana Overdue" in body
    assert "30 days" in body
    assert f"/admin/applicants/application/{overdue.pk}/change/" in body
    assert "Ben On Time" not in body and "Cy Accepted" not in body
    assert not smtp_server.messages_to("editor@imago.example")
    assert not smtp_server.messages_to("root@imago.example")


def test_no_digest_before_the_morning_hour_nor_without_overdue_applications(groups, settings):
    settings.REMINDER_DIGEST_HOUR = 7
    User = get_user_model()
    coordinator = User.objects.create_user("coordinator", email="c@imago.example", is_staff=True)
    coordinator.groups.add(groups["Admissions"])
    night = timezone.make_aware(datetime.datetime(2026, 12, 4, 5, 0))
    morning = night + datetime.timedelta(hours=3)

    assert list(due.decisions_due(morning)) == []
    overdue = ApplicationFactory()
    Application.objects.filter(pk=overdue.pk).update(
        confirmed_at=night - datetime.timedelta(days=60)
    )
    assert list(due.decisions_due(night)) == []
    assert list(due.decisions_due(morning)) == [coordinator]


def test_reviewers_get_a_digest_of_what_waits_for_their_review(smtp_server, groups):
    User = get_user_model()
    maria = User.objects.create_user("maria", email="maria@imago.example", is_staff=True)
    maria.groups.add(groups["Reviewers"])
    jo = User.objects.create_user("joanna", email="jo@imago.example", is_staff=True)
    jo.groups.add(groups["Reviewers"])
    waiting = ApplicationFactory(name="Ana Waiting")
    closed = ApplicationFactory(name="Ben Withdrawn", status="withdrawn")
    [assignment] = reviewing.assign(waiting, [maria])
    reviewing.assign(closed, [jo])

    counts = run_and_send()

    assert counts["reviews"] == 1
    [digest] = smtp_server.messages_to("maria@imago.example")
    assert "Ana Waiting" in digest.get_content()
    assert f"/reviews/{assignment.pk}/" in digest.get_content()
    assert not smtp_server.messages_to("jo@imago.example")


def test_the_hourly_run_is_queued_once(capsys):
    from django.core.management import call_command

    call_command("send_reminders", "--schedule")
    call_command("send_reminders", "--schedule")

    out = capsys.readouterr().out
    assert "The hourly reminders run is queued." in out
    assert "queued already" in out
