import copy
import datetime
import time

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from applicants import drafts, workflow
from applicants.forms import (
    PRIVATE_FIELDS,
    SAVE_DRAFT,
    ApplicationForm,
    carried_from,
    initial_from,
)
from applicants.models import Draft
from imago_site import pagecache, rate_limits
from trainings.followed_languages import first_in, followed
from trainings.models import Training

# The most trainings offered instead to someone refused for a track.
OFFERED = 6

# Answers of an application refused for eligibility (or sent to a closed training), kept in
# the session to prefill another training's form for a while: all but the private ones.
CARRIED_SESSION_KEY = "carried_application"
CARRIED_MAX_AGE = 2 * 60 * 60

# The "check your inbox" page's address carries the training and the deadline to confirm by,
# signed, and works for an hour: long enough to reload it, too short to bookmark.
RECEIVED_SALT = "applicants.received"
RECEIVED_MAX_AGE = 60 * 60


def carry(request, answers):
    """Keep ``answers`` in the session for the next application form, without the private
    ones (``PRIVATE_FIELDS``), for ``CARRIED_MAX_AGE`` seconds."""
    request.session[CARRIED_SESSION_KEY] = {
        "answers": {name: value for name, value in answers.items() if name not in PRIVATE_FIELDS},
        "until": int(time.time()) + CARRIED_MAX_AGE,
    }


def carried(request):
    """The answers kept by :func:`carry`, while they last; forgotten once they are over."""
    kept = request.session.get(CARRIED_SESSION_KEY)
    if not isinstance(kept, dict) or kept.get("until", 0) < time.time():
        request.session.pop(CARRIED_SESSION_KEY, None)
        return {}
    return kept["answers"]


def trainings_with_seats():
    return Training.objects.public().with_seats_taken().select_related("track")


def training_to_apply(slug):
    """The public training ``slug`` and the documents its track asks for, as every submission
    of its application form reads them: kept in the process while the public pages' data is
    unchanged (``pagecache.kept_while_unchanged``), since on the day a cohort opens they are
    read hundreds of times a minute. What decides the seat is read again under the
    training's lock (``workflow.submit_application``). The training is a copy of its own,
    which the request may change; 404 when there is no such training."""

    def load():
        training = get_object_or_404(
            Training.objects.public().select_related("track", "track__opens"), slug=slug
        )
        return training, tuple(training.track.documents_asked())

    training, requirements = pagecache.kept_while_unchanged(("training to apply", slug), load)
    return copy.copy(training), requirements


@sensitive_post_parameters()
def apply(request, slug):
    """The application form: sent (every check, then the application is stored), or saved
    to finish later with its second button (``applicants.drafts``). A form opened from a
    draft's link names the draft in a hidden field and comes here like any other."""
    # A form sent is stored without its page's seat count: the seat is taken under the
    # training's lock. The count is made when the form is shown again (render_form).
    if request.method == "POST":
        training, requirements = training_to_apply(slug)
    else:
        training, requirements = get_object_or_404(trainings_with_seats(), slug=slug), None
    if not training.is_open:
        if request.method == "POST":
            # Answers sent after the training closed (a draft finished late, say) come along to
            # another cohort's form, as those of an application refused for eligibility do.
            carry(request, carried_from(request.POST))
        return render_closed(request, training)
    if request.method != "POST":
        initial = initial_from(request.GET, carried(request))
        form = ApplicationForm(training=training, initial=initial)
        return render_form(request, training, form)

    draft = drafts.find_live(request.POST.get("draft_token"), training)
    form = ApplicationForm(
        request.POST, request.FILES, training=training, requirements=requirements, draft=draft
    )
    saving_draft = SAVE_DRAFT in request.POST
    is_valid = form.is_valid_for_draft() if saving_draft else form.is_valid()
    # Files are kept even from a form sent back, so forms that bring them count on their own.
    ip = rate_limits.client_ip(request)
    if form.has_new_uploads() and not rate_limits.allow("document_uploads", email="", ip=ip):
        form.add_error(None, rate_limits.REFUSED_MESSAGE)
        return render_form(request, training, form, status=429)
    form.keep_uploads()
    if not is_valid:
        if form.is_refused_for_eligibility:
            carry(request, form.carried_answers())
        return render_form(request, training, form)
    email = form.cleaned_data["email"]
    # Saving a draft mails its link to whatever address was typed: a limit of its own.
    if not rate_limits.allow("drafts" if saving_draft else "apply", email=email, ip=ip):
        form.add_error(None, rate_limits.REFUSED_MESSAGE)
        return render_form(request, training, form, status=429)
    key = form.cleaned_data["submission_key"]
    if saving_draft:
        drafts.save_draft(
            training,
            draft=draft,
            submission_key=key,
            email=email,
            language=form.draft_language(),
            answers=form.draft_answers(),
            pending=form.pending.values(),
        )
        # The same page whatever the address: nobody learns from it whether it is known.
        return redirect("applicants:draft_saved", slug=training.slug)
    try:
        with transaction.atomic():
            application, created = workflow.submit_application(
                training, form.unsaved_application(), key
            )
            if created:
                form.attach_documents(application)
            if draft is not None:
                drafts.discard(draft)
    except workflow.TrainingClosed as closed:
        carry(request, form.carried_answers())
        messages.error(request, str(closed))
        return redirect(training)
    request.session.pop(CARRIED_SESSION_KEY, None)
    # A new application, the same form sent twice, and an address that had already applied
    # (whose owner is mailed their links) all end on the same page: nobody learns from it
    # whether an address has applied. It shows the deadline of the sender's own application;
    # for an address that had applied, the one a new application would have.
    confirm_by = timezone.now() + datetime.timedelta(hours=settings.APPLICATION_CONFIRM_HOURS)
    if (created or application.submission_key == key) and application.confirm_by:
        confirm_by = application.confirm_by
    signed = signing.dumps([training.pk, int(confirm_by.timestamp())], salt=RECEIVED_SALT)
    return redirect("applicants:received", signed=signed)


