import calendar
import datetime
import io
from decimal import Decimal

import pypdf
import pytest
import zxingcpp
from django.conf import settings

from applicants.invoices import issuing, pdf
from applicants.invoices.models import Invoice, InvoiceLine
from applicants.models import BillingDetails
from tests.factories import TrainingFactory, accepted

SPANISH_MONTHS = "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre"
GERMAN_MONTHS = "Januar Februar März April Mai Juni Juli August September Oktober November"
MONTHS = {
    "en": list(calendar.month_name),
    "es": ["", *SPANISH_MONTHS.split(), "diciembre"],
    "de": ["", *GERMAN_MONTHS.split(), "Dezember"],
}


def written_date(day, language):
    """A date as each language writes it in full, spelled out here rather than asked of
    Django, so that a wrong format setting shows."""
    month = MONTHS[language][day.month]
    return {
        "en": f"{day.day} {month} {day.year}",
        "es": f"{day.day} de {month} de {day.year}",
        "de": f"{day.day}. {month} {day.year}",
    }[language]


def issue_deposit(language="en", currency="EUR", deposit="500.00"):
    """The deposit invoice of a trainee billed under names in four scripts, issued as the
    portal issues it."""
    training = TrainingFactory(
        fee=Decimal("4900.00"), deposit=Decimal(deposit), currency=currency, starts_in=200
    )
    application = accepted(training=training, language=language, name="Łukasz Żółć")
    BillingDetails.objects.filter(application=application).update(
        company="Ağaoğlu, Σοφία & Мария", vat_number="DE123456789"
    )
    (invoice,) = issuing.issue_due_invoices(application)
    return invoice


def pages_of(content):
    """The text of each page, its white space (no-break spaces too) made single spaces."""
    reader = pypdf.PdfReader(io.BytesIO(content))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def text_of(content):
    return " ".join(pages_of(content))


def qr_codes(content):
    """What the QR codes among the PDF's images say, read as a banking app reads them."""
    reader = pypdf.PdfReader(io.BytesIO(content))
    return [
        code.text
        for page in reader.pages
        for image in page.images
        for code in zxingcpp.read_barcodes(image.image)
    ]


@pytest.mark.django_db
def test_invoice_prints_what_the_trainee_needs_to_pay_it():
    invoice = issue_deposit()

    text = text_of(pdf.render(invoice))

    assert "Invoice" in text
    assert f"Number {invoice.number}" in text
    assert f"Issue date {written_date(invoice.issued_on, 'en')}" in text
    assert f"Due date {written_date(invoice.due_on, 'en')}" in text
    assert f"Deposit for {invoice.application.training.title} EUR 500.00" in text
    assert "Total EUR 500.00" in text
    assert f"Please pay EUR 500.00 by {written_date(invoice.due_on, 'en')}" in text
    assert "IBAN DE02 1203 0000 0000 2020 51" in text
    assert "BIC BYLADEM1001" in text
    assert "Bank Example Bank" in text
    assert f"Payment reference {pdf.in_groups(invoice.payment_reference)}" in text
    assert "Scan with your banking app to pay." in text


@pytest.mark.django_db
def test_invoice_prints_the_institute_and_the_billed_names_in_any_script():
    invoice = issue_deposit()

    text = text_of(pdf.render(invoice))

    assert "Imago International Training Institute Example Street 1 10115 Berlin Germany" in text
    assert settings.INSTITUTE["email"] in text
    # The embedded font has these letters, where PDF's built-in fonts have not.
    assert "Billed to Ağaoğlu, Σοφία & Мария Łukasz Żółć Torstraße 12 10119 Berlin" in text
    assert "VAT number: DE123456789" in text
    assert invoice.application.training.title in text


