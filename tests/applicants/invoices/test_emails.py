"""The invoice e-mail, sent by the task worker over a real SMTP conversation once the invoice
is committed, with its PDF attached."""

import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from applicants.invoices import issuing
from tests.factories import TrainingFactory, accepted
from tests.worker import run_worker


@pytest.mark.django_db(transaction=True)
def test_an_issued_invoice_is_mailed_with_its_pdf_and_how_to_pay(smtp_server):
    training = TrainingFactory(fee=Decimal("4900.00"), deposit=Decimal("500.00"), starts_in=150)
    application = accepted(training=training)
    [invoice] = issuing.issue_due_invoices(application)

    run_worker()

    [message] = smtp_server.messages_to(application.email)
    assert message["Subject"] == f"Invoice {invoice.number} for {training.title}"
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "EUR\u00a0500" in body
    assert invoice.payment_reference in body
    assert "DE02120300000000202051" in body
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == f"invoice-{invoice.number}.pdf"
    text = PdfReader(io.BytesIO(attachment.get_content())).pages[0].extract_text()
    assert invoice.number in text


@pytest.mark.django_db(transaction=True)
def test_a_credit_note_is_mailed_naming_the_invoice_it_cancels(smtp_server):
    training = TrainingFactory(fee=Decimal("4900.00"), deposit=Decimal("500.00"), starts_in=150)
    application = accepted(training=training)
    [invoice] = issuing.issue_due_invoices(application)
    note = issuing.cancel_invoice(invoice, "Issued to the wrong address.")

    run_worker()

    subjects = sorted(m["Subject"] for m in smtp_server.messages_to(application.email))
    assert subjects == [
        f"Credit note {note.number} for {training.title}",
        f"Invoice {invoice.number} for {training.title}",
    ]
    [credit] = [m for m in smtp_server.messages_to(application.email) if "Credit" in m["Subject"]]
    body = credit.get_body(preferencelist=("plain",)).get_content()
    assert invoice.number in body and "Issued to the wrong address." in body
