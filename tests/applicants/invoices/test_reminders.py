"""Payment reminders and the daily billing, run by the real task worker and sent over SMTP:
once each, in the trainee's language, only while something is still open."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from applicants.invoices import issuing, tasks
from applicants.invoices.models import Invoice, Payment, Reminder
from tests.factories import TrainingFactory, accepted
from tests.worker import run_worker

D = Decimal


def body_of(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def deposit_invoice(language="en", days_to_pay=14):
    training = TrainingFactory(
        fee=D("4900.00"), deposit=D("500.00"), deposit_days=days_to_pay, starts_in=150
    )
    application = accepted(training=training, language=language)
    [invoice] = issuing.issue_due_invoices(application)
    return application, invoice


def reminders_on(day):
    return tasks.run_billing(day)


def reminders_to(smtp_server, address):
    """The reminders received, leaving out the invoices mailed when they were issued."""
    return [m for m in smtp_server.messages_to(address) if not m.is_multipart()]


@pytest.mark.django_db(transaction=True)
def test_a_week_before_and_after_the_due_day_one_reminder_each(smtp_server):
    application, invoice = deposit_invoice()
    due = invoice.due_on

    assert reminders_on(due - datetime.timedelta(days=8)) == {
        "invoices": 0,
        "reminders": 0,
    }
    for day in (due - datetime.timedelta(days=7), due - datetime.timedelta(days=3)):
        reminders_on(day)
    reminders_on(due)  # due today: not overdue yet
    for day in (due + datetime.timedelta(days=1), due + datetime.timedelta(days=9)):
        reminders_on(day)
    run_worker()

    messages = reminders_to(smtp_server, application.email)
    assert [message["Subject"] for message in messages] == [
        f"Invoice {invoice.number} is due on {due.isoformat()}",
        f"Reminder: invoice {invoice.number} was due on {due.isoformat()}",
    ]
    body = body_of(messages[1])
    assert "EUR\u00a0500" in body and invoice.payment_reference in body
    assert invoice.get_download_url() in body
    assert sorted(Reminder.objects.values_list("kind", flat=True)) == ["before_due", "overdue"]


@pytest.mark.django_db(transaction=True)
def test_no_reminder_for_a_paid_invoice_nor_before_due_for_one_issued_within_the_week(smtp_server):
    _application, paid = deposit_invoice()
    Payment.objects.create(
        invoice=paid, amount=paid.total, currency="EUR", received_on=paid.issued_on
    )
    late, short = deposit_invoice(days_to_pay=5)

    reminders_on(short.due_on - datetime.timedelta(days=3))
    reminders_on(paid.due_on + datetime.timedelta(days=1))
    run_worker()

    assert not reminders_to(smtp_server, paid.billed_email)
    [overdue] = reminders_to(smtp_server, late.email)
    assert overdue["Subject"].startswith("Reminder:")


@pytest.mark.django_db(transaction=True)
def test_a_reminder_is_written_in_the_trainees_language(smtp_server):
    application, invoice = deposit_invoice(language="de")

    reminders_on(invoice.due_on + datetime.timedelta(days=2))
    run_worker()

    [message] = reminders_to(smtp_server, application.email)
    assert message["Content-Language"] == "de"
    assert "Erinnerung" in message["Subject"]
    assert "500\u00a0EUR" in body_of(message)


@pytest.mark.django_db(transaction=True)
def test_a_reminder_already_queued_is_not_sent_once_the_invoice_is_paid(smtp_server):
    application, invoice = deposit_invoice()
    reminders_on(invoice.due_on + datetime.timedelta(days=1))
    Payment.objects.create(
        invoice=invoice, amount=invoice.total, currency="EUR", received_on=invoice.due_on
    )

    run_worker()

    assert not reminders_to(smtp_server, application.email)
    [sent] = DBTaskResult.objects.filter(task_path=tasks.send_reminder.module_path)
    assert sent.status == "SUCCESSFUL"


@pytest.mark.django_db
def test_the_daily_run_issues_the_instalments_that_fall_due():
    training = TrainingFactory(fee=D("3000.00"), deposit=D("0.00"), starts_in=120)
    application = accepted(training=training)

    counts = tasks.run_billing(training.starts_on - datetime.timedelta(days=100))
    assert counts["invoices"] == 1  # the first amount of the plan comes at once
    assert tasks.run_billing(training.starts_on - datetime.timedelta(days=99))["invoices"] == 0
    [invoice] = Invoice.objects.filter(application=application)
    assert (invoice.purpose, invoice.total) == ("balance", D("3000.00"))


@pytest.mark.django_db
def test_the_daily_billing_is_queued_once(capsys):
    call_command("run_billing", "--schedule")
    call_command("run_billing", "--schedule")

    assert capsys.readouterr().out.splitlines() == [
        "The daily billing is queued.",
        "The daily billing was queued already.",
    ]
    assert DBTaskResult.objects.filter(task_path=tasks.run_billing_daily.module_path).count() == 1
