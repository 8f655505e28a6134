"""The e-mails that the portal writes about applications.

Each function composes one message and does not send it. ``applicants.tasks`` sends them after
the commit. The text comes from the templates in ``templates/emails/`` and is written in the
applicant's language. Mails to applicants carry the private status link, never the answers
themselves. A degree, a financial note or an accessibility need stays in the portal, where only
the status page and the admin show it.

A task has no request to build absolute links from, so links start with the ``SITE_URL``
setting (``imago_site.mail.absolute``).
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from imago_site.mail import absolute, compose, site_url
from trainings.calendar import build_calendar


def application_received(application):
    """To the applicant, right after they apply. It asks them to confirm their address from the
    link in it by the deadline, thanks them, summarises the training, says whether a seat is
    held or where they are on the waiting list, gives the private status link and explains what
    happens next. The training's modules come as an ``.ics`` attachment. The confirmation link
    travels only in e-mails to the address: whoever sends a form may not own the address."""
    training = application.training
    with translation.override(application.language):
        message = compose(
            "emails/application_received.txt",
            subject=_("Your application for %(training)s") % {"training": training.title},
            to=[application.email],
            language=application.language,
            context={
                **applicant_context(application),
                "lost_link_url": absolute(reverse("applicants:resend_links")),
            },
        )
        # Module titles and places in the calendar are translated too.
        message.attach(f"{training.slug}.ics", training_calendar(training), "text/calendar")
    return message


def staff_new_application(application):
    """To the institute (``INSTITUTE_EMAIL``): who applied to what, the status and a link to the
    application in the admin. Replies go to the applicant. The answers stay in the admin."""
    training = application.training
    language = settings.LANGUAGE_CODE
    with translation.override(language):
        return compose(
            "emails/staff_new_application.txt",
            subject=_("New application: %(name)s for %(training)s")
            % {"name": application.name, "training": training.title},
            to=[settings.INSTITUTE_EMAIL],
            reply_to=[application.email],
            language=language,
            context={
                "application": application,
                "training": training,
                "status_label": application.get_status_display(),
                "waitlist_position": application.waitlist_position,
                "seats_held": training.applications.holding_seats().count(),
                "admin_url": absolute(
                    reverse("admin:applicants_application_change", args=[application.pk])
                ),
            },
        )


def status_changed(application, event):
    """To the applicant when their status changes (``event`` records the change). It covers
    acceptance, a decline with ``decline_reason``, a move up from the waiting list, a move to
    another training, a withdrawal and an expiry (the address was not confirmed in time; the
    form is linked to apply again while the training takes applications). It says in plain
    words what changed and what it means, and links the status page. Staff notes (events not
    shown to the applicant) are never quoted."""
    training = application.training
    with translation.override(application.language):
        return compose(
            "emails/status_changed.txt",
            subject=_("Your application for %(training)s: %(status)s")
            % {"training": training.title, "status": application.get_status_display()},
            to=[application.email],
            language=application.language,
            context={
                **applicant_context(application),
                "event": event,
                "from_label": event.get_from_status_display(),
                "to_label": event.get_to_status_display(),
                "note": event.message if event.is_public else "",
                "apply_url": absolute(reverse("applicants:apply", args=[training.slug]))
                if training.is_open
                else "",
            },
        )


def status_links(email, applications):
    """To ``email``, which asked for lost links (or applied again to a training it had applied
    to): one private link per application in ``applications`` (the open ones of that address,
    newest first), and the link that confirms the address for those still waiting for it. It
    is written in the language of the newest application."""
    language = applications[0].language
    with translation.override(language):
        return compose(
            "emails/status_links.txt",
            subject=_("Your links to your applications"),
            to=[email],
            language=language,
            context={
                "entries": [
                    {
                        "application": application,
                        "training": application.training,
                        "status_label": application.get_status_display(),
                        "status_url": absolute(application.get_absolute_url()),
                        "confirm_url": absolute(application.get_confirm_url())
                        if application.awaits_confirmation
                        else "",
                    }
                    for application in applications
                ],
            },
        )


def draft_link(draft):
    """To the address typed in an application form saved to finish later: the private link that
    opens the form again with what was saved, until when it works, and that nothing has been
    sent yet. It repeats none of the answers, nor the name: whoever typed the address may not
    own it."""
    training = draft.training
    with translation.override(draft.language):
        return compose(
            "emails/draft_link.txt",
            subject=_("Continue your application for %(training)s") % {"training": training.title},
            to=[draft.email],
            language=draft.language,
            context={
                "training": training,
                "draft_url": absolute(draft.get_absolute_url()),
                "expires_at": draft.expires_at,
                "days": settings.APPLICATION_DRAFT_DAYS,
            },
        )


def applicant_context(application):
    return {
        "application": application,
        "training": application.training,
        "status_label": application.get_status_display(),
        "waitlist_position": application.waitlist_position,
        "status_url": absolute(application.get_absolute_url()),
        "confirm_url": absolute(application.get_confirm_url()),
    }


def training_calendar(training):
    """The training's modules as an iCalendar file (bytes), with links to the portal."""
    return build_calendar([training], site_url(), training.title)
