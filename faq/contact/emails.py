"""The e-mails about messages sent with the contact form.

Each function composes one message and does not send it; ``faq.contact.tasks`` sends them.
The text comes from the ``templates/emails/contact_*.txt`` templates. The acknowledgement never
repeats what the sender wrote: anyone can type any address into the form, and an echo would let
them send their text to it from the institute's address.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from imago_site.mail import absolute, compose


def acknowledgement(message):
    """To the sender, in the language they used: the message arrived, and who will answer."""
    with translation.override(message.language):
        return compose(
            "emails/contact_acknowledgement.txt",
            subject=_("We have received your message"),
            to=[message.email],
            language=message.language,
            context={
                **about_context(message),
                "contact": message,
                "answered_by": message.route().answered_by,
            },
        )


def forwarded(message, address):
    """To ``address``, one of those the message was routed to: the whole message, the other
    recipients, and the link to it in the admin. Replies go to the sender."""
    language = settings.LANGUAGE_CODE
    with translation.override(language):
        return compose(
            "emails/contact_message.txt",
            subject=_("%(topic)s: a message from %(name)s (%(country)s)")
            % {
                "topic": message.get_topic_display(),
                "name": message.name,
                "country": message.country.name,
            },
            to=[address],
            reply_to=[message.email],
            language=language,
            context={
                **about_context(message),
                "contact": message,
                "others": [other for other in message.routed_to if other != address],
                "admin_url": absolute(
                    reverse("admin:faq_contactmessage_change", args=[message.pk])
                ),
            },
        )


def about_context(message):
    about = message.training or message.track
    return {
        "topic": message.get_topic_display(),
        "about": about,
        "about_url": absolute(about.get_absolute_url()) if about else "",
    }