@never_cache
def received(request, signed):
    """What to do next, after sending the form: confirm the address from the e-mail, by when.
    The same page whether or not the address had applied before."""
    try:
        training_id, confirm_by = signing.loads(
            signed, salt=RECEIVED_SALT, max_age=RECEIVED_MAX_AGE
        )
    except signing.BadSignature:
        return redirect("trainings:list")
    training = get_object_or_404(Training.objects.public(), pk=training_id)
    return render(
        request,
        "applicants/received.html",
        {
            "training": training,
            "confirm_by": datetime.datetime.fromtimestamp(confirm_by, datetime.UTC),
        },
    )


@never_cache
def resume_draft(request, token):
    """The link mailed with a draft: the application form of its training, filled in with the
    answers and documents saved. When the training no longer takes applications, the page
    says so with its next cohorts, whose forms the answers come along to. An expired draft's
    link, like a wrong one, gets the plain "not found" page."""
    saved = get_object_or_404(Draft.objects.live(), token=token)
    training = get_object_or_404(trainings_with_seats(), pk=saved.training_id)
    drafts.opened(saved)
    if not training.is_open:
        carry(request, carried_from(saved.answers))
        return render_closed(request, training)
    form = ApplicationForm(training=training, draft=saved, initial=saved.answers)
    return render_form(request, training, form)


@never_cache
def draft_saved(request, slug):
    """After "Save and continue later": the link is on its way. The same page whatever the
    address typed, known or not."""
    training = get_object_or_404(Training.objects.public(), slug=slug)
    return render(
        request,
        "applicants/draft_saved.html",
        {"training": training, "days": settings.APPLICATION_DRAFT_DAYS},
    )


def render_closed(request, training):
    return render(
        request,
        "applicants/apply_closed.html",
        {
            "training": training,
            "next_cohorts": Training.objects.other_open_cohorts(training)[:3],
        },
    )


def render_form(request, training, form, status=200):
    if not hasattr(training, "seats_taken"):
        training.seats_taken = workflow.seats_taken(training)
    refused = form.is_bound and form.is_refused_for_eligibility
    return render(
        request,
        "applicants/apply.html",
        {
            "training": training,
            "form": form,
            "verdict": form.verdict if refused else None,
            # The applicant follows the language of the training they applied to, at least.
            "alternatives": (
                offered_trainings(training.track, [training.language, *followed(request)])
                if refused
                else []
            ),
            "draft_days": settings.APPLICATION_DRAFT_DAYS,
        },
        status=status,
    )


def offered_trainings(track, languages=()):
    """The open trainings of the track offered to those who do not qualify for ``track``,
    those taught in ``languages`` first."""
    if track.offered_instead_id is None:
        return []
    offered = (
        Training.objects.open_for_applications()
        .filter(track=track.offered_instead_id)
        .for_listing()
    )
    return first_in(offered, languages)[:OFFERED]
