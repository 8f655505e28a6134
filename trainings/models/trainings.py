import dataclasses
import datetime
import zoneinfo
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import ASin, Coalesce, Cos, Power, Radians, Sin, Sqrt
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from imago_site.translated import TranslatedField, column, columns
from trainings.models.choices import (
    CURRENCY_CHOICES,
    LANGUAGE_CHOICES,
    TIME_ZONE_CHOICES,
    Format,
)
from trainings.models.fees import Cost, Instalment, RefundRule, payment_schedule
from trainings.models.tracks import Track
from trainings.models.trainers import Trainer

EARTH_RADIUS_KM = 6371.0
# At most this many free seats shows "few seats left".
FEW_SEATS = 3
# Without a day of its own, the balance of the fee is due this many days before the start.
BALANCE_DAYS_BEFORE_START = 30
# The costs on top of the tuition that everyone pays on the way to certification; travel,
# lodging and meals depend on where each trainee lives.
PATHWAY_COST_KINDS = [Cost.Kind.SUPERVISION, Cost.Kind.CERTIFICATION]


@dataclasses.dataclass(frozen=True)
class Tuition:
    """The tuition of an application received on a given day: its ``amount`` in
    ``currency``, and, when that is the early-bird price, the last day it applies to
    (``early_bird_until``) and the full fee after it (``later_amount``)."""

    amount: Decimal
    currency: str
    early_bird_until: datetime.date | None = None
    later_amount: Decimal | None = None

    @property
    def is_early_bird(self):
        return self.early_bird_until is not None


class Availability(models.TextChoices):
    NOT_YET = "not_yet", _("Not open yet")
    OPEN = "open", _("Open")
    FEW_SEATS = "few_seats", _("Few seats left")
    WAITING_LIST = "waiting_list", _("Waiting list")
    CLOSED = "closed", _("Closed")


class TrainingQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Training.Status.PUBLISHED)

    def public(self):
        """Trainings a visitor may open: published ones, and cancelled ones that were."""
        return self.exclude(status=Training.Status.DRAFT)

    def other_open_cohorts(self, training):
        """Cohorts of ``training``'s track that take applications now, soonest first."""
        return (
            self.open_for_applications()
            .filter(track_id=training.track_id)
            .exclude(pk=training.pk)
            .for_listing()
        )

    def not_ended(self):
        """Trainings still to come or under way, and those whose dates are not set yet."""
        return self.filter(Q(ends_on__gte=timezone.localdate()) | Q(ends_on__isnull=True))

    def upcoming(self):
        return self.filter(starts_on__gte=timezone.localdate())

    def open_for_applications(self, today=None):
        today = today or timezone.localdate()
        return self.published().filter(applications_open__lte=today, applications_close__gte=today)

    def early_bird_ending(self, today, days):
        """Trainings taking applications ``today`` whose early-bird price ends within ``days``."""
        return self.open_for_applications(today).filter(
            early_bird_fee__isnull=False,
            early_bird_deadline__gte=today,
            early_bird_deadline__lte=today + datetime.timedelta(days=days),
        )

    def starting_in(self, year, month):
        return self.filter(starts_on__year=year, starts_on__month=month)

    def in_person(self):
        return self.exclude(format=Format.ONLINE)

    def online(self):
        return self.filter(format=Format.ONLINE)

    def with_seats_taken(self):
        """Annotate ``seats_taken``: applications that hold a seat, counted in the same query.

        A subquery per row rather than a join and GROUP BY: PostgreSQL then counts only the
        rows a page shows (through the training and status index), not every application of
        every matching training before the LIMIT. Which applications hold a seat is theirs to
        say (``holding_seats()``).
        """
        return self.annotate(seats_taken=self._applications_counted("holding_seats"))

    def with_waiting_list(self):
        """Annotate ``waiting``: applications on the waiting list, counted as
        ``with_seats_taken()`` counts seats, confirmed or not."""
        return self.annotate(waiting=self._applications_counted("waitlisted"))

    def _applications_counted(self, which):
        """A subquery counting each training's applications that the applications' queryset
        method ``which`` keeps. They are reached through the reverse relation, since this app
        does not import the one built on it."""
        applications = self.model._meta.get_field("applications").related_model
        matching = getattr(applications.objects.filter(training=OuterRef("pk")), which)()
        counted = matching.order_by().values("training").annotate(count=Count("pk"))
        return Coalesce(Subquery(counted.values("count")), 0)

    def with_certification_costs(self):
        """Annotate what certification costs on top of the tuition, from the costs listed as
        not included: ``supervision_on_top`` and ``certification_on_top``, the sums of their
        estimates, and ``unpriced_on_top``, how many of them give no estimate."""
        on_top = Q(costs__is_included=False)
        needed = on_top & Q(costs__kind__in=PATHWAY_COST_KINDS)
        return self.annotate(
            supervision_on_top=Coalesce(
                Sum("costs__estimate", filter=on_top & Q(costs__kind=Cost.Kind.SUPERVISION)),
                Decimal(0),
            ),
            certification_on_top=Coalesce(
                Sum("costs__estimate", filter=on_top & Q(costs__kind=Cost.Kind.CERTIFICATION)),
                Decimal(0),
            ),
            unpriced_on_top=Count("costs", filter=needed & Q(costs__estimate__isnull=True)),
        )

    def for_listing(self):
        """Everything a list row shows, in one query whatever the row count."""
        return self.select_related("track").with_seats_taken().order_by("starts_on", "title_en")

    def nearest_to(self, latitude, longitude, languages_first=()):
        """Trainings with a venue, annotated with ``distance_km`` (haversine) and nearest first;
        those taught in ``languages_first`` before the others when it names any."""
        lat, lon = Radians(F("latitude")), Radians(F("longitude"))
        here_lat, here_lon = Radians(latitude), Radians(longitude)
        half_chord = Power(Sin((lat - here_lat) / 2), 2) + Cos(here_lat) * Cos(lat) * Power(
            Sin((lon - here_lon) / 2), 2
        )
        return (
            self.filter(latitude__isnull=False, longitude__isnull=False)
            .annotate(distance_km=2 * EARTH_RADIUS_KM * ASin(Sqrt(half_chord)))
            .order_by(
                *([in_languages(languages_first).desc()] if languages_first else []),
                "distance_km",
                "starts_on",
            )
        )


def in_languages(codes):
    """Whether a training is taught in one of ``codes``, as an expression to order by."""
    return ExpressionWrapper(Q(language__in=codes), output_field=BooleanField())


