"""Every change to an application's status happens here, in one transaction that locks the
training, so that seats are never double-booked and the waiting list stays in order.

The public pages and the admin call these functions; nothing else writes ``status``. Each
function records an :class:`~applicants.models.Event` and, after the commit, queues the e-mail
that tells the applicant.

A new application holds its seat (or its place on the waiting list) provisionally: the
applicant confirms their e-mail address from the link mailed to it within
``APPLICATION_CONFIRM_HOURS`` (:func:`confirm_address`), or the application expires at that
deadline (:func:`expire_application`) and its seat goes to the first confirmed person waiting,
as when someone withdraws. Until it expires, an unconfirmed application counts toward the
seats. Those waiting who have not confirmed are passed over when a seat frees, and keep their
place in the order; once they confirm they may move up.
"""

import contextlib
import datetime

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from applicants import tasks
from applicants.eligibility import check_eligibility
from applicants.invoices import issuing
from applicants.models import Application, Event
from applicants.reviews import reviewing
from trainings.models import Training

Status = Application.Status

# Which status may follow which: the whole review process in one table. An application also
# expires, from any of Application.EXPIRES_FROM, when its address is not confirmed in time:
# that is the deadline's doing (expire_application), never a choice of staff or applicant.
TRANSITIONS = {
    Status.SUBMITTED: {Status.UNDER_REVIEW, Status.WAITLISTED, Status.WITHDRAWN},
    Status.UNDER_REVIEW: {Status.ACCEPTED, Status.DECLINED, Status.WAITLISTED, Status.WITHDRAWN},
    Status.WAITLISTED: {Status.SUBMITTED, Status.WITHDRAWN},
    Status.ACCEPTED: {Status.WITHDRAWN},
    Status.DECLINED: set(),
    Status.WITHDRAWN: set(),
    Status.EXPIRED: set(),
    Status.CLOSED: set(),
}
# Applications still waiting for a decision: closed a while after their training ended
# (close_left_open).
LEFT_OPEN = (Status.SUBMITTED, Status.UNDER_REVIEW, Status.WAITLISTED)


class NotAllowed(Exception):
    """The change cannot be made; the message says why, in words for staff or applicant."""


class TrainingClosed(NotAllowed):
    pass


class ConfirmationExpired(NotAllowed):
    """The address was not confirmed in time: the application has expired."""


def lock_training(training_id):
    """The training, locked until the transaction ends, with its track (not locked)."""
    return (
        Training.objects.select_related("track").select_for_update(of=("self",)).get(pk=training_id)
    )


# What decides whether a training takes a new application, and whether it gets a seat: five
# plain columns, read in SQL under the lock by every submission (as the seat count below).
SEAT_RULE_FIELDS = ["status", "applications_open", "applications_close", "time_zone", "capacity"]
SEAT_RULE_SQL = (
    f"SELECT {', '.join(SEAT_RULE_FIELDS)} FROM {Training._meta.db_table} WHERE id = %s FOR UPDATE"
)


def lock_for_a_seat(training):
    """Lock ``training`` until the transaction ends, and read again onto it what decides
    whether it takes a new application and gives it a seat (staff may have changed that since
    ``training`` was read): on a busy day, five columns rather than :func:`lock_training`'s
    whole row and track. Raises :class:`TrainingClosed` when staff deleted it meanwhile."""
    with connection.cursor() as cursor:
        cursor.execute(SEAT_RULE_SQL, [training.pk])
        current = cursor.fetchone()
    if current is None:
        raise TrainingClosed(_("This training is no longer offered."))
    for name, value in zip(SEAT_RULE_FIELDS, current, strict=True):
        setattr(training, name, value)
    return training


def seats_taken(training):
    return Application.objects.filter(training=training).holding_seats().count()


# The seat rule's count, asked of every submission while it holds the training's lock: in SQL,
# since Django's ORM takes six times as long to build this query as PostgreSQL to answer it.
SEAT_COUNT_SQL = (
    "SELECT COUNT(*) FILTER (WHERE status = ANY(%s)), COUNT(*) FILTER (WHERE status = %s) "
    f"FROM {Application._meta.db_table} WHERE training_id = %s"
)


def gets_a_seat(training):
    """Whether a newcomer to ``training`` (locked) gets a seat: one is free and nobody waits.
    A seat can be free while people wait when none of them has confirmed their address yet;
    it is kept for them, in their order, until one confirms."""
    with connection.cursor() as cursor:
        cursor.execute(
            SEAT_COUNT_SQL, [list(Application.SEAT_HOLDING), Status.WAITLISTED, training.pk]
        )
        taken, waiting = cursor.fetchone()
    return taken < training.capacity and not waiting


