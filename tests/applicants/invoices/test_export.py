import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from applicants.invoices import issuing
from applicants.invoices.models import BankStatement, Payment
from tests.factories import TrainingFactory, accepted

pytestmark = pytest.mark.django_db
EXPORT = "/admin/applicants/invoice/export/"
NOVEMBER = {"start": "2026-11-01", "end": "2026-11-30"}


def invoice_on(day, currency="EUR", **fields):
    """The deposit invoice (500.00) of a trainee accepted and invoiced on ``day``."""
    training = TrainingFactory(
        fee=Decimal("4900.00"), deposit=Decimal("500.00"), currency=currency, starts_in=300
    )
    application = accepted(training=training, **fields)
    (invoice,) = issuing.issue_due_invoices(application, today=day)
    return invoice


def download(client, what, **query):
    response = client.get(EXPORT, {**query, "download": what})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.streaming
    text = b"".join(response.streaming_content).decode()
    assert text.startswith("\ufeff")
    return response, list(csv.DictReader(io.StringIO(text[1:])))


@pytest.fixture
def autumn():
    """Invoices in October, November (in euros and in francs) and December, a credit note
    and payments, some in November."""
    made = {
        "october": invoice_on(datetime.date(2026, 10, 20)),
        "november": invoice_on(datetime.date(2026, 11, 5), name="=HYPERLINK(1)"),
        "cancelled": invoice_on(datetime.date(2026, 11, 6)),
        "franc": invoice_on(datetime.date(2026, 11, 7), currency="CHF"),
        "december": invoice_on(datetime.date(2026, 12, 1)),
    }
    made["credit_note"] = issuing.cancel_invoice(
        made["cancelled"], "Moved", today=datetime.date(2026, 11, 20)
    )
    statement = BankStatement.objects.create(
        file_name="=november.xml", format="camt053", sha256="0" * 64
    )
    Payment.objects.create(
        invoice=made["november"],
        amount=Decimal("200.50"),
        currency="EUR",
        received_on=datetime.date(2026, 11, 10),
        payer="-Trainee",
        reference="+49 deposit",
        source=Payment.Source.CAMT053,
        statement=statement,
        bank_key="k1",
    )
    Payment.objects.create(
        invoice=None,
        amount=Decimal("1234.50"),
        currency="EUR",
        received_on=datetime.date(2026, 11, 30),
        payer="@someone",
        reference="gift",
    )
    Payment.objects.create(
        invoice=made["franc"],
        amount=Decimal("500.00"),
        currency="CHF",
        received_on=datetime.date(2026, 11, 11),
        payer="Franz",
    )
    Payment.objects.create(
        invoice=made["october"],
        amount=Decimal("500.00"),
        currency="EUR",
        received_on=datetime.date(2026, 10, 31),
        payer="Too early",
    )
    return made


def test_the_invoices_of_a_period_in_a_currency(staff_client, autumn):
    response, rows = download(staff_client, "invoices", currency="EUR", **NOVEMBER)

    assert 'filename="invoices-2026-11-01-2026-11-30-EUR.csv"' in response["Content-Disposition"]
    assert [row["number"] for row in rows] == [
        autumn["november"].number,
        autumn["cancelled"].number,
        autumn["credit_note"].number,
    ]
    november, cancelled, note = rows
    assert november == {
        "number": autumn["november"].number,
        "kind": "invoice",
        "purpose": "deposit",
        "issued": "2026-11-05",
        "due": autumn["november"].due_on.isoformat(),
        "currency": "EUR",
        "total": "500.00",
        "credited": "0.00",
        "paid": "200.50",
        "balance": "299.50",
        "billed_to": "'=HYPERLINK(1)",
        "billed_address": "Torstraße 12, 10119 Berlin, Germany",
        "vat_number": "",
        "country": "DE",
        "application": str(autumn["november"].application_id),
        "cancels": "",
    }
    assert (cancelled["credited"], cancelled["balance"]) == ("500.00", "0.00")
    assert (note["kind"], note["purpose"], note["issued"], note["due"]) == (
        "credit_note",
        "cancellation",
        "2026-11-20",
        "",
    )
    assert (note["total"], note["cancels"]) == ("-500.00", autumn["cancelled"].number)


def test_the_invoices_of_a_period_in_every_currency(staff_client, autumn):
    _response, rows = download(staff_client, "invoices", currency="", **NOVEMBER)

    assert {row["currency"] for row in rows} == {"EUR", "CHF"}
    assert len(rows) == 4
    assert autumn["october"].number not in {row["number"] for row in rows}


def test_the_payments_of_a_period_with_text_that_cannot_run(staff_client, autumn):
    _response, rows = download(staff_client, "payments", currency="EUR", **NOVEMBER)

    assert rows == [
        {
            "received": "2026-11-10",
            "amount": "200.50",
            "currency": "EUR",
            "invoice": autumn["november"].number,
            "payer": "'-Trainee",
            "reference": "'+49 deposit",
            "source": "camt053",
            "statement": "'=november.xml",
        },
        {
            "received": "2026-11-30",
            "amount": "1234.50",
            "currency": "EUR",
            "invoice": "",
            "payer": "'@someone",
            "reference": "gift",
            "source": "manual",
            "statement": "",
        },
    ]


def test_the_payments_in_francs_only(staff_client, autumn):
    _response, rows = download(staff_client, "payments", currency="CHF", **NOVEMBER)

    assert [(row["payer"], row["amount"]) for row in rows] == [("Franz", "500.00")]


def test_the_export_page_offers_both_files(staff_client):
    html = staff_client.get(EXPORT).content.decode()

    assert 'name="start"' in html
    assert 'value="invoices"' in html
    assert 'value="payments"' in html


def test_a_period_that_ends_before_it_starts_is_explained(staff_client, autumn):
    response = staff_client.get(
        EXPORT, {"start": "2026-11-30", "end": "2026-11-01", "download": "invoices"}
    )

    html = response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert "The period ends before it starts." in html
    assert 'value="2026-11-30"' in html


def test_a_date_that_is_no_date_is_explained(staff_client, autumn):
    response = staff_client.get(EXPORT, {"start": "yesterday", "end": "", "download": "payments"})

    html = response.content.decode()
    assert "Enter a valid date." in html
    assert "This field is required." in html
    assert 'value="yesterday"' in html


def test_staff_who_may_not_see_payments_export_only_invoices(client, autumn):
    user = get_user_model().objects.create_user("clerk", "clerk@imago.example", "pw")
    user.is_staff = True
    user.save()
    user.user_permissions.set(Permission.objects.filter(codename="view_invoice"))
    client.force_login(user)

    page = client.get(EXPORT).content.decode()
    _response, rows = download(client, "invoices", **NOVEMBER)
    refused = client.get(EXPORT, {**NOVEMBER, "download": "payments"})

    assert 'value="payments"' not in page
    assert len(rows) == 4
    assert refused.status_code == 403
