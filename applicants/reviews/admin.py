"""Reviews in the admin: who reviews an application and what they found, on its page, and the
review columns and filters of the application list (used by ``applicants/admin.py``)."""

from django import forms
from django.contrib import admin
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from applicants.reviews import reviewing
from applicants.reviews.models import Assignment


class ReviewerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return reviewing.reviewer_name(user)


class AssignReviewersForm(forms.Form):
    reviewers = ReviewerChoiceField(
        label=_("Reviewers"),
        queryset=reviewing.reviewers(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Staff accounts of the Reviewers group. Those asked already stay."),
    )


class AssignmentInline(admin.TabularInline):
    """Each reviewer asked and their review, read-only: the decision-maker reads every review
    here before accepting or declining."""

    model = Assignment
    fk_name = "application"
    extra = 0
    can_delete = False
    fields = ["reviewer", "assigned_at", "recommendation", "scores", "mean", "comment"]
    readonly_fields = fields
    verbose_name_plural = _("reviews")

    def has_add_permission(self, request, obj):
        return False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("reviewer", "review")
            .prefetch_related("review__scores__criterion")
        )

    @admin.display(description=_("recommendation"))
    def recommendation(self, assignment):
        if not assignment.has_review:
            return _("not reviewed yet")
        return assignment.review.get_recommendation_display()

    @admin.display(description=_("scores"))
    def scores(self, assignment):
        if not assignment.has_review:
            return "—"
        return "; ".join(f"{s.criterion.name}: {s.score}" for s in assignment.review.scores.all())

    @admin.display(description=_("mean score"))
    def mean(self, assignment):
        if not assignment.has_review or assignment.review.mean_score is None:
            return "—"
        return f"{assignment.review.mean_score:.1f}"

    @admin.display(description=_("comment"))
    def comment(self, assignment):
        return assignment.review.comment if assignment.has_review else ""


class ReviewProgressFilter(admin.SimpleListFilter):
    title = _("reviews")
    parameter_name = "reviews"

    def lookups(self, request, model_admin):
        return [
            ("none", _("None assigned")),
            ("waiting", _("Waiting for reviews")),
            ("in", _("All reviews in")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(reviews_assigned=0)
        if self.value() == "waiting":
            return queryset.filter(reviews_in__lt=F("reviews_assigned"))
        if self.value() == "in":
            return queryset.filter(reviews_assigned__gt=0, reviews_in=F("reviews_assigned"))
        return queryset


class MeanScoreFilter(admin.SimpleListFilter):
    title = _("mean score")
    parameter_name = "mean_score"
    BANDS = {"low": (None, 2.5), "middle": (2.5, 3.5), "high": (3.5, None)}

    def lookups(self, request, model_admin):
        return [
            ("low", _("Below 2.5")),
            ("middle", _("2.5 to 3.5")),
            ("high", _("3.5 and above")),
        ]

    def queryset(self, request, queryset):
        if self.value() not in self.BANDS:
            return queryset
        low, high = self.BANDS[self.value()]
        condition = Q(review_mean__isnull=False)
        if low is not None:
            condition &= Q(review_mean__gte=low)
        if high is not None:
            condition &= Q(review_mean__lt=high)
        return queryset.filter(condition)
