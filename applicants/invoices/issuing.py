"""Issuing invoices and credit notes, and settling what a trainee owes when they leave.

Each function runs in one transaction that locks the application, so two runs at once never
issue the same invoice twice. A number is taken from the year's counter in that transaction
(:func:`next_number`): two invoices issued at the same moment get consecutive numbers, and a
transaction that fails gives its number back.

* :func:`issue_due_invoices`: what the training's plan asks of an accepted trainee by now.
  The deposit's invoice is issued as soon as the billing details are given; each later amount
  ``INVOICE_LEAD_DAYS`` before its due day.
* :func:`cancel_invoice`: a credit note for what is left of one invoice (which waives it), and
  :func:`reissue_invoice`: the same, and the invoice issued again to the current details.
* :func:`settle_withdrawal`: the refund policy in force on the day, as credit notes (or an
  invoice for the part of the fee kept that was not invoiced yet) and the refund to pay back.
* :func:`cancel_all_invoices`: for an application declined or moved to another training.
"""

import dataclasses
import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from applicants.invoices import tasks
from applicants.invoices.models import ZERO, Invoice, InvoiceLine, Refund
from applicants.models import Application, Event
from trainings.models import payment_schedule, refund_percent

CENT = Decimal("0.01")


class BillingError(Exception):
    """Something the billing of an application does not allow; the text says what."""


