"""The e-mails of the interest list ("tell me when there is a training near me").

Each function composes one message and does not send it; ``trainings.interest.tasks`` sends
them after the commit. They are written in the language the subscriber used the site in, and
every one carries the link that ends the subscription.
"""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from imago_site.mail import absolute, compose, unsubscribe_headers


def interest_confirmation(subscription):
    """To an address that asked to hear about new trainings: the link that confirms it (double
    opt-in), or, if it is confirmed already, word that nothing needs doing."""
    language = subscription.interface_language
    with translation.override(language):
        if subscription.confirmed_at:
            subject = _("You already hear about new Imago trainings")
        else:
            subject = _("Please confirm: news of Imago trainings")
        return compose(
            "emails/interest_confirmation.txt",
            subject=subject,
            to=[subscription.email],
            language=language,
            context={
                **subscription_context(subscription),
                "confirm_url": absolute(subscription.get_confirm_url()),
                "interest_url": absolute(reverse("trainings:interest")),
            },
        )


def training_announcement(notification):
    """To a confirmed subscription that ``notification.training`` answers: the training, its
    dates and place, and the link to its page, where one applies."""
    subscription, training = notification.subscription, notification.training
    language = subscription.interface_language
    with translation.override(language):
        message = compose(
            "emails/interest_announcement.txt",
            subject=_("New training: %(training)s") % {"training": training.title},
            to=[subscription.email],
            language=language,
            context={
                **subscription_context(subscription),
                "training": training,
                "training_url": absolute(training.get_absolute_url()),
            },
        )
    return unsubscribe_headers(message, absolute(subscription.get_unsubscribe_url()))


def early_bird_ending(notification):
    """To a confirmed subscription that ``notification.training`` answers: its early-bird
    price ends within days, and what it costs after."""
    subscription, training = notification.subscription, notification.training
    language = subscription.interface_language
    with translation.override(language):
        message = compose(
            "emails/interest_early_bird.txt",
            subject=_("Early-bird price ends soon: %(training)s") % {"training": training.title},
            to=[subscription.email],
            language=language,
            context={
                **subscription_context(subscription),
                "training": training,
                "tuition": training.tuition(),
                "training_url": absolute(training.get_absolute_url()),
            },
        )
    return unsubscribe_headers(message, absolute(subscription.get_unsubscribe_url()))


def subscription_context(subscription):
    return {
        "subscription": subscription,
        "choices": subscription.choices,
        "unsubscribe_url": absolute(subscription.get_unsubscribe_url()),
    }
