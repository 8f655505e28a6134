"""The EPC QR code ("Girocode"): a SEPA credit transfer that a banking app reads from paper.

The European Payments Council's guideline EPC069-12 fixes its content: twelve lines joined by
a line feed, each field at its place, empty where it is not used, and nothing after the last
field that has a value. This module writes version 002 (the BIC may be left out) in UTF-8 for
credit transfers in euros, the only currency the code carries.

A payload that a bank would refuse raises ValueError here, when the invoice is printed,
rather than when the trainee stands at their banking app.
"""

import io
import re
from decimal import Decimal, InvalidOperation

import segno

CENT = Decimal("0.01")
LARGEST_AMOUNT = Decimal("999999999.99")
MAX_BYTES = 331
MAX_NAME = 70
MAX_TEXT = 140
IBAN_SHAPE = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")
BIC_SHAPE = re.compile(r"[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?")
REFERENCE_SHAPE = re.compile(r"RF[0-9]{2}[A-Z0-9]{1,21}")


def payload(name, iban, amount, currency, reference=None, text=None, bic=""):
    """The text of the EPC QR code asking to pay ``amount`` (a Decimal in euros) to ``name``'s
    account ``iban``, with either a structured creditor reference (``RF...``) or a free
    ``text`` as the remittance information, never both. Raises ValueError naming what is wrong.
    """
    if currency != "EUR":
        raise ValueError(f"The EPC QR code is for payments in euros only, not in {currency}.")
    name = _single_line(name, "beneficiary's name")
    if not name:
        raise ValueError("The beneficiary's name is required.")
    if len(name) > MAX_NAME:
        raise ValueError(f"The beneficiary's name is longer than {MAX_NAME} characters.")
    iban = _compact(iban)
    if not IBAN_SHAPE.fullmatch(iban) or not _passes_mod97(iban):
        raise ValueError(f"{iban!r} is not a valid IBAN.")
    bic = _compact(bic)
    if bic and not BIC_SHAPE.fullmatch(bic):
        raise ValueError(f"{bic!r} is not a valid BIC.")
    if reference and text:
        raise ValueError("Give a structured reference or a text, not both.")
    reference = _compact(reference or "")
    if reference and not (REFERENCE_SHAPE.fullmatch(reference) and _passes_mod97(reference)):
        raise ValueError(f"{reference!r} is not a valid creditor reference (ISO 11649).")
    text = _single_line(text or "", "text")
    if len(text) > MAX_TEXT:
        raise ValueError(f"The text is longer than {MAX_TEXT} characters.")

    fields = [
        "BCD",
        "002",
        "1",  # UTF-8
        "SCT",
        bic,
        name,
        iban,
        f"EUR{_amount(amount)}",
        "",  # purpose code: none
        reference,
        text,
    ]
    while not fields[-1]:
        fields.pop()
    result = "\n".join(fields)
    if len(result.encode()) > MAX_BYTES:
        raise ValueError(f"The payload is longer than {MAX_BYTES} bytes.")
    return result


def qr_png(payload):
    """The QR code of ``payload`` as PNG bytes, at the error correction level the guideline
    asks for (M, not raised even where it would fit) and with the standard four-module quiet
    zone around it."""
    code = segno.make_qr(payload, error="m", boost_error=False, encoding="utf-8")
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()


def _amount(amount):
    if isinstance(amount, float):
        raise ValueError("Give the amount as a Decimal, not a float.")
    try:
        amount = Decimal(amount)
    except (InvalidOperation, TypeError, ValueError):
        raise ValueError(f"{amount!r} is not an amount.") from None
    if not (amount.is_finite() and CENT <= amount <= LARGEST_AMOUNT):
        raise ValueError(f"The amount must be between {CENT} and {LARGEST_AMOUNT} euros.")
    if amount != amount.quantize(CENT):
        raise ValueError(f"{amount} is not an amount in whole cents.")
    return f"{amount:.2f}"


def _compact(value):
    return "".join(value.split()).upper()


def _single_line(value, what):
    value = value.strip()
    if any(ord(char) < 32 for char in value):
        raise ValueError(f"The {what} must be one line.")
    return value


def _passes_mod97(code):
    """The ISO 7064 check that IBANs and creditor references share: the first four characters
    moved to the end, letters read as numbers (A=10 ... Z=35), leave 1 when divided by 97."""
    moved = code[4:] + code[:4]
    return int("".join(str(int(char, 36)) for char in moved)) % 97 == 1
