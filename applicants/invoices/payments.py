"""Recording payments: from a bank statement, by hand, and assigning one to its invoice later.

A payment is matched to the invoice its transfer names: by the structured creditor reference
printed on the invoice (``RF..``, check digits verified, spaces and lower case tolerated),
else by the invoice number (``2026-00012``) in the text the payer typed. Only an invoice, not a
credit note, in the payment's own currency is matched; anything else is recorded without an
invoice, for staff to assign (:func:`assign`).

Every function runs in one transaction that locks the applications whose invoices it pays,
as :mod:`applicants.invoices.issuing` does, so the balance a payment is measured against
(paid in full, partly, or more than asked) counts every payment and credit note, and adds a
``PAID`` event to the application's timeline. A statement's entries are recorded once each,
however often it is imported and by however many people at once: an entry whose bank key is
known is a duplicate, and the key's unique index settles two imports racing.
"""

import hashlib
import re
from collections import Counter
from pathlib import PurePath

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applicants.invoices import bank
from applicants.invoices.issuing import format_number
from applicants.invoices.models import BankStatement, Invoice, Payment
from applicants.models import Application, Event

# An invoice number in free text: "2026-00012", also "2026 - 00012".
NUMBER = re.compile(r"(?<![0-9])([0-9]{4}) ?- ?([0-9]{5,9})(?![0-9])")
CREDITOR_REFERENCE = re.compile(r"RF[0-9]{2}[0-9A-Z]{1,21}")
# Words of a reference written in groups ("RF32 2026 0000 1") joined back, at most.
MOST_GROUPS = 8


class Outcome(models.TextChoices):
    """What became of a line of a statement, or of a payment entered by hand."""

    PAID = "paid", gettext_lazy("paid in full")
    PARTIAL = "partial", gettext_lazy("partly paid")
    OVERPAID = "overpaid", gettext_lazy("more than asked")
    UNMATCHED = "unmatched", gettext_lazy("no invoice found")
    AMBIGUOUS = "ambiguous", gettext_lazy("names several invoices")
    CURRENCY = "currency", gettext_lazy("in another currency than its invoice")


MATCHED = [Outcome.PAID, Outcome.PARTIAL, Outcome.OVERPAID]


class PaymentError(Exception):
    """A payment that cannot be recorded or assigned as asked; the text says why."""


def is_creditor_reference(text):
    """Whether ``text`` (upper case, no spaces) is an ISO 11649 creditor reference whose check
    digits are right."""
    if not CREDITOR_REFERENCE.fullmatch(text):
        return False
    digits = "".join(str(int(char, 36)) for char in text[4:] + text[:4])
    return int(digits) % 97 == 1


def creditor_references(text):
    """The valid creditor references in ``text``, also when written in groups of characters
    or in lower case."""
    words = re.findall(r"[0-9A-Z]+", text.upper())
    found = []
    for start, word in enumerate(words):
        if not word.startswith("RF"):
            continue
        joined = ""
        for following in words[start : start + MOST_GROUPS]:
            joined += following
            if len(joined) > 25:
                break
            if is_creditor_reference(joined):
                found.append(joined)
    return found


def invoice_numbers(text):
    """The invoice numbers (``2026-00012``) written in ``text``."""
    return [format_number(int(year), int(sequence)) for year, sequence in NUMBER.findall(text)]


def find_invoices(lines):
    """``(invoice, outcome)`` for each statement line: the invoice it pays, or None and why
    not. Two queries, however many lines.

    The creditor reference decides when it names an invoice; otherwise an invoice number in
    the text. A line that names several invoices, or one in another currency, is left for
    staff."""
    texts = [f"{line.structured_reference} {line.remittance}" for line in lines]
    references = [creditor_references(text) for text in texts]
    numbers = [invoice_numbers(text) for text in texts]
    invoices = Invoice.objects.invoices()
    wanted_references = {ref for refs in references for ref in refs}
    wanted_numbers = {num for nums in numbers for num in nums}
    by_reference = {
        invoice.payment_reference: invoice
        for invoice in invoices.filter(payment_reference__in=wanted_references)
    }
    by_number = {invoice.number: invoice for invoice in invoices.filter(number__in=wanted_numbers)}
    matches = []
    for line, refs, nums in zip(lines, references, numbers, strict=True):
        found = {by_reference[ref] for ref in refs if ref in by_reference}
        if not found:
            found = {by_number[num] for num in nums if num in by_number}
        if not found:
            matches.append((None, Outcome.UNMATCHED))
        elif len(found) > 1:
            matches.append((None, Outcome.AMBIGUOUS))
        elif (invoice := found.pop()).currency != line.currency:
            matches.append((None, Outcome.CURRENCY))
        else:
            matches.append((invoice, None))
    return matches


