import datetime
import hashlib
import io
import threading
from decimal import Decimal

import pytest
from django.core.files import File
from django.core.files.uploadedfile import InMemoryUploadedFile, SimpleUploadedFile
from django.db import connection, transaction

from applicants.invoices import bank, issuing, payments
from applicants.invoices.models import BankStatement, Invoice, Payment
from applicants.models import Application, Event
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
        camt.entry("500.00", camt.transaction(text="Returned"), reversal="true"),
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


def entry_xml(
    *, amount='<Amt Ccy="EUR">5.00</Amt>', dates="<BookgDt><Dt>2026-12-03</Dt></BookgDt>"
):
    """An entry written by hand, for the shapes the :class:`Camt` writer never makes."""
    return f"<Ntry>{amount}<CdtDbtInd>CRDT</CdtDbtInd>{dates}</Ntry>"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"<Document><BkToCstmrStmt>",
            "This XML file is broken and cannot be read (no element found: line 1, column 25).",
        ),
        (
            DOCUMENT_TYPE_ONLY,
            "This XML file declares entities or a document type, which bank statements never "
            "do; it was not read.",
        ),
        (
            b"<Report><BkToCstmrStmt><Stmt/></BkToCstmrStmt></Report>",
            "This XML file is not a CAMT.053 bank statement (bank-to-customer statement).",
        ),
        (
            b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08">'
            b"<BkToCstmrDbtCdtNtfctn/></Document>",
            "This XML file is not a CAMT.053 bank statement (bank-to-customer statement).",
        ),
        (
            b"<html><body>Statement</body></html>",
            "This XML file is not a CAMT.053 bank statement (bank-to-customer statement).",
        ),
    ],
)
def test_xml_that_is_no_bank_statement_is_refused_with_the_whole_reason(data, message):
    with pytest.raises(bank.StatementError) as refused:
        bank.read_statement(data)

    assert refused.value.messages == [message]


CAMT = Camt(8)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (entry_xml(amount=""), "Entry 2 has no amount."),
        (
            entry_xml(amount='<Amt Ccy="EUR"/>'),
            "Entry 2 has an amount that cannot be read:  EUR.",
        ),
        (CAMT.entry("12.345"), "Entry 2 has an amount that cannot be read: 12.345 EUR."),
        (CAMT.entry("0.00"), "Entry 2 has an amount that cannot be read: 0.00 EUR."),
        (CAMT.entry("-5.00"), "Entry 2 has an amount that cannot be read: -5.00 EUR."),
        (CAMT.entry("5.00", currency="EU"), "Entry 2 has an amount that cannot be read: 5.00 EU."),
        (
            entry_xml(amount="<Amt>5.00</Amt>"),
            "Entry 2 has an amount that cannot be read: 5.00 .",
        ),
        (
            CAMT.entry("1" * 40),
            f"Entry 2 has an amount that cannot be read: {'1' * 30} EUR.",
        ),
        (CAMT.entry("5.00", booked="soon"), "Entry 2 has no booking date that can be read."),
        (entry_xml(dates=""), "Entry 2 has no booking date that can be read."),
        (
            CAMT.entry("620.00", CAMT.transaction(), CAMT.transaction()),
            "Entry 2 is a batch of 2 transfers that does not give the amount of each. Please "
            "ask the bank for a statement with transaction details.",
        ),
        (
            CAMT.entry("620.00", CAMT.transaction("500.00"), CAMT.transaction("120.00", "CHF")),
            "Entry 2 mixes currencies (EUR and CHF).",
        ),
        (
            CAMT.entry("620.00", CAMT.transaction("500.00"), CAMT.transaction("100.00")),
            "The transfers of entry 2 add up to 600.00, not to the entry's 620.00 EUR.",
        ),
        (
            CAMT.entry("500.00", CAMT.transaction("500.00"), CAMT.transaction("0.00")),
            "Entry 2 has an amount that cannot be read: 0.00 EUR.",
        ),
    ],
)
def test_an_entry_that_cannot_be_read_is_named_by_its_place_in_the_file(entry, message):
    # The first entry, a debit, is left out of the lines but counted in the numbering.
    data = CAMT.document(CAMT.entry("80.00", indicator="DBIT"), entry)

    with pytest.raises(bank.StatementError) as refused:
        bank.read_statement(data)

    assert refused.value.messages == [message]


