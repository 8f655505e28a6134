"""A trainee's account with the institute, as the status page shows it: the invoices and
credit notes issued, what each still asks for, the amounts of the plan not invoiced yet, and
the refunds owed to them."""

import dataclasses
import datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch

from applicants.invoices import issuing
from applicants.invoices.models import ZERO, Payment, purpose_label


@dataclasses.dataclass
class Account:
    currency: str
    invoices: list  # invoices, annotated by with_status(), oldest first
    credit_notes: list
    upcoming: list  # Upcoming amounts of the plan, not invoiced yet
    refunds: list
    price: Decimal | None  # the tuition that applies, when the plan is followed

    @property
    def invoiced(self):
        return sum((i.total - i.credited for i in self.invoices), ZERO)

    @property
    def paid(self):
        return sum((i.paid for i in self.invoices), ZERO)

    @property
    def due_now(self):
        """What the invoices issued still ask for."""
        return sum((max(i.balance, ZERO) for i in self.invoices), ZERO)

    @property
    def to_come(self):
        return sum((due.amount for due in self.upcoming), ZERO)

    @property
    def to_pay_back(self):
        return sum((r.amount for r in self.refunds if r.paid_out_on is None), ZERO)


def account_of(application):
    """The account of ``application``, or None when nothing is billed or to be billed (it is
    not accepted, and no invoice was ever issued)."""
    invoices = list(
        application.invoices.with_status()
        .select_related("cancels")
        .prefetch_related(Prefetch("payments", queryset=Payment.objects.order_by("received_on")))
        .order_by("pk")
    )
    accepted = application.status == application.Status.ACCEPTED
    if not invoices and not accepted:
        return None
    upcoming = []
    price = None
    if accepted:
        price = application.tuition.amount
        invoiced = issuing.invoiced_amounts(application)
        lead = datetime.timedelta(days=settings.INVOICE_LEAD_DAYS)
        upcoming = [
            Upcoming(
                label=purpose_label(due.purpose, due.number),
                amount=due.amount,
                due_on=due.due_on,
                invoiced_on=max(due.due_on - lead, application.training.today()),
            )
            for due in issuing.schedule_of(application)
            if (due.purpose, due.number) not in invoiced
        ]
    return Account(
        currency=application.training.currency,
        invoices=[i for i in invoices if not i.is_credit_note],
        credit_notes=[i for i in invoices if i.is_credit_note],
        upcoming=upcoming,
        refunds=list(application.refunds.all()),
        price=price,
    )


@dataclasses.dataclass(frozen=True)
class Upcoming:
    """An amount of the plan not invoiced yet."""

    label: str
    amount: Decimal
    due_on: datetime.date
    invoiced_on: datetime.date
