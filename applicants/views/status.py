"""The applicant's private pages, reached through the unguessable link in their e-mails."""

import contextlib
import json

from django.conf import settings
from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from applicants import tasks, workflow
from applicants.attendance.models import Attendance
from applicants.certificates.issuing import completion
from applicants.forms import CARRIED_FIELDS, DocumentForm, StatusLinkForm
from applicants.invoices import issuing
from applicants.invoices.account import account_of
from applicants.models import Application, BillingDetails, Event
from applicants.reviews import reviewing
from applicants.supervision.progress import path_of as certification_path
from imago_site import rate_limits

DELETION_PROMISE = gettext_lazy(
    "We have your request. Within a day we erase your name, your contact details and your "
    "answers, and this page stops working. We keep only which training you applied to, when, "
    "and the outcome, as the institute must."
)
STARTED_DELETION_MESSAGE = gettext_lazy(
    "We have your request. Your training has started, so the staff settle it with you: they "
    "will write to you about leaving the training and which of your data the institute must "
    "keep."
)


def application_for(token):
    """The application of a status link. The token is 256 random bits, compared by the
    database; the link works as long as the portal keeps the application's personal data
    (erasing it replaces the token), and a wrong or dead one gets the plain "not found" page."""
    return get_object_or_404(Application.objects.select_related("training__track"), token=token)


@never_cache
def status(request, token, failed_form=None):
    """The status page; ``failed_form``: an upload of a document just refused, shown with its
    errors (``applicants.views.documents``)."""
    application = application_for(token)
    answer_by = workflow.expected_answer_by(application)
    return render(
        request,
        "applicants/status.html",
        {
            "application": application,
            "training": application.training,
            "events": application.events.filter(is_public=True),
            "answer_by": answer_by,
            # Past the promised day, the page says so rather than promise a day gone by.
            "answer_is_late": answer_by < application.training.today(),
            "is_confirmation_overdue": application.is_confirmation_overdue(),
            "document_rows": document_rows(application, failed_form),
            "account": account_of(application),
            "has_billing": BillingDetails.objects.filter(application=application).exists(),
            "issuer": settings.INSTITUTE,
            "path": path_of(application),
            "certification": certification_path(application)
            if application.status == Application.Status.ACCEPTED
            else None,
            "started_message": workflow.started_message(),
        },
    )


def path_of(application):
    """An accepted trainee's way through their training: each module with their attendance,
    the hours credited against those needed, and their certificates; None before acceptance."""
    if application.status != Application.Status.ACCEPTED:
        return None
    training = application.training
    taken = {
        attendance.module_id: attendance
        for attendance in Attendance.objects.filter(
            application=application, module__training=training
        ).select_related("module")
    }
    completed = completion(application)
    return {
        "modules": [
            {
                "module": module,
                "attendance": taken.get(module.pk),
                "is_credited": module.pk in completed.credited_modules,
            }
            for module in training.modules.all()
        ],
        "completion": completed,
        "certificates": list(application.certificates.select_related("revocation")),
    }


@never_cache
def confirm(request, token):
    """The link in the confirmation e-mail. Opening it shows a button and changes nothing (mail
    scanners open links); pressing the button confirms the address. The token is sent only to
    the address, never shown on a page, so the status link alone cannot confirm it."""
    application = get_object_or_404(
        Application.objects.select_related("training__track"), confirmation_token=token
    )
    if request.method == "POST":
        try:
            application = workflow.confirm_address(application)
        except workflow.NotAllowed:
            # The page says why (expired, or closed before it was confirmed).
            return redirect(application.get_confirm_url())
        messages.success(request, _("Thank you: your e-mail address is confirmed."))
        return redirect(application)
    return render(
        request,
        "applicants/confirm.html",
        {
            "application": application,
            "is_confirmation_overdue": application.is_confirmation_overdue(),
        },
    )


def document_rows(application, failed_form=None):
    """For each document the application's track asks for, and each other one it holds, the
    document sent (or None) and, while documents may change, the form to upload one
    (``failed_form`` where an upload was just refused)."""
    asked = list(application.training.track.documents_asked())
    sent = {d.requirement_id: d for d in application.documents.select_related("requirement")}
    asked_pks = {requirement.pk for requirement in asked}
    others = [d.requirement for d in sent.values() if d.requirement_id not in asked_pks]
    rows = []
    for requirement in asked + others:
        form = None
        if application.is_open_for_documents and requirement.pk in asked_pks:
            if failed_form is not None and failed_form.requirement.pk == requirement.pk:
                form = failed_form
            else:
                form = upload_form(application, requirement, sent.get(requirement.pk))
        rows.append(
            {"requirement": requirement, "document": sent.get(requirement.pk), "form": form}
        )
    return rows


def upload_form(application, requirement, replacing=None, data=None, files=None):
    action = reverse("applicants:upload_document", args=[application.token, requirement.pk])
    return DocumentForm(data, files, requirement=requirement, action=action, replacing=replacing)


@never_cache
def withdraw(request, token):
    application = application_for(token)
    if request.method == "POST":
        try:
            workflow.change_status(application, Application.Status.WITHDRAWN)
        except workflow.NotAllowed as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request, _("Your application is withdrawn. We are sorry to see you go.")
            )
        return redirect(application)
    terms = None
    if application.status == Application.Status.ACCEPTED and application.invoices.exists():
        terms = issuing.withdrawal_terms(application)
    return render(
        request,
        "applicants/withdraw.html",
        {
            "application": application,
            "terms": terms,
            "currency": application.training.currency,
            "started_message": workflow.started_message(),
        },
    )