@pytest.mark.django_db
def test_institute_vat_number_and_invoice_note_are_printed_when_set(settings):
    settings.INSTITUTE = {
        **settings.INSTITUTE,
        "vat_number": "DE811111111",
        "invoice_note": "Exempt from VAT under § 4 No. 21 UStG.",
    }
    invoice = issue_deposit()

    text = text_of(pdf.render(invoice))

    assert "VAT number: DE811111111" in text
    assert text.rstrip().endswith(
        f"Exempt from VAT under § 4 No. 21 UStG. Invoice {invoice.number} · Page 1 of 1"
    )


@pytest.mark.django_db
def test_qr_code_asks_a_banking_app_for_the_invoice_amount_with_its_reference():
    invoice = issue_deposit()

    (payload,) = qr_codes(pdf.render(invoice))

    assert payload.split("\n") == [
        "BCD",
        "002",
        "1",
        "SCT",
        "BYLADEM1001",
        "Imago International Training Institute",
        "DE02120300000000202051",
        "EUR500.00",
        "",
        invoice.payment_reference,
    ]


@pytest.mark.django_db
def test_invoice_in_dollars_has_payment_instructions_but_no_qr_code():
    invoice = issue_deposit(currency="USD")

    content = pdf.render(invoice)

    assert qr_codes(content) == []
    assert len(pypdf.PdfReader(io.BytesIO(content)).pages[0].images) == 0
    text = text_of(content)
    assert "Total USD 500.00" in text
    assert "IBAN DE02 1203 0000 0000 2020 51" in text
    assert "banking app" not in text


@pytest.mark.django_db
def test_invoice_without_an_iban_has_no_account_and_no_qr_code(settings):
    settings.INSTITUTE = {**settings.INSTITUTE, "iban": "", "bic": ""}
    invoice = issue_deposit()

    content = pdf.render(invoice)

    assert qr_codes(content) == []
    text = text_of(content)
    assert "IBAN" not in text
    assert f"Payment reference {pdf.in_groups(invoice.payment_reference)}" in text


@pytest.mark.django_db
def test_an_iban_that_fails_its_check_stops_the_invoice_rather_than_print_it(settings):
    settings.INSTITUTE = {**settings.INSTITUTE, "iban": "DE03120300000000202051"}
    invoice = issue_deposit()

    with pytest.raises(ValueError, match="not a valid IBAN"):
        pdf.render(invoice)


@pytest.mark.django_db
def test_credit_note_names_the_invoice_it_cancels_and_asks_for_no_payment():
    invoice = issue_deposit()
    note = issuing.cancel_invoice(invoice, "Billed to the wrong company")

    content = pdf.render(note)

    text = text_of(content)
    assert "Credit note" in text
    assert f"Number {note.number}" in text
    assert f"Cancels invoice {invoice.number}" in text
    assert "Reason Billed to the wrong company" in text
    assert f"Credit for invoice {invoice.number} EUR -500.00" in text
    assert "Total EUR -500.00" in text
    assert f"cancels EUR 500.00 of invoice {invoice.number}" in text
    assert "Due date" not in text
    assert "Please pay" not in text
    assert "IBAN" not in text
    assert qr_codes(content) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "words", "amount", "country"),
    [
        (
            "en",
            ["Invoice", "Due date", "Payment reference", "Please pay"],
            "EUR 1,500.00",
            "Germany",
        ),
        (
            "es",
            ["Factura", "Fecha de vencimiento", "Referencia de pago", "Por favor, paga"],
            "1 500,00 EUR",
            "Alemania",
        ),
        (
            "de",
            ["Rechnung", "Fällig am", "Zahlungsreferenz", "Bitte überweisen Sie"],
            "1.500,00 EUR",
            "Deutschland",
        ),
    ],
)
def test_invoice_is_printed_in_its_language(language, words, amount, country):
    invoice = issue_deposit(language=language, deposit="1500.00")

    text = text_of(pdf.render(invoice))

    for word in words:
        assert word in text
    assert f" {amount} " in text
    assert written_date(invoice.due_on, language) in text
    assert f"10119 Berlin {country} " in text
    if language != "en":
        assert "Due date" not in text
        assert "EUR 1,500.00" not in text
        assert "Page 1 of 1" not in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading", "total"),
    [
        ("es", "Nota de crédito", "Total -500,00 EUR"),
        ("de", "Stornorechnung", "Gesamtbetrag -500,00 EUR"),
    ],
)
def test_credit_note_is_printed_in_its_language(language, heading, total):
    invoice = issue_deposit(language=language)
    note = issuing.cancel_invoice(invoice, "Storno")

    text = text_of(pdf.render(note))

    assert heading in text
    assert total in text
    assert invoice.number in text
    assert "Credit note" not in text


