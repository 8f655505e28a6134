"""The contact form, and the spam checks that need no third-party service.

A message is refused, with the same words whatever the reason, when the hidden honeypot field
is filled in, or when the form comes back faster than a person can fill it
(``CONTACT_MIN_SECONDS`` after the page was shown, by a signed timestamp in a hidden field).
The view applies the rate limit that every public form shares (``imago_site.rate_limits``).
"""

import logging
import time
from functools import partial

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout, Submit
from django import forms
from django.conf import settings
from django.core import signing
from django.core.validators import slug_re
from django.db import transaction
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from faq.contact import tasks
from faq.contact.models import ContactMessage
from imago_site.mail import fits_one_line
from trainings.models import Track, Training
from trainings.models.choices import CountryChoices

logger = logging.getLogger(__name__)

START_SALT = "faq.contact.started"
# A form shown longer ago than this is refused, with a new start time to send it again: a start
# time is not a pass that a script may keep using.
START_MAX_AGE = 12 * 60 * 60


def start_token(at=None):
    """The signed moment at which the form was shown (``at``, seconds since the epoch)."""
    return signing.dumps(time.time() if at is None else at, salt=START_SALT)


def seconds_since_start(token):
    """Seconds since the form of ``token`` was shown; ``None`` if the token is not ours or
    older than ``START_MAX_AGE``."""
    try:
        started = signing.loads(token or "", salt=START_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(started, int | float) or time.time() - started > START_MAX_AGE:
        return None
    return time.time() - started


def refused_message():
    return _(
        "We could not send your message. Please wait a moment and try again, or write to %(email)s."
    ) % {"email": settings.INSTITUTE_EMAIL}


class Refused(forms.ValidationError):
    """A message that the spam checks refuse; its words never say which check it was."""

    def __init__(self):
        super().__init__(refused_message(), code="refused")


class ContactForm(forms.ModelForm):
    """A message to the institute. ``initial`` may carry ``topic``, ``training`` and ``track``
    (slugs) from the page the sender came from; the form shows what it is about."""

    privacy_consent = forms.BooleanField(
        label=_(
            "I have read the privacy notice and agree that the institute keeps my message and "
            "my contact details to answer me."
        ),
        help_text=format_lazy(
            '<a href="{}">{}</a>', reverse_lazy("privacy"), _("Read the privacy notice")
        ),
    )
    # The honeypot: hidden from sight and from the keyboard; people leave it empty.
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)
    started = forms.CharField(widget=forms.HiddenInput, required=False)
    training = forms.CharField(widget=forms.HiddenInput, required=False)
    track = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ContactMessage
        fields = ["topic", "name", "email", "country", "city", "message"]
        widgets = {
            "topic": forms.RadioSelect,
            "message": forms.Textarea(attrs={"rows": 6}),
        }
        labels = {
            "topic": _("What would you like to ask?"),
            "name": _("Your name"),
            "email": _("Your e-mail address"),
            "country": _("Country where you live"),
            "city": _("City"),
            "message": _("Your message"),
        }
        help_texts = {
            "email": _("We answer you at this address."),
            "country": _("So that we can put you in touch with a trainer near you."),
            "city": _("Optional."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["started"].initial = start_token()
        self.about_training = find_training(self["training"].value())
        self.about_track = None if self.about_training else find_track(self["track"].value())
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["country"].widget.attrs["autocomplete"] = "country"
        self.fields["city"].widget.attrs["autocomplete"] = "address-level2"
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}  # the portal's messages, next to each field
        self.helper.layout = Layout(
            "topic",
            "name",
            "email",
            "country",
            "city",
            "message",
            Field("website", wrapper_class="visually-hidden", tabindex="-1", autocomplete="off"),
            "privacy_consent",
            "started",
            "training",
            "track",
        )
        self.helper.add_input(Submit("submit", _("Send my message"), css_class="btn-lg"))

    @property
    def about(self):
        """The training or track the message is about, if the sender came from its page."""
        return self.about_training or self.about_track

    def clean_name(self):
        name = self.cleaned_data["name"]
        if not fits_one_line(name):
            raise forms.ValidationError(_("Please write your name on one line."))
        return name

    def clean_training(self):
        return self.about_training

    def clean_track(self):
        if self.about_training:
            return self.about_training.track
        return self.about_track

    def clean(self):
        cleaned = super().clean()
        elapsed = seconds_since_start(cleaned.get("started"))
        if cleaned.get("website"):
            self.refuse("honeypot filled in", website="")
        elif elapsed is None:
            # Tampered with, signed with an earlier key, or too old: a new one lets a person
            # send again.
            self.refuse("start time not readable", started=start_token())
        elif elapsed < settings.CONTACT_MIN_SECONDS:
            self.refuse(f"sent {elapsed:.1f} seconds after the form was shown")
        return cleaned

    def refuse(self, reason, **replaced):
        """Refuse the message, with the same words whatever the ``reason`` (which only the
        log gets). ``replaced`` values are shown in the form instead of the ones sent."""
        logger.info("Contact message refused: %s.", reason)
        if replaced:
            self.data = self.data.copy()
            for name, value in replaced.items():
                self.data[name] = value
        raise Refused()

    def submit(self, *, ip, language):
        """Store the message, then (after the commit) route it with
        :func:`faq.contact.tasks.route_message`, which mails it and acknowledges it to the
        sender."""
        message = self.save(commit=False)
        message.training = self.cleaned_data["training"]
        message.track = self.cleaned_data["track"]
        message.privacy_consent_at = timezone.now()
        message.privacy_notice_version = settings.PRIVACY_NOTICE_VERSION
        message.language = language
        message.ip = ip
        message.save()
        transaction.on_commit(partial(tasks.route_message.enqueue, message.pk))
        return message


# The country list's choices, set once on the class (see applicants.forms), asking in words.
ContactForm.base_fields["country"].choices = CountryChoices(_("Choose a country"))


def is_slug(value):
    """Whether ``value`` can be a slug; anything else (a null byte, say) is not looked up."""
    return bool(value) and slug_re.fullmatch(value) is not None


def find_training(slug):
    if not is_slug(slug):
        return None
    trainings = Training.objects.public().select_related("track")
    return trainings.filter(slug=slug).first()


def find_track(slug):
    return Track.objects.listed().filter(slug=slug).first() if is_slug(slug) else None