def next_number(year):
    """The next invoice number of ``year``, taken under the counter row's lock, which is held
    until the caller's transaction ends."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO applicants_invoicecounter (year, last) VALUES (%s, 0) "
            "ON CONFLICT (year) DO NOTHING",
            [year],
        )
        cursor.execute(
            "UPDATE applicants_invoicecounter SET last = last + 1 WHERE year = %s RETURNING last",
            [year],
        )
        return cursor.fetchone()[0]


def format_number(year, sequence):
    return f"{year}-{sequence:05d}"


def creditor_reference(year, sequence):
    """The ISO 11649 structured creditor reference of an invoice, e.g. ``RF26202600012``:
    banks check its two digits, so a mistyped reference is refused at the transfer."""
    body = f"{year}{sequence:05d}"
    digits = "".join(str(int(char, 36)) for char in body + "RF00")
    return f"RF{98 - int(digits) % 97:02d}{body}"


def accepted_on(application):
    """The day (the training's) an application was accepted."""
    event = application.events.filter(to_status=Application.Status.ACCEPTED).order_by("-at").first()
    moment = event.at if event else timezone.now()
    return moment.astimezone(application.training.zone).date()


def schedule_of(application):
    return payment_schedule(
        application.training, application.tuition.amount, accepted_on(application)
    )


def issue_due_invoices(application, today=None, issued_by=None):
    """Issue the invoices the plan asks of an accepted application by ``today``: the first
    amount (usually the deposit) at once, the others ``INVOICE_LEAD_DAYS`` before their due
    day. Needs the billing details. An amount of the plan is invoiced once: after a credit
    note cancelled its invoice, only staff issue it again (:func:`reissue_invoice`), as a
    cancellation may waive it. Returns the new invoices."""
    with transaction.atomic():
        application = _lock(application)
        if application.status != Application.Status.ACCEPTED:
            return []
        if not hasattr(application, "billing"):
            return []
        today = today or application.training.today()
        lead = datetime.timedelta(days=settings.INVOICE_LEAD_DAYS)
        invoiced = invoiced_amounts(application)
        issued = []
        for position, due in enumerate(schedule_of(application)):
            if (due.purpose, due.number) in invoiced:
                continue
            if position > 0 and due.due_on - lead > today:
                continue
            issued.append(
                _issue(
                    application,
                    purpose=due.purpose,
                    instalment=due.number,
                    lines=[(describe(application, due.purpose, due.number), due.amount)],
                    due_on=due.due_on,
                    today=today,
                    issued_by=issued_by,
                )
            )
    return issued


def invoiced_amounts(application):
    """The amounts of the plan of the application's training that have had an invoice, as
    ``(purpose, instalment)`` pairs, cancelled or not."""
    return set(
        application.invoices.invoices()
        .filter(training=application.training_id)
        .values_list("purpose", "instalment")
    )


def cancel_invoice(invoice, reason, issued_by=None, today=None, amount=None):
    """Issue a credit note for ``amount`` of ``invoice`` (all that is not credited yet when
    None). Returns it, or None when nothing is left to cancel."""
    with transaction.atomic():
        _lock(invoice.application)
        invoice = Invoice.objects.with_balance().get(pk=invoice.pk)
        return _credit(invoice, amount, reason, Invoice.Purpose.CANCELLATION, issued_by, today)


def reissue_invoice(invoice, reason, issued_by=None, today=None):
    """Cancel what is left of ``invoice`` with a credit note and issue the same lines again, to
    the trainee's current billing details (a mistake in them, say). The new invoice is due when
    the old one was, or ``deposit_days`` from ``today`` if that day is too near. Returns
    ``(credit_note, invoice)``."""
    with transaction.atomic():
        application = _lock(invoice.application)
        invoice = Invoice.objects.with_balance().get(pk=invoice.pk)
        if invoice.is_credit_note:
            raise BillingError(_("A credit note is not issued again."))
        if not hasattr(application, "billing"):
            raise BillingError(_("The trainee has not given billing details."))
        today = today or application.training.today()
        note = _credit(invoice, None, reason, Invoice.Purpose.CANCELLATION, issued_by, today)
        if note is None:
            raise BillingError(_("%(number)s was cancelled already.") % {"number": invoice.number})
        earliest = today + datetime.timedelta(days=application.training.deposit_days)
        again = _issue(
            application,
            purpose=invoice.purpose,
            instalment=invoice.instalment,
            lines=[(line.description, line.amount) for line in invoice.lines.all()],
            due_on=max(invoice.due_on, earliest),
            today=today,
            issued_by=issued_by,
            reason=reason,
            training=invoice.training,
        )
    return note, again


def cancel_all_invoices(application, reason, issued_by=None):
    """Cancel everything invoiced to ``application`` (declined, or moved to another training,
    whose fee is billed anew) with credit notes, and record what it paid as a refund to pay
    back. Returns ``(credit_notes, refund)``."""
    with transaction.atomic():
        application = _lock(application)
        invoices = list(application.invoices.invoices().with_balance().order_by("pk"))
        notes = [
            note
            for invoice in invoices
            if (
                note := _credit(
                    invoice, None, reason, Invoice.Purpose.CANCELLATION, issued_by, None
                )
            )
        ]
        paid = sum((invoice.paid for invoice in invoices), ZERO)
        refunded = sum((r.amount for r in application.refunds.all()), ZERO)
        refund = None
        if paid - refunded > 0:
            refund = Refund.objects.create(
                application=application,
                amount=paid - refunded,
                currency=invoices[0].currency,
                reason=reason,
            )
    return notes, refund


@dataclasses.dataclass(frozen=True)
class WithdrawalTerms:
    """What the refund policy makes of a withdrawal on ``day``."""

    day: datetime.date
    percent: Decimal  # of the fee, beyond a deposit that is not refundable
    owed: Decimal  # what the trainee owes in all
    invoiced: Decimal  # what invoices ask for so far, less credit notes
    paid: Decimal

    @property
    def to_credit(self):
        return max(self.invoiced - self.owed, ZERO)

    @property
    def to_invoice(self):
        return max(self.owed - self.invoiced, ZERO)

    @property
    def refund(self):
        return max(self.paid - self.owed, ZERO)

    @property
    def still_to_pay(self):
        return max(self.owed - self.paid, ZERO)


def withdrawal_terms(application, day=None):
    """What withdrawing ``application`` on ``day`` (the training's today) would cost, under
    the refund rule in force that day: the trainee owes the deposit (unless it is refundable)
    and the share of the rest of the fee that the rule does not give back. Changes nothing."""
    training = application.training
    day = day or training.today()
    price = application.tuition.amount
    percent = refund_percent(training, day)
    kept_deposit = ZERO if training.deposit_refundable else min(training.deposit, price)
    invoices = application.invoices.invoices().filter(training=training).with_balance()
    return WithdrawalTerms(
        day=day,
        percent=percent,
        owed=kept_deposit + _share(price - kept_deposit, Decimal(100) - percent),
        invoiced=sum((i.total - i.credited for i in invoices), ZERO),
        paid=sum((i.paid for i in invoices), ZERO),
    )


def settle_withdrawal(application, day=None, issued_by=None):
    """Apply the training's refund policy (:func:`withdrawal_terms`) to an application withdrawn
    after acceptance: what was invoiced beyond what the trainee owes is cancelled by credit
    notes, newest invoice first; what they owe and was not invoiced yet is invoiced now; what
    they paid beyond it is recorded as a :class:`Refund` for staff to pay back. An application
    never invoiced (no billing details given yet) is left as it is. Returns
    ``(credit_notes, invoice, refund)``."""
    with transaction.atomic():
        application = _lock(application)
        if not application.invoices.filter(training=application.training_id).exists():
            return [], None, None
        terms = withdrawal_terms(application, day)
        reason = _withdrawal_reason(application, terms)
        notes, extra, refund = [], None, None
        excess = terms.to_credit
        current = application.invoices.invoices().filter(training=application.training_id)
        for invoice in current.with_balance().order_by("-pk"):
            if excess <= 0:
                break
            note = _credit(invoice, excess, reason, Invoice.Purpose.REFUND, issued_by, terms.day)
            if note:
                notes.append(note)
                excess += note.total
        if terms.to_invoice > 0:
            with translation.override(application.language):
                text = _("Share of the fee kept on withdrawal: %(training)s") % {
                    "training": application.training.title
                }
            extra = _issue(
                application,
                purpose=Invoice.Purpose.REFUND,
                instalment=0,
                lines=[(text, terms.to_invoice)],
                due_on=terms.day + datetime.timedelta(days=application.training.deposit_days),
                today=terms.day,
                issued_by=issued_by,
                reason=reason,
            )
        if terms.refund > 0:
            refund = Refund.objects.create(
                application=application,
                amount=terms.refund,
                currency=application.training.currency,
                reason=reason,
            )
    return notes, extra, refund


def describe(application, purpose, number):
    """An invoice line's text, in the trainee's language."""
    training = application.training
    with translation.override(application.language):
        if purpose == Invoice.Purpose.DEPOSIT:
            text = _("Deposit for %(training)s")
        elif purpose == Invoice.Purpose.INSTALMENT:
            text = _("Instalment %(number)s for %(training)s")
        else:
            text = _("Balance of the fee for %(training)s")
        return text % {"training": training.title, "number": number}


def _lock(application):
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("training", "billing")
        .get(pk=application.pk)
    )


