"""Applications and their timelines."""

import datetime

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import ExpressionWrapper, F, Q
from django.db.models.functions import Lower, Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from imago_site.tokens import new_token
from trainings.models import Training
from trainings.models.choices import CountryCodeField
from trainings.requirements import DegreeField, DegreeLevel


class HeardFrom(models.TextChoices):
    COLLEAGUE = "colleague", _("A colleague or friend")
    TRAINER = "trainer", _("An Imago trainer or therapist")
    WORKSHOP = "workshop", _("An Imago couples workshop")
    SEARCH = "search", _("A search engine")
    SOCIAL = "social", _("Social media")
    EVENT = "event", _("A conference or talk")
    OTHER = "other", _("Somewhere else")


class ApplicationQuerySet(models.QuerySet):
    def holding_seats(self):
        return self.filter(status__in=Application.SEAT_HOLDING)

    def same_address(self, email):
        """Applications of ``email`` that are neither withdrawn nor expired, compared lowercase
        as the unique constraint compares: its index finds them at once."""
        return (
            self.exclude(status__in=Application.MAY_APPLY_AGAIN)
            .alias(email_lower=Lower("email"))
            .filter(email_lower=email.lower())
        )

    def waitlisted(self):
        return self.filter(status=Application.Status.WAITLISTED).order_by("waitlisted_at", "pk")

    def confirmed(self):
        """Applications whose applicant confirmed the e-mail address (or staff did for them)."""
        return self.filter(confirmed_at__isnull=False)

    def awaiting_confirmation(self):
        """Open applications whose address is not confirmed yet: each expires at its
        ``confirm_by`` unless it is confirmed before."""
        return self.filter(confirmed_at__isnull=True, status__in=Application.EXPIRES_FROM)

    def confirmation_overdue(self):
        """Applications awaiting confirmation whose time to confirm is over: due to expire."""
        return self.awaiting_confirmation().filter(confirm_by__lte=timezone.now())

    def awaiting_decision(self):
        """Confirmed applications that are neither accepted nor declined, nor on the waiting
        list: the institute owes them an answer."""
        return self.confirmed().filter(
            status__in=[Application.Status.SUBMITTED, Application.Status.UNDER_REVIEW]
        )

    def with_answer_due(self):
        """Annotate ``answer_due``: when the answer promised by the track
        (``Track.answer_days``, from the confirmation) is due."""
        promised = ExpressionWrapper(
            F("training__track__answer_days") * datetime.timedelta(days=1),
            output_field=models.DurationField(),
        )
        return self.annotate(
            answer_due=ExpressionWrapper(
                F("confirmed_at") + promised, output_field=models.DateTimeField()
            )
        )


