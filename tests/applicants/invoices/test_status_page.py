"""The trainee's side of paying: billing details asked after acceptance, the account on the
status page, invoices to download, and what withdrawing would cost, shown before it is done."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from applicants.invoices import issuing
from applicants.invoices.models import BillingDetails, Invoice, Payment
from applicants.models import Application
from tests.factories import ApplicationFactory, TrainingFactory, accepted

pytestmark = pytest.mark.django_db
D = Decimal


def training_with_deposit():
    return TrainingFactory(fee=D("4900.00"), deposit=D("500.00"), starts_in=150)


def billing_url(application):
    return reverse("applicants:billing", args=[application.token])


def test_an_accepted_trainee_is_asked_for_billing_details_and_sees_the_plan(client):
    application = accepted(training=training_with_deposit())
    BillingDetails.objects.filter(application=application).delete()

    html = client.get(application.get_absolute_url()).content.decode()

    assert "Fees and payments" in html
    assert billing_url(application) in html
    assert "EUR\u00a04,900" in html  # the tuition
    assert "Deposit" in html and "EUR\u00a0500" in html
    assert "once you give your billing details" in html


def test_billing_details_refused_keep_what_was_typed_and_say_why(client):
    application = accepted(training=training_with_deposit())
    BillingDetails.objects.filter(application=application).delete()

    response = client.post(
        billing_url(application),
        {
            "name": "Ana Ruiz",
            "company": "Praxis Ruiz",
            "address": "",
            "city": "Berlin",
            "country": "DE",
        },
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="error_1_id_address"' in html
    assert 'value="Praxis Ruiz"' in html
    assert not Invoice.objects.exists()


def test_saving_billing_details_issues_the_deposit_invoice_shown_on_the_status_page(client):
    application = accepted(training=training_with_deposit())
    BillingDetails.objects.filter(application=application).delete()

    response = client.post(
        billing_url(application),
        {
            "name": "Ana Ruiz",
            "company": "Praxis Ruiz",
            "vat_number": "de 123 456 789",
            "address": "Torstraße 12\nHinterhaus",
            "postcode": "10119",
            "city": "Berlin",
            "country": "DE",
        },
    )

    assert response.status_code == 302
    [invoice] = Invoice.objects.filter(application=application)
    assert invoice.billed_to == [
        "Praxis Ruiz",
        "Ana Ruiz",
        "Torstraße 12",
        "Hinterhaus",
        "10119 Berlin",
        "Germany",
        "VAT number: DE123456789",
    ]
    html = client.get(application.get_absolute_url()).content.decode()
    assert invoice.get_download_url() in html
    assert invoice.payment_reference in html
    assert "DE02120300000000202051" in html
    assert "Open" in html


def test_the_status_page_shows_what_was_paid(client):
    application = accepted(training=training_with_deposit())
    [invoice] = issuing.issue_due_invoices(application)
    Payment.objects.create(
        invoice=invoice, amount=D("200.00"), currency="EUR", received_on=invoice.issued_on
    )

    html = client.get(application.get_absolute_url()).content.decode()

    assert "Partly paid" in html
    assert "EUR\u00a0200" in html


def test_billing_is_only_for_accepted_applications_and_invoices_only_by_their_own_link(client):
    waiting = ApplicationFactory()
    application = accepted(training=training_with_deposit())
    [invoice] = issuing.issue_due_invoices(application)

    assert client.get(billing_url(waiting)).status_code == 404
    other_link = reverse("applicants:invoice", args=[waiting.token, invoice.number])
    assert client.get(other_link).status_code == 404


def test_the_withdraw_page_says_what_withdrawing_today_costs(client):
    training = training_with_deposit()
    application = accepted(training=training)
    [invoice] = issuing.issue_due_invoices(application)
    Payment.objects.create(
        invoice=invoice, amount=D("500.00"), currency="EUR", received_on=invoice.issued_on
    )

    html = client.get(reverse("applicants:withdraw", args=[application.token])).content.decode()

    # No refund rule: nothing is given back, and the whole fee is owed.
    assert "gives back 0% of the fee" in html
    assert "You owe EUR\u00a04,900 in all." in html
    assert "EUR\u00a04,400 remains to pay." in html


def test_the_data_export_holds_the_billing_details_and_invoices(client):
    application = accepted(training=training_with_deposit())
    [invoice] = issuing.issue_due_invoices(application)

    data = json.loads(client.get(reverse("applicants:export", args=[application.token])).content)

    assert data["billing_details"]["address"] == "Torstraße 12"
    assert data["invoices"][0]["number"] == invoice.number
    assert data["invoices"][0]["total"] == "500.00"


def test_a_declined_application_shows_no_fees(client):
    application = ApplicationFactory(status=Application.Status.DECLINED)

    assert "Fees and payments" not in client.get(application.get_absolute_url()).content.decode()


def test_an_invoice_downloads_as_its_pdf(client):
    application = accepted(training=training_with_deposit())
    [invoice] = issuing.issue_due_invoices(application)

    response = client.get(invoice.get_download_url())

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="invoice-{invoice.number}.pdf"'
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert invoice.number in text and "500.00" in text


def test_the_status_page_reads_the_account_in_the_same_queries_for_one_invoice_or_many(client):
    def status_page_queries(application):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(application.get_absolute_url()).status_code == 200
        return len(queries)

    one = accepted(training=training_with_deposit())
    issuing.issue_due_invoices(one)
    many = accepted(training=training_with_deposit())
    [deposit] = issuing.issue_due_invoices(many)
    Payment.objects.create(
        invoice=deposit, amount=D("100.00"), currency="EUR", received_on=deposit.issued_on
    )
    issuing.reissue_invoice(deposit, "Wrong name")
    start = many.training.starts_on
    issuing.issue_due_invoices(many, today=start - datetime.timedelta(days=60))

    assert Invoice.objects.filter(application=many).count() == 4
    assert status_page_queries(many) == status_page_queries(one)


def test_billing_details_in_letters_an_invoice_cannot_print_are_asked_in_latin_letters(client):
    application = accepted(training=training_with_deposit())
    BillingDetails.objects.filter(application=application).delete()
    fields = {"address": "Torstraße 12", "postcode": "10119", "city": "Berlin", "country": "DE"}

    refused = client.post(billing_url(application), {"name": "王小明", **fields})
    accepted_name = client.post(billing_url(application), {"name": "Łukasz Żółć Σοφία", **fields})

    assert refused.status_code == 200
    assert "Our invoices cannot print 王 小 明 yet." in refused.content.decode()
    assert accepted_name.status_code == 302
    assert Invoice.objects.get(application=application).billed_to[0] == "Łukasz Żółć Σοφία"