def evaluate(application, track):
    """Record on ``application`` the eligibility rule's verdict on its answers for ``track``.

    The application form reaches its own verdict and hands it over with the application; this
    is for an application that did not come through the form, or that moves to another track.
    """
    application.record_verdict(
        check_eligibility(
            track.requirements,
            application.degree_level,
            application.degree_field,
            application.has_licence,
        )
    )


def submit_application(training, application, submission_key=None):
    """Store a new application: it holds a seat if one is free, else joins the waiting list,
    either provisionally until its address is confirmed (``confirm_by``).

    ``application`` is an unsaved Application with the applicant's answers and the eligibility
    verdict on them for ``training``'s track, as the application form hands it over (or
    :func:`evaluate` records it); it is stored as given. Returns ``(application, created)``:
    when the same form was already sent (``submission_key``) or the same address already
    applied to this training, the stored one and ``False``; in the second case the address is
    sent its links again. Raises :class:`TrainingClosed` when the training does not take
    applications today, or no longer exists.

    The task that sends the confirmation e-mail (and queues the application's expiry at its
    deadline) is queued in the same transaction: the task queue is in the database, so the
    application and its e-mail are committed together, never one without the other, and the
    worker sees the task only once the application is there.

    Called inside a transaction (the application form attaches the documents in the same
    one), it takes no savepoint of its own: :class:`TrainingClosed` is raised before anything
    is written, and any other error leaves the caller's transaction to be rolled back.
    """
    # Every verdict gives at least one reason: without any, nobody judged the answers, and
    # the application would be filed as not eligible with nothing to say why.
    if not application.eligibility_reasons:
        raise ValueError("The application has no eligibility verdict: see evaluate().")
    with in_transaction():
        lock_for_a_seat(training)
        if not training.is_open:
            raise TrainingClosed(training.closed_reason)
        application.training = training
        application.submission_key = submission_key
        application.confirmed_at = None
        application.confirm_by = timezone.now() + datetime.timedelta(
            hours=settings.APPLICATION_CONFIRM_HOURS
        )
        if gets_a_seat(training):
            application.status = Status.SUBMITTED
            code = Event.Code.SEAT_HELD
        else:
            application.status = Status.WAITLISTED
            application.waitlisted_at = timezone.now()
            code = Event.Code.FULL_ON_ARRIVAL
        # The unique constraints tell a form sent twice, or a second application from the
        # same address, at the cost of nothing when, as nearly always, it is neither.
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError:
            earlier = earlier_application(training, application.email, submission_key)
            if earlier is None:
                raise
            if earlier.submission_key != submission_key:
                transaction.on_commit(lambda: tasks.send_status_links.enqueue(earlier.email))
            return earlier, False
        Event.objects.create(application=application, to_status=application.status, code=code)
        tasks.send_application_received.enqueue(application.pk)
    return application, True


def in_transaction():
    """A transaction, unless one is under way: then nothing (not even a savepoint) is added."""
    if connection.in_atomic_block:
        return contextlib.nullcontext()
    return transaction.atomic()


def earlier_application(training, email, submission_key):
    """The stored application sent with the same form (``submission_key``), or else the
    one of the same address for ``training`` that is not withdrawn; None when neither."""
    if submission_key:
        same_form = Application.objects.filter(submission_key=submission_key).first()
        if same_form:
            return same_form
    return Application.objects.filter(training=training).same_address(email).first()


def started_message():
    """Why an applicant cannot withdraw from a training that has started, and who to write to."""
    return _(
        "Your training has started, so it cannot be left from this page. Write to the "
        "institute at %(email)s: the staff settle it with you."
    ) % {"email": settings.INSTITUTE_EMAIL}


def change_status(application, to_status, actor=None, message="", decline_reason=""):
    """Move ``application`` to ``to_status`` if the review process allows it.

    Accepting needs a confirmed address and never exceeds the training's seats. When a seat
    frees (declined, withdrawn), the first confirmed person on the waiting list is promoted.
    ``actor``: the staff member, or None for the applicant. ``message``: the staff member's
    own words for the applicant, kept in the timeline. ``decline_reason``: stored on the
    application when, and only when, it is declined here; the e-mail and the status page give
    it as the reason. Returns the refreshed application.

    Withdrawing an accepted application settles its invoices under the training's refund
    policy (``applicants.invoices.issuing.settle_withdrawal``). Only accepted applications are
    invoiced, and they are never declined (``TRANSITIONS``).
    """
    with transaction.atomic():
        training = lock_training(application.training_id)
        application = Application.objects.select_for_update().get(pk=application.pk)
        _check_transition(application, to_status)
        if to_status == Status.WITHDRAWN and actor is None and training.has_started():
            raise NotAllowed(started_message())
        if to_status == Status.ACCEPTED:
            if not application.is_confirmed:
                raise NotAllowed(
                    _(
                        "The applicant has not confirmed their e-mail address yet. Accept once "
                        "they have, or confirm it for them if their mail does not arrive."
                    )
                )
            accepted = training.applications.filter(status=Status.ACCEPTED).count()
            if accepted >= training.capacity:
                raise NotAllowed(
                    _("All %(capacity)s seats of %(training)s are already accepted.")
                    % {"capacity": training.capacity, "training": training}
                )
        freed_seat = application.holds_seat and to_status in (Status.DECLINED, Status.WITHDRAWN)
        was_accepted = application.status == Status.ACCEPTED
        if to_status == Status.DECLINED:
            application.decline_reason = decline_reason
        _record(application, to_status, actor, STATUS_CODES[to_status], message)
        if was_accepted and to_status == Status.WITHDRAWN:
            issuing.settle_withdrawal(application, issued_by=actor)
        if freed_seat:
            promote_next(training)
    return application


