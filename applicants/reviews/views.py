"""The reviewers' pages: the applications assigned to them, and one application's answers,
documents and review form. A reviewer reaches only their own assignments."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from applicants import documents
from applicants.attendance.views import staff_page
from applicants.forms import CARRIED_FIELDS
from applicants.models import Application
from applicants.reviews import reviewing
from applicants.reviews.forms import ReviewForm
from applicants.reviews.models import REVIEWABLE, Assignment

REVIEW_PERMISSION = "applicants.add_review"


def my_assignment(request, pk):
    """The request's user's assignment ``pk``; 404 for anybody else's."""
    if not request.user.has_perm(REVIEW_PERMISSION):
        raise PermissionDenied
    return get_object_or_404(
        Assignment.objects.select_related("application__training__track", "review"),
        pk=pk,
        reviewer=request.user,
    )


@staff_page
def assignment_list(request):
    if not request.user.has_perm(REVIEW_PERMISSION):
        raise PermissionDenied
    assignments = list(
        Assignment.objects.of(request.user)
        .select_related("application__training", "review")
        .order_by("-assigned_at")
    )
    return render(
        request,
        "applicants/reviews/assignment_list.html",
        {
            "to_review": [a for a in assignments if not a.has_review],
            "reviewed": [a for a in assignments if a.has_review],
        },
    )


@staff_page
def review(request, pk):
    assignment = my_assignment(request, pk)
    application = assignment.application
    track = application.training.track
    criteria = track.criteria_asked()
    form = None
    if not assignment.has_review:
        if application.erased_at or application.status not in REVIEWABLE:
            messages.info(request, _("This application is no longer waiting for a decision."))
        else:
            form = ReviewForm(request.POST or None, criteria=criteria)
            if request.method == "POST" and form.is_valid():
                try:
                    reviewing.submit_review(
                        assignment,
                        scores=form.scores(),
                        recommendation=form.cleaned_data["recommendation"],
                        comment=form.cleaned_data["comment"],
                    )
                except reviewing.AlreadyReviewed as sent:
                    messages.info(request, str(sent))
                else:
                    messages.success(request, _("Thank you: your review was sent."))
                return redirect("applicants:review", pk=assignment.pk)
    # Another reviewer's scores only once one's own review is sent.
    reviews = list(reviewing.reviews_of(application)) if assignment.has_review else []
    answers = [
        (Application._meta.get_field(name).verbose_name, shown(application, name))
        for name in CARRIED_FIELDS
        if name not in ("email", "phone")
    ]
    return render(
        request,
        "applicants/reviews/review.html",
        {
            "assignment": assignment,
            "application": application,
            "answers": answers,
            "documents": application.documents.select_related("requirement"),
            "form": form,
            "reviews": reviews,
        },
    )


@staff_page
def document(request, pk, document_pk):
    """A document of an application assigned to the reviewer, as an attachment."""
    assignment = my_assignment(request, pk)
    return documents.file_response(
        get_object_or_404(assignment.application.documents, pk=document_pk)
    )


def shown(application, name):
    """An answer as a person reads it: a choice's label, a country's name, yes or no."""
    value = getattr(application, name)
    display = getattr(application, f"get_{name}_display", None)
    if display:
        return display()
    if hasattr(value, "name") and hasattr(value, "code"):
        return value.name
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value if value not in (None, "") else "—"
