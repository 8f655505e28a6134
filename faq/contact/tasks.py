"""Background tasks that route the contact form's messages and send their e-mail.

The form queues :func:`route_message` once the message is stored and committed. The task
worker (``manage.py db_worker``) runs it; it chooses who answers and queues one task per
e-mail. Each of those sends one message; if the mail server cannot be reached, it queues a new
attempt for later and raises, so the failed attempt is recorded and a retry sends only the
message that failed. The ``attempt`` argument counts the attempts that failed before this one.
"""

import logging

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from faq.contact import emails
from faq.contact.models import ContactMessage
from imago_site.mail import deliver

logger = logging.getLogger(__name__)


@task
def route_message(message_id):
    """Choose who answers the message (:meth:`ContactMessage.route`), store their addresses
    on it, and queue the message to each of them (:func:`forward_message`) and the
    acknowledgement to the sender (:func:`send_acknowledgement`). A message that is already
    routed is left alone, so running this twice sends nothing twice."""
    with transaction.atomic():
        message = ContactMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None:
            logger.info("Contact message %s is gone; nothing to route.", message_id)
            return
        if message.routed_at:
            return
        route = message.route()
        message.routed_to = route.recipients
        message.routed_at = timezone.now()
        message.save(update_fields=["routed_to", "routed_at"])
        # Queued in the routing's transaction: the stored recipients and their mails are
        # committed together or not at all.
        for address in route.recipients:
            forward_message.enqueue(message_id, address)
        send_acknowledgement.enqueue(message_id)


@task
def forward_message(message_id, address, attempt=0):
    """Send the message to ``address``, one of those it was routed to, with a reply going
    to the sender. Runs again later if the mail server was down."""
    message = find_message(message_id)
    if message:
        deliver(
            emails.forwarded(message, address),
            forward_message,
            message_id,
            address,
            attempt=attempt,
        )


@task
def send_acknowledgement(message_id, attempt=0):
    """Tell the sender, in the language they wrote in, that the message arrived and who will
    answer. Runs again later if the mail server was down."""
    message = find_message(message_id)
    if message:
        deliver(emails.acknowledgement(message), send_acknowledgement, message_id, attempt=attempt)


def find_message(message_id):
    message = ContactMessage.objects.select_related("training", "track").filter(pk=message_id)
    message = message.first()
    if message is None:
        # Deleted before its mail went out (a retry days later, say): there is no one to tell.
        logger.info("Contact message %s is gone; nothing to send.", message_id)
    return message