def invoice_of_many_lines(count):
    """An invoice of ``count`` lines, written as issuing writes one (issuing itself puts one
    line on each invoice today)."""
    first = issue_deposit()
    sequence = issuing.next_number(first.year)
    amounts = [Decimal("12.50")] * count
    invoice = Invoice.objects.create(
        application=first.application,
        training=first.training,
        kind=Invoice.Kind.INVOICE,
        purpose=Invoice.Purpose.BALANCE,
        year=first.year,
        sequence=sequence,
        number=issuing.format_number(first.year, sequence),
        issued_on=first.issued_on,
        due_on=first.due_on,
        currency=first.currency,
        total=sum(amounts),
        payment_reference=issuing.creditor_reference(first.year, sequence),
        language=first.language,
        billed_to=first.billed_to,
        billed_email=first.billed_email,
        country=first.country,
        issuer=first.issuer,
    )
    InvoiceLine.objects.bulk_create(
        InvoiceLine(invoice=invoice, position=n, description=f"Session {n}", amount=amount)
        for n, amount in enumerate(amounts, start=1)
    )
    return invoice


@pytest.mark.django_db
def test_normal_invoice_fits_on_one_page():
    assert len(pages_of(pdf.render(issue_deposit()))) == 1


@pytest.mark.django_db
def test_long_invoice_goes_on_over_pages_that_each_name_it():
    invoice = invoice_of_many_lines(60)

    content = pdf.render(invoice)

    pages = pages_of(content)
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert f"Invoice {invoice.number} · Page {number} of {len(pages)}" in page
    for page in pages[1:]:
        assert page.startswith(f"Imago International Training Institute Invoice {invoice.number}")
    # The table's headings start each page it goes on to.
    assert "Description Amount Session 1 " in pages[0]
    for page in pages[1:]:
        if "Session" in page:
            assert "Description Amount Session" in page
    text = " ".join(pages)
    assert all(f"Session {n} EUR 12.50" in text for n in range(1, 61))
    assert "Total EUR 750.00" in text
    # The payment is not split over two pages.
    assert "Please pay EUR 750.00" in pages[-1]
    assert "Payment reference" in pages[-1]
    assert "Scan with your banking app" in pages[-1]
    (payload,) = qr_codes(content)
    assert payload.split("\n")[7] == "EUR750.00"


@pytest.mark.django_db
def test_same_invoice_gives_the_same_bytes_and_its_metadata():
    invoice = issue_deposit()

    content = pdf.render(invoice)

    assert pdf.render(Invoice.objects.get(pk=invoice.pk)) == content
    metadata = pypdf.PdfReader(io.BytesIO(content)).metadata
    assert metadata.title == invoice.number
    assert metadata.author == "Imago International Training Institute"
    assert metadata.creation_date == datetime.datetime.combine(
        invoice.issued_on, datetime.time(), tzinfo=datetime.UTC
    )


@pytest.mark.django_db
def test_file_name_is_ascii_and_says_what_the_document_is():
    invoice = issue_deposit(language="de")
    note = issuing.cancel_invoice(invoice, "Storno")

    assert pdf.file_name(invoice) == f"invoice-{invoice.number}.pdf"
    assert pdf.file_name(note) == f"credit-note-{note.number}.pdf"
    assert pdf.file_name(note).isascii()
