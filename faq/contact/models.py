"""The contact form's messages, and who answers them."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from imago_site.audit import forget
from imago_site.retention import days_ago
from trainings.models import Trainer

# What erasing a message's personal data leaves blank: topic, country, dates, status and routing
# stay, for the institute's statistics.
ERASED_CONTACT = {"name": "", "email": "", "city": "", "message": "", "ip": None}


class Coordinator(models.Model):
    """The person who answers "connect me with a trainer near me" for one country."""

    country = CountryField(_("country"), unique=True)
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(
        _("e-mail"),
        help_text=_(
            "Requests for a trainer near them from people in this country are sent here, "
            "before the country's trainers or the institute."
        ),
    )
    note = models.TextField(_("note"), blank=True, help_text=_("For staff only."))

    class Meta:
        ordering = ["country"]
        verbose_name = _("coordinator")
        verbose_name_plural = _("coordinators")

    def __str__(self):
        return f"{self.name} ({self.country.name})"


@dataclass(frozen=True)
class Route:
    """Who answers a contact message: ``kind`` is one of ``COORDINATOR``, ``TRAINERS`` or
    ``INSTITUTE``; ``recipients`` are the addresses it goes to."""

    COORDINATOR = "coordinator"
    TRAINERS = "trainers"
    INSTITUTE = "institute"

    kind: str
    recipients: list[str]
    country_name: str = ""
    coordinator_name: str = ""
    for_trainer: bool = False

    @property
    def answered_by(self):
        """One sentence for the sender, in the active language: who will answer."""
        if self.kind == self.COORDINATOR:
            return _("%(name)s, our coordinator for %(country)s, will answer you.") % {
                "name": self.coordinator_name,
                "country": self.country_name,
            }
        if self.kind == self.TRAINERS:
            return _("A trainer in %(country)s will answer you.") % {"country": self.country_name}
        if self.for_trainer:
            return _(
                "The institute's office will answer you and put you in touch with the "
                "nearest trainer."
            )
        return _("The institute's office will answer you.")


class ContactMessageQuerySet(models.QuerySet):
    def new(self):
        return self.filter(status=ContactMessage.Status.NEW)

    def retention_expired(self):
        """Messages whose sender's details are due for erasure: ``RETENTION_CONTACT_DAYS``
        after they arrived."""
        return self.filter(created_at__lt=days_ago(settings.RETENTION_CONTACT_DAYS)).exclude(
            email=""
        )

    def erase(self):
        """Blank the sender's details (see ``ERASED_CONTACT``), and the messages' names and
        values in the admin's log; returns how many."""
        forget(self.model, list(self.values_list("pk", flat=True)))
        return self.update(**ERASED_CONTACT)

    def mark_answered(self):
        """Mark the messages answered now; a message already answered keeps its time.
        Returns how many changed."""
        return self.exclude(status=ContactMessage.Status.ANSWERED).update(
            status=ContactMessage.Status.ANSWERED,
            answered_at=Coalesce("answered_at", Value(timezone.now())),
        )


class ContactMessage(models.Model):
    """A message sent with the contact form. It is stored first; a task then chooses who
    answers it (:meth:`route`) and sends it to them, and acknowledges it to the sender."""

    class Topic(models.TextChoices):
        GENERAL = "general", _("A general question")
        TRAINER_NEAR_ME = "trainer_near_me", _("Connect me with a trainer near me")
        ONLINE_CLASS = "online_class", _("The next online class")
        FINANCES = "finances", _("Fees and financial questions")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    topic = models.CharField(
        _("topic"), max_length=16, choices=Topic.choices, default=Topic.GENERAL
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"))
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=120, blank=True)
    message = models.TextField(_("message"), max_length=5000)
    training = models.ForeignKey(
        "trainings.Training",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_messages",
        verbose_name=_("training"),
        help_text=_("The training whose page the sender came from, if any."),
    )
    track = models.ForeignKey(
        "trainings.Track",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_messages",
        verbose_name=_("track"),
        help_text=_("The track whose page (or training) the sender came from, if any."),
    )
    privacy_consent_at = models.DateTimeField(_("privacy notice accepted"))
    privacy_notice_version = models.CharField(_("privacy notice version"), max_length=20)
    language = models.CharField(
        _("language"),
        max_length=7,
        help_text=_("The language the sender used; the acknowledgement is written in it."),
    )
    ip = models.GenericIPAddressField(
        _("sender's IP address"),
        null=True,
        blank=True,
        help_text=_("Where the message was sent from, for looking into abuse of the form."),
    )

    # Staff
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        limit_choices_to={"is_staff": True},
        related_name="assigned_contact_messages",
        verbose_name=_("assigned to"),
        help_text=_("The staff member who takes care of the answer."),
    )
    routed_to = ArrayField(
        models.EmailField(),
        verbose_name=_("sent to"),
        default=list,
        blank=True,
        help_text=_("The addresses the portal sent the message to."),
    )
    routed_at = models.DateTimeField(_("sent on"), null=True, blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    objects = ContactMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")
        # The values of Topic and Status, which a nested Meta cannot name.
        constraints = [
            models.CheckConstraint(
                condition=Q(topic__in=["general", "trainer_near_me", "online_class", "finances"]),
                name="contactmessage_topic_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["new", "answered", "closed"]),
                name="contactmessage_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="answered") | Q(answered_at__isnull=False),
                name="contactmessage_answered_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="contactmessage_inbox"),
        ]

    def __str__(self):
        return _("%(name)s: %(topic)s") % {"name": self.name, "topic": self.get_topic_display()}

    def save(self, *args, **kwargs):
        if self.status == self.Status.ANSWERED and self.answered_at is None:
            self.answered_at = timezone.now()
        super().save(*args, **kwargs)

    def route(self):
        """Who answers this message (a :class:`Route`). "Connect me with a trainer near me"
        goes to the coordinator of the sender's country; without one, to the listed trainers
        of that country who have an e-mail address; without them, to the institute
        (``INSTITUTE_EMAIL``). Every other topic goes to the institute."""
        near_me = self.topic == self.Topic.TRAINER_NEAR_ME
        country_name = str(self.country.name)
        if near_me:
            coordinator = Coordinator.objects.filter(country=self.country).first()
            if coordinator:
                return Route(
                    Route.COORDINATOR,
                    [coordinator.email],
                    country_name=country_name,
                    coordinator_name=coordinator.name,
                )
            addresses = (
                Trainer.objects.listed()
                .filter(country=self.country)
                .exclude(email="")
                .order_by("name")
                .values_list("email", flat=True)
            )
            # One mail per person, however often an address is listed.
            trainers = list({address.lower(): address for address in addresses}.values())
            if trainers:
                return Route(Route.TRAINERS, trainers, country_name=country_name)
        return Route(
            Route.INSTITUTE,
            [settings.INSTITUTE_EMAIL],
            country_name=country_name,
            for_trainer=near_me,
        )
