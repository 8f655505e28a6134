"""Background tasks that send the portal's e-mail about applications (and the link to a draft),
and expire an application whose address was not confirmed in time.

The workflow queues them once its transaction has committed, for example
``transaction.on_commit(lambda: send_status_links.enqueue(email))``, or, for a new
application, in the transaction that stores it (the queue is in the same database). The task
worker (``manage.py db_worker``) then runs them. Each task sends at most one message.
If the mail server cannot be reached, the task queues a new attempt for later and then raises,
so the failed attempt is recorded. A retry therefore sends only the message that failed. The
``attempt`` argument counts the attempts that failed before this one.
"""

import logging

from django.tasks import task

from applicants import emails, workflow
from applicants.models import Application, Draft, Event
from imago_site.mail import deliver

logger = logging.getLogger(__name__)


@task
def send_application_received(application_id):
    """Queue what follows a new application: the two e-mails, the applicant's confirmation
    (:func:`send_confirmation`) and the institute's notice (:func:`send_staff_notice`), and
    the application's expiry at its deadline if the address is not confirmed by then
    (:func:`expire_unconfirmed`). Each is its own task, so a retry of one never sends the other
    again."""
    send_confirmation.enqueue(application_id)
    send_staff_notice.enqueue(application_id)
    application = Application.objects.filter(pk=application_id).only("pk", "confirm_by").first()
    if application and application.confirm_by:
        expire_unconfirmed.using(run_after=application.confirm_by).enqueue(application_id)


@task
def expire_unconfirmed(application_id):
    """At the application's deadline: expire it if its address is still not confirmed
    (``applicants.workflow.expire_application``). Running twice or late does no harm, and the
    daily sweep catches an application whose task did not run."""
    workflow.expire_application(application_id)


@task
def send_confirmation(application_id, attempt=0):
    """Send the applicant the confirmation of their application, with the link that confirms
    their address, the status link and the training's calendar. Runs after the commit, and again
    later if the mail server was down."""
    application = find_application(application_id)
    if application:
        message = emails.application_received(application)
        deliver(message, send_confirmation, application_id, attempt=attempt)


@task
def send_staff_notice(application_id, attempt=0):
    """Tell the institute (``INSTITUTE_EMAIL``) about a new application. Runs after the
    commit, and again later if the mail server was down."""
    application = find_application(application_id)
    if application:
        message = emails.staff_new_application(application)
        deliver(message, send_staff_notice, application_id, attempt=attempt)


@task
def send_status_changed(application_id, event_id, attempt=0):
    """Tell the applicant that their application's status changed, as the event records it.
    Events that are not shown to the applicant send nothing. Runs after the commit, and again
    later if the mail server was down."""
    event = (
        Event.objects.select_related("application__training__track")
        .prefetch_related("application__training__modules")
        .filter(pk=event_id, application_id=application_id)
        .first()
    )
    if event is None:
        logger.info(
            "Event %s of application %s is gone; nothing to send.", event_id, application_id
        )
        return
    if not event.is_public:
        return
    message = emails.status_changed(event.application, event)
    deliver(message, send_status_changed, application_id, event_id, attempt=attempt)


@task
def send_status_links(email, attempt=0):
    """Send ``email`` the private links to its open applications (the address is matched
    case-insensitively). If there are none, nothing is sent, so a form can offer this without
    revealing whether an address applied. Runs after the commit, and again later if the mail
    server was down."""
    applications = list(
        Application.objects.filter(email__iexact=email, status__in=Application.OPEN)
        .select_related("training__track")
        .order_by("-created_at")
    )
    if not applications:
        return
    # The address as the applicant typed it when applying, rather than as it was asked for.
    message = emails.status_links(applications[0].email, applications)
    deliver(message, send_status_links, email, attempt=attempt)


@task
def send_draft_link(draft_id, attempt=0):
    """Send the private link to continue a draft (an application saved to finish later) to the
    address typed in it, in the language chosen on the form. Runs after the commit, and again
    later if the mail server was down. A draft sent or expired meanwhile has no link to send."""
    draft = Draft.objects.live().select_related("training").filter(pk=draft_id).first()
    if draft is None:
        logger.info("Draft %s is gone; nothing to send.", draft_id)
        return
    deliver(emails.draft_link(draft), send_draft_link, draft_id, attempt=attempt)


def find_application(application_id):
    application = (
        Application.objects.select_related("training__track")
        .prefetch_related("training__modules")
        .filter(pk=application_id)
        .first()
    )
    if application is None or application.erased_at:
        # Deleted or erased before its mail went out (a retry days later, say): there is no
        # one to tell.
        logger.info("Application %s is gone; nothing to send.", application_id)
        return None
    return application