def test_entries_are_numbered_across_the_statements_of_a_document():
    data = CAMT.document(
        statements=[
            (IBAN, [CAMT.entry("10.00"), CAMT.entry("20.00")]),
            ("CH9300762011623852957", [CAMT.entry("30.00", currency="CHF", booked="soon")]),
        ]
    )

    with pytest.raises(bank.StatementError) as refused:
        bank.read_statement(data)

    assert refused.value.messages == ["Entry 3 has no booking date that can be read."]


def test_a_batch_nets_a_transfer_sent_back_within_it():
    data = CAMT.document(
        CAMT.entry(
            "400.00",
            CAMT.transaction("100.00", ref="TX-1", text="Returned", indicator="DBIT"),
            CAMT.transaction("500.00", ref="TX-2", text="Deposit", indicator="CRDT"),
        )
    )

    (line,) = bank.read_camt053(data)

    assert (line.amount, line.currency, line.remittance) == (Decimal("500.00"), "EUR", "Deposit")


@pytest.mark.parametrize(
    ("version", "entry", "kept"),
    [
        (4, Camt(4).entry("1.00", status=" BOOK "), True),
        (4, Camt(4).entry("1.00", status=" PDNG "), False),
        (4, Camt(4).entry("1.00", status=""), True),
        (8, Camt(8).entry("1.00", status=""), True),
        (8, Camt(8).entry("1.00", reversal="1"), False),
        (8, Camt(8).entry("1.00", reversal="false"), True),
        (8, Camt(8).entry("1.00", indicator="DBIT"), False),
    ],
)
def test_only_a_credit_booked_and_not_reversed_becomes_a_line(version, entry, kept):
    assert len(bank.read_camt053(Camt(version).document(entry))) == (1 if kept else 0)


@pytest.mark.parametrize(
    ("dates", "booked_on"),
    [
        (
            "<BookgDt><Dt>2026-12-03</Dt></BookgDt><ValDt><Dt>2026-12-05</Dt></ValDt>",
            datetime.date(2026, 12, 3),
        ),
        (
            "<BookgDt><DtTm>2026-12-02T23:10:00+01:00</DtTm></BookgDt>"
            "<ValDt><Dt>2026-12-05</Dt></ValDt>",
            datetime.date(2026, 12, 2),
        ),
        ("<ValDt><Dt>2026-12-05</Dt></ValDt>", datetime.date(2026, 12, 5)),
        ("<ValDt><DtTm>2026-12-06T00:30:00+01:00</DtTm></ValDt>", datetime.date(2026, 12, 6)),
    ],
)
def test_the_day_of_a_line_is_its_booking_date_else_its_value_date(dates, booked_on):
    (line,) = bank.read_camt053(CAMT.document(entry_xml(dates=dates)))

    assert line.booked_on == booked_on


def test_an_amount_and_currency_are_read_with_spaces_and_in_lower_case():
    (line,) = bank.read_camt053(CAMT.document(entry_xml(amount='<Amt Ccy=" eur "> 5.5 </Amt>')))

    assert (line.amount, line.currency) == (Decimal("5.50"), "EUR")


def test_all_a_transfer_says_is_read_and_cut_to_what_a_payment_holds():
    transaction = (
        "<TxDtls><RltdPties><Dbtr><Nm>Ana  Ruiz</Nm></Dbtr></RltdPties><RmtInf>"
        "<Ustrd>Deposit\n   of</Ustrd><Ustrd/><Ustrd>Ana Ruiz</Ustrd>"
        "<Strd><CdtrRefInf><Ref>RF32202600001</Ref></CdtrRefInf></Strd>"
        "<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp></CdtrRefInf></Strd>"
        "</RmtInf><RmtInf><Ustrd>2026</Ustrd>"
        "<Strd><CdtrRefInf><Ref>RF18 5390 0754 7034</Ref></CdtrRefInf></Strd>"
        "</RmtInf></TxDtls>"
    )
    long_transaction = CAMT.transaction(
        creditor_reference="R" * 600, text="T" * 600, payer="P" * 300
    )
    data = CAMT.document(CAMT.entry("5.00", transaction), CAMT.entry("6.00", long_transaction))

    short, long = bank.read_camt053(data)

    assert (short.structured_reference, short.remittance, short.payer) == (
        "RF32202600001 RF18 5390 0754 7034",
        "Deposit of Ana Ruiz 2026",
        "Ana Ruiz",
    )
    assert short.reference == "RF32202600001 RF18 5390 0754 7034 Deposit of Ana Ruiz 2026"
    assert (long.structured_reference, long.remittance, long.payer) == (
        "R" * 500,
        "T" * 500,
        "P" * 200,
    )
    assert long.reference == "R" * 500


