"""The reminders' e-mails. Each function composes one message and sends nothing; to
applicants and whoever saved a draft, in their language, with a one-click way to stop
reminders (``List-Unsubscribe``); to staff, the day's digests in the portal's language."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from applicants.models import AdmissionReminder
from imago_site.mail import absolute, compose, unsubscribe_headers

Kind = AdmissionReminder.Kind


def application_reminder(application, kind):
    """To an applicant: confirm the address before the hold expires, or send the documents
    still missing."""
    training = application.training
    stop_url = absolute(reverse("applicants:stop_reminders", args=[application.token]))
    context = {
        "application": application,
        "training": training,
        "status_url": absolute(application.get_absolute_url()),
        "stop_url": stop_url,
    }
    with translation.override(application.language):
        if kind == Kind.CONFIRM:
            subject = _("Please confirm your application for %(training)s")
            context["confirm_url"] = absolute(application.get_confirm_url())
        else:
            subject = _("Documents still missing for %(training)s")
            context["missing"] = list(application.missing_documents())
        message = compose(
            f"emails/reminders/{kind}.txt",
            subject=subject % {"training": training.title},
            to=[application.email],
            language=application.language,
            context=context,
        )
    return unsubscribe_headers(message, stop_url)


def draft_reminder(draft, kind):
    """To the address a draft was saved with: finish it; applications close soon; the
    early-bird price ends soon."""
    training = draft.training
    stop_url = absolute(reverse("applicants:stop_draft_reminders", args=[draft.token]))
    subjects = {
        Kind.DRAFT_IDLE: _("Your application for %(training)s is waiting"),
        Kind.DRAFT_CLOSING: _("Applications for %(training)s close soon"),
        Kind.DRAFT_EARLY_BIRD: _("The early-bird price of %(training)s ends soon"),
    }
    with translation.override(draft.language):
        message = compose(
            f"emails/reminders/{kind}.txt",
            subject=str(subjects[kind]) % {"training": training.title},
            to=[draft.email],
            language=draft.language,
            context={
                "training": training,
                "tuition": training.tuition(),
                "draft_url": absolute(draft.get_absolute_url()),
                "stop_url": stop_url,
            },
        )
    return unsubscribe_headers(message, stop_url)


def decisions_digest(user, applications, now):
    """To a decision-maker: the applications waiting longer than their track promises."""
    rows = [
        {
            "application": application,
            "days": (now - application.confirmed_at).days,
            "admin_url": absolute(
                reverse("admin:applicants_application_change", args=[application.pk])
            ),
        }
        for application in applications
    ]
    with translation.override(settings.LANGUAGE_CODE):
        return compose(
            "emails/reminders/decisions.txt",
            subject=ngettext(
                "%(count)d application waits for a decision",
                "%(count)d applications wait for a decision",
                len(rows),
            )
            % {"count": len(rows)},
            to=[user.email],
            language=settings.LANGUAGE_CODE,
            context={"user": user, "rows": rows},
        )


def reviews_digest(user, assignments):
    """To a reviewer: the applications assigned to them that still wait for their review."""
    rows = [
        {
            "assignment": assignment,
            "review_url": absolute(reverse("applicants:review", args=[assignment.pk])),
        }
        for assignment in assignments
    ]
    with translation.override(settings.LANGUAGE_CODE):
        return compose(
            "emails/reminders/reviews.txt",
            subject=ngettext(
                "%(count)d application waits for your review",
                "%(count)d applications wait for your review",
                len(rows),
            )
            % {"count": len(rows)},
            to=[user.email],
            language=settings.LANGUAGE_CODE,
            context={"user": user, "rows": rows},
        )
