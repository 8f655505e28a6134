"""Taking attendance: who may take it for which module, and saving a module's attendance.

A trainer (a staff account in the Faculty group, linked to its ``Trainer``) takes attendance
for the modules of the trainings they teach; staff who may change trainings, for every module.
"""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from applicants.attendance.models import Attendance
from applicants.certificates.issuing import issue_if_complete
from applicants.models import Application
from trainings.models import Module, Training

# The attendance list shows the modules of trainings still under way and of those ended within
# this many days, for attendance taken down late.
RECENT_DAYS = 60


def may_take_attendance(user, training):
    """True if ``user`` may take attendance in ``training``'s modules."""
    if not user.has_perm("applicants.add_attendance"):
        return False
    if user.has_perm("trainings.change_training"):
        return True
    return training.trainers.filter(user=user).exists()


def modules_for(user):
    """The modules ``user`` may take attendance for (and see the attendance of)."""
    modules = Module.objects.select_related("training")
    if not user.has_perm("applicants.add_attendance"):
        return modules.none()
    if user.has_perm("trainings.change_training"):
        return modules
    return modules.filter(training__trainers__user=user)


def recent_modules_for(user):
    """:func:`modules_for` of trainings, not cancelled, under way or ended lately, in order
    of their dates."""
    since = timezone.localdate() - datetime.timedelta(days=RECENT_DAYS)
    return (
        modules_for(user)
        .exclude(training__status=Training.Status.CANCELLED)
        .filter(Q(training__ends_on__gte=since) | Q(training__ends_on__isnull=True))
        .order_by("start_date", "training__title_en", "number")
    )


def trainees_of(module):
    """The accepted trainees of ``module``'s training, by name."""
    return Application.objects.filter(
        training=module.training_id, status=Application.Status.ACCEPTED
    ).order_by("name", "pk")


def record_attendance(module, entries, recorded_by):
    """Save the attendance at ``module`` of ``entries``, (application, status, hours) for each
    trainee, at once (a trainee whose status is empty is left as they were), then issue the
    certificate of each trainee who has now completed the training. Returns the certificates
    issued."""
    with transaction.atomic():
        for application, status, hours in entries:
            if not status:
                continue
            Attendance.objects.update_or_create(
                application=application,
                module=module,
                defaults={
                    "status": status,
                    "hours": hours if status == Attendance.Status.PARTIAL else 0,
                    "recorded_by": recorded_by,
                },
            )
    issued = []
    for application, _status, _hours in entries:
        certificate = issue_if_complete(application, issued_by=recorded_by)
        if certificate is not None:
            issued.append(certificate)
    return issued
