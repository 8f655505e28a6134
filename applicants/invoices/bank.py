"""Reading bank statements: the money that came into the institute's account, line by line.

Two formats, told apart by their content (:func:`read_statement`):

* ISO 20022 **CAMT.053** (bank-to-customer statement), any version from camt.053.001.02 to
  .13: elements are matched by their local names, so the namespace's version does not matter.
  The XML is parsed by defusedxml with document type declarations forbidden, which refuses
  entity expansion ("billion laughs") and external entities before anything is read.
* A simple **CSV** with the header ``date,amount,currency,reference,payer`` (see the README).

Only money received becomes a line: debits, reversals and entries not booked are left out.
Each line carries a ``bank_key`` that stays the same however often the statement is read, so
an entry is recorded once (:mod:`applicants.invoices.payments`). A file that cannot be read
raises :class:`StatementError` with messages for staff; nothing here touches the database.
"""

import csv
import datetime
import hashlib
import io
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeElementTree
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

CSV_HEADER = ["date", "amount", "currency", "reference", "payer"]
# What a payment row holds (applicants.invoices.models.Payment).
MAX_AMOUNT = Decimal("99999999.99")
CENT = Decimal("0.01")
MAX_REFERENCE = 500
MAX_PAYER = 200
# Row errors listed for one CSV file; the rest are counted.
MAX_ERRORS_SHOWN = 20
CAMT053 = "camt053"
CSV = "csv"


class StatementError(Exception):
    """A statement that cannot be read; ``messages`` say why, for staff."""

    def __init__(self, *messages):
        super().__init__(" ".join(str(message) for message in messages))
        self.messages = [str(message) for message in messages]


@dataclass(frozen=True)
class StatementLine:
    """Money received, as a statement gives it."""

    booked_on: datetime.date
    amount: Decimal
    currency: str
    # A structured creditor reference (CAMT.053's CdtrRefInf), when the bank passed one on.
    structured_reference: str
    # The free text the payer typed (unstructured remittance information).
    remittance: str
    payer: str
    bank_key: str

    @property
    def reference(self):
        """What the payer gave to say what the money is for, as stored with the payment."""
        text = " ".join(part for part in (self.structured_reference, self.remittance) if part)
        return text[:MAX_REFERENCE]


def read_statement(data):
    """``(format, lines)`` of a statement file's bytes, its format found from its content:
    XML must be a CAMT.053 document; anything else is read as the CSV format."""
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return CAMT053, read_camt053(data)
    return CSV, read_csv(data)


# --- CAMT.053 ---


def read_camt053(data):
    """The credit lines of a CAMT.053 document; batched entries give a line per transaction."""
    try:
        root = SafeElementTree.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as refused:
        raise StatementError(
            _(
                "This XML file declares entities or a document type, which bank statements "
                "never do; it was not read."
            )
        ) from refused
    except SafeElementTree.ParseError as broken:
        raise StatementError(
            _("This XML file is broken and cannot be read (%(error)s).") % {"error": broken}
        ) from broken
    statement = _child(root, "BkToCstmrStmt")
    if _local(root.tag) != "Document" or statement is None:
        raise StatementError(
            _("This XML file is not a CAMT.053 bank statement (bank-to-customer statement).")
        )
    found, number = [], 0
    for stmt in _children(statement, "Stmt"):
        account = _text(stmt, "Acct/Id/IBAN") or _text(stmt, "Acct/Id/Othr/Id")
        for entry in _children(stmt, "Ntry"):
            number += 1
            found += [(account, *line) for line in _entry_lines(entry, account, number)]
    # A line the bank gave no reference is known by what it says, and by how many identical
    # lines came before it in this file.
    seen = Counter()
    lines = []
    for account, facts, key in found:
        if key is None:
            seen[account, facts] += 1
            key = _key("line", account, *facts, seen[account, facts])
        lines.append(StatementLine(*facts, bank_key=key))
    return lines