@never_cache
def export(request, token):
    """Everything the portal keeps about this application, as JSON, for the applicant."""
    application = application_for(token)
    data = {
        "training": application.training.title,
        "status": application.status,
        "received": application.created_at,
        **{name: getattr(application, name) for name in CARRIED_FIELDS},
        "country": str(application.country),
        "licence_country": str(application.licence_country),
        "privacy_consent_at": application.privacy_consent_at,
        "privacy_notice_version": application.privacy_notice_version,
        "policy_consent_at": application.policy_consent_at,
        "policy_text": application.policy_text,
        "address_confirmed": application.confirmed_at,
        "waiting_list_since": application.waitlisted_at,
        "deletion_requested": application.deletion_requested_at,
        "eligibility": {
            "eligible": application.is_eligible,
            "reasons": application.eligibility_reasons,
        },
        "decline_reason": application.decline_reason,
        "staff_notes": application.internal_notes,
        # Every event, also those the status page leaves out (the staff's own notes).
        "timeline": [
            {
                "at": event.at,
                "status": event.to_status,
                "what": event.text,
                "shown_on_status_page": event.is_public,
            }
            for event in application.events.all()
        ],
        "documents": [
            {
                "document": document.requirement.name,
                "file_name": document.original_name,
                "type": document.content_type,
                "size": document.size,
                "uploaded": document.uploaded_at,
            }
            for document in application.documents.select_related("requirement")
        ],
        "billing_details": billing_export(application),
        "invoices": [
            {
                "number": invoice.number,
                "kind": invoice.kind,
                "issued": invoice.issued_on,
                "due": invoice.due_on,
                "currency": invoice.currency,
                "total": invoice.total,
                "paid": invoice.paid,
                "billed_to": invoice.billed_to,
            }
            for invoice in application.invoices.with_balance().order_by("pk")
        ],
        "reviews": [
            {
                "reviewer": reviewing.reviewer_name(review.assignment.reviewer),
                "sent": review.submitted_at,
                "recommendation": review.get_recommendation_display(),
                "scores": {str(s.criterion.name): s.score for s in review.scores.all()},
                "comment": review.comment,
            }
            for review in reviewing.reviews_of(application)
        ],
        "attendance": [
            {"module": str(entry.module), "status": entry.status, "hours": entry.hours}
            for entry in application.attendances.select_related("module").order_by("module__number")
        ],
        "supervision": list(
            application.supervision_sessions.order_by("held_on", "pk").values(
                "held_on", "hours", "supervisor", "note", "approved_at"
            )
        ),
        "steps_done": [
            {"step": str(step.requirement), "done_on": step.done_on, "note": step.note}
            for step in application.steps_done.select_related("requirement").order_by("done_on")
        ],
        "certificates": list(
            application.certificates.order_by("issued_on", "pk").values(
                "number", "code", "title", "module_title", "hours", "issued_on"
            )
        ),
    }
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="my-imago-application.json"'
    return response


def billing_export(application):
    details = BillingDetails.objects.filter(application=application).first()
    if details is None:
        return None
    return {
        name: str(getattr(details, name))
        for name in ("name", "company", "vat_number", "address", "postcode", "city", "country")
    }


@never_cache
@require_POST
def request_deletion(request, token):
    """The applicant asks for their data to be erased. An open application is withdrawn first
    (its seat goes to the next in line); the daily erasure (``imago_site.retention``) then
    erases the answers, keeping only what the institute must keep. Of a training that has
    started, the application stays as it is and the request waits for the staff (the admin's
    "deletion requested" filter)."""
    application = application_for(token)
    if application.deletion_requested_at is None:
        with transaction.atomic():
            # A second click while the first was withdrawing it finds it withdrawn.
            if application.is_open:
                with contextlib.suppress(workflow.NotAllowed):
                    workflow.change_status(application, Application.Status.WITHDRAWN)
            # Only the first of two clicks at once records the request.
            now = timezone.now()
            if Application.objects.filter(pk=application.pk, deletion_requested_at=None).update(
                deletion_requested_at=now, updated_at=now
            ):
                Event.objects.create(application=application, code=Event.Code.DELETION_REQUESTED)
    application.refresh_from_db()
    if application.is_open:
        # Its training has started: the staff settle leaving it, and the data it needs.
        messages.info(request, STARTED_DELETION_MESSAGE)
    else:
        messages.success(request, DELETION_PROMISE)
    return redirect(application)


@sensitive_post_parameters()
def resend_links(request):
    """Send the status links of an address to that address; the page reads the same whether
    or not it has applied, so nobody learns who applied."""
    form = StatusLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if not rate_limits.allow("status_links", email=email, ip=rate_limits.client_ip(request)):
            form.add_error(None, rate_limits.REFUSED_MESSAGE)
            return render(request, "applicants/resend_links.html", {"form": form}, status=429)
        transaction.on_commit(lambda: tasks.send_status_links.enqueue(email))
        messages.success(
            request,
            _(
                "If this address has applied, a message with the links is on its way. Check "
                "your spam folder too."
            ),
        )
        return redirect("applicants:resend_links")
    return render(request, "applicants/resend_links.html", {"form": form})
