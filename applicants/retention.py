"""When an application's personal data is erased, and what erasing it leaves.

A declined application, ``RETENTION_DECLINED_DAYS`` after the decline, and one closed because
its training ended without a decision as long after it was closed; a withdrawn one,
``RETENTION_WITHDRAWN_DAYS`` after the withdrawal, and an expired one (its address was not
confirmed in time) as long after it expired; one whose applicant asked for deletion, at the
next run (asking withdraws it if it is still open). Its answers, name and contact details
are blanked, staff notes and the timeline's texts too, its documents are deleted with their
files, and its status link stops working. What the institute keeps: the training, the outcome
and the dates of the timeline, the consent records (when, which notice, which policy), and the
answers counted in statistics (country, language, degree level and field, licence yes or no,
how they heard of the training), and its invoices, credit notes and payments, which are
accounting records and keep the billing details they were issued with (the billing details
given for the next invoices go). Accepted applications are kept: the institute certifies
trainings: a trainee's record (attendance, supervision, steps done) is erased like the rest
``RETENTION_TRAINEE_YEARS`` after their training's last day, when the supervision sessions go;
their certificates stay, so that they can still be verified.

The daily erasure of expired personal data (``imago_site.retention``) runs these rules, which
``ApplicantsConfig.ready()`` registers. Before it erases applications, that daily run expires
any application whose time to confirm its address is over and whose own task at the deadline
did not run (:func:`expire_overdue_then_erase`).
"""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from applicants import workflow
from applicants.models import (
    Application,
    Assignment,
    Attendance,
    BillingDetails,
    Document,
    Event,
    Review,
    StepDone,
    SupervisionSession,
)
from imago_site.audit import forget
from imago_site.retention import days_ago
from imago_site.tokens import new_token

logger = logging.getLogger(__name__)

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


# What belongs to an application and may be named in the admin's log, with the path to it.
TRACED = [
    (Document, "application"),
    (BillingDetails, "application"),
    (SupervisionSession, "application"),
    (StepDone, "application"),
    (Assignment, "application"),
    (Review, "assignment__application"),
    (Attendance, "application"),
]


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
            Q(
                status__in=[Status.DECLINED, Status.CLOSED],
                closed_at__lt=days_ago(settings.RETENTION_DECLINED_DAYS),
            )
            | Q(
                status__in=[Status.WITHDRAWN, Status.EXPIRED],
                closed_at__lt=days_ago(settings.RETENTION_WITHDRAWN_DAYS),
            )
            | Q(
                status__in=[Status.DECLINED, Status.WITHDRAWN, Status.EXPIRED, Status.CLOSED],
                deletion_requested_at__isnull=False,
            )
            | Q(
                status=Status.ACCEPTED,
                training__ends_on__lt=trainee_records_end(),
            )
        )
    )


def trainee_records_end():
    """Trainees of trainings that ended before this day are due for erasure: the institute
    keeps training records ``RETENTION_TRAINEE_YEARS`` after the training's last day."""
    today = timezone.localdate()
    try:
        return today.replace(year=today.year - settings.RETENTION_TRAINEE_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year - settings.RETENTION_TRAINEE_YEARS, day=28)


def expire_overdue_then_erase(applications):
    """The daily run's step for applications: first the sweep of those whose time to confirm
    is over (each has its own task at its deadline; this catches any that did not run), and
    the closing of those left waiting for a decision after their training ended, then the
    erasure of ``applications``; returns how many were erased."""
    expired = workflow.expire_overdue()
    if expired:
        logger.warning("%s applications expired late, in the daily sweep.", expired)
    closed = workflow.close_left_open()
    if closed:
        logger.info("%s applications closed: their training ended without a decision.", closed)
    return erase_applications(applications)


def erase_applications(applications):
    """Erase each of ``applications``, locked; returns how many."""
    count = 0
    for application in applications.select_for_update():
        erase_application(application)
        count += 1
    return count


def erase_application(application):
    """Blank the personal data of ``application`` and of its timeline and delete its documents
        (their files go once this commits), keeping its training, outcome, dates and consent
        records. Its status link stops working, and the admin's log keeps of it and of what belonged
    to it only who changed which fields when."""
    with transaction.atomic():
        forget(Application, [application.pk])
        for model, owner in TRACED:
            forget(model, model.objects.filter(**{owner: application}).values_list("pk", flat=True))
        Document.objects.filter(application=application).delete()
        BillingDetails.objects.filter(application=application).delete()
        SupervisionSession.objects.filter(application=application).delete()
        StepDone.objects.filter(application=application).update(note="")
        Review.objects.filter(assignment__application=application).update(comment="")
        Application.objects.filter(pk=application.pk).update(
            **ERASED_ANSWERS,
            email=f"erased-{application.pk}@erased.invalid",
            token=new_token(),
            confirmation_token=new_token(),
            erased_at=timezone.now(),
            updated_at=timezone.now(),
        )
        application.events.update(message="")