class Application(models.Model):
    """A person's application to one training, and where it stands.

    Change ``status`` only through the functions of ``applicants.workflow``: they lock the
    training, keep the waiting list in order and record every change.
    """

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        UNDER_REVIEW = "under_review", _("Under review")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WAITLISTED = "waitlisted", _("On the waiting list")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        EXPIRED = "expired", _("Expired")
        # Still waiting for a decision when its training ended (applicants.workflow).
        CLOSED = "closed", _("Closed")

    # The statuses that hold one of the training's seats; the catalogue's seat counts
    # (``TrainingQuerySet.with_seats_taken``) count them through ``holding_seats()``. An
    # application whose address is not confirmed yet holds its seat too, provisionally, until
    # it expires.
    SEAT_HOLDING = (Status.SUBMITTED, Status.UNDER_REVIEW, Status.ACCEPTED)
    OPEN = (Status.SUBMITTED, Status.UNDER_REVIEW, Status.WAITLISTED, Status.ACCEPTED)
    # An application in one of these statuses expires if its address is not confirmed in time
    # (accepting needs a confirmed address, so an accepted one never does).
    EXPIRES_FROM = (Status.SUBMITTED, Status.UNDER_REVIEW, Status.WAITLISTED)
    # After these the same address may apply to the same training again.
    MAY_APPLY_AGAIN = (Status.WITHDRAWN, Status.EXPIRED)
    # The applicant may add, replace and remove documents until the review starts.
    OPEN_FOR_DOCUMENTS = (Status.SUBMITTED, Status.WAITLISTED)

    training = models.ForeignKey(
        Training, on_delete=models.PROTECT, related_name="applications", verbose_name=_("training")
    )
    token = models.CharField(
        _("status link token"), max_length=64, unique=True, default=new_token, editable=False
    )
    submission_key = models.UUIDField(
        _("submission key"),
        unique=True,
        null=True,
        editable=False,
        help_text=_("Sent with the form, so that a double click stores one application."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    waitlisted_at = models.DateTimeField(
        _("joined the waiting list"), null=True, blank=True, editable=False
    )
    # The link that confirms the address goes only to the address, by e-mail. The status link
    # is not enough: whoever sent the form may not own the address.
    confirmation_token = models.CharField(
        _("confirmation link token"), max_length=64, unique=True, default=new_token, editable=False
    )
    confirmed_at = models.DateTimeField(
        _("address confirmed"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "When the applicant confirmed their e-mail address from the link mailed to it, or "
            "staff confirmed it for them. Only a confirmed application can be accepted, or "
            "moved up from the waiting list."
        ),
    )
    confirm_by = models.DateTimeField(
        _("confirm the address by"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Unconfirmed by then, the application expires and its seat is given on."),
    )

    # Kept by ``applicants.reviews.reviewing`` in the transaction that assigns or sends a
    # review, so the admin's list sorts and filters by them as columns.
    reviews_assigned = models.PositiveSmallIntegerField(
        _("reviews asked"), default=0, editable=False
    )
    reviews_in = models.PositiveSmallIntegerField(_("reviews in"), default=0, editable=False)
    review_mean = models.DecimalField(
        _("mean score"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
        help_text=_("The mean of every score the reviews of this application gave."),
    )
    reminders_stopped_at = models.DateTimeField(
        _("reminders stopped"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The applicant asked for no more reminders (a link in each of them)."),
    )

    # The person
    name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    country = CountryCodeField(_("country"))
    city = models.CharField(_("city"), max_length=120)
    language = models.CharField(
        _("preferred language"),
        max_length=7,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("E-mails to the applicant are written in this language."),
    )
    profession = models.CharField(_("profession"), max_length=200)

    # Qualifications
    degree_level = models.CharField(_("highest degree"), max_length=12, choices=DegreeLevel.choices)
    degree_field = models.CharField(_("field"), max_length=24, choices=DegreeField.choices)
    degree_institution = models.CharField(_("institution"), max_length=200, blank=True)
    degree_year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    has_licence = models.BooleanField(_("licensed to practise psychotherapy"), default=False)
    licence_country = CountryCodeField(_("licence issued in"), blank=True)
    licence_body = models.CharField(_("issuing body"), max_length=200, blank=True)
    years_of_practice = models.PositiveSmallIntegerField(_("years of practice"), default=0)
    is_eligible = models.BooleanField(
        _("eligible"),
        default=False,
        help_text=_("The eligibility rule's verdict on the answers, for the applied track."),
    )
    eligibility_reasons = models.JSONField(_("eligibility reasons"), default=list, blank=True)

    # Motivation and needs
    motivation = models.TextField(_("motivation"))
    attended_workshop = models.BooleanField(_("attended an Imago couples workshop"), default=False)
    wants_financial_assistance = models.BooleanField(
        _("asks for financial assistance"), default=False
    )
    financial_note = models.TextField(
        _("financial assistance note"), blank=True, help_text=_("Seen only by staff.")
    )
    accessibility_needs = models.TextField(_("accessibility or accommodation needs"), blank=True)
    heard_from = models.CharField(
        _("heard of the training through"), max_length=12, choices=HeardFrom.choices, blank=True
    )

    # Consent, with the exact texts agreed to
    privacy_consent_at = models.DateTimeField(_("privacy notice accepted"))
    privacy_notice_version = models.CharField(_("privacy notice version"), max_length=20)
    policy_consent_at = models.DateTimeField(_("training policy accepted"))
    policy_text = models.TextField(
        _("training policy accepted"),
        help_text=_("The attendance, refund and transfer policy as the applicant saw it."),
    )

    # Staff only
    internal_notes = models.TextField(_("internal notes"), blank=True)
    decline_reason = models.TextField(
        _("reason for declining"), blank=True, help_text=_("Sent to the applicant.")
    )

    deletion_requested_at = models.DateTimeField(
        _("deletion requested"),
        null=True,
        blank=True,
        help_text=_("The applicant asked for their data to be deleted."),
    )
    erased_at = models.DateTimeField(
        _("personal data erased"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "The applicant's answers were erased (retention period over, or on request); the "
            "training, the dates and the outcome are kept."
        ),
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        # The values of Status, which a nested Meta cannot name (Python does not look into the
        # enclosing class from here).
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "training",
                condition=~Q(status__in=["withdrawn", "expired"]),
                name="application_one_per_email_and_training",
                violation_error_message=_("This e-mail address has already applied."),
            ),
            models.CheckConstraint(
                condition=Q(status="waitlisted", waitlisted_at__isnull=False)
                | ~Q(status="waitlisted"),
                name="application_waitlisted_has_time",
            ),
            # An application waiting for its address to be confirmed has a deadline; only
            # such an application expires; only a confirmed one is accepted.
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=False) | Q(confirm_by__isnull=False),
                name="application_unconfirmed_has_deadline",
            ),
            models.CheckConstraint(
                condition=~Q(status="expired") | Q(confirmed_at__isnull=True),
                name="application_expired_is_unconfirmed",
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(confirmed_at__isnull=False),
                name="application_accepted_is_confirmed",
            ),
        ]
        indexes = [
            models.Index(fields=["training", "status"], name="application_training_status"),
            # The admin's list, newest first (its order ends with the primary key), whole and
            # by status.
            models.Index(fields=["-created_at", "-id"], name="application_newest_first"),
            models.Index(fields=["status", "-created_at", "-id"], name="application_status_newest"),
            # The admin's search: "contains" on name and e-mail, case-insensitive.
            GinIndex(OpClass(Upper("name"), name="gin_trgm_ops"), name="application_name_trgm"),
            GinIndex(OpClass(Upper("email"), name="gin_trgm_ops"), name="application_email_trgm"),
            # The admin's country filter counts the applications of each country from it alone.
            models.Index(fields=["country"], name="application_country"),
            # The daily sweep for applications whose time to confirm is over (a small index:
            # confirmed applications are not in it).
            models.Index(
                fields=["confirm_by"],
                condition=Q(confirmed_at__isnull=True),
                name="application_to_confirm",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.training})"

    def get_absolute_url(self):
        return reverse("applicants:status", kwargs={"token": self.token})

    def get_confirm_url(self):
        return reverse("applicants:confirm", kwargs={"token": self.confirmation_token})

    def record_verdict(self, verdict):
        """Keep the eligibility rule's verdict (an ``applicants.eligibility.Verdict``) on the
        answers, for the applied track: its reasons are the sentences the applicant reads."""
        self.is_eligible = verdict.is_eligible
        self.eligibility_reasons = [str(reason) for reason in verdict.reasons]

    @property
    def is_open(self):
        return self.status in self.OPEN

    @property
    def may_withdraw(self):
        """Whether the applicant may withdraw it themselves: once the training has started,
        leaving it is settled with the staff."""
        return self.is_open and not self.training.has_started()

    @property
    def holds_seat(self):
        return self.status in self.SEAT_HOLDING

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    @property
    def awaits_confirmation(self):
        """Open, and the address still to be confirmed by ``confirm_by``."""
        return self.confirmed_at is None and self.status in self.EXPIRES_FROM

    def is_confirmation_overdue(self):
        return self.awaits_confirmation and self.confirm_by <= timezone.now()

    @property
    def is_open_for_documents(self):
        return self.status in self.OPEN_FOR_DOCUMENTS

    def missing_documents(self):
        """The documents the application's track requires that it has not sent (the hourly
        reminders find the applications lacking any with one query, in
        ``applicants.reminders.due.documents_due``)."""
        return (
            self.training.track.documents_asked()
            .filter(is_required=True)
            .exclude(documents__application=self)
        )

    @property
    def tuition(self):
        """The tuition this application pays: the early-bird price if it arrived by the
        deadline, the training's day."""
        return self.training.tuition(self.training.local_day(self.created_at))

    @property
    def waitlist_position(self):
        """1 for the first in line; None when not on the waiting list.

        Only those who confirmed their address count: a seat that frees goes to the first of
        them. Someone who has not confirmed yet keeps their place in the order and is told the
        position they have once they confirm."""
        if self.status != self.Status.WAITLISTED:
            return None
        ahead = Application.objects.filter(
            training_id=self.training_id,
            status=self.Status.WAITLISTED,
            confirmed_at__isnull=False,
        ).filter(
            Q(waitlisted_at__lt=self.waitlisted_at)
            | Q(waitlisted_at=self.waitlisted_at, pk__lt=self.pk)
        )
        return ahead.count() + 1


class Event(models.Model):
    """One thing that happened to an application: the timeline and the staff history.

    What the portal writes is stored as a ``code`` and put into words when shown, in the
    language of whoever reads it (the applicant's e-mail, a staff member's admin). What staff
    write themselves, such as the reason for a decline, is kept as typed in ``message``."""

    class Code(models.TextChoices):
        SEAT_HELD = (
            "seat_held",
            _("Application received; a seat is held for you while it is reviewed."),
        )
        FULL_ON_ARRIVAL = (
            "full_on_arrival",
            _("Application received; the training is full, so it joined the waiting list."),
        )
        UNDER_REVIEW = "under_review", _("Your application is being reviewed by the faculty.")
        ACCEPTED = "accepted", _("Congratulations: you have been accepted.")
        DECLINED = "declined", _("Your application was not accepted.")
        WAITLISTED = "waitlisted", _("Your application moved to the waiting list.")
        WITHDRAWN = "withdrawn", _("The application was withdrawn.")
        SEAT_AGAIN = "seat_again", _("Your application holds a seat again.")
        PROMOTED = "promoted", _("A seat became free: you moved up from the waiting list.")
        MOVED = "moved", _("Your application was moved to another training.")
        DELETION_REQUESTED = (
            "deletion_requested",
            _("You asked us to delete your data."),
        )
        CONFIRMED = "confirmed", _("The e-mail address was confirmed.")
        EXPIRED = (
            "expired",
            _("The e-mail address was not confirmed in time, so the application expired."),
        )
        CLOSED = (
            "closed",
            _("The training ended before a decision, so the application was closed."),
        )
        INVOICED = "invoiced", _("An invoice was issued; it is under “Fees and payments”.")
        CREDITED = "credited", _("A credit note was issued; it is under “Fees and payments”.")
        PAID = "paid", _("A payment was received. Thank you.")
        REVIEW_ASSIGNED = "review_assigned", _("Assigned for review.")
        REVIEWED = "reviewed", _("A review was sent.")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="events", verbose_name=_("application")
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("staff member"),
        help_text=_("Empty when the applicant or the portal did it."),
    )
    from_status = models.CharField(
        _("from"), max_length=12, choices=Application.Status.choices, blank=True
    )
    to_status = models.CharField(
        _("to"), max_length=12, choices=Application.Status.choices, blank=True
    )
    code = models.CharField(
        _("what happened"), max_length=20, choices=Code.choices, blank=True, editable=False
    )
    message = models.TextField(
        _("note"),
        blank=True,
        help_text=_("Written by staff, e.g. the reason for a decline; shown as typed."),
    )
    is_public = models.BooleanField(
        _("shown to the applicant"), default=True, help_text=_("Staff notes are not.")
    )

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self):
        return self.text

    @property
    def text(self):
        """What happened, in the active language; a staff member's own words as typed."""
        return self.message or self.get_code_display()