def promote_next(training):
    """Give the free seats of ``training`` (locked) to the first confirmed people on the
    waiting list, in order; returns them. Those who have not confirmed are passed over, and
    nobody moves up into a training that has started."""
    if training.has_started():
        return []
    free = training.capacity - seats_taken(training)
    if free <= 0:
        return []
    first = list(Application.objects.filter(training=training).waitlisted().confirmed()[:free])
    for application in first:
        _record(application, Status.SUBMITTED, None, Event.Code.PROMOTED)
    return first


def confirm_address(application, actor=None):
    """Confirm the e-mail address of ``application``: it keeps its seat for good, or, waiting,
    may now move up (at once, if a seat is free for it). ``actor``: the staff member who
    confirms it for the applicant, or None for the applicant, from the link mailed to them.

    Confirming again changes nothing. When the time to confirm is over the application has
    expired (here, if its task has not run yet) and :class:`ConfirmationExpired` is raised; a
    closed application that was never confirmed (withdrawn, say) raises :class:`NotAllowed`.
    Returns the refreshed application.
    """
    with transaction.atomic():
        training = lock_training(application.training_id)
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.is_confirmation_overdue():
            _expire(application, training)
        elif application.awaits_confirmation:
            application.confirmed_at = timezone.now()
            application.save(update_fields=["confirmed_at", "updated_at"])
            Event.objects.create(
                application=application,
                actor=actor,
                from_status=application.status,
                to_status=application.status,
                code=Event.Code.CONFIRMED,
            )
            reviewing.assign_by_rule(application)
            if application.status == Status.WAITLISTED:
                promote_next(training)
                application.refresh_from_db()
    # Raised once the transaction is over: an expiry found here is kept.
    if application.status == Status.EXPIRED:
        raise ConfirmationExpired(
            _("This application expired: its e-mail address was not confirmed in time.")
        )
    if not application.is_confirmed:
        raise NotAllowed(
            _("An application that is “%(current)s” cannot be confirmed.")
            % {"current": Status(application.status).label}
        )
    return application


def expire_application(application_id):
    """Expire the application if its address was not confirmed by its deadline: its seat goes
    to the first confirmed person waiting, and the applicant is told by e-mail.

    Its task runs this at the deadline, and the daily sweep (:func:`expire_overdue`) for any
    that was missed. Anything else (confirmed in time, not due yet, closed, expired already,
    deleted) is left as it is, so running it twice, late or at the same moment as a
    confirmation is safe: the training is locked and the deadline checked again under the
    lock. Returns the expired application, or None.
    """
    application = Application.objects.filter(pk=application_id).first()
    if application is None or not application.is_confirmation_overdue():
        return None
    with transaction.atomic():
        training = lock_training(application.training_id)
        application = Application.objects.select_for_update().get(pk=application_id)
        if not application.is_confirmation_overdue():
            return None
        _expire(application, training)
    return application


def expire_overdue():
    """Expire every application whose time to confirm is over; returns how many expired."""
    overdue = Application.objects.confirmation_overdue().values_list("pk", flat=True)
    return sum(expire_application(pk) is not None for pk in list(overdue))


def close_left_open():
    """Close the applications still waiting for a decision ``APPLICATION_CLOSE_AFTER_END_DAYS``
    after their training's last day, each applicant told by e-mail; returns how many. They are
    then erased as declined ones are (``applicants.retention``)."""
    last_day = timezone.localdate() - datetime.timedelta(
        days=settings.APPLICATION_CLOSE_AFTER_END_DAYS
    )
    with transaction.atomic():
        left_open = Application.objects.select_for_update().filter(
            status__in=LEFT_OPEN, training__ends_on__lt=last_day
        )
        closed = 0
        for application in left_open:
            _record(application, Status.CLOSED, None, Event.Code.CLOSED)
            closed += 1
    return closed


def _expire(application, training):
    _record(application, Status.EXPIRED, None, Event.Code.EXPIRED)
    promote_next(training)


