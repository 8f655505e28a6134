"""Paying, end to end in a real browser: an accepted applicant gives their billing details,
downloads the deposit's invoice, staff import the bank's statement, and the status page shows
the invoice paid."""

import re

from django.contrib.auth import get_user_model
from playwright.sync_api import expect
from pypdf import PdfReader

from applicants import workflow
from applicants.invoices.models import Invoice, Payment
from applicants.models import Application
from tests.applicants.invoices.statements import Camt
from tests.factories import ApplicationFactory, TrainingFactory


def test_an_accepted_applicant_pays_the_deposit_and_sees_it_paid(
    page, new_context, live_server, javascript, tmp_path
):
    training = TrainingFactory(title="Clinical Berlin", fee=4900, deposit=500, starts_in=150)
    application = ApplicationFactory(
        name="Zoë Łukasiewicz", training=training, status=Application.Status.UNDER_REVIEW
    )
    workflow.change_status(application, Application.Status.ACCEPTED)
    status_url = f"{live_server.url}{application.get_absolute_url()}"

    # The applicant gives the billing details; the form's mistake keeps what was typed.
    page.goto(status_url)
    expect(page.get_by_role("heading", name="Status: Accepted")).to_be_visible()
    page.get_by_role("link", name="Give your billing details").first.click()
    expect(page.get_by_label("Name")).to_have_value("Zoë Łukasiewicz")
    page.get_by_label("Company or organisation").fill("Praxis Łukasiewicz")
    # Spaces pass the browser's own check of a required field, not the portal's.
    page.get_by_label("Street and number").fill("   ")
    page.get_by_role("button", name="Save billing details").click()
    expect(page.get_by_text("This field is required.").first).to_be_visible()
    expect(page.get_by_label("Company or organisation")).to_have_value("Praxis Łukasiewicz")
    page.get_by_label("Street and number").fill("Torstraße 12")
    page.get_by_label("Postcode").fill("10119")
    page.get_by_role("button", name="Save billing details").press("Enter")

    expect(page.get_by_role("heading", name="Fees and payments")).to_be_visible()
    invoice = Invoice.objects.get(application=application)
    row = page.get_by_role("row", name=re.compile(invoice.number))
    expect(row).to_contain_text("Open")

    with page.expect_download() as download_info:
        row.get_by_role("link", name=re.compile(invoice.number)).click()
    download = download_info.value
    assert download.suggested_filename == f"invoice-{invoice.number}.pdf"
    text = PdfReader(download.path()).pages[0].extract_text()
    assert invoice.number in text and "Praxis Łukasiewicz" in text and "500.00" in text

    # Staff import the bank's statement, which pays the invoice by its reference.
    get_user_model().objects.create_superuser("boss", "boss@imago.example", "correct horse")
    statement = tmp_path / "statement.xml"
    camt = Camt()
    statement.write_bytes(
        camt.document(
            camt.entry(
                "500.00",
                camt.transaction(
                    ref="BANK-REF-1",
                    creditor_reference=invoice.payment_reference,
                    payer="Praxis Lukasiewicz",
                ),
                booked=invoice.issued_on.isoformat(),
            )
        )
    )
    staff = new_context().new_page()
    staff.goto(f"{live_server.url}/admin/")
    staff.get_by_label("Username").fill("boss")
    staff.get_by_label("Password").fill("correct horse")
    staff.get_by_role("button", name="Log in").click()
    staff.goto(f"{live_server.url}/admin/applicants/bankstatement/import/")
    staff.get_by_label("Bank statement").set_input_files(str(statement))
    staff.get_by_role("button", name="Import").click()
    expect(staff.get_by_role("heading", name="What became of statement.xml")).to_be_visible()
    expect(staff.get_by_role("row", name=re.compile("Paid"))).to_contain_text("1")
    assert Payment.objects.get().invoice == invoice

    page.goto(status_url)
    row = page.get_by_role("row", name=re.compile(invoice.number))
    expect(row).to_contain_text("Paid")
    expect(page.get_by_text("A payment was received. Thank you.")).to_be_visible()
