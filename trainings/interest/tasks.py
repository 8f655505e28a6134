"""Background tasks that send the interest list's e-mail.

The site queues them once its transaction has committed: the interest page queues
:func:`send_interest_confirmation`, and publishing a training in the admin queues
:func:`announce_training`. The task worker (``manage.py db_worker``) runs them. Each sending
task sends at most one message; if the mail server cannot be reached it queues a new attempt
for later (``imago_site.mail.deliver``) and raises. ``attempt`` counts the failed attempts
before this one.
"""

import logging
from functools import partial

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from imago_site.mail import deliver
from trainings.interest import emails
from trainings.interest.models import (
    InterestNotification,
    InterestSubscription,
    record_announcements,
)
from trainings.models import Training

logger = logging.getLogger(__name__)


@task
def send_interest_confirmation(subscription_id, attempt=0):
    """Send the confirmation link (double opt-in) to a subscription that asked for it. Runs
    after the commit, and again later if the mail server was down."""
    subscription = (
        InterestSubscription.objects.active()
        .select_related("track")
        .filter(pk=subscription_id)
        .first()
    )
    if subscription is None:
        logger.info("Subscription %s is gone or ended; nothing to send.", subscription_id)
        return
    message = emails.interest_confirmation(subscription)
    deliver(message, send_interest_confirmation, subscription_id, attempt=attempt)


@task
def announce_training(training_id):
    """Announce a newly published training to the confirmed subscriptions it matches, one
    e-mail each (:func:`send_announcement`). Which subscriptions hear of it is recorded first
    (``record_announcements``), so running this again sends nothing twice."""
    training = Training.objects.published().filter(pk=training_id).first()
    if training is None:
        logger.info("Training %s is not published; nothing to announce.", training_id)
        return
    notifications = record_announcements(training)
    for notification in notifications:
        transaction.on_commit(partial(send_announcement.enqueue, notification.pk))


@task
def send_announcement(notification_id, attempt=0):
    """Send one announcement recorded by :func:`announce_training`. Nothing goes out if it was
    sent already, if the subscription ended or if the training is no longer published. Runs
    again later if the mail server was down; a retry never records a new announcement."""
    notification = (
        InterestNotification.objects.select_related("subscription__track", "training__track")
        .prefetch_related("training__modules")
        .filter(pk=notification_id)
        .first()
    )
    if notification is None or notification.sent_at is not None:
        return
    if not notification.subscription.is_confirmed:
        logger.info("Subscription of announcement %s has ended; not sent.", notification_id)
        return
    if notification.training.status != Training.Status.PUBLISHED:
        logger.info("Training of announcement %s is no longer published.", notification_id)
        return
    if notification.kind == InterestNotification.Kind.EARLY_BIRD:
        if not notification.training.tuition().is_early_bird:
            logger.info("The early-bird price of notice %s has ended; not sent.", notification_id)
            return
        message = emails.early_bird_ending(notification)
    else:
        message = emails.training_announcement(notification)
    deliver(message, send_announcement, notification_id, attempt=attempt)
    InterestNotification.objects.filter(pk=notification_id).update(sent_at=timezone.now())


def remind_early_bird(now):
    """Record, for each training whose early-bird price ends within
    ``REMINDER_EARLY_BIRD_DAYS``, a notice to each matching subscription that has not had it,
    and queue their e-mails (:func:`send_announcement`) after the commit. Run hourly by the
    reminders' run (``applicants.reminders.tasks``). Returns how many were recorded."""
    today = timezone.localdate(now)
    recorded = 0
    for training in Training.objects.early_bird_ending(today, settings.REMINDER_EARLY_BIRD_DAYS):
        notices = record_announcements(training, kind=InterestNotification.Kind.EARLY_BIRD)
        for notice in notices:
            transaction.on_commit(partial(send_announcement.enqueue, notice.pk), robust=True)
        recorded += len(notices)
    return recorded