def move_to_training(application, target, actor=None):
    """Move an application to another training (e.g. offer the PFT) without retyping.

    It holds a seat there if one is free, else joins that waiting list; a seat it held in the
    old training goes to the first person waiting there. Its invoices are cancelled by credit
    notes and what was paid is recorded to pay back: the new training's fee, once accepted
    there, is billed anew. Refused (:class:`NotAllowed`, nothing changed) for an application
    that is closed, into its own training, into one that does not take applications today,
    and into one the same address has applied to.
    """
    with transaction.atomic():
        first, second = sorted([application.training_id, target.pk])
        locked = {pk: lock_training(pk) for pk in (first, second)}
        old, target = locked[application.training_id], locked[target.pk]
        application = Application.objects.select_for_update().get(pk=application.pk)
        if not application.is_open:
            raise NotAllowed(_("Only an open application can be moved."))
        if old.pk == target.pk:
            raise NotAllowed(_("The application is already for this training."))
        if not target.is_open:
            raise NotAllowed(
                _("%(training)s does not take applications now: %(reason)s")
                % {"training": target, "reason": target.closed_reason}
            )
        if target.applications.same_address(application.email).exists():
            raise NotAllowed(
                _("This person has already applied to %(training)s.") % {"training": target}
            )
        freed_seat = application.holds_seat
        with translation.override(application.language):
            reason = _("Moved to %(training)s.") % {"training": target.title}
        issuing.cancel_all_invoices(application, reason, issued_by=actor)
        application.training = target
        evaluate(application, target.track)
        to_status = Status.SUBMITTED if gets_a_seat(target) else Status.WAITLISTED
        _record(application, to_status, actor, Event.Code.MOVED)
        if freed_seat:
            promote_next(old)
    return application


def continue_in_training(application, target, actor=None):
    """Let a trainee who completed a module that opens another track (the online first module)
    continue in ``target``, a training of that track: the same application, accepted, with its
    attendance and certificates kept, now holding one of the target's seats. The modules of
    the target that the completed module stands for are credited to them
    (``Module.credited_by_track``). Returns the refreshed application."""
    with transaction.atomic():
        first, second = sorted([application.training_id, target.pk])
        locked = {pk: lock_training(pk) for pk in (first, second)}
        old, target = locked[application.training_id], locked[target.pk]
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.status != Status.ACCEPTED:
            raise NotAllowed(_("Only an accepted trainee continues in another training."))
        if old.track.opens_id != target.track_id:
            raise NotAllowed(
                _("%(training)s does not lead on to %(target)s.")
                % {"training": old, "target": target}
            )
        if target.applications.same_address(application.email).exists():
            raise NotAllowed(
                _("This person has already applied to %(training)s.") % {"training": target}
            )
        accepted = target.applications.filter(status=Status.ACCEPTED).count()
        if accepted >= target.capacity:
            raise NotAllowed(
                _("All %(capacity)s seats of %(training)s are already accepted.")
                % {"capacity": target.capacity, "training": target}
            )
        application.training = target
        _record(application, Status.ACCEPTED, actor, Event.Code.MOVED)
    return application


def _check_transition(application, to_status):
    if to_status not in TRANSITIONS[application.status]:
        raise NotAllowed(
            _("An application that is “%(current)s” cannot become “%(new)s”.")
            % {
                "current": Status(application.status).label,
                "new": Status(to_status).label,
            }
        )


def _record(application, to_status, actor, code, message=""):
    """Write the new status, its event, and queue the applicant's e-mail after the commit.

    Joining a waiting list puts the application at its end. Only a move goes from one waiting
    list to another (``TRANSITIONS`` has no other way), and it joins the new list at its end.
    """
    from_status = application.status
    application.status = to_status
    application.waitlisted_at = timezone.now() if to_status == Status.WAITLISTED else None
    application.save()
    event = Event.objects.create(
        application=application,
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        code=code,
        message=message,
    )
    transaction.on_commit(lambda: tasks.send_status_changed.enqueue(application.pk, event.pk))
    return event


# What the timeline says when an application changes to a status.
STATUS_CODES = {
    Status.UNDER_REVIEW: Event.Code.UNDER_REVIEW,
    Status.ACCEPTED: Event.Code.ACCEPTED,
    Status.DECLINED: Event.Code.DECLINED,
    Status.WAITLISTED: Event.Code.WAITLISTED,
    Status.WITHDRAWN: Event.Code.WITHDRAWN,
    Status.SUBMITTED: Event.Code.SEAT_AGAIN,
}


def expected_answer_by(application):
    """When the applicant may expect to hear from the faculty: two weeks after applying, and
    at the latest a week before the training starts."""
    by = application.created_at.date() + datetime.timedelta(days=14)
    if application.training.starts_on:
        by = min(by, application.training.starts_on - datetime.timedelta(days=7))
    return by
