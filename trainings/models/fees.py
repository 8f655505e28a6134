"""A training's price structure as data: the instalments after the deposit, the refund
policy's rules, and what the fee includes or leaves to pay on top.

The tuition, the early-bird price and its deadline, the deposit and the currency are fields of
the training itself; :func:`payment_schedule` turns them and the instalments into the dated
amounts a trainee is invoiced, and :func:`refund_percent` reads the refund rules for a day.
"""

import dataclasses
import datetime
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from imago_site.translated import TranslatedField

CENT = Decimal("0.01")


class Instalment(models.Model):
    """One payment of a training's plan after the deposit, with its amount and due day. What
    the deposit and the instalments leave of the price is billed as the balance."""

    training = models.ForeignKey(
        "trainings.Training",
        on_delete=models.CASCADE,
        related_name="instalments",
        verbose_name=_("training"),
    )
    due_on = models.DateField(_("due on"))
    amount = models.DecimalField(
        _("amount"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(CENT)],
        help_text=_("In the training's currency."),
    )

    class Meta:
        ordering = ["due_on"]
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        constraints = [
            models.UniqueConstraint(fields=["training", "due_on"], name="instalment_one_per_day"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="instalment_amount_positive"),
        ]

    def __str__(self):
        return f"{self.training.currency} {self.amount} ({self.due_on})"


class RefundRule(models.Model):
    """ "Withdrawn until this day: this share of what was invoiced is given back." A training's
    rules are read from the earliest day on; after the last one nothing is given back."""

    training = models.ForeignKey(
        "trainings.Training",
        on_delete=models.CASCADE,
        related_name="refund_rules",
        verbose_name=_("training"),
    )
    until = models.DateField(
        _("withdrawn until"), help_text=_("The last day, in the training's time zone.")
    )
    percent = models.DecimalField(
        _("refund (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("The share of the tuition invoiced that is credited and paid back."),
    )

    class Meta:
        ordering = ["until"]
        verbose_name = _("refund rule")
        verbose_name_plural = _("refund rules")
        constraints = [
            models.UniqueConstraint(fields=["training", "until"], name="refund_rule_one_per_day"),
            models.CheckConstraint(
                condition=Q(percent__gte=0, percent__lte=100), name="refund_rule_percent_range"
            ),
        ]

    def __str__(self):
        return f"{self.percent}% ({self.until})"


class Cost(models.Model):
    """Something a trainee pays for, or needs, besides the tuition: included in the fee or to
    pay on top (supervision, travel, lodging), with an estimate where one can be given."""

    class Kind(models.TextChoices):
        SUPERVISION = "supervision", _("Supervision")
        TRAVEL = "travel", _("Travel")
        LODGING = "lodging", _("Lodging")
        MEALS = "meals", _("Meals")
        MATERIALS = "materials", _("Materials")
        CERTIFICATION = "certification", _("Certification")
        OTHER = "other", _("Other")

    training = models.ForeignKey(
        "trainings.Training",
        on_delete=models.CASCADE,
        related_name="costs",
        verbose_name=_("training"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    is_included = models.BooleanField(
        _("included in the fee"), default=False, help_text=_("Unticked: paid on top.")
    )
    description = TranslatedField(
        models.CharField(
            _("description"),
            max_length=200,
            help_text=_("E.g. “Ten group supervision sessions” or “Lunch on teaching days”."),
        )
    )
    estimate = models.DecimalField(
        _("estimate"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("For a cost on top: about how much, in the training's currency."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["-is_included", "position", "pk"]
        verbose_name = _("cost")
        verbose_name_plural = _("included and extra costs")
        constraints = [
            models.CheckConstraint(
                condition=Q(estimate__isnull=True) | Q(estimate__gte=0),
                name="cost_estimate_not_negative",
            ),
        ]

    def __str__(self):
        return self.description


@dataclasses.dataclass(frozen=True)
class Due:
    """One amount of a payment schedule."""

    purpose: str  # "deposit", "instalment" or "balance"
    number: int  # the instalment's number (1, 2, ...); 0 for the deposit and the balance
    amount: Decimal
    due_on: datetime.date


def payment_schedule(training, price, accepted_on):
    """The amounts a trainee accepted on ``accepted_on`` pays for ``training`` at ``price``:
    the deposit, the plan's instalments, and the balance of the price, in order of due day.

    Nothing is due before the deposit's time to pay is over (``deposit_days`` after the
    acceptance); an instalment never takes more than what is left of the price, and the
    balance is due on ``balance_due_on`` (or ``BALANCE_DAYS_BEFORE_START`` before the first
    module).
    """
    earliest = accepted_on + datetime.timedelta(days=training.deposit_days)
    left = price
    schedule = []
    deposit = min(training.deposit, left)
    if deposit > 0:
        schedule.append(Due("deposit", 0, deposit, earliest))
        left -= deposit
    for number, instalment in enumerate(training.instalments.all(), start=1):
        if left <= 0:
            break
        amount = min(instalment.amount, left)
        schedule.append(Due("instalment", number, amount, max(instalment.due_on, earliest)))
        left -= amount
    if left > 0:
        schedule.append(Due("balance", 0, left, max(training.balance_due_date, earliest)))
    return schedule


def refund_percent(training, day):
    """The share (0 to 100) of what was invoiced that is given back when withdrawing on
    ``day``: the first rule whose last day is not before it; 0 after the last rule."""
    for rule in training.refund_rules.all():
        if day <= rule.until:
            return rule.percent
    return Decimal(0)
