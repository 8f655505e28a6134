"""Which reminders are due at a given moment, and recording them once.

Each ``*_due(now)`` function is a query of who should be reminded of what at ``now``, whether
or not they have been already: people who withdrew, asked for no more reminders or whose data
was erased are never among them. :func:`record_due` records a row for each not reminded yet
(``AdmissionReminder``, unique per recipient and kind, or per staff member, kind and day for
digests) and queues its e-mail after the commit. The hourly run
(``applicants.reminders.tasks``) calls it.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import (
    Exists,
    OuterRef,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from applicants.models import AdmissionReminder, Application, Document, Draft
from applicants.reviews.models import Assignment
from trainings.models import DocumentRequirement, Training

Kind = AdmissionReminder.Kind
Status = Application.Status


def not_reminded(queryset, kind, field):
    recorded = AdmissionReminder.objects.filter(kind=kind, **{field: OuterRef("pk")})
    return queryset.exclude(Exists(recorded))


def reachable_applications():
    return Application.objects.filter(erased_at__isnull=True, reminders_stopped_at__isnull=True)


def reachable_drafts(now):
    return Draft.objects.live(now).filter(reminders_stopped_at__isnull=True)


def confirm_due(now):
    """Applications whose address is still unconfirmed a day before their hold expires."""
    window = datetime.timedelta(hours=settings.REMINDER_CONFIRM_HOURS)
    return reachable_applications().filter(
        confirmed_at__isnull=True,
        status__in=Application.EXPIRES_FROM,
        confirm_by__gt=now,
        confirm_by__lte=now + window,
    )


def documents_due(now):
    """Open applications, sent ``REMINDER_DOCUMENTS_DAYS`` ago or more, that still lack a
    document their track requires."""
    track = Coalesce(OuterRef("training__track__opens_id"), OuterRef("training__track_id"))
    sent = Document.objects.filter(application=OuterRef(OuterRef("pk")), requirement=OuterRef("pk"))
    missing = DocumentRequirement.objects.filter(track=track, is_required=True).exclude(
        Exists(sent)
    )
    return reachable_applications().filter(
        Exists(missing),
        status__in=Application.OPEN_FOR_DOCUMENTS,
        created_at__lte=now - datetime.timedelta(days=settings.REMINDER_DOCUMENTS_DAYS),
    )


def draft_idle_due(now):
    """Drafts not saved for ``REMINDER_DRAFT_DAYS``, of trainings still taking applications."""
    return reachable_drafts(now).filter(
        updated_at__lte=now - datetime.timedelta(days=settings.REMINDER_DRAFT_DAYS),
        training__in=open_trainings(now),
    )


def draft_closing_due(now):
    """Drafts of trainings whose applications close within ``REMINDER_CLOSING_DAYS``."""
    today = timezone.localdate(now)
    soon = today + datetime.timedelta(days=settings.REMINDER_CLOSING_DAYS)
    return reachable_drafts(now).filter(
        training__in=open_trainings(now).filter(applications_close__lte=soon)
    )


def early_bird_trainings(now):
    return Training.objects.early_bird_ending(
        timezone.localdate(now), settings.REMINDER_EARLY_BIRD_DAYS
    )


def draft_early_bird_due(now):
    return reachable_drafts(now).filter(training__in=early_bird_trainings(now))


def open_trainings(now):
    return Training.objects.open_for_applications(timezone.localdate(now))


def waiting_for_decision(now):
    """Confirmed applications waiting for a decision longer than their track promises
    (``Track.answer_days``, counted from the confirmation), longest first."""
    return (
        Application.objects.awaiting_decision()
        .filter(erased_at__isnull=True)
        .with_answer_due()
        .filter(answer_due__lt=now)
        .select_related("training__track")
        .order_by("confirmed_at", "pk")
    )


def decision_makers():
    """Who decides on applications: active staff with an e-mail address who may change them
    (the Admissions group). Superusers count only when they are in such a group too, so a
    technical account gets no digest."""
    return (
        get_user_model()
        .objects.with_perm(
            "applicants.change_application",
            include_superusers=False,
            backend="django.contrib.auth.backends.ModelBackend",
        )
        .filter(is_active=True, is_staff=True)
        .exclude(email="")
    )


def decisions_due(now):
    """Decision-makers who have not had today's digest, when some application is overdue."""
    if not waiting_for_decision(now).exists():
        return get_user_model().objects.none()
    return digest_pending(decision_makers(), Kind.DECISIONS, now)


def reviews_due(now):
    """Reviewers with assignments still to review, who have not had today's digest."""
    waiting = Assignment.objects.awaiting_review().filter(reviewer=OuterRef("pk"))
    reviewers = get_user_model().objects.filter(Exists(waiting), is_active=True).exclude(email="")
    return digest_pending(reviewers, Kind.REVIEWS, now)


def digest_pending(users, kind, now):
    """``users`` who have not had today's ``kind`` digest; none before
    ``REMINDER_DIGEST_HOUR`` o'clock (the portal's time), so it arrives in the morning."""
    local = timezone.localtime(now)
    if local.hour < settings.REMINDER_DIGEST_HOUR:
        return users.none()
    sent = AdmissionReminder.objects.filter(kind=kind, user=OuterRef("pk"), day=local.date())
    return users.exclude(Exists(sent))


# Each kind of reminder: what it is about (the field of ``AdmissionReminder`` naming its
# recipient) and who is due for it at a moment.
DUE = {
    Kind.CONFIRM: ("application", confirm_due),
    Kind.DOCUMENTS: ("application", documents_due),
    Kind.DRAFT_IDLE: ("draft", draft_idle_due),
    Kind.DRAFT_CLOSING: ("draft", draft_closing_due),
    Kind.DRAFT_EARLY_BIRD: ("draft", draft_early_bird_due),
    Kind.DECISIONS: ("user", decisions_due),
    Kind.REVIEWS: ("user", reviews_due),
}


def record_due(now=None):
    """Record every reminder due at ``now`` and queue its e-mail after the commit. Returns how
    many of each kind."""
    from applicants.reminders import tasks

    now = now or timezone.now()
    today = timezone.localdate(now)
    counts = {}
    for kind, (field, finder) in DUE.items():
        counts[kind.value] = 0
        # A digest is once a day (``digest_pending``); the others once for good.
        pending = finder(now) if field == "user" else not_reminded(finder(now), kind, field)
        for pk in pending.values_list("pk", flat=True):
            fields = {field + "_id": pk, **({"day": today} if field == "user" else {})}
            try:
                with transaction.atomic():
                    reminder = AdmissionReminder.objects.create(kind=kind, **fields)
                    transaction.on_commit(
                        lambda pk=reminder.pk: tasks.send_reminder.enqueue(pk), robust=True
                    )
            except IntegrityError:  # Another run recorded it first.
                continue
            counts[kind.value] += 1
    return counts
