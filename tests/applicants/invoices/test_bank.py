import datetime
import threading
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from applicants.invoices import bank, issuing, payments
from applicants.invoices.models import BankStatement, Invoice, Payment
from applicants.models import Event
from tests.applicants.invoices.statements import IBAN, VERSIONS, Camt, csv_file

Outcome = payments.Outcome


def grouped(reference):
    """A reference as people copy it from a printed invoice: in groups, lower case."""
    return " ".join(reference[i : i + 4] for i in range(0, len(reference), 4)).lower()


# --- Reading CAMT.053 ---


@pytest.mark.parametrize("version", VERSIONS)
def test_a_credit_is_read_in_every_version(version):
    camt = Camt(version)
    data = camt.document(
        camt.entry(
            "500.00",
            camt.transaction(
                ref="TX-1",
                creditor_reference="RF32202600001",
                text="Deposit Ana Ruiz",
                payer="Ana Ruiz",
            ),
            ref="ENTRY-1",
        )
    )

    (line,) = bank.read_camt053(data)

    assert line.booked_on == datetime.date(2026, 12, 3)
    assert (line.amount, line.currency) == (Decimal("500.00"), "EUR")
    assert line.structured_reference == "RF32202600001"
    assert line.remittance == "Deposit Ana Ruiz"
    assert line.reference == "RF32202600001 Deposit Ana Ruiz"
    assert line.payer == "Ana Ruiz"
    assert len(line.bank_key) == 64


def test_a_batch_gives_a_line_per_transfer_with_its_own_amount():
    camt = Camt(8)
    data = camt.document(
        camt.entry(
            "620.00",
            camt.transaction("500.00", ref="TX-1", text="2026-00001", payer="Ana Ruiz"),
            camt.transaction("120.00", ref="TX-2", text="Donation", payer="Jo Weber"),
            ref="BATCH-1",
        )
    )

    lines = bank.read_camt053(data)

    assert [(line.amount, line.payer, line.remittance) for line in lines] == [
        (Decimal("500.00"), "Ana Ruiz", "2026-00001"),
        (Decimal("120.00"), "Jo Weber", "Donation"),
    ]
    assert lines[0].bank_key != lines[1].bank_key


def test_a_batch_in_version_2_reads_each_amount_from_its_details():
    camt = Camt(2)
    data = camt.document(
        camt.entry(
            "620.00",
            camt.transaction("500.00", payer="Ana Ruiz"),
            camt.transaction("120.00", payer="Jo Weber"),
            ref="BATCH-1",
        )
    )

    assert [line.amount for line in bank.read_camt053(data)] == [
        Decimal("500.00"),
        Decimal("120.00"),
    ]


def test_a_batch_whose_transfers_do_not_add_up_is_refused():
    camt = Camt(8)
    data = camt.document(
        camt.entry("620.00", camt.transaction("500.00"), camt.transaction("100.00"))
    )

    with pytest.raises(bank.StatementError, match=r"add up to 600\.00"):
        bank.read_camt053(data)


def test_a_batch_without_the_amount_of_each_transfer_is_refused_with_a_reason():
    camt = Camt(8)
    data = camt.document(camt.entry("620.00", camt.transaction(), camt.transaction()))

    with pytest.raises(bank.StatementError, match="does not give the amount of each"):
        bank.read_camt053(data)


def test_debits_reversals_and_entries_not_booked_are_left_out():
    camt = Camt(8)
    data = camt.document(
        camt.entry("80.00", camt.transaction(text="Rent"), indicator="DBIT"),
        camt.entry("500.00", camt.transaction(text="Returned"), reversal=True),
        camt.entry("300.00", camt.transaction(text="Pending"), status="PDNG"),
        camt.entry("200.00", camt.transaction(text="Kept")),
    )

    assert [line.remittance for line in bank.read_camt053(data)] == ["Kept"]


def test_a_booking_date_with_a_time_is_read_as_its_day():
    camt = Camt(13)
    data = camt.document(camt.entry("10.00", booked_time="2026-12-02T23:10:00+01:00"))

    assert bank.read_camt053(data)[0].booked_on == datetime.date(2026, 12, 2)


def test_the_bank_key_is_the_same_each_time_and_depends_on_the_account():
    def key(version=8, iban=IBAN):
        camt = Camt(version, iban)
        data = camt.document(camt.entry("500.00", camt.transaction(ref="TX-9")))
        return bank.read_camt053(data)[0].bank_key

    assert key() == key() == key(version=4)
    assert key(iban="CH9300762011623852957") != key()