class Training(models.Model):
    """One cohort of a track: where, when, in which language, for how much, with whom."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    track = models.ForeignKey(
        Track,
        on_delete=models.PROTECT,
        related_name="trainings",
        verbose_name=_("track"),
        help_text=_(
            "Decides who may apply (the eligibility check) and the documents asked; its page "
            "describes the programme."
        ),
    )
    title = TranslatedField(
        models.CharField(
            _("title"),
            max_length=200,
            help_text=_("The heading of the training's page and of its card in the catalogue."),
        )
    )
    slug = models.SlugField(
        _("slug"), max_length=200, unique=True, help_text=_("The training's address on the site.")
    )
    description = TranslatedField(
        models.TextField(
            _("description"), blank=True, help_text=_("What is special about this cohort.")
        )
    )
    language = models.CharField(
        _("language of instruction"),
        max_length=7,
        choices=LANGUAGE_CHOICES,
        help_text=_(
            "Shown on the card and the page; visitors who follow it see the training first, and "
            "the interest list's subscribers in it hear when it is published."
        ),
    )
    format = models.CharField(
        _("format"),
        max_length=12,
        choices=Format.choices,
        help_text=_("Shown on the card; online trainings are offered to visitors anywhere."),
    )
    venue_name = models.CharField(
        _("venue"),
        max_length=200,
        blank=True,
        help_text=_("Shown on the training's page under Where, with the city and country."),
    )
    city = models.CharField(
        _("city"),
        max_length=120,
        blank=True,
        help_text=_("Shown on the card and the page; empty for an online training."),
    )
    country = CountryField(
        _("country"),
        blank=True,
        help_text=_("The catalogue's country filter and the interest list read it."),
    )
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        help_text=_("Of the venue, in decimal degrees; used to find trainings near a place."),
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        help_text=_("Of the venue, in decimal degrees, east positive; with the latitude."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        choices=TIME_ZONE_CHOICES,
        default="UTC",
        help_text=_("Module dates and times are given, and shown, in this zone."),
    )
    contact_hours = models.PositiveSmallIntegerField(
        _("contact hours"), help_text=_("Hours of teaching and supervised practice in all.")
    )
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    fee = models.DecimalField(
        _("tuition fee"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text=_("Shown on the card and on the page under Tuition, in the currency above."),
    )
    early_bird_fee = models.DecimalField(
        _("early-bird fee"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_(
            "Shown instead of the fee, with the deadline and the later fee, until the deadline."
        ),
    )
    early_bird_deadline = models.DateField(
        _("early-bird deadline"),
        null=True,
        blank=True,
        help_text=_("The early-bird fee applies to applications received until this day."),
    )
    payment_plan = TranslatedField(
        models.TextField(
            _("notes on paying"),
            blank=True,
            help_text=_(
                "Anything about paying the instalments below do not say, e.g. whom to ask "
                "about another plan."
            ),
        )
    )
    deposit = models.DecimalField(
        _("deposit"),
        max_digits=10,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
        help_text=_(
            "Invoiced on acceptance, part of the fee. Zero: the whole fee follows the plan."
        ),
    )
    deposit_days = models.PositiveSmallIntegerField(
        _("days to pay the deposit"),
        default=14,
        help_text=_("After acceptance. Nothing else falls due before them."),
    )
    deposit_refundable = models.BooleanField(
        _("deposit refundable"),
        default=False,
        help_text=_("Unticked: the refund rules below give back nothing of the deposit."),
    )
    balance_due_on = models.DateField(
        _("balance due on"),
        null=True,
        blank=True,
        help_text=_(
            "What the deposit and the instalments leave of the fee is due on this day; empty: "
            "30 days before the first module."
        ),
    )
    capacity = models.PositiveIntegerField(
        _("seats"), help_text=_("Applications beyond this number join the waiting list.")
    )
    applications_open = models.DateField(
        _("applications open"),
        help_text=_("Before this day the page says “Opens on” the day and offers no form."),
    )
    applications_close = models.DateField(
        _("applications close"), help_text=_("At the latest the day the first module starts.")
    )
    refund_policy = TranslatedField(
        models.TextField(
            _("refund and transfer policy"),
            help_text=_(
                "What happens to the fee if the trainee cancels or moves to another cohort."
            ),
        )
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=_("Only published trainings are shown to the public."),
    )
    trainers = models.ManyToManyField(
        Trainer,
        related_name="trainings",
        blank=True,
        verbose_name=_("trainers"),
        help_text=_(
            "Shown on the training's page under Trainers, each linked to their page; they may "
            "take attendance and be asked to review applications."
        ),
    )
    # Kept by database triggers from the modules' dates, which also hold "applications close by
    # the first module" at commit time (see the migration add_module_dates).
    starts_on = models.DateField(_("starts"), null=True, editable=False)
    ends_on = models.DateField(_("ends"), null=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = TrainingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "title_en"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        indexes = [
            # The catalogue's filters offer the countries and languages of the listed
            # trainings: the index holds them, so PostgreSQL reads no table rows for them.
            models.Index(
                fields=["status", "starts_on"],
                include=["country", "language"],
                name="training_status_starts",
            )
        ]
        constraints = [
            models.CheckConstraint(condition=Q(fee__gte=0), name="training_fee_not_negative"),
            models.CheckConstraint(
                condition=Q(early_bird_fee__isnull=True)
                | Q(early_bird_fee__gte=0, early_bird_fee__lte=F("fee")),
                name="training_early_bird_fee_within_fee",
            ),
            models.CheckConstraint(
                condition=Q(early_bird_fee__isnull=True, early_bird_deadline__isnull=True)
                | Q(early_bird_fee__isnull=False, early_bird_deadline__isnull=False),
                name="training_early_bird_fee_and_deadline_together",
            ),
            models.CheckConstraint(
                condition=Q(deposit__gte=0, deposit__lte=F("fee"))
                & (Q(early_bird_fee__isnull=True) | Q(deposit__lte=F("early_bird_fee"))),
                name="training_deposit_within_fee",
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=0), name="training_capacity_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(applications_close__gte=F("applications_open")),
                name="training_applications_close_after_open",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__range=(-90, 90), longitude__range=(-180, 180)),
                name="training_coordinates_valid",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("trainings:detail", kwargs={"slug": self.slug})

    def clean(self):
        """The table's constraints in words. Whether applications close by the first module
        depends on the modules too, so the admin's module formset checks that one."""
        errors = {}
        if (
            self.early_bird_fee is not None
            and self.fee is not None
            and not 0 <= self.early_bird_fee <= self.fee
        ):
            errors["early_bird_fee"] = _(
                "The early-bird fee must be between zero and the full fee."
            )
        lowest = min(
            (price for price in (self.fee, self.early_bird_fee) if price is not None),
            default=None,
        )
        # A negative fee has its own error; the deposit is not compared with it.
        if self.deposit is not None and lowest is not None and 0 <= lowest < self.deposit:
            errors["deposit"] = _("The deposit cannot be more than the fee.")
        if (self.early_bird_fee is None) != (self.early_bird_deadline is None):
            errors["early_bird_deadline"] = _(
                "Give both the early-bird fee and its deadline, or neither."
            )
        if (
            self.applications_open
            and self.applications_close
            and self.applications_close < self.applications_open
        ):
            errors["applications_close"] = _("Applications cannot close before they open.")
        if self.format != Format.ONLINE and not (self.city and self.country):
            errors["city"] = _("A training that meets in person needs a city and a country.")
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("Give both coordinates of the venue, or neither.")
        if errors:
            raise ValidationError(errors)

    def duplicate_as_new_cohort(self, shift=datetime.timedelta(weeks=52)):
        """Copy this training as a draft ``shift`` later (52 weeks keeps the weekdays), with
        its modules, trainers, instalments, refund rules and costs, and its dates moved; staff
        review it before publishing."""
        with transaction.atomic():
            copy = Training.objects.get(pk=self.pk)
            copy.pk = None
            copy._state.adding = True
            for code, _name in settings.LANGUAGES:
                if title := getattr(self, column("title", code)):
                    with translation.override(code):
                        new_title = _("%(title)s (new cohort)") % {"title": title}
                    setattr(copy, column("title", code), new_title)
            copy.slug = self._free_slug(f"{self.slug[:190]}-next")
            copy.status = self.Status.DRAFT
            copy.applications_open += shift
            copy.applications_close += shift
            if copy.early_bird_deadline:
                copy.early_bird_deadline += shift
            if copy.balance_due_on:
                copy.balance_due_on += shift
            copy.save()
            copy.trainers.set(self.trainers.all())
            Module.objects.bulk_create(
                Module(
                    training=copy,
                    number=module.number,
                    **{name: getattr(module, name) for name in columns("title")},
                    format=module.format,
                    venue_name=module.venue_name,
                    city=module.city,
                    country=module.country,
                    start_date=module.start_date + shift,
                    end_date=module.end_date + shift,
                    daily_start=module.daily_start,
                    daily_end=module.daily_end,
                )
                for module in self.modules.all()
            )
            Instalment.objects.bulk_create(
                Instalment(training=copy, due_on=due.due_on + shift, amount=due.amount)
                for due in self.instalments.all()
            )
            RefundRule.objects.bulk_create(
                RefundRule(training=copy, until=rule.until + shift, percent=rule.percent)
                for rule in self.refund_rules.all()
            )
            Cost.objects.bulk_create(
                Cost(
                    training=copy,
                    kind=cost.kind,
                    is_included=cost.is_included,
                    **{name: getattr(cost, name) for name in columns("description")},
                    estimate=cost.estimate,
                    position=cost.position,
                )
                for cost in self.costs.all()
            )
            copy.refresh_from_db(fields=["starts_on", "ends_on"])
        return copy

    @staticmethod
    def _free_slug(base):
        slug, number = base, 1
        while Training.objects.filter(slug=slug).exists():
            number += 1
            slug = f"{base}-{number}"
        return slug

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    def today(self):
        """Today's date where the training happens: its deadlines are local days."""
        return timezone.now().astimezone(self.zone).date()

    def has_started(self):
        """Whether its first module has begun (a local day)."""
        return self.starts_on is not None and self.starts_on <= self.today()

    @property
    def is_online(self):
        return self.format == Format.ONLINE

    @property
    def is_open(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.applications_open <= self.today() <= self.applications_close
        )

    @property
    def closed_reason(self):
        """Why applications are not taken now, in words for the public; None when open."""
        if self.status == self.Status.CANCELLED:
            return _("This training has been cancelled.")
        if self.status != self.Status.PUBLISHED:
            return _("This training is not open for applications.")
        today = self.today()
        if today < self.applications_open:
            return _("Applications open on %(date)s.") % {
                "date": date_format(self.applications_open, "DATE_FORMAT")
            }
        if today > self.applications_close:
            return _("Applications closed on %(date)s.") % {
                "date": date_format(self.applications_close, "DATE_FORMAT")
            }
        return None

    @property
    def seats_left(self):
        """Free seats; needs the ``seats_taken`` annotation (``with_seats_taken()``)."""
        return max(self.capacity - self.seats_taken, 0)

    @property
    def availability(self):
        if self.status == self.Status.PUBLISHED and self.today() < self.applications_open:
            return Availability.NOT_YET
        if not self.is_open:
            return Availability.CLOSED
        if self.seats_left == 0:
            return Availability.WAITING_LIST
        if self.seats_left <= FEW_SEATS:
            return Availability.FEW_SEATS
        return Availability.OPEN

    @property
    def has_early_bird(self):
        """Whether the early-bird fee applies to an application made today."""
        return bool(self.early_bird_deadline and self.today() <= self.early_bird_deadline)

    @property
    def current_fee(self):
        return self.early_bird_fee if self.has_early_bird else self.fee

    def price_for(self, day):
        """The tuition of an application received on ``day`` (a local date)."""
        if self.early_bird_deadline and day <= self.early_bird_deadline:
            return self.early_bird_fee
        return self.fee

    def tuition(self, day=None):
        """The tuition of an application received on ``day`` (a local date; by default today
        where the training happens), with what the pages say beside it: until the early-bird
        deadline, that it is the early-bird price, until when, and the fee after it."""
        day = day or self.today()
        amount = self.price_for(day)
        if amount == self.fee:
            return Tuition(amount, self.currency)
        return Tuition(amount, self.currency, self.early_bird_deadline, self.fee)

    def local_day(self, moment):
        """The day ``moment`` (an aware datetime) falls on where the training happens."""
        return moment.astimezone(self.zone).date()

    @property
    def lowest_price(self):
        """The least a trainee can pay: the early-bird fee, if there is one."""
        return min(price for price in (self.fee, self.early_bird_fee) if price is not None)

    def payment_schedule_today(self):
        """What a trainee accepted today pays, and when, at the price that applies today:
        the plan the training's page shows (``fees.payment_schedule``)."""
        today = self.today()
        return payment_schedule(self, self.price_for(today), today)

    def included_costs(self):
        return [cost for cost in self.costs.all() if cost.is_included]

    def costs_on_top(self):
        return [cost for cost in self.costs.all() if not cost.is_included]

    @property
    def balance_due_date(self):
        """When the rest of the fee is due: ``balance_due_on``, or 30 days before the first
        module (or the applications' close, while no module is set)."""
        if self.balance_due_on:
            return self.balance_due_on
        start = self.starts_on or self.applications_close
        return start - datetime.timedelta(days=BALANCE_DAYS_BEFORE_START)

    @property
    def place(self):
        if self.is_online:
            return _("Online")
        return ", ".join(part for part in (self.city, self.country.name) if part)