def _entry_lines(entry, account, number):
    """``(facts, key)`` of each credit transaction of one entry (``Ntry``): the facts in the
    order of :class:`StatementLine`'s fields, the key None when the bank gave no reference."""
    if _text(entry, "CdtDbtInd") != "CRDT" or _text(entry, "RvslInd").lower() in ("true", "1"):
        return []
    status = _child(entry, "Sts")
    if status is not None:
        code = (_text(status, "Cd") or (status.text or "")).strip()
        if code and code != "BOOK":
            return []
    amount, currency = _amount(_child(entry, "Amt"), number)
    booked_on = _date(entry, number)
    entry_reference = _text(entry, "AcctSvcrRef")
    transactions = [
        transaction
        for details in _children(entry, "NtryDtls")
        for transaction in _children(details, "TxDtls")
    ]
    if len(transactions) <= 1:
        transaction = transactions[0] if transactions else None
        own_reference = _text(transaction, "Refs/AcctSvcrRef")
        return [
            (
                _facts(transaction, booked_on, amount, currency),
                _servicer_key(account, own_reference, entry_reference, 0),
            )
        ]
    # A batch: each transaction has its own amount, and they add up to the entry's.
    lines, net = [], Decimal(0)
    for index, transaction in enumerate(transactions, start=1):
        element = _child(transaction, "Amt")
        if element is None:
            element = _find(transaction, "AmtDtls/TxAmt/Amt")
        if element is None:
            raise StatementError(
                _(
                    "Entry %(number)s is a batch of %(count)s transfers that does not give the "
                    "amount of each. Please ask the bank for a statement with transaction details."
                )
                % {"number": number, "count": len(transactions)}
            )
        part, part_currency = _amount(element, number)
        if part_currency != currency:
            raise StatementError(
                _("Entry %(number)s mixes currencies (%(one)s and %(other)s).")
                % {"number": number, "one": currency, "other": part_currency}
            )
        if _text(transaction, "CdtDbtInd") == "DBIT":
            net -= part
            continue
        net += part
        lines.append(
            (
                _facts(transaction, booked_on, part, currency),
                _servicer_key(
                    account, _text(transaction, "Refs/AcctSvcrRef"), entry_reference, index
                ),
            )
        )
    if net != amount:
        raise StatementError(
            _(
                "The transfers of entry %(number)s add up to %(sum)s, not to the entry's "
                "%(amount)s %(currency)s."
            )
            % {"number": number, "sum": net, "amount": amount, "currency": currency}
        )
    return lines


def _facts(transaction, booked_on, amount, currency):
    structured, remittance, payer = [], [], ""
    if transaction is not None:
        for information in _children(transaction, "RmtInf"):
            remittance += [_clean(e.text) for e in _children(information, "Ustrd")]
            structured += [_text(strd, "CdtrRefInf/Ref") for strd in _children(information, "Strd")]
        payer = _text(transaction, "RltdPties/Dbtr/Nm") or _text(
            transaction, "RltdPties/Dbtr/Pty/Nm"
        )
    return (
        booked_on,
        amount,
        currency,
        " ".join(part for part in structured if part)[:MAX_REFERENCE],
        " ".join(part for part in remittance if part)[:MAX_REFERENCE],
        payer[:MAX_PAYER],
    )


def _servicer_key(account, own_reference, entry_reference, index):
    """The key of a transaction the bank gave a reference: its own, or its entry's and its
    place in that entry. None when the bank gave none."""
    if own_reference:
        return _key("bank", account, own_reference)
    if entry_reference:
        return _key("bank", account, entry_reference, index)
    return None


def _amount(element, number):
    if element is None:
        raise StatementError(_("Entry %(number)s has no amount.") % {"number": number})
    currency = (element.get("Ccy") or "").strip().upper()
    amount = _decimal((element.text or "").strip())
    if amount is None or amount <= 0 or not re.fullmatch(r"[A-Z]{3}", currency):
        raise StatementError(
            _("Entry %(number)s has an amount that cannot be read: %(amount)s %(currency)s.")
            % {"number": number, "amount": (element.text or "").strip()[:30], "currency": currency}
        )
    return amount, currency


def _date(entry, number):
    text = (
        _text(entry, "BookgDt/Dt")
        or _text(entry, "BookgDt/DtTm")
        or _text(entry, "ValDt/Dt")
        or _text(entry, "ValDt/DtTm")
    )
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        raise StatementError(
            _("Entry %(number)s has no booking date that can be read.") % {"number": number}
        ) from None


def _local(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element, name):
    return [child for child in element if _local(child.tag) == name]


def _child(element, name):
    return next(iter(_children(element, name)), None)


def _find(element, path):
    """The first element at ``path`` (local names separated by slashes) under ``element``."""
    found = [element]
    for name in path.split("/"):
        found = [child for parent in found for child in _children(parent, name)]
    return found[0] if found else None


