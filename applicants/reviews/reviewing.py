"""Who reviews an application, and sending a review.

Decision-makers assign applications to members of the Reviewers group, by hand or by the rule
of a track whose trainers review its applications (:func:`assign_trainers`, run when an
applicant confirms their address). A reviewer sees only the applications assigned to them, and
another reviewer's scores only once their own review is sent (``applicants.reviews.views``).
"""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Avg
from django.utils.translation import gettext as _

from applicants.models import Application, Event
from applicants.reviews.models import Assignment, Review, Score

REVIEWERS_GROUP = "Reviewers"


class AlreadyReviewed(Exception):
    """The assignment's review was sent already; a review is final."""


def reviewers():
    """The active staff accounts of the Reviewers group, by name."""
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True, groups__name=REVIEWERS_GROUP)
        .order_by("first_name", "last_name", "username")
    )


def assign(application, users, by=None):
    """Ask each of ``users`` to review ``application``; one already asked is left as is.
    Records the assignment in the application's staff history. Returns the new assignments."""
    with transaction.atomic():
        # The application's row is locked, as the workflow locks it: its review columns are
        # counted afresh below and written by one transaction at a time.
        Application.objects.select_for_update().filter(pk=application.pk).first()
        asked = set(application.assignments.values_list("reviewer_id", flat=True))
        new = [
            Assignment.objects.create(application=application, reviewer=user, assigned_by=by)
            for user in users
            if user.pk not in asked
        ]
        if new:
            count_reviews(application.pk)
            Event.objects.create(
                application=application,
                actor=by,
                from_status=application.status,
                to_status=application.status,
                code=Event.Code.REVIEW_ASSIGNED,
                message=", ".join(reviewer_name(a.reviewer) for a in new),
                is_public=False,
            )
    return new


def trainers_reviewing(application):
    """The training's trainers whose staff accounts are in the Reviewers group."""
    return reviewers().filter(trainer__trainings=application.training_id)


def assign_trainers(application, by=None):
    """Ask the training's trainers who review (:func:`trainers_reviewing`) to review it."""
    return assign(application, list(trainers_reviewing(application)), by=by)


def assign_by_rule(application):
    """When the application's track says so, its training's trainers review it."""
    if application.training.track.reviews_by_trainers:
        assign_trainers(application)


def submit_review(assignment, *, scores, recommendation, comment=""):
    """Store the review of ``assignment``: ``scores`` maps each criterion to 1..5. A review
    is sent once and whole; a second one raises :class:`AlreadyReviewed`."""
    with transaction.atomic():
        Application.objects.select_for_update().filter(pk=assignment.application_id).first()
        assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if Review.objects.filter(assignment=assignment).exists():
            raise AlreadyReviewed(_("Your review of this application was sent already."))
        values = list(scores.values())
        mean = round(Decimal(sum(values)) / len(values), 2) if values else None
        review = Review.objects.create(
            assignment=assignment,
            recommendation=recommendation,
            comment=comment,
            mean_score=mean,
        )
        Score.objects.bulk_create(
            Score(review=review, criterion=criterion, score=value)
            for criterion, value in scores.items()
        )
        application = assignment.application
        count_reviews(application.pk)
        Event.objects.create(
            application=application,
            actor=assignment.reviewer,
            from_status=application.status,
            to_status=application.status,
            code=Event.Code.REVIEWED,
            is_public=False,
        )
    return review


def reviews_of(application):
    """The reviews sent on ``application``, with their reviewers and scores."""
    return (
        Review.objects.filter(assignment__application=application)
        .select_related("assignment__reviewer")
        .prefetch_related("scores__criterion")
    )


def reviewer_name(user):
    return user.get_full_name() or user.get_username()


def count_reviews(application_id):
    """Keep the application's review columns (``reviews_assigned``, ``reviews_in``,
    ``review_mean``) true to its assignments and scores; called in the transaction that
    changed them."""
    assignments = Assignment.objects.filter(application_id=application_id)
    mean = Score.objects.filter(review__assignment__application_id=application_id).aggregate(
        mean=Avg("score")
    )["mean"]
    Application.objects.filter(pk=application_id).update(
        reviews_assigned=assignments.count(),
        reviews_in=assignments.filter(review__isnull=False).count(),
        review_mean=None if mean is None else round(Decimal(mean), 2),
    )