def import_statement(file, imported_by):
    """Record the payments of a bank statement file (an uploaded file) and return its
    :class:`BankStatement`, whose ``summary`` counts what became of its lines and gives each
    new payment's outcome. Entries recorded before are counted as duplicates and changed in
    nothing. Raises :class:`bank.StatementError` for a file that cannot be read (nothing is
    recorded then)."""
    data = read_upload(file)
    file_format, lines = bank.read_statement(data)
    matches = [(line, *match) for line, match in zip(lines, find_invoices(lines), strict=True)]
    counts = Counter(dict.fromkeys(Outcome.values, 0) | {"duplicates": 0})
    outcomes = {}
    with transaction.atomic():
        applications = _lock_applications(
            invoice.application_id for _line, invoice, _outcome in matches if invoice
        )
        statement = BankStatement.objects.create(
            file_name=PurePath(file.name or "").name[:255] or "statement",
            format=file_format,
            sha256=hashlib.sha256(data).hexdigest(),
            imported_by=imported_by,
        )
        known = set(
            Payment.objects.filter(bank_key__in=[line.bank_key for line in lines]).values_list(
                "bank_key", flat=True
            )
        )
        # Always in the same order, so that two imports of overlapping files wait for each
        # other's keys in turn and never for each other at once.
        for line, invoice, outcome in sorted(
            matches, key=lambda match: (match[0].booked_on, match[0].bank_key)
        ):
            if line.bank_key in known:
                counts["duplicates"] += 1
                continue
            if invoice:
                outcome = _measure(invoice, line.amount)
            payment = Payment(
                invoice=invoice,
                amount=line.amount,
                currency=line.currency,
                received_on=line.booked_on,
                payer=line.payer,
                reference=line.reference,
                source=file_format,
                statement=statement,
                bank_key=line.bank_key,
                recorded_by=imported_by,
            )
            try:
                with transaction.atomic():
                    payment.save()
            except IntegrityError:
                # Another import recorded this entry a moment ago.
                counts["duplicates"] += 1
                continue
            known.add(line.bank_key)
            if invoice:
                _add_paid_event(applications[invoice.application_id], imported_by)
            counts[outcome] += 1
            outcomes[str(payment.pk)] = outcome
        statement.summary = {"lines": len(lines), **counts, "outcomes": outcomes}
        statement.save(update_fields=["summary"])
    return statement


def read_upload(file):
    """The bytes of an uploaded statement, refused beyond ``BANK_STATEMENT_MAX_MB``."""
    limit = settings.BANK_STATEMENT_MAX_MB * 1024 * 1024
    too_large = bank.StatementError(
        _("This file is larger than %(max_mb)s MB, more than a bank statement should be.")
        % {"max_mb": settings.BANK_STATEMENT_MAX_MB}
    )
    if file.size is not None and file.size > limit:
        raise too_large
    file.seek(0)
    data = file.read(limit + 1)
    if len(data) > limit:
        raise too_large
    if not data.strip():
        raise bank.StatementError(_("This file is empty."))
    return data


def record(payment, recorded_by):
    """Save a new payment entered by hand. With an invoice, it must be one (not a credit note)
    in the same currency, and the application's timeline gets a ``PAID`` event. Returns the
    :class:`Outcome`, or None without an invoice."""
    with transaction.atomic():
        outcome = None
        if payment.invoice_id:
            invoice = _checked(payment.invoice, payment)
            application = _lock_applications([invoice.application_id])[invoice.application_id]
            outcome = _measure(invoice, payment.amount)
        payment.source = Payment.Source.MANUAL
        payment.recorded_by = recorded_by
        payment.save()
        if outcome:
            _add_paid_event(application, recorded_by)
    return outcome


def assign(payment, invoice, assigned_by):
    """Assign a payment that waited without an invoice to ``invoice`` and add a ``PAID`` event
    to the application's timeline. Returns the :class:`Outcome`. Raises :class:`PaymentError`
    when the payment has an invoice already (someone assigned it meanwhile), or the invoice
    is a credit note or in another currency."""
    with transaction.atomic():
        invoice = _checked(invoice, payment)
        application = _lock_applications([invoice.application_id])[invoice.application_id]
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        if locked.invoice_id:
            raise PaymentError(_("This payment was assigned to an invoice already."))
        outcome = _measure(invoice, locked.amount)
        locked.invoice = invoice
        locked.save(update_fields=["invoice"])
        _add_paid_event(application, assigned_by)
    payment.invoice = invoice
    return outcome


def _checked(invoice, payment):
    if invoice.kind != Invoice.Kind.INVOICE:
        raise PaymentError(_("A payment pays an invoice, not a credit note."))
    if invoice.currency != payment.currency:
        raise PaymentError(
            _("Invoice %(number)s is in %(currency)s; this payment is in %(other)s.")
            % {"number": invoice.number, "currency": invoice.currency, "other": payment.currency}
        )
    return invoice


def _lock_applications(pks):
    """The applications of ``pks`` locked, in the order of their keys (so that two
    transactions locking some of the same never wait for each other at once), by key."""
    return Application.objects.select_for_update().order_by("pk").in_bulk(set(pks))


def _measure(invoice, amount):
    """What ``amount`` does to what ``invoice`` still asks for, counted under the lock."""
    balance = Invoice.objects.with_balance().values_list("balance", flat=True).get(pk=invoice.pk)
    if amount == balance:
        return Outcome.PAID
    return Outcome.PARTIAL if amount < balance else Outcome.OVERPAID


def _add_paid_event(application, actor):
    Event.objects.create(
        application=application,
        actor=actor,
        from_status=application.status,
        to_status=application.status,
        code=Event.Code.PAID,
    )
