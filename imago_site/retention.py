"""Erasing the personal data the portal no longer needs, by outcome.

Run daily by the task worker (``imago_site.tasks.erase_expired_data_daily``, which queues its
own next run) or from cron with ``manage.py erase_expired_data``. The periods are settings,
in days:

- A declined application, ``RETENTION_DECLINED_DAYS`` after the decline; a withdrawn one,
  ``RETENTION_WITHDRAWN_DAYS`` after the withdrawal; one whose applicant asked for deletion,
  at the next run (asking withdraws it if it is still open). Its answers, name and contact
  details are blanked, staff notes and the timeline's texts too, and its status link stops
  working. What the institute keeps: the training, the outcome and the dates of the timeline,
  the consent records (when, which notice, which policy), and the answers counted in
  statistics (country, language, degree level and field, licence yes or no, how they heard
  of the training). Accepted applications are kept: the institute certifies trainings.
- A contact message, ``RETENTION_CONTACT_DAYS`` after it arrived: the sender's name, address,
  city, message and IP are blanked; topic, country, dates, status and routing are kept.
- An interest-list subscription never confirmed within ``INTEREST_CONFIRM_DAYS``: deleted; one
  unsubscribed, ``RETENTION_UNSUBSCRIBED_DAYS`` after the unsubscription: deleted.
- A finished background task, ``RETENTION_TASK_DAYS`` after it ran: deleted (a task's
  arguments may hold an e-mail address, e.g. "send my links to ...").
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from applicants.models import Application, Event, new_token
from faq.models import ContactMessage
from trainings.models import InterestSubscription

Status = Application.Status

# An erased application's answers. Its e-mail becomes a unique address that cannot exist (the
# reserved .invalid domain), as the database allows one application per address and training.
ERASED_ANSWERS = {
    "name": "",
    "phone": "",
    "city": "",
    "profession": "",
    "degree_institution": "",
    "degree_year": None,
    "licence_country": "",
    "licence_body": "",
    "years_of_practice": 0,
    "motivation": "",
    "financial_note": "",
    "accessibility_needs": "",
    "internal_notes": "",
    "decline_reason": "",
    "eligibility_reasons": [],
    "submission_key": None,
}
ERASED_CONTACT = {"name": "", "email": "", "city": "", "message": "", "ip": None}


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def expired_applications():
    """Applications whose personal data is due for erasure (see the module's text)."""
    closed_at = Coalesce(
        Subquery(
            Event.objects.filter(application=OuterRef("pk"), to_status=OuterRef("status"))
            .order_by("-at")
            .values("at")[:1]
        ),
        "updated_at",
    )
    return (
        Application.objects.filter(erased_at__isnull=True)
        .alias(closed_at=closed_at)
        .filter(
            Q(status=Status.DECLINED, closed_at__lt=days_ago(settings.RETENTION_DECLINED_DAYS))
            | Q(status=Status.WITHDRAWN, closed_at__lt=days_ago(settings.RETENTION_WITHDRAWN_DAYS))
            | Q(
                status__in=[Status.DECLINED, Status.WITHDRAWN],
                deletion_requested_at__isnull=False,
            )
        )
    )


def expired_contact_messages():
    return ContactMessage.objects.filter(
        created_at__lt=days_ago(settings.RETENTION_CONTACT_DAYS)
    ).exclude(email="")


def expired_task_results():
    return DBTaskResult.objects.finished().filter(
        finished_at__lt=days_ago(settings.RETENTION_TASK_DAYS)
    )


def expired_data():
    """What is due for erasure now, by kind: querysets, in the order they are erased."""
    return {
        "applications": expired_applications(),
        "contact messages": expired_contact_messages(),
        "unconfirmed interest subscriptions": InterestSubscription.objects.confirmation_expired(),
        "unsubscribed interest subscriptions": InterestSubscription.objects.filter(
            unsubscribed_at__lt=days_ago(settings.RETENTION_UNSUBSCRIBED_DAYS)
        ),
        "finished tasks": expired_task_results(),
    }


def erase_expired_data(dry_run=False):
    """Erase what is due, in one transaction; returns how many of each kind. With
    ``dry_run``, only counts."""
    due = expired_data()
    if dry_run:
        return {kind: queryset.count() for kind, queryset in due.items()}
    with transaction.atomic():
        counts = {"applications": 0}
        for application in due.pop("applications").select_for_update():
            erase_application(application)
            counts["applications"] += 1
        counts["contact messages"] = due.pop("contact messages").update(**ERASED_CONTACT)
        for kind, queryset in due.items():
            counts[kind] = queryset.count()
            queryset.delete()
    return counts


def erase_application(application):
    """Blank the personal data of ``application`` and of its timeline, keeping its training,
    outcome, dates and consent records. Its status link stops working."""
    with transaction.atomic():
        Application.objects.filter(pk=application.pk).update(
            **ERASED_ANSWERS,
            email=f"erased-{application.pk}@erased.invalid",
            token=new_token(),
            erased_at=timezone.now(),
            updated_at=timezone.now(),
        )
        application.events.update(message="")
