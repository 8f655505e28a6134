from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.debug import sensitive_post_parameters

from applicants import workflow
from applicants.forms import ApplicationForm, initial_from
from imago_site import rate_limits
from trainings.models import Training

# Answers of an application refused for eligibility, kept to prefill another training's form.
CARRIED_SESSION_KEY = "carried_application"


@sensitive_post_parameters()
def apply(request, slug):
    training = get_object_or_404(
        Training.objects.public().with_seats_taken().select_related("track"),
        slug=slug,
    )
    if not training.is_open:
        return render(
            request,
            "applicants/apply_closed.html",
            {
                "training": training,
                "next_cohorts": Training.objects.other_open_cohorts(training)[:3],
            },
        )
    if request.method != "POST":
        carried = request.session.get(CARRIED_SESSION_KEY)
        form = ApplicationForm(training=training, initial=initial_from(request.GET, carried))
        return render_form(request, training, form)

    form = ApplicationForm(request.POST, request.FILES, training=training)
    is_valid = form.is_valid()
    # Files are kept even from a form sent back, so forms that bring them count on their own.
    ip = rate_limits.client_ip(request)
    if form.has_new_uploads() and not rate_limits.allow("document_uploads", email="", ip=ip):
        form.add_error(None, rate_limits.REFUSED_MESSAGE)
        return render_form(request, training, form, status=429)
    form.keep_uploads()
    if not is_valid:
        if form.is_refused_for_eligibility:
            request.session[CARRIED_SESSION_KEY] = form.carried_answers()
        return render_form(request, training, form)
    email = form.cleaned_data["email"]
    if not rate_limits.allow("apply", email=email, ip=ip):
        form.add_error(None, rate_limits.REFUSED_MESSAGE)
        return render_form(request, training, form, status=429)
    try:
        with transaction.atomic():
            application, created = workflow.submit_application(
                training, form.unsaved_application(), form.cleaned_data["submission_key"]
            )
            if created:
                form.attach_documents(application)
    except workflow.TrainingClosed as closed:
        messages.error(request, str(closed))
        return redirect(training)
    request.session.pop(CARRIED_SESSION_KEY, None)
    if not created and application.submission_key != form.cleaned_data["submission_key"]:
        return render(
            request,
            "applicants/apply_duplicate.html",
            {"training": training, "email": email},
        )
    return redirect("applicants:received", token=application.token)


def render_form(request, training, form, status=200):
    refused = form.is_bound and form.is_refused_for_eligibility
    return render(
        request,
        "applicants/apply.html",
        {
            "training": training,
            "form": form,
            "verdict": form.verdict if refused else None,
            "alternatives": offered_trainings(training.track) if refused else [],
        },
        status=status,
    )


def offered_trainings(track):
    """The open trainings of the track offered to those who do not qualify for ``track``."""
    if track.offered_instead_id is None:
        return []
    return (
        Training.objects.open_for_applications()
        .filter(track=track.offered_instead_id)
        .for_listing()[:6]
    )