def _text(element, path):
    if element is None:
        return ""
    found = _find(element, path)
    return _clean(found.text) if found is not None else ""


def _clean(text):
    return " ".join((text or "").split())


def _key(*parts):
    text = "\x1f".join(str(part) for part in parts)
    return hashlib.sha256(text.encode()).hexdigest()


# --- CSV ---


def read_csv(data):
    """The lines of a CSV statement (see the README for its columns). Every row is checked
    before any is returned: a file with a bad row raises :class:`StatementError` listing each
    bad row by its number, and rows with a negative amount (money paid out) are left out."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise StatementError(
            _("This file is neither a CAMT.053 statement nor UTF-8 text.")
        ) from None
    if "\x00" in text:
        raise StatementError(_("This file is neither a CAMT.053 statement nor UTF-8 text."))
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [name.strip().lower() for name in next(rows, [])]
    if any(name not in header for name in CSV_HEADER):
        raise StatementError(
            _(
                "This file is not a CAMT.053 statement, and as CSV its first row must name the "
                "columns %(columns)s."
            )
            % {"columns": ",".join(CSV_HEADER)}
        )
    column = {name: header.index(name) for name in CSV_HEADER}
    parsed, errors = [], []
    try:
        for row in rows:
            if not any(cell.strip() for cell in row):
                continue
            try:
                line = _csv_row(row, column, delimiter)
            except ValueError as error:
                errors.append(_("Row %(row)s: %(error)s") % {"row": rows.line_num, "error": error})
            else:
                if line is not None:
                    parsed.append(line)
    except csv.Error as broken:
        raise StatementError(
            _("Row %(row)s cannot be read as CSV (%(error)s).")
            % {"row": rows.line_num, "error": broken}
        ) from broken
    if errors:
        shown = errors[:MAX_ERRORS_SHOWN]
        hidden = len(errors) - len(shown)
        if hidden:
            shown.append(
                ngettext("and %(count)s more row.", "and %(count)s more rows.", hidden)
                % {"count": hidden}
            )
        raise StatementError(*shown)
    seen = Counter()
    lines = []
    for facts in parsed:
        seen[facts] += 1
        booked_on, amount, currency, reference, payer = facts
        key = _key("csv", *facts, seen[facts])
        lines.append(StatementLine(booked_on, amount, currency, "", reference, payer, key))
    return lines


def _csv_row(row, column, delimiter):
    """The facts of one row, None for money paid out; ValueError says what is wrong."""
    if len(row) < len(column):
        raise ValueError(
            _("it has %(found)s columns, where %(expected)s are needed.")
            % {"found": len(row), "expected": len(CSV_HEADER)}
        )
    cell = {name: _clean(row[index]) for name, index in column.items()}
    try:
        booked_on = datetime.date.fromisoformat(cell["date"])
    except ValueError:
        raise ValueError(
            _("the date “%(date)s” is not a date like 2026-12-31.") % {"date": cell["date"][:30]}
        ) from None
    text = cell["amount"].replace(" ", "")
    if delimiter == ";":
        # A decimal comma. An amount with points and commas ("1.234,50") has then two
        # points, and is refused as it stands.
        text = text.replace(",", ".")
    amount = _decimal(text)
    if amount is None:
        raise ValueError(
            _("the amount “%(amount)s” is not a number like 1234.50.")
            % {"amount": cell["amount"][:30]}
        )
    if amount == 0:
        raise ValueError(_("the amount is zero."))
    if amount < 0:
        return None
    currency = cell["currency"].upper()
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise ValueError(
            _("the currency “%(currency)s” is not a code of three letters, like EUR.")
            % {"currency": cell["currency"][:30]}
        )
    if len(cell["reference"]) > MAX_REFERENCE:
        raise ValueError(
            _("the reference is longer than %(max)s characters.") % {"max": MAX_REFERENCE}
        )
    if len(cell["payer"]) > MAX_PAYER:
        raise ValueError(_("the payer is longer than %(max)s characters.") % {"max": MAX_PAYER})
    return booked_on, amount, currency, cell["reference"], cell["payer"]


def _decimal(text):
    """An amount in cents (positive or negative, no more than two decimals that are not
    zero), or None."""
    if not re.fullmatch(r"[+-]?\d+(\.\d+)?", text):
        return None
    try:
        amount = Decimal(text)
        cents = amount.quantize(CENT)
    except InvalidOperation:
        return None
    return cents if cents == amount and abs(cents) <= MAX_AMOUNT else None
