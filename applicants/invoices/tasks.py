"""Background work on invoices: sending them, the daily issuing of what falls due, and the
payment reminders.

Each reminder is recorded (:class:`~applicants.invoices.models.Reminder`, one per invoice and
kind) in the transaction that queues its e-mail, so it is sent once however often the daily run
goes over the same invoice. Mail that cannot be delivered is retried later
(``imago_site.mail.deliver``).
"""

import datetime
import logging

from django.db import IntegrityError, transaction
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from applicants.invoices import emails, issuing
from applicants.invoices.models import Invoice, Reminder
from applicants.models import Application
from imago_site.mail import deliver

logger = logging.getLogger(__name__)

EVERY = datetime.timedelta(days=1)
# A reminder goes this many days before the due day, to an invoice issued earlier than that.
REMIND_DAYS_BEFORE = 7


@task
def send_invoice(invoice_id, attempt=0):
    """E-mail an invoice or credit note, its PDF attached, to the trainee."""
    invoice = Invoice.objects.select_related("application__training", "cancels").get(pk=invoice_id)
    deliver(emails.invoice_issued(invoice), send_invoice, invoice_id, attempt=attempt)


@task
def send_reminder(reminder_id, attempt=0):
    """E-mail the payment reminder recorded as ``reminder_id``, unless the invoice was paid or
    cancelled in the meantime."""

    reminder = Reminder.objects.filter(pk=reminder_id).first()
    if reminder is None:
        return
    invoice = (
        Invoice.objects.with_balance()
        .select_related("application__training")
        .get(pk=reminder.invoice_id)
    )
    if invoice.balance <= 0:
        return
    message = emails.payment_reminder(invoice, reminder.kind)
    deliver(message, send_reminder, reminder_id, attempt=attempt)


def queue_reminders(today):
    """Record and queue the reminders due ``today``: a week before the due day for invoices
    issued before that week, and after the due day; each once. Returns how many."""

    soon = today + datetime.timedelta(days=REMIND_DAYS_BEFORE)
    open_invoices = Invoice.objects.open().select_related(None)
    wanted = [
        (invoice.pk, Reminder.Kind.BEFORE_DUE)
        for invoice in open_invoices.filter(due_on__gt=today, due_on__lte=soon).exclude(
            reminders__kind=Reminder.Kind.BEFORE_DUE
        )
        if invoice.issued_on < invoice.due_on - datetime.timedelta(days=REMIND_DAYS_BEFORE)
    ] + [
        (invoice.pk, Reminder.Kind.OVERDUE)
        for invoice in open_invoices.filter(due_on__lt=today).exclude(
            reminders__kind=Reminder.Kind.OVERDUE
        )
    ]
    queued = 0
    for invoice_id, kind in wanted:
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(invoice_id=invoice_id, kind=kind)
                transaction.on_commit(lambda pk=reminder.pk: send_reminder.enqueue(pk), robust=True)
        except IntegrityError:  # Another run recorded it first.
            continue
        queued += 1
    return queued


def issue_due_invoices(today=None):
    """Issue the invoices of every accepted trainee's plan that fall due by now; returns how
    many were issued."""

    accepted = Application.objects.filter(
        status=Application.Status.ACCEPTED, billing__isnull=False
    ).select_related("training")
    return sum(len(issuing.issue_due_invoices(a, today=today)) for a in accepted)


def run_billing(today=None):
    """The daily run: issue what falls due, then queue the reminders. Returns the counts."""
    today = today or timezone.localdate()
    return {"invoices": issue_due_invoices(today), "reminders": queue_reminders(today)}


@task
def run_billing_daily():
    """Run the daily billing, then queue the next run for the same time tomorrow."""
    try:
        counts = run_billing()
        logger.info("Daily billing: %(invoices)s invoices issued, %(reminders)s reminders.", counts)
    finally:
        schedule_daily_billing(timezone.now() + EVERY)


def schedule_daily_billing(run_after=None):
    """Queue the daily billing for ``run_after`` (now when None), unless a run is already
    waiting. Returns whether one was queued."""
    waiting = DBTaskResult.objects.filter(
        task_path=run_billing_daily.module_path, status=TaskResultStatus.READY
    )
    if waiting.exists():
        return False
    run_billing_daily.using(run_after=run_after or timezone.now()).enqueue()
    return True
