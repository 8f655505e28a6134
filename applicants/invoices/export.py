"""The accountant's export: the invoices and credit notes issued in a period, and the payments
received in it, as rows of a CSV file.

Amounts are plain decimals with two places (``1234.50``, a credit note's negative), dates are
ISO (``2026-12-03``), kinds, purposes and sources their stored codes, and every text cell that
a spreadsheet would take for a formula starts with an apostrophe. The rows are read in chunks,
so a year's export is written as it is read.
"""

from django.db.models import F

from applicants.invoices.models import Invoice, Payment
from imago_site.spreadsheets import text_cell

INVOICE_COLUMNS = [
    "number",
    "kind",
    "purpose",
    "issued",
    "due",
    "currency",
    "total",
    "credited",
    "paid",
    "balance",
    "billed_to",
    "billed_address",
    "vat_number",
    "country",
    "application",
    "cancels",
]
PAYMENT_COLUMNS = [
    "received",
    "amount",
    "currency",
    "invoice",
    "payer",
    "reference",
    "source",
    "statement",
]
CHUNK = 500


def invoice_rows(start, end, currency=None):
    """The header, then a row for each invoice and credit note issued from ``start`` to
    ``end`` (both included), in ``currency`` or in any when None, in the order of numbers."""
    invoices = (
        Invoice.objects.with_balance()
        .filter(issued_on__range=(start, end))
        .annotate(cancels_number=F("cancels__number"))
        .order_by("year", "sequence")
    )
    if currency:
        invoices = invoices.filter(currency=currency)
    yield INVOICE_COLUMNS
    for invoice in invoices.iterator(chunk_size=CHUNK):
        billed_to = [str(line) for line in invoice.billed_to] or [""]
        yield [
            text_cell(invoice.number),
            invoice.kind,
            invoice.purpose,
            _day(invoice.issued_on),
            _day(invoice.due_on),
            invoice.currency,
            _money(invoice.total),
            _money(invoice.credited),
            _money(invoice.paid),
            _money(invoice.balance),
            text_cell(billed_to[0]),
            text_cell(", ".join(billed_to[1:])),
            text_cell(invoice.vat_number),
            invoice.country.code,
            invoice.application_id,
            text_cell(invoice.cancels_number),
        ]


def payment_rows(start, end, currency=None):
    """The header, then a row for each payment received from ``start`` to ``end`` (both
    included), in ``currency`` or in any when None, the oldest first."""
    received = (
        Payment.objects.filter(received_on__range=(start, end))
        .annotate(invoice_number=F("invoice__number"), statement_name=F("statement__file_name"))
        .order_by("received_on", "pk")
    )
    if currency:
        received = received.filter(currency=currency)
    yield PAYMENT_COLUMNS
    for payment in received.iterator(chunk_size=CHUNK):
        yield [
            _day(payment.received_on),
            _money(payment.amount),
            payment.currency,
            text_cell(payment.invoice_number),
            text_cell(payment.payer),
            text_cell(payment.reference),
            payment.source,
            text_cell(payment.statement_name),
        ]


def _money(amount):
    return format(amount, ".2f")


def _day(day):
    return day.isoformat() if day else ""
