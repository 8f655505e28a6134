"""Interest lists: "tell me when there is a training near me".

A visitor subscribes with what they are looking for; a confirmation e-mail (double opt-in) makes
the subscription count. When staff publish a training, :func:`record_announcements` decides
which confirmed subscriptions hear about it, and ``trainings.interest.tasks`` sends the e-mails.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Exists, OuterRef, Q, Value
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from imago_site.tokens import new_token
from trainings.models.choices import Format, LanguagesField, language_name
from trainings.models.tracks import Track
from trainings.models.trainings import Training


def confirmation_cutoff():
    """Subscriptions asked for before this moment and never confirmed cannot be confirmed."""
    return timezone.now() - datetime.timedelta(days=settings.INTEREST_CONFIRM_DAYS)


class InterestSubscriptionQuerySet(models.QuerySet):
    def confirmable(self):
        """The subscriptions whose confirmation link works: confirmed ones (the link then
        says so), and those asked for within ``INTEREST_CONFIRM_DAYS``."""
        return self.filter(Q(confirmed_at__isnull=False) | Q(created_at__gte=confirmation_cutoff()))

    def confirmation_expired(self):
        """Never confirmed within ``INTEREST_CONFIRM_DAYS``: nobody receives anything for
        them, and the daily erasure of expired personal data deletes them."""
        return self.filter(confirmed_at__isnull=True, created_at__lt=confirmation_cutoff())

    def unsubscription_expired(self):
        """Unsubscribed ``RETENTION_UNSUBSCRIBED_DAYS`` ago or longer: they are deleted."""
        cutoff = timezone.now() - datetime.timedelta(days=settings.RETENTION_UNSUBSCRIBED_DAYS)
        return self.filter(unsubscribed_at__lt=cutoff)

    def active(self):
        """Not unsubscribed (confirmed or still waiting for confirmation)."""
        return self.filter(unsubscribed_at__isnull=True)

    def confirmed(self):
        """Active and confirmed: the subscriptions that receive announcements."""
        return self.active().filter(confirmed_at__isnull=False)

    def demand(self):
        """The confirmed subscriptions counted per country and track: ``subscribers``, and
        ``also_online``, those of them who would take an online training too. Country "" is
        those who want online trainings only, track None those who chose no track."""
        return (
            self.confirmed()
            .values("country", "track")
            .annotate(subscribers=Count("pk"), also_online=Count("pk", filter=Q(wants_online=True)))
        )

    def matching(self, training):
        """The confirmed subscriptions that ``training`` answers: its country (or, for an
        online training, every subscription that wants online trainings too), its track or
        any track, one of the languages it names or any language."""
        place = Q(pk__in=[])
        if training.country:
            place |= Q(country=training.country)
        if training.format == Format.ONLINE:
            place |= Q(wants_online=True)
        return self.confirmed().filter(
            place,
            Q(track__isnull=True) | Q(track=training.track_id),
            Q(languages=[]) | Q(languages__contains=[training.language]),
        )


class InterestSubscription(models.Model):
    """An address that wants to hear when a training it is looking for is published."""

    email = models.EmailField(_("e-mail"))
    country = CountryField(
        _("country"),
        blank=True,
        help_text=_("Empty only for someone who wants online trainings and nothing else."),
    )
    city = models.CharField(
        _("city"),
        max_length=120,
        blank=True,
        help_text=_("Where they would like to train; shows staff where demand is."),
    )
    track = models.ForeignKey(
        Track,
        # Interest in a track that no longer exists can never be met.
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="interest_subscriptions",
        verbose_name=_("track"),
        help_text=_("Empty: any track."),
    )
    languages = LanguagesField(
        verbose_name=_("languages of instruction"),
        blank=True,
        default=list,
        help_text=_("The languages they can follow a training in. Empty: any language."),
    )
    wants_online = models.BooleanField(
        _("also online trainings"),
        default=False,
        help_text=_("Also announce online trainings, wherever they are run from."),
    )
    interface_language = models.CharField(
        _("language of our e-mails"),
        max_length=7,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The site's language when they subscribed; e-mails are written in it."),
    )
    token = models.CharField(
        _("link token"), max_length=64, unique=True, default=new_token, editable=False
    )
    confirmed_at = models.DateTimeField(
        _("confirmed"),
        null=True,
        blank=True,
        help_text=_("Only confirmed subscriptions receive announcements."),
    )
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    created_at = models.DateTimeField(_("subscribed"), auto_now_add=True)

    objects = InterestSubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("interest subscription")
        verbose_name_plural = _("interest subscriptions")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "country",
                "track",
                "languages",
                condition=Q(unsubscribed_at__isnull=True),
                # "Any track" (NULL) is one choice, not a different one for every row.
                nulls_distinct=False,
                name="interest_one_active_per_choice",
            ),
            models.CheckConstraint(
                condition=~Q(country="") | Q(wants_online=True),
                name="interest_country_unless_online",
            ),
        ]

    def __str__(self):
        return self.email

    def get_confirm_url(self):
        return reverse("trainings:interest_confirm", kwargs={"token": self.token})

    def get_unsubscribe_url(self):
        return reverse("trainings:interest_unsubscribe", kwargs={"token": self.token})

    @property
    def is_active(self):
        return self.unsubscribed_at is None

    @property
    def is_confirmed(self):
        return self.is_active and self.confirmed_at is not None

    @property
    def choices(self):
        """What the subscriber asked for, as (label, value) pairs to show them."""
        if self.country:
            place = self.country.name
            if self.city:
                place = _("%(city)s, %(country)s") % {"city": self.city, "country": place}
        else:
            place = _("Online trainings only")
        return [
            (_("Where"), place),
            (_("Track"), self.track.name if self.track_id else _("Any track")),
            (
                _("Languages of instruction"),
                ", ".join(sorted(str(language_name(code)) for code in self.languages))
                or _("Any language"),
            ),
            (_("Online trainings too"), _("yes") if self.wants_online else _("no")),
        ]

    def confirm(self):
        """Confirm an active subscription; confirming twice keeps the first date."""
        if self.is_active and self.confirmed_at is None:
            self.confirmed_at = timezone.now()
            self.save(update_fields=["confirmed_at"])

    def unsubscribe(self):
        """End the subscription; it receives nothing more. Subscribing again makes a new one."""
        if self.is_active:
            self.unsubscribed_at = timezone.now()
            self.save(update_fields=["unsubscribed_at"])


def subscribe(*, email, country, city, track, languages, wants_online, interface_language):
    """The active subscription of ``email`` for these choices, new or the one that exists.

    One address has one active subscription per country, track and set of languages (the
    database holds it). Asking again returns the existing one, so the caller re-sends its
    confirmation rather than creating a second. While it waits for confirmation the latest
    request's city, online wish and site language apply, and its date, from which the
    confirmation link's ``INTEREST_CONFIRM_DAYS`` count again; a confirmed subscription is left
    as its owner confirmed it, since whoever asks again may not be its owner.
    """
    # The database lowers the address, as the constraint does; the languages are kept sorted,
    # so one set is one value.
    languages = sorted(set(languages))
    same_choices = (
        InterestSubscription.objects.active()
        .alias(lowered_email=Lower("email"))
        .filter(
            lowered_email=Lower(Value(email)), country=country, track=track, languages=languages
        )
        .select_for_update()
    )
    pending = {"city": city, "wants_online": wants_online, "interface_language": interface_language}
    with transaction.atomic():
        existing = same_choices.first()
        if existing is None:
            try:
                with transaction.atomic():
                    return InterestSubscription.objects.create(
                        email=email,
                        country=country,
                        track=track,
                        languages=languages,
                        **pending,
                    )
            except IntegrityError:
                # The same request twice at once: the other one created it; take that one.
                existing = same_choices.first()
                if existing is None:
                    raise
        if existing.confirmed_at is None:
            for name, value in {**pending, "created_at": timezone.now()}.items():
                setattr(existing, name, value)
            existing.save(update_fields=[*pending, "created_at"])
        return existing


class InterestNotification(models.Model):
    """That a subscription was told of a training: announced when it was published, or
    reminded that its early-bird price ends soon. Created when deciding to send, and unique per
    subscription, training and kind, so nobody hears the same of one training twice."""

    class Kind(models.TextChoices):
        ANNOUNCED = "announced", _("Announced")
        EARLY_BIRD = "early_bird", _("Early-bird price ending")

    subscription = models.ForeignKey(
        InterestSubscription,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("subscription"),
    )
    training = models.ForeignKey(
        Training,
        on_delete=models.CASCADE,
        related_name="interest_notifications",
        verbose_name=_("training"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.ANNOUNCED)
    created_at = models.DateTimeField(_("decided"), auto_now_add=True)
    sent_at = models.DateTimeField(
        _("sent"),
        null=True,
        blank=True,
        help_text=_("Empty while the e-mail waits to be sent, or if it was no longer needed."),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "training", "kind"], name="interest_told_once"
            )
        ]

    def __str__(self):
        return f"{self.training} → {self.subscription}"


def record_announcements(training, kind=InterestNotification.Kind.ANNOUNCED):
    """Decide who hears about ``training`` (that it was published, or, with ``kind``
    EARLY_BIRD, that its early-bird price ends soon) and record it; returns the new
    notifications.

    The matching confirmed subscriptions that have not heard this of it get a notification
    row, created in this transaction: a later call, or one at the same time (the training's
    row is locked), finds the rows and records nothing again. The caller sends one e-mail per
    returned notification after the commit.
    """
    with transaction.atomic():
        Training.objects.select_for_update().filter(pk=training.pk).first()
        told = InterestNotification.objects.filter(
            training=training, subscription=OuterRef("pk"), kind=kind
        )
        subscriptions = InterestSubscription.objects.matching(training).exclude(Exists(told))
        return InterestNotification.objects.bulk_create(
            InterestNotification(subscription=subscription, training=training, kind=kind)
            for subscription in subscriptions.order_by("pk")
        )