class Module(models.Model):
    """A block of teaching days of a training, online or at a place of its own."""

    training = models.ForeignKey(
        Training, on_delete=models.CASCADE, related_name="modules", verbose_name=_("training")
    )
    number = models.PositiveSmallIntegerField(
        _("number"), help_text=_("The modules are listed on the training's page in this order.")
    )
    title = TranslatedField(
        models.CharField(
            _("title"),
            max_length=200,
            blank=True,
            help_text=_(
                "Shown on the training's page under Modules, after “Module” and its number."
            ),
        )
    )
    format = models.CharField(
        _("format"),
        max_length=12,
        choices=Format.choices,
        default=Format.IN_PERSON,
        help_text=_("A module may differ from its training: an online module of an in-person one."),
    )
    venue_name = models.CharField(
        _("venue"), max_length=200, blank=True, help_text=_("Empty: the training's venue.")
    )
    city = models.CharField(
        _("city"), max_length=120, blank=True, help_text=_("Empty: the training's city.")
    )
    country = CountryField(_("country"), blank=True, help_text=_("Empty: the training's country."))
    start_date = models.DateField(
        _("first day"),
        help_text=_("Shown under Modules; the first module's first day is the training's start."),
    )
    end_date = models.DateField(
        _("last day"), help_text=_("Shown under Modules and in the training's calendar file.")
    )
    daily_start = models.TimeField(
        _("daily start"), null=True, blank=True, help_text=_("Local time in the training's zone.")
    )
    daily_end = models.TimeField(
        _("daily end"), null=True, blank=True, help_text=_("Local time in the training's zone.")
    )
    contact_hours = models.DecimalField(
        _("contact hours"),
        max_digits=5,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0)],
        help_text=_(
            "Hours of teaching in this module. A trainee present throughout is credited them; "
            "one present in part, the hours taken down."
        ),
    )
    credited_by_track = models.ForeignKey(
        Track,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("credited for"),
        help_text=_(
            "A trainee who completed a training of this track (the online first module, say) "
            "is credited this module, and its hours, without attending it."
        ),
    )
    is_required = models.BooleanField(
        _("required for the certificate"),
        default=True,
        help_text=_("A trainee must attend it (present, or in part) to complete the training."),
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        constraints = [
            models.UniqueConstraint(
                fields=["training", "number"], name="module_number_unique_in_training"
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="module_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(daily_start__isnull=True)
                | Q(daily_end__isnull=True)
                | Q(daily_end__gt=F("daily_start")),
                name="module_daily_end_after_start",
            ),
        ]

    def __str__(self):
        if self.title:
            return _("Module %(number)s: %(title)s") % {"number": self.number, "title": self.title}
        return _("Module %(number)s") % {"number": self.number}

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The last day cannot be before the first day.")
        if self.daily_start and self.daily_end and self.daily_end <= self.daily_start:
            errors["daily_end"] = _("The day must end after it starts.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_online(self):
        return self.format == Format.ONLINE

    @property
    def days(self):
        return (self.end_date - self.start_date).days + 1

    def _local(self, day, time):
        return datetime.datetime.combine(day, time, tzinfo=self.training.zone)

    @property
    def first_session(self):
        """(start, end) of the first day as aware datetimes, or None without daily times."""
        if not (self.daily_start and self.daily_end):
            return None
        return (
            self._local(self.start_date, self.daily_start),
            self._local(self.start_date, self.daily_end),
        )

    @property
    def place(self):
        if self.is_online:
            return _("Online")
        if self.city:
            return ", ".join(part for part in (self.city, self.country.name) if part)
        return self.training.place