def test_identical_entries_without_a_bank_reference_are_told_apart_by_their_order():
    camt = Camt(8)
    same = camt.entry("50.00", camt.transaction(text="Books", payer="Jo Weber"))
    data = camt.document(same, same, camt.entry("50.00", camt.transaction(text="Other")))

    keys = [line.bank_key for line in bank.read_camt053(data)]

    assert len(set(keys)) == 3
    assert keys == [line.bank_key for line in bank.read_camt053(data)]


def test_statements_of_several_accounts_in_one_document_are_all_read():
    camt = Camt(8)
    data = camt.document(
        statements=[
            (IBAN, [camt.entry("10.00", ref="R1")]),
            ("CH9300762011623852957", [camt.entry("20.00", currency="CHF", ref="R1")]),
        ]
    )

    lines = bank.read_camt053(data)

    assert [(line.amount, line.currency) for line in lines] == [
        (Decimal("10.00"), "EUR"),
        (Decimal("20.00"), "CHF"),
    ]
    assert lines[0].bank_key != lines[1].bank_key


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE Document [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
<BkToCstmrStmt><GrpHdr><MsgId>&lol9;</MsgId></GrpHdr></BkToCstmrStmt></Document>
"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE Document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><Stmt>
<Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2026-12-03</Dt></BookgDt>
<NtryDtls><TxDtls><RmtInf><Ustrd>&secret;</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
</Stmt></BkToCstmrStmt></Document>
"""

DOCUMENT_TYPE_ONLY = b"""<?xml version="1.0"?>
<!DOCTYPE Document SYSTEM "http://attacker.example/camt.dtd">
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt/></Document>
"""


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL_ENTITY, DOCUMENT_TYPE_ONLY])
def test_hostile_xml_is_refused_before_anything_is_read(data):
    with pytest.raises(bank.StatementError, match="declares entities or a document type"):
        bank.read_statement(data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<Document><BkToCstmrStmt>", "broken"),
        (
            b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08">'
            b"<BkToCstmrDbtCdtNtfctn/></Document>",
            "not a CAMT.053 bank statement",
        ),
        (b"<html><body>Statement</body></html>", "not a CAMT.053 bank statement"),
        (
            Camt(8).document(Camt(8).entry("12.345")),
            r"amount that cannot be read: 12\.345",
        ),
        (
            Camt(8).document(Camt(8).entry("0.00")),
            "amount that cannot be read",
        ),
        (Camt(8).document(Camt(8).entry("5.00", booked="soon")), "no booking date"),
    ],
)
def test_xml_that_is_not_a_readable_statement_is_refused_with_a_reason(data, message):
    with pytest.raises(bank.StatementError, match=message):
        bank.read_statement(data)


# --- Reading CSV ---


def test_a_comma_separated_file_is_read():
    data = csv_file(
        [
            ["2026-12-03", "500.00", "EUR", "RF32202600001", '"Ruiz, Ana"'],
            ["2026-12-04", "75", "chf", "", ""],
        ]
    )

    assert bank.read_statement(data)[0] == bank.CSV
    first, second = bank.read_csv(data)
    assert (first.booked_on, first.amount, first.currency) == (
        datetime.date(2026, 12, 3),
        Decimal("500.00"),
        "EUR",
    )
    assert (first.reference, first.payer) == ("RF32202600001", "Ruiz, Ana")
    assert (second.amount, second.currency, second.payer) == (Decimal("75.00"), "CHF", "")


def test_a_semicolon_separated_file_with_a_bom_and_decimal_commas_is_read():
    data = csv_file(
        [
            ["2026-12-03", "1234,50", "EUR", "Rechnung 2026-00001", "Jürgen Müller"],
            ["2026-12-03", "20.10", "EUR", "", ""],
        ],
        delimiter=";",
        bom=True,
    )

    lines = bank.read_csv(data)

    assert [line.amount for line in lines] == [Decimal("1234.50"), Decimal("20.10")]
    assert lines[0].payer == "Jürgen Müller"


def test_the_columns_may_come_in_any_order_and_case():
    data = csv_file([["Ana", "RF32202600001", "EUR", "5.00", "2026-12-03"]])
    data = data.replace(
        b"date,amount,currency,reference,payer", b"Payer,Reference,Currency,Amount,Date"
    )

    (line,) = bank.read_csv(data)

    assert (line.payer, line.amount) == ("Ana", Decimal("5.00"))


def test_money_paid_out_is_left_out_of_a_csv():
    data = csv_file(
        [["2026-12-03", "-80.00", "EUR", "Rent", ""], ["2026-12-03", "5", "EUR", "", ""]]
    )

    assert [line.amount for line in bank.read_csv(data)] == [Decimal("5.00")]


def test_each_bad_row_is_named_and_nothing_is_read():
    data = csv_file(
        [
            ["2026-12-03", "500.00", "EUR", "fine", ""],
            ["03.12.2026", "500.00", "EUR", "", ""],
            ["2026-12-03", "five", "EUR", "", ""],
            ["2026-12-03", "5.00", "EURO", "", ""],
            ["2026-12-03", "0", "EUR", "", ""],
            ["2026-12-03", "5.00"],
            ["2026-12-03", "1.234,50", "EUR", "", ""],
        ],
        delimiter=";",
    )

    with pytest.raises(bank.StatementError) as refused:
        bank.read_csv(data)

    assert refused.value.messages == [
        "Row 3: the date “03.12.2026” is not a date like 2026-12-31.",
        "Row 4: the amount “five” is not a number like 1234.50.",
        "Row 5: the currency “EURO” is not a code of three letters, like EUR.",
        "Row 6: the amount is zero.",
        "Row 7: it has 2 columns, where 5 are needed.",
        "Row 8: the amount “1.234,50” is not a number like 1234.50.",
    ]


def test_a_decimal_comma_is_not_read_in_a_comma_separated_file():
    data = csv_file([["2026-12-03", '"12,50"', "EUR", "", ""]])

    with pytest.raises(bank.StatementError, match="Row 2: the amount “12,50”"):
        bank.read_csv(data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"when,how much\n2026-12-03,5\n", "first row must name the columns"),
        (b"%PDF-1.7\n\x00\x01\x02", "neither a CAMT.053 statement nor UTF-8 text"),
        ("date,amount,currency,reference,payer\n".encode("utf-16"), "neither"),
    ],
)
def test_a_file_that_is_no_statement_is_refused_with_a_reason(data, message):
    with pytest.raises(bank.StatementError, match=message):
        bank.read_statement(data)


# --- Finding the invoice a payment names ---


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("RF32202600001", ["RF32202600001"]),
        ("rf32 2026 0000 1", ["RF32202600001"]),
        ("Deposit, ref. RF32 2026 0000 1. Thanks!", ["RF32202600001"]),
        ("RF33202600001", []),
        ("RF18 5390 0754 7034", ["RF18539007547034"]),
        ("RF18 5390 0754 7035", []),
        ("Reference 2026-00001", []),
    ],
)
def test_creditor_references_are_found_only_with_right_check_digits(text, found):
    assert payments.creditor_references(text) == found


def test_creditor_references_of_the_invoices_have_right_check_digits():
    for sequence in (1, 12, 99999):
        assert payments.is_creditor_reference(issuing.creditor_reference(2026, sequence))


# --- Importing: matching, recording, counting ---


def upload(data, name="statement.xml"):
    return SimpleUploadedFile(name, data)


@pytest.fixture
def invoices(deposit_invoice):
    """Five deposit invoices in euros (500.00 each) and one in Swiss francs."""
    made = {key: deposit_invoice(name=f"Trainee {key}") for key in "abcde"}
    made["franc"] = deposit_invoice(currency="CHF", name="Trainee franc")
    return made


def day_statement(invoices, version=8):
    """A day's statement: a transfer for each way a payment can go, a debit and a batch."""
    camt = Camt(version)
    a, b, c, d, e = (invoices[key] for key in "abcde")
    return camt.document(
        camt.entry(
            "500.00",
            camt.transaction(ref="T1", creditor_reference=a.payment_reference, payer="Trainee a"),
        ),
        camt.entry(
            "200.00", camt.transaction(ref="T2", text=f"Deposit {b.number}", payer="Trainee b")
        ),
        camt.entry(
            "90.00", camt.transaction(ref="T3", text="RF18 5390 0754 7034", payer="Stranger")
        ),
        camt.entry(
            "650.00",
            camt.transaction(ref="T4", text=f"inv {grouped(c.payment_reference)}", payer="C"),
        ),
        camt.entry(
            "500.00",
            camt.transaction(ref="T5", creditor_reference=d.payment_reference, payer="D"),
            currency="CHF",
        ),
        camt.entry("80.00", camt.transaction(ref="T6", text=a.number), indicator="DBIT"),
        camt.entry(
            "620.00",
            camt.transaction("500.00", ref="T7", text=e.number, payer="Trainee e"),
            camt.transaction("120.00", ref="T8", text="Donation", payer="Friend"),
            ref="BATCH",
        ),
    )


def test_a_statement_records_each_payment_and_says_what_became_of_it(invoices, officer):
    statement = payments.import_statement(upload(day_statement(invoices)), officer)

    summary = statement.summary
    assert {key: summary[key] for key in ("lines", "duplicates", *Outcome.values)} == {
        "lines": 7,
        "duplicates": 0,
        "paid": 2,
        "partial": 1,
        "overpaid": 1,
        "unmatched": 2,
        "ambiguous": 0,
        "currency": 1,
    }
    recorded = {
        payment.payer: (payment.invoice, payment.amount, summary["outcomes"][str(payment.pk)])
        for payment in Payment.objects.select_related("invoice")
    }
    assert recorded == {
        "Trainee a": (invoices["a"], Decimal("500.00"), "paid"),
        "Trainee b": (invoices["b"], Decimal("200.00"), "partial"),
        "Stranger": (None, Decimal("90.00"), "unmatched"),
        "C": (invoices["c"], Decimal("650.00"), "overpaid"),
        "D": (None, Decimal("500.00"), "currency"),
        "Trainee e": (invoices["e"], Decimal("500.00"), "paid"),
        "Friend": (None, Decimal("120.00"), "unmatched"),
    }
    payment = Payment.objects.get(payer="Trainee b")
    assert (payment.received_on, payment.currency, payment.source) == (
        datetime.date(2026, 12, 3),
        "EUR",
        Payment.Source.CAMT053,
    )
    assert (payment.statement, payment.recorded_by) == (statement, officer)
    assert payment.reference == f"Deposit {invoices['b'].number}"
    assert (statement.format, statement.file_name, statement.imported_by) == (
        "camt053",
        "statement.xml",
        officer,
    )
    balances = dict(Invoice.objects.with_balance().values_list("number", "balance"))
    assert balances[invoices["b"].number] == Decimal("300.00")
    assert balances[invoices["c"].number] == Decimal("-150.00")
    assert balances[invoices["d"].number] == Decimal("500.00")


def test_each_assigned_payment_adds_paid_to_the_timeline(invoices, officer):
    payments.import_statement(upload(day_statement(invoices)), officer)

    paid = Event.objects.filter(code=Event.Code.PAID)
    assert sorted(event.application.name for event in paid) == [
        "Trainee a",
        "Trainee b",
        "Trainee c",
        "Trainee e",
    ]
    assert {event.actor for event in paid} == {officer}
    assert all(event.to_status == "accepted" for event in paid)


def test_importing_a_statement_again_changes_nothing(invoices, officer):
    data = day_statement(invoices)
    payments.import_statement(upload(data), officer)
    before = (
        list(Payment.objects.values_list("pk", "invoice", "amount", "bank_key")),
        Event.objects.count(),
        list(Invoice.objects.with_balance().values_list("pk", "balance")),
    )

    again = payments.import_statement(upload(data, "again.xml"), officer)

    assert again.summary["duplicates"] == 7
    assert again.summary["outcomes"] == {}
    assert sum(again.summary[outcome] for outcome in Outcome.values) == 0
    after = (
        list(Payment.objects.values_list("pk", "invoice", "amount", "bank_key")),
        Event.objects.count(),
        list(Invoice.objects.with_balance().values_list("pk", "balance")),
    )
    assert after == before


def test_the_same_payments_in_another_version_of_the_format_are_duplicates(invoices, officer):
    payments.import_statement(upload(day_statement(invoices, version=2)), officer)

    again = payments.import_statement(upload(day_statement(invoices, version=13)), officer)

    assert again.summary["duplicates"] == 7
    assert Payment.objects.count() == 7


def test_a_statement_that_pays_an_invoice_twice_measures_each_payment_in_turn(
    deposit_invoice, officer
):
    invoice = deposit_invoice()
    camt = Camt(8)
    data = camt.document(
        camt.entry("300.00", camt.transaction(ref="P1", text=invoice.number), booked="2026-12-01"),
        camt.entry("200.00", camt.transaction(ref="P2", text=invoice.number), booked="2026-12-02"),
        camt.entry("50.00", camt.transaction(ref="P3", text=invoice.number), booked="2026-12-03"),
    )

    statement = payments.import_statement(upload(data), officer)

    outcomes = [
        statement.summary["outcomes"][str(pk)]
        for pk in Payment.objects.order_by("received_on").values_list("pk", flat=True)
    ]
    assert outcomes == ["partial", "paid", "overpaid"]


def test_a_credit_note_named_in_a_transfer_is_not_paid(deposit_invoice, officer):
    invoice = deposit_invoice()
    note = issuing.cancel_invoice(invoice, "Moved to another training")
    data = Camt(8).document(
        Camt(8).entry("500.00", Camt(8).transaction(ref="X", text=f"Credit note {note.number}"))
    )

    statement = payments.import_statement(upload(data), officer)

    assert statement.summary["unmatched"] == 1
    assert Payment.objects.get().invoice is None


def test_a_transfer_naming_two_invoices_is_left_for_staff(deposit_invoice, officer):
    first, second = deposit_invoice(), deposit_invoice()
    data = Camt(8).document(
        Camt(8).entry(
            "1000.00", Camt(8).transaction(ref="X", text=f"{first.number} {second.number}")
        )
    )

    statement = payments.import_statement(upload(data), officer)

    assert statement.summary["ambiguous"] == 1
    assert Payment.objects.get().invoice is None


def test_a_structured_reference_wins_over_a_number_in_the_text(deposit_invoice, officer):
    first, second = deposit_invoice(), deposit_invoice()
    data = Camt(8).document(
        Camt(8).entry(
            "500.00",
            Camt(8).transaction(
                ref="X", creditor_reference=second.payment_reference, text=f"Old {first.number}"
            ),
        )
    )

    payments.import_statement(upload(data), officer)

    assert Payment.objects.get().invoice == second


def test_a_csv_statement_is_imported_and_matched(invoices, officer):
    a = invoices["a"]
    data = csv_file(
        [
            ["2026-12-03", "500,00", "EUR", grouped(a.payment_reference), "Ana"],
            ["2026-12-03", "12,00", "EUR", "unknown", "Jo"],
        ],
        delimiter=";",
        bom=True,
    )

    statement = payments.import_statement(upload(data, "bank.csv"), officer)
    again = payments.import_statement(upload(data, "bank.csv"), officer)

    assert statement.format == "csv"
    assert (statement.summary["paid"], statement.summary["unmatched"]) == (1, 1)
    assert Payment.objects.get(payer="Ana").invoice == a
    assert Payment.objects.get(payer="Ana").source == Payment.Source.CSV
    assert again.summary["duplicates"] == 2


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_a_hostile_file_records_nothing(data, officer):
    with pytest.raises(bank.StatementError):
        payments.import_statement(upload(data), officer)

    assert not BankStatement.objects.exists()
    assert not Payment.objects.exists()


def test_a_file_over_the_size_limit_is_refused_unread(settings, officer):
    settings.BANK_STATEMENT_MAX_MB = 1
    row = "2026-12-03,1.00,EUR,padding padding padding padding padding,Someone\n"
    data = csv_file([]) + row.encode() * (1024 * 1024 // len(row) + 1)

    with pytest.raises(bank.StatementError, match="larger than 1 MB"):
        payments.import_statement(upload(data, "big.csv"), officer)

    assert not Payment.objects.exists()


def test_an_empty_file_is_refused(officer):
    with pytest.raises(bank.StatementError, match="empty"):
        payments.import_statement(upload(b"", "empty.csv"), officer)


def import_twice_at_once(data):
    """Two imports of ``data`` started together in threads (each its own connection)."""
    barrier = threading.Barrier(2)
    results = [None, None]

    def run(index):
        try:
            barrier.wait()
            results[index] = payments.import_statement(upload(data), None)
        except Exception as error:  # reported by the callers' assertions
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(isinstance(result, BankStatement) for result in results), results
    recorded = sum(len(result.summary["outcomes"]) for result in results)
    duplicates = sum(result.summary["duplicates"] for result in results)
    return recorded, duplicates


@pytest.mark.django_db(transaction=True)
def test_two_imports_of_one_statement_at_once_record_each_payment_once(invoices):
    assert import_twice_at_once(day_statement(invoices)) == (7, 7)

    assert Payment.objects.count() == 7
    assert Payment.objects.values("bank_key").distinct().count() == 7
    assert Event.objects.filter(code=Event.Code.PAID).count() == 4


@pytest.mark.django_db(transaction=True)
def test_two_imports_at_once_of_payments_for_no_invoice_record_each_once():
    # No application to lock: the second import meets the first one's keys in the index.
    camt = Camt(8)
    data = camt.document(
        *(camt.entry("10.00", camt.transaction(ref=f"U{n}", text="gift")) for n in range(20))
    )

    assert import_twice_at_once(data) == (20, 20)

    assert Payment.objects.count() == 20


def test_matching_a_statement_costs_two_queries_however_long_it_is(
    invoices, django_assert_num_queries
):
    lines = bank.read_camt053(day_statement(invoices)) * 10

    with django_assert_num_queries(2):
        matches = payments.find_invoices(lines)

    assert [invoice for invoice, _outcome in matches[:7]] == [
        invoices["a"],
        invoices["b"],
        None,
        invoices["c"],
        None,
        invoices["e"],
        None,
    ]
