"""Reviews of applications: who is asked to review which application, and what they found."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from applicants.models.applications import Application


class AssignmentQuerySet(models.QuerySet):
    def of(self, user):
        return self.filter(reviewer=user)

    def reviewed(self):
        return self.filter(review__isnull=False)

    def awaiting_review(self):
        """Assignments without a review, of applications still waiting for a decision."""
        return self.filter(
            review__isnull=True,
            application__status__in=REVIEWABLE,
            application__erased_at__isnull=True,
        )


# Only an application waiting for a decision is reviewed; an accepted, declined or withdrawn one
# keeps its reviews.
REVIEWABLE = (
    Application.Status.SUBMITTED,
    Application.Status.UNDER_REVIEW,
    Application.Status.WAITLISTED,
)


class Assignment(models.Model):
    """That a staff member of the Reviewers group is asked to review an application."""

    application = models.ForeignKey(
        "applicants.Application",
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("application"),
    )
    # A reviewer's account is not deleted while their reviews are part of an application's
    # record: deactivate it instead.
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="review_assignments",
        verbose_name=_("reviewer"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
        help_text=_("Empty when the portal assigned the training's trainers."),
    )
    assigned_at = models.DateTimeField(_("assigned"), auto_now_add=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["assigned_at", "pk"]
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="review_assigned_once"
            ),
        ]

    def __str__(self):
        return f"{self.application} → {self.reviewer}"

    @property
    def has_review(self):
        return hasattr(self, "review")


class Review(models.Model):
    """A reviewer's scores, recommendation and comment on one application; final once sent."""

    class Recommendation(models.TextChoices):
        ACCEPT = "accept", _("Accept")
        TALK_FIRST = "talk_first", _("Talk with the applicant first")
        DECLINE = "decline", _("Decline")

    assignment = models.OneToOneField(
        Assignment, on_delete=models.CASCADE, related_name="review", verbose_name=_("assignment")
    )
    recommendation = models.CharField(
        _("recommendation"), max_length=12, choices=Recommendation.choices
    )
    comment = models.TextField(_("comment"), blank=True)
    mean_score = models.DecimalField(
        _("mean score"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The mean of this review's scores, kept when it is sent."),
    )
    submitted_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["submitted_at", "pk"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self):
        return f"{self.assignment.reviewer}: {self.get_recommendation_display()}"


class Score(models.Model):
    """One criterion's score, from 1 to 5, in a review."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="scores", verbose_name=_("review")
    )
    criterion = models.ForeignKey(
        "trainings.ReviewCriterion",
        on_delete=models.PROTECT,
        related_name="scores",
        verbose_name=_("criterion"),
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        ordering = ["criterion__position", "criterion__pk"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"], name="score_once_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=5), name="score_from_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.score}"