def _share(amount, percent):
    return (amount * percent / Decimal(100)).quantize(CENT, rounding=ROUND_HALF_UP)


def _withdrawal_reason(application, terms):
    with translation.override(application.language):
        return _("Withdrawn on %(day)s: %(percent)s%% of the fee given back under the policy.") % {
            "day": terms.day.isoformat(),
            "percent": f"{terms.percent.normalize():f}",
        }


def _issue(
    application, *, purpose, instalment, lines, due_on, today, issued_by, reason="", training=None
):
    billing = application.billing
    training = training or application.training
    # The country's name and the VAT label are printed in the invoice's language.
    with translation.override(application.language):
        billed_to = billing.lines()
    year = today.year
    sequence = next_number(year)
    invoice = Invoice.objects.create(
        application=application,
        training=training,
        kind=Invoice.Kind.INVOICE,
        purpose=purpose,
        instalment=instalment,
        year=year,
        sequence=sequence,
        number=format_number(year, sequence),
        issued_on=today,
        due_on=due_on,
        currency=training.currency,
        total=sum((amount for _text, amount in lines), ZERO),
        payment_reference=creditor_reference(year, sequence),
        reason=reason,
        language=application.language,
        billed_to=billed_to,
        billed_email=application.email,
        vat_number=billing.vat_number,
        country=billing.country,
        issuer=dict(settings.INSTITUTE),
        issued_by=issued_by,
    )
    InvoiceLine.objects.bulk_create(
        InvoiceLine(invoice=invoice, position=position, description=text, amount=amount)
        for position, (text, amount) in enumerate(lines, start=1)
    )
    Event.objects.create(
        application=application,
        actor=issued_by,
        from_status=application.status,
        to_status=application.status,
        code=Event.Code.INVOICED,
    )
    _after_commit_send(invoice)
    return invoice


def _credit(invoice, amount, reason, purpose, issued_by, today):
    """A credit note for ``amount`` (at most what is not credited yet) of ``invoice``, which
    carries the ``credited`` annotation and whose application is locked."""
    left = invoice.total - invoice.credited
    amount = left if amount is None else min(amount, left)
    if amount <= 0:
        return None
    application = invoice.application
    today = today or application.training.today()
    year = today.year
    sequence = next_number(year)
    with translation.override(invoice.language):
        text = _("Credit for invoice %(number)s") % {"number": invoice.number}
    note = Invoice.objects.create(
        application=application,
        training_id=invoice.training_id,
        kind=Invoice.Kind.CREDIT_NOTE,
        purpose=purpose,
        instalment=invoice.instalment,
        year=year,
        sequence=sequence,
        number=format_number(year, sequence),
        issued_on=today,
        due_on=None,
        currency=invoice.currency,
        total=-amount,
        cancels=invoice,
        reason=reason,
        language=invoice.language,
        billed_to=invoice.billed_to,
        billed_email=invoice.billed_email,
        vat_number=invoice.vat_number,
        country=invoice.country,
        issuer=dict(settings.INSTITUTE),
        issued_by=issued_by,
    )
    InvoiceLine.objects.create(invoice=note, position=1, description=text, amount=-amount)
    Event.objects.create(
        application=application,
        actor=issued_by,
        from_status=application.status,
        to_status=application.status,
        code=Event.Code.CREDITED,
    )
    _after_commit_send(note)
    return note


def _after_commit_send(invoice):
    transaction.on_commit(lambda: tasks.send_invoice.enqueue(invoice.pk))
