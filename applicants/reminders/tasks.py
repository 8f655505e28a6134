"""The hourly run that finds the reminders due (``applicants.reminders.due``) and the task that
sends each. The run queues its own next one an hour later, once ``manage.py send_reminders
--schedule`` has queued the first. A reminder is checked again when it is sent: one whose
person withdrew, asked for no more reminders or was erased meanwhile, or whose reason is gone
(the address confirmed, the documents sent, the draft sent), sends nothing.
"""

import datetime
import logging

from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from applicants.models import AdmissionReminder, Assignment
from applicants.reminders import due, emails
from imago_site.mail import deliver
from trainings.interest import tasks as interest_tasks

logger = logging.getLogger(__name__)
Kind = AdmissionReminder.Kind
EVERY = datetime.timedelta(hours=1)


@task
def send_reminder(reminder_id, attempt=0):
    """E-mail the reminder recorded as ``reminder_id``, if it is still wanted."""
    reminder = (
        AdmissionReminder.objects.select_related(
            "application__training__track", "draft__training", "user"
        )
        .filter(pk=reminder_id, sent_at__isnull=True)
        .first()
    )
    if reminder is None:
        return
    message = compose(reminder, timezone.now())
    if message is None:
        logger.info("Reminder %s is no longer needed; not sent.", reminder_id)
        return
    deliver(message, send_reminder, reminder_id, attempt=attempt)
    AdmissionReminder.objects.filter(pk=reminder_id).update(sent_at=timezone.now())


def compose(reminder, now):
    """The reminder's message, or None when its reason is gone: an applicant's or a draft's is
    checked with the query that found it due (``applicants.reminders.due.DUE``), a digest
    against what waits now."""
    kind = reminder.kind
    if kind in AdmissionReminder.DIGESTS:
        return compose_digest(reminder, now)
    field, finder = due.DUE[kind]
    if not finder(now).filter(pk=getattr(reminder, f"{field}_id")).exists():
        return None
    if field == "application":
        return emails.application_reminder(reminder.application, kind)
    return emails.draft_reminder(reminder.draft, kind)


def compose_digest(reminder, now):
    if not reminder.user.is_active:
        return None
    if reminder.kind == Kind.DECISIONS:
        waiting = list(due.waiting_for_decision(now))
        return emails.decisions_digest(reminder.user, waiting, now) if waiting else None
    assignments = list(
        Assignment.objects.awaiting_review()
        .filter(reviewer=reminder.user)
        .select_related("application__training")
        .order_by("assigned_at")
    )
    return emails.reviews_digest(reminder.user, assignments) if assignments else None


@task
def send_reminders_hourly():
    """Record and queue the reminders due now (and the interest list's early-bird notices),
    then queue the next run an hour later."""
    try:
        counts = run()
        logger.info("Reminders queued: %s.", counts)
    finally:
        schedule_hourly_reminders(timezone.now() + EVERY)


def run(now=None):
    now = now or timezone.now()
    counts = due.record_due(now)
    counts["interest_early_bird"] = interest_tasks.remind_early_bird(now)
    return counts


def schedule_hourly_reminders(run_after=None):
    """Queue the hourly reminders run for ``run_after`` (now when None), unless a run is
    already waiting. Returns whether one was queued."""
    waiting = DBTaskResult.objects.filter(
        task_path=send_reminders_hourly.module_path, status=TaskResultStatus.READY
    )
    if waiting.exists():
        return False
    send_reminders_hourly.using(run_after=run_after or timezone.now()).enqueue()
    return True