@pytest.mark.parametrize(
    "namespace",
    [
        ' xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.14"',
        "",
    ],
)
def test_elements_are_known_by_their_local_names_whatever_the_namespace(namespace):
    data = CAMT.document(CAMT.entry("5.00")).replace(
        b' xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"', namespace.encode()
    )

    assert [line.amount for line in bank.read_camt053(data)] == [Decimal("5.00")]


def test_a_statement_may_begin_with_a_byte_order_mark_and_a_kilobyte_of_blank_lines():
    document = CAMT.document(CAMT.entry("5.00")).split(b"\n", 1)[1]

    file_format, lines = bank.read_statement(b"\xef\xbb\xbf" + b"\r\n \t" * 300 + document)

    assert (file_format, [line.amount for line in lines]) == (bank.CAMT053, [Decimal("5.00")])


def expected_key(*parts):
    """A bank key as the portal has always made it: the SHA-256 of the parts, joined."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def test_bank_keys_stay_those_that_earlier_imports_stored():
    # Payments keep the key of their entry: a statement imported again after an update of the
    # portal must give the same keys, or its payments would be recorded twice.
    data = CAMT.document(
        CAMT.entry("5.00", CAMT.transaction(ref="TX-1"), ref="E1"),
        CAMT.entry("6.00", CAMT.transaction(text="Fee"), ref="E2"),
        CAMT.entry(
            "30.00",
            CAMT.transaction("10.00", ref="TX-3"),
            CAMT.transaction("20.00"),
            ref="B3",
        ),
        CAMT.entry("50.00", CAMT.transaction(text="Books", payer="Jo Weber")),
        CAMT.entry("50.00", CAMT.transaction(text="Books", payer="Jo Weber")),
        CAMT.entry("10.00"),
    )
    other_account = CAMT.document(CAMT.entry("5.00", CAMT.transaction(ref="TX-1"))).replace(
        f"<IBAN>{IBAN}</IBAN>".encode(), b"<Othr><Id>0012345678</Id></Othr>"
    )
    rows = [["2026-12-03", "500", "EUR", "RF32 2026 0000 1", "Ana"]] * 2

    assert [line.bank_key for line in bank.read_camt053(data)] == [
        expected_key("bank", IBAN, "TX-1"),
        expected_key("bank", IBAN, "E2", "0"),
        expected_key("bank", IBAN, "TX-3"),
        expected_key("bank", IBAN, "B3", "2"),
        expected_key("line", IBAN, "2026-12-03", "50.00", "EUR", "", "Books", "Jo Weber", "1"),
        expected_key("line", IBAN, "2026-12-03", "50.00", "EUR", "", "Books", "Jo Weber", "2"),
        expected_key("line", IBAN, "2026-12-03", "10.00", "EUR", "", "", "", "1"),
    ]
    assert [line.bank_key for line in bank.read_camt053(other_account)] == [
        expected_key("bank", "0012345678", "TX-1")
    ]
    assert [line.bank_key for line in bank.read_csv(csv_file(rows))] == [
        expected_key("csv", "2026-12-03", "500.00", "EUR", "RF32 2026 0000 1", "Ana", "1"),
        expected_key("csv", "2026-12-03", "500.00", "EUR", "RF32 2026 0000 1", "Ana", "2"),
    ]


def test_identical_lines_of_two_accounts_are_counted_apart():
    same = CAMT.entry("50.00", CAMT.transaction(text="Books"))
    data = CAMT.document(statements=[(IBAN, [same]), ("CH9300762011623852957", [same])])

    keys = [line.bank_key for line in bank.read_camt053(data)]

    assert keys == [
        expected_key("line", IBAN, "2026-12-03", "50.00", "EUR", "", "Books", "", "1"),
        expected_key(
            "line", "CH9300762011623852957", "2026-12-03", "50.00", "EUR", "", "Books", "", "1"
        ),
    ]


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
    assert (first.structured_reference, first.remittance) == ("", "RF32202600001")
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
        (b"%PDF-1.7\n\x00\x01\x02", "This file is neither a CAMT.053 statement nor UTF-8 text."),
        (
            "date,amount,currency,reference,payer\n".encode("utf-16"),
            "This file is neither a CAMT.053 statement nor UTF-8 text.",
        ),
        # Only blanks and a byte order mark may come before the markup of XML.
        (
            b"X<Document/>",
            "This file is not a CAMT.053 statement, and as CSV its first row must name the "
            "columns date,amount,currency,reference,payer.",
        ),
        (
            b"when,how much\n2026-12-03,5\n",
            "This file is not a CAMT.053 statement, and as CSV its first row must name the "
            "columns date,amount,currency,reference,payer.",
        ),
        (
            csv_file([], header="date,amount,currency,reference"),
            "This file is not a CAMT.053 statement, and as CSV its first row must name the "
            "columns date,amount,currency,reference,payer.",
        ),
        (
            csv_file(
                [["2026-12-03", "5", "EUR", "", ""], ["2026-12-03", "5", "EUR", "x" * 131073, ""]]
            ),
            "Row 3 cannot be read as CSV (field larger than field limit (131072)).",
        ),
    ],
)
def test_a_file_that_is_no_statement_is_refused_with_the_whole_reason(data, message):
    with pytest.raises(bank.StatementError) as refused:
        bank.read_statement(data)

    assert refused.value.messages == [message]


@pytest.mark.parametrize("newline", ["\r\n", "\n", "\r"])
def test_a_csv_file_is_read_with_any_line_ending(newline):
    data = newline.join(["date,amount,currency,reference,payer", "2026-12-03,5,EUR,,Ana", ""])

    lines = bank.read_csv(data.encode())

    assert [(line.amount, line.payer) for line in lines] == [(Decimal("5.00"), "Ana")]


def test_a_file_of_only_a_byte_order_mark_is_no_statement():
    with pytest.raises(bank.StatementError) as refused:
        bank.read_statement(b"\xef\xbb\xbf")

    assert refused.value.messages == [
        "This file is not a CAMT.053 statement, and as CSV its first row must name the "
        "columns date,amount,currency,reference,payer."
    ]


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_the_header_is_read_with_spaces_around_its_names(delimiter):
    data = csv_file(
        [["2026-12-03", "5", "EUR", "", ""]],
        delimiter=delimiter,
        header=" Date , Amount,CURRENCY ,reference,payer",
    )

    assert [line.amount for line in bank.read_csv(data)] == [Decimal("5.00")]


def test_a_header_with_as_many_semicolons_as_commas_is_read_as_comma_separated():
    data = csv_file(
        [["2026-12-03", "5", "EUR", "", "", "x"]],
        header="date,amount,currency,reference,payer,a;b;c;d;e;f",
    )

    assert [line.amount for line in bank.read_csv(data)] == [Decimal("5.00")]


def test_a_semicolon_separated_file_is_known_by_its_header_whatever_its_rows_hold():
    text = "Deposit, Ana Ruiz, course 12, group B, Mon, Tue, Wed, Thu, Fri, thanks, see you"
    data = csv_file([["2026-12-03", "5,00", "EUR", text, ""]], delimiter=";")

    (line,) = bank.read_csv(data)

    assert (line.amount, line.remittance) == (Decimal("5.00"), text)


@pytest.mark.parametrize(
    ("count", "last"), [(20, None), (21, "and 1 more row."), (22, "and 2 more rows.")]
)
def test_the_first_twenty_bad_rows_are_named_and_the_rest_counted(count, last):
    data = csv_file([["2026-12-03", "five", "EUR", "", ""]] * count)

    with pytest.raises(bank.StatementError) as refused:
        bank.read_csv(data)

    named = [f"Row {row}: the amount “five” is not a number like 1234.50." for row in range(2, 22)]
    assert refused.value.messages == named[:count] + ([last] if last else [])
    assert str(refused.value) == " ".join(refused.value.messages)


def test_blank_rows_are_skipped_and_rows_keep_their_numbers_in_the_file():
    data = (
        csv_file(
            [[""], ["", "", "", "", ""], [" ", "  "], ["2026-12-03", "5", "EUR", "", "", "extra"]],
            delimiter=";",
        )
        + b"2026-12-03;5;EUR\r\n"
    )

    with pytest.raises(bank.StatementError) as refused:
        bank.read_csv(data)

    assert refused.value.messages == ["Row 6: it has 3 columns, where 5 are needed."]


@pytest.mark.parametrize(
    ("amount", "read"),
    [
        ("+5", Decimal("5.00")),
        ("0.01", Decimal("0.01")),
        ("5.000", Decimal("5.00")),
        ("1 234.50", Decimal("1234.50")),
        ("99999999.99", Decimal("99999999.99")),
        ("-99999999.99", None),
    ],
)
def test_amounts_are_read_up_to_what_a_payment_holds(amount, read):
    lines = bank.read_csv(csv_file([["2026-12-03", amount, "EUR", "", ""]]))

    assert [line.amount for line in lines] == ([read] if read else [])


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            ["2026-12-03 is when the money came", "5", "EUR", "", ""],
            "the date “2026-12-03 is when the money c” is not a date like 2026-12-31.",
        ),
        *(
            (
                ["2026-12-03", amount, "EUR", "", ""],
                f"the amount “{amount}” is not a number like 1234.50.",
            )
            for amount in ("100000000.00", "-100000000.00", "5.001", "1e3", ".5", "5.", "0x10")
        ),
        (
            ["2026-12-03", "1" * 40, "EUR", "", ""],
            f"the amount “{'1' * 30}” is not a number like 1234.50.",
        ),
        (["2026-12-03", "0.00", "EUR", "", ""], "the amount is zero."),
        (
            ["2026-12-03", "5", "Euro, the currency of Europe", "", ""],
            "the currency “Euro, the currency of Europe” is not a code of three letters, like EUR.",
        ),
        (
            ["2026-12-03", "5", "E" * 40, "", ""],
            f"the currency “{'E' * 30}” is not a code of three letters, like EUR.",
        ),
        (["2026-12-03", "5", "EUR", "r" * 501, ""], "the reference is longer than 500 characters."),
        (["2026-12-03", "5", "EUR", "", "p" * 201], "the payer is longer than 200 characters."),
    ],
)
def test_a_bad_row_is_explained_in_full(row, message):
    data = csv_file([row], delimiter=";")

    with pytest.raises(bank.StatementError) as refused:
        bank.read_csv(data)

    assert refused.value.messages == [f"Row 2: {message}"]


def test_a_reference_and_a_payer_as_long_as_a_payment_holds_are_read():
    (line,) = bank.read_csv(csv_file([["2026-12-03", "5", "eur", "r" * 500, "p" * 200]]))

    assert (line.currency, line.reference, line.payer) == ("EUR", "r" * 500, "p" * 200)


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


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("RF77 ABCD EFGH IJ12 3456 7890 2", ["RF77ABCDEFGHIJ12345678902"]),
        ("RF 18 53 90 07 54 70 34", ["RF18539007547034"]),
        ("RF 1 8 53 90 07 54 70 34", []),
        ("RF77ABCDEFGHIJ12345678902 2", ["RF77ABCDEFGHIJ12345678902"]),
        ("RF18 5390 0754 7034 and RF32 2026 0000 1", ["RF18539007547034", "RF32202600001"]),
    ],
)
def test_a_creditor_reference_is_found_in_up_to_eight_groups_of_up_to_25_characters(text, found):
    assert payments.creditor_references(text) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Invoice 2026-00012, thanks", ["2026-00012"]),
        ("2026 - 00012 and 2027-123456789", ["2026-00012", "2027-123456789"]),
        ("2026-000012", ["2026-00012"]),
        ("12026-00012", []),
        ("2026-0001234567", []),
        ("2026-0012", []),
        ("2026  -  00012", []),
        ("2026--00012", []),
    ],
)
def test_invoice_numbers_are_found_in_the_text_of_a_transfer(text, found):
    assert payments.invoice_numbers(text) == found


def statement_line(text="", structured="", currency="EUR"):
    """A statement line naming what ``text`` and ``structured`` name."""
    return bank.StatementLine(
        booked_on=datetime.date(2026, 12, 3),
        amount=Decimal("500.00"),
        currency=currency,
        structured_reference=structured,
        remittance=text,
        payer="",
        bank_key=text + structured,
    )


def test_a_transfer_is_matched_by_what_it_names_and_in_its_currency(deposit_invoice):
    first, second = deposit_invoice(), deposit_invoice()
    franc = deposit_invoice(currency="CHF")
    unknown = "RF18539007547034"

    matches = payments.find_invoices(
        [
            statement_line(structured=first.payment_reference, text=second.payment_reference),
            statement_line(structured=first.payment_reference, text=first.payment_reference),
            statement_line(structured=unknown, text=f"Deposit {second.number}"),
            statement_line(text=f"{first.number} {grouped(first.payment_reference)}"),
            statement_line(text=franc.number, currency="CHF"),
            statement_line(text=franc.number),
            statement_line(text="2099-00001"),
        ]
    )

    assert matches == [
        (None, Outcome.AMBIGUOUS),
        (first, None),
        (second, None),
        (first, None),
        (franc, None),
        (None, Outcome.CURRENCY),
        (None, Outcome.UNMATCHED),
    ]


def test_staff_read_what_became_of_a_payment_in_these_words():
    assert {outcome.value: str(outcome.label) for outcome in Outcome} == {
        "paid": "paid in full",
        "partial": "partly paid",
        "overpaid": "more than asked",
        "unmatched": "no invoice found",
        "ambiguous": "names several invoices",
        "currency": "in another currency than its invoice",
    }
    assert payments.MATCHED == [Outcome.PAID, Outcome.PARTIAL, Outcome.OVERPAID]


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


@pytest.mark.django_db(transaction=True)
def test_an_import_waits_for_no_application_whose_invoice_it_does_not_pay(deposit_invoice):
    paid, other = deposit_invoice(), deposit_invoice()
    data = Camt(8).document(Camt(8).entry("500.00", Camt(8).transaction(ref="X", text=paid.number)))
    locked, release = threading.Event(), threading.Event()

    def hold_the_other_application():
        try:
            with transaction.atomic():
                Application.objects.select_for_update().get(pk=other.application_id)
                locked.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_the_other_application)
    holder.start()
    assert locked.wait(timeout=30)
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = '2s'")
    try:
        statement = payments.import_statement(upload(data), None)
    finally:
        release.set()
        holder.join(timeout=30)
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")

    assert statement.summary["paid"] == 1


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


def test_a_statement_is_named_after_its_file_or_else_statement(officer):
    data = csv_file([["2026-12-03", "5", "EUR", "", ""]])

    named = payments.import_statement(upload(data, "day.csv"), officer)
    unnamed = payments.import_statement(upload(data, None), officer)

    assert (named.file_name, unnamed.file_name) == ("day.csv", "statement")
    assert named.sha256 == hashlib.sha256(data).hexdigest()
    assert unnamed.summary == {
        "lines": 1,
        "duplicates": 1,
        **dict.fromkeys(Outcome.values, 0),
        "outcomes": {},
    }


def test_a_statement_read_from_a_path_is_named_after_its_file_cut_to_255_characters(officer):
    data = csv_file([["2026-12-03", "5", "EUR", "", ""]])
    name = "exports/2026/" + "x" * 300 + ".csv"

    statement = payments.import_statement(File(io.BytesIO(data), name=name), officer)

    assert statement.file_name == "x" * 255


def of_size(size, stated=True):
    """An uploaded CSV statement of exactly ``size`` bytes, its one row at the very end; with
    ``stated`` False, one whose size the upload did not state."""
    head, row = b"date,amount,currency,reference,payer\n", b"2026-12-03,1.00,EUR,,Ana"
    data = head + b"\n" * (size - len(head) - len(row)) + row
    return InMemoryUploadedFile(
        io.BytesIO(data), "file", "big.csv", "text/csv", len(data) if stated else None, None
    )


@pytest.mark.parametrize("stated", [True, False])
def test_a_file_of_the_size_limit_is_read_and_one_byte_more_is_refused(settings, officer, stated):
    settings.BANK_STATEMENT_MAX_MB = 1

    payments.import_statement(of_size(1024 * 1024, stated), officer)
    with pytest.raises(bank.StatementError) as refused:
        payments.import_statement(of_size(1024 * 1024 + 1, stated), officer)

    assert Payment.objects.get().payer == "Ana"
    assert refused.value.messages == [
        "This file is larger than 1 MB, more than a bank statement should be."
    ]
    assert BankStatement.objects.count() == 1


def test_a_file_read_before_is_read_from_its_start(officer):
    file = upload(csv_file([["2026-12-03", "5", "EUR", "", ""]]), "day.csv")
    file.read()

    statement = payments.import_statement(file, officer)

    assert statement.summary["lines"] == 1


@pytest.mark.parametrize("data", [b"", b" \r\n\t\n"])
def test_an_empty_file_is_refused_as_empty(officer, data):
    with pytest.raises(bank.StatementError) as refused:
        payments.import_statement(upload(data, "empty.csv"), officer)

    assert refused.value.messages == ["This file is empty."]
    assert not BankStatement.objects.exists()


# --- Recording and assigning by hand ---


def waiting(amount="500.00", currency="EUR"):
    """A payment recorded without an invoice."""
    return Payment.objects.create(
        amount=Decimal(amount), currency=currency, received_on=datetime.date(2026, 12, 3)
    )


@pytest.mark.parametrize(
    ("amount", "outcome"),
    [("500.00", Outcome.PAID), ("499.99", Outcome.PARTIAL), ("500.01", Outcome.OVERPAID)],
)
def test_a_payment_entered_by_hand_is_measured_against_its_invoice(
    deposit_invoice, officer, amount, outcome
):
    invoice = deposit_invoice()
    payment = Payment(
        invoice=invoice, amount=Decimal(amount), currency="EUR", received_on=datetime.date.today()
    )

    assert payments.record(payment, officer) == outcome

    payment.refresh_from_db()
    assert (payment.source, payment.recorded_by) == (Payment.Source.MANUAL, officer)
    event = invoice.application.events.get(code=Event.Code.PAID)
    assert (event.actor, event.from_status, event.to_status) == (officer, "accepted", "accepted")


def test_a_payment_entered_by_hand_without_an_invoice_has_no_outcome(officer):
    payment = Payment(amount=Decimal("5.00"), currency="EUR", received_on=datetime.date.today())

    assert payments.record(payment, officer) is None

    assert Payment.objects.get().recorded_by == officer
    assert not Event.objects.filter(code=Event.Code.PAID).exists()


def test_a_waiting_payment_is_assigned_and_measured(deposit_invoice, officer):
    invoice = deposit_invoice()
    payment = waiting("200.00")

    assert payments.assign(payment, invoice, officer) == Outcome.PARTIAL

    assert payment.invoice == invoice
    assert Payment.objects.get(pk=payment.pk).invoice == invoice
    event = invoice.application.events.get(code=Event.Code.PAID)
    assert (event.actor, event.to_status) == (officer, "accepted")


def test_a_credit_note_is_not_paid_by_hand(deposit_invoice, officer):
    note = issuing.cancel_invoice(deposit_invoice(), "Moved to another training")
    payment = Payment(
        invoice=note, amount=Decimal("5.00"), currency="EUR", received_on=datetime.date.today()
    )

    with pytest.raises(payments.PaymentError) as refused:
        payments.record(payment, officer)

    assert str(refused.value) == "A payment pays an invoice, not a credit note."
    assert not Payment.objects.exists()


def test_a_payment_is_not_assigned_to_an_invoice_in_another_currency(deposit_invoice, officer):
    franc = deposit_invoice(currency="CHF")

    with pytest.raises(payments.PaymentError) as refused:
        payments.assign(waiting(), franc, officer)

    assert str(refused.value) == f"Invoice {franc.number} is in CHF; this payment is in EUR."
    assert not Event.objects.filter(code=Event.Code.PAID).exists()


def test_a_payment_assigned_meanwhile_is_not_assigned_again(deposit_invoice, officer):
    first, second = deposit_invoice(), deposit_invoice()
    payment = waiting()
    seen_before = Payment.objects.get(pk=payment.pk)
    payments.assign(payment, first, officer)

    with pytest.raises(payments.PaymentError) as refused:
        payments.assign(seen_before, second, officer)

    assert str(refused.value) == "This payment was assigned to an invoice already."
    assert Payment.objects.get(pk=payment.pk).invoice == first
    assert Event.objects.filter(code=Event.Code.PAID).count() == 1
