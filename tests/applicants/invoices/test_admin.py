import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import models
from django.db.models import query
from django.utils import timezone
from django.utils.html import escape

from applicants.invoices import issuing
from applicants.invoices.models import BankStatement, Invoice, Payment, Refund
from applicants.models import Event
from tests.applicants.invoices.statements import Camt, csv_file
from tests.applicants.invoices.test_bank import BILLION_LAUGHS, EXTERNAL_ENTITY

pytestmark = pytest.mark.django_db
INVOICES = "/admin/applicants/invoice/"
PAYMENTS = "/admin/applicants/payment/"
STATEMENTS = "/admin/applicants/bankstatement/"
IMPORT = "/admin/applicants/bankstatement/import/"
REFUNDS = "/admin/applicants/refund/"


def pay(invoice, amount, **fields):
    return Payment.objects.create(
        invoice=invoice,
        amount=Decimal(amount),
        currency=invoice.currency if invoice else fields.pop("currency"),
        received_on=datetime.date(2026, 12, 3),
        **fields,
    )


@pytest.fixture
def ledger(deposit_invoice):
    """An invoice of each status, and a credit note."""
    made = {
        "open": deposit_invoice(name="Olga Open"),
        "partly_paid": deposit_invoice(name="Pia Partial"),
        "paid": deposit_invoice(name="Paul Paid"),
        "overpaid": deposit_invoice(name="Otto Over"),
        "cancelled": deposit_invoice(name="Carla Cancelled"),
        "franc": deposit_invoice(currency="CHF", name="Franz Franc"),
    }
    pay(made["partly_paid"], "200.00")
    pay(made["paid"], "500.00")
    pay(made["overpaid"], "650.00")
    made["credit_note"] = issuing.cancel_invoice(made["cancelled"], "Moved to the PFT")
    return made


def rows(html):
    """The result list's rows, as text."""
    body = html.split('id="result_list"', 1)[1].split("</table>", 1)[0]
    return body.split("<tr")[2:]


def row_of(html, number):
    return next(row for row in rows(html) if f">{number}<" in row)


def act(client, action, objects, **extra):
    return client.post(
        INVOICES,
        {"action": action, "_selected_action": [obj.pk for obj in objects], **extra},
        follow=True,
    )


def staff_member(*permissions, username="clerk"):
    """A staff member (not a superuser) with only ``permissions`` (codenames)."""
    user = get_user_model().objects.create_user(username, f"{username}@imago.example", "pw")
    user.is_staff = True
    user.save()
    user.user_permissions.set(Permission.objects.filter(codename__in=permissions))
    return user


# --- Invoices ---


def test_the_invoice_list_shows_what_each_asks_and_where_it_stands(staff_client, ledger):
    html = staff_client.get(INVOICES).content.decode()

    expected = {
        "open": ("Olga Open", "500.00", "open"),
        "partly_paid": ("Pia Partial", "300.00", "partly paid"),
        "paid": ("Paul Paid", "0.00", "paid"),
        "overpaid": ("Otto Over", "-150.00", "overpaid"),
        "cancelled": ("Carla Cancelled", "0.00", "cancelled"),
    }
    for key, (name, balance, status) in expected.items():
        row = row_of(html, ledger[key].number)
        assert name in row
        assert f">{balance}<" in row
        assert f">{status}<" in row
        assert f"/admin/applicants/invoice/{ledger[key].pk}/pdf/" in row
    note = row_of(html, ledger["credit_note"].number)
    assert "Credit note" in note
    assert "-500.00" in note
    assert "CHF" in row_of(html, ledger["franc"].number)
    assert "/admin/applicants/invoice/export/" in html


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("status=partly_paid", ["partly_paid"]),
        ("status=overpaid", ["overpaid"]),
        ("status=cancelled", ["cancelled"]),
        ("status=open", ["open", "franc"]),
        ("kind__exact=credit_note", ["credit_note"]),
        ("currency=CHF", ["franc"]),
        ("q=Pia+Partial", ["partly_paid"]),
        ("q=olga", ["open"]),
    ],
)
def test_the_invoice_list_filters_and_searches(staff_client, ledger, query, shown):
    html = staff_client.get(f"{INVOICES}?{query}").content.decode()

    listed = {key for key, invoice in ledger.items() if f">{invoice.number}<" in html}
    assert listed == set(shown)


def test_the_invoice_list_searches_by_number_and_email(staff_client, ledger):
    invoice = ledger["paid"]

    by_number = staff_client.get(f"{INVOICES}?q={invoice.number}").content.decode()
    by_email = staff_client.get(f"{INVOICES}?q={invoice.billed_email}").content.decode()

    for html in (by_number, by_email):
        assert [f">{invoice.number}<" in row for row in rows(html)] == [True]


def test_the_invoice_list_costs_the_same_queries_for_one_and_many(
    staff_client, deposit_invoice, count_queries
):
    pay(deposit_invoice(), "100.00")
    one = count_queries(INVOICES)
    for _ in range(6):
        invoice = deposit_invoice()
        pay(invoice, "100.00")
        issuing.cancel_invoice(invoice, "Moved")

    assert count_queries(INVOICES) == one


def test_the_admin_pages_render_without_lazy_loads(staff_client, ledger, monkeypatch, settings):
    unmatched = pay(None, "20.00", currency="EUR", payer="Someone")
    statement = BankStatement.objects.create(
        file_name="day.xml", format="camt053", sha256="0" * 64, summary={"lines": 1}
    )
    Payment.objects.filter(pk=unmatched.pk).update(statement=statement)
    Refund.objects.create(
        application=ledger["overpaid"].application,
        amount=Decimal("150.00"),
        currency="EUR",
        reason="Paid twice",
    )
    settings.PAGE_CACHE_ENABLED = False
    monkeypatch.setattr(query, "DEFAULT_FETCH_MODE", models.FETCH_RAISE)

    for url in (
        INVOICES,
        f"{INVOICES}{ledger['cancelled'].pk}/change/",
        PAYMENTS,
        f"{PAYMENTS}{unmatched.pk}/change/",
        STATEMENTS,
        f"{STATEMENTS}{statement.pk}/change/",
        REFUNDS,
    ):
        assert staff_client.get(url).status_code == 200, url


def test_an_invoice_page_is_a_view_of_the_record(staff_client, ledger):
    invoice = ledger["cancelled"]
    url = f"{INVOICES}{invoice.pk}/change/"

    html = staff_client.get(url).content.decode()

    assert 'name="_save"' not in html
    assert "Deposit for" in html  # its line
    assert ledger["credit_note"].number in html
    assert "Moved to the PFT" in html
    assert "Torstraße 12<br>" in html  # the address it was billed to
    assert staff_client.post(url, {"total": "1.00"}).status_code == 403
    assert staff_client.get(f"{INVOICES}add/").status_code == 403
    assert staff_client.post(f"{INVOICES}{invoice.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Invoice.objects.get(pk=invoice.pk).total == Decimal("500.00")


def test_the_payments_of_an_invoice_are_on_its_page(staff_client, ledger):
    html = staff_client.get(f"{INVOICES}{ledger['partly_paid'].pk}/change/").content.decode()

    assert "200.00" in html
    assert "partly paid" in html


def test_cancel_asks_for_a_reason_then_issues_a_credit_note(staff_client, staff, ledger):
    invoice = ledger["partly_paid"]

    form = act(staff_client, "cancel_with_credit_note", [invoice])
    assert "Reason, printed on the credit note" in form.content.decode()
    assert invoice.number in form.content.decode()
    assert not invoice.credit_notes.exists()

    done = act(staff_client, "cancel_with_credit_note", [invoice], confirm="1", reason="Moved")

    note = invoice.credit_notes.get()
    assert (note.total, note.reason, note.issued_by) == (Decimal("-500.00"), "Moved", staff)
    assert "1 invoice cancelled with a credit note." in done.content.decode()
    assert Invoice.objects.with_status().get(pk=invoice.pk).status == "overpaid"


def test_cancel_can_issue_the_invoice_again_to_the_current_billing_details(
    staff_client, staff, ledger
):
    invoice = ledger["open"]
    billing = invoice.application.billing
    billing.address = "Kastanienallee 3"
    billing.save()

    done = act(
        staff_client,
        "cancel_with_credit_note",
        [invoice],
        confirm="1",
        reason="Wrong street",
        issue_again="on",
    )

    note = invoice.credit_notes.get()
    again = Invoice.objects.invoices().exclude(pk=invoice.pk).get(application=invoice.application)
    assert (note.reason, again.issued_by, again.total) == ("Wrong street", staff, invoice.total)
    assert "Kastanienallee 3" in again.billed_to
    assert "1 invoice cancelled with a credit note." in done.content.decode()


def test_cancel_without_a_reason_asks_again(staff_client, ledger):
    invoice = ledger["open"]

    response = act(staff_client, "cancel_with_credit_note", [invoice], confirm="1", reason="")

    assert "This field is required." in response.content.decode()
    assert not invoice.credit_notes.exists()


def test_cancel_explains_what_it_cannot_cancel(staff_client, ledger):
    selected = [ledger["credit_note"], ledger["cancelled"], ledger["open"]]

    response = act(staff_client, "cancel_with_credit_note", selected, confirm="1", reason="No")

    html = response.content.decode()
    assert f"{ledger['credit_note'].number} is a credit note" in html
    assert f"{ledger['cancelled'].number} was cancelled already." in html
    assert "1 invoice cancelled with a credit note." in html
    assert ledger["cancelled"].credit_notes.count() == 1


def test_the_pdf_of_an_invoice_comes_from_the_invoice_renderer(staff_client, ledger):
    invoice = ledger["open"]

    response = staff_client.get(f"{INVOICES}{invoice.pk}/pdf/")

    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{invoice.number}.pdf"' in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF-")


def test_staff_without_the_permission_see_no_invoice_payment_or_statement(client, ledger):
    client.force_login(staff_member())
    invoice = ledger["open"]

    index = client.get("/admin/").content.decode()

    assert "Invoices and credit notes" not in index
    assert "Bank statements" not in index
    for url in (
        INVOICES,
        f"{INVOICES}{invoice.pk}/change/",
        f"{INVOICES}{invoice.pk}/pdf/",
        f"{INVOICES}export/?start=2026-01-01&end=2026-12-31&download=invoices",
        PAYMENTS,
        IMPORT,
        REFUNDS,
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert invoice.number not in response.content.decode()


def test_staff_who_may_only_view_invoices_cannot_cancel_them(client, ledger):
    client.force_login(staff_member("view_invoice"))
    invoice = ledger["open"]

    html = client.get(INVOICES).content.decode()
    act(client, "cancel_with_credit_note", [invoice], confirm="1", reason="No")

    assert invoice.number in html
    assert "cancel_with_credit_note" not in html
    assert not invoice.credit_notes.exists()


# --- Payments ---


def test_the_payment_list_filters_the_unassigned(staff_client, ledger):
    waiting = pay(None, "75.00", currency="EUR", payer="Unknown payer")

    html = staff_client.get(f"{PAYMENTS}?assigned=no").content.decode()

    assert "Unknown payer" in html
    assert f"{PAYMENTS}{waiting.pk}/change/" in html
    assert ledger["paid"].number not in html
    assert ledger["paid"].number in staff_client.get(PAYMENTS).content.decode()


def test_the_payment_list_costs_the_same_queries_for_one_and_many(
    staff_client, deposit_invoice, count_queries
):
    pay(deposit_invoice(), "100.00")
    one = count_queries(PAYMENTS)
    for _ in range(5):
        pay(deposit_invoice(), "100.00")
        pay(None, "5.00", currency="EUR")

    assert count_queries(PAYMENTS) == one


def add_payment(client, **fields):
    data = {
        "invoice": "",
        "amount": "500.00",
        "currency": "",
        "received_on": "2026-12-03",
        "payer": "Ana Ruiz",
        "reference": "Transfer",
        "note": "",
        **fields,
    }
    return client.post(f"{PAYMENTS}add/", data, follow=True)


def test_a_payment_entered_by_hand_pays_its_invoice(staff_client, staff, ledger):
    invoice = ledger["open"]

    response = add_payment(staff_client, invoice=invoice.pk)

    payment = Payment.objects.get(payer="Ana Ruiz")
    assert (payment.invoice, payment.currency, payment.source, payment.recorded_by) == (
        invoice,
        "EUR",
        Payment.Source.MANUAL,
        staff,
    )
    assert "is now paid in full" in response.content.decode()
    event = invoice.application.events.get(code=Event.Code.PAID)
    assert event.actor == staff
    assert Invoice.objects.with_status().get(pk=invoice.pk).status == "paid"


def test_a_payment_entered_by_hand_without_an_invoice_waits_for_one(staff_client, ledger):
    add_payment(staff_client, currency="USD")

    payment = Payment.objects.get(payer="Ana Ruiz")
    assert (payment.invoice, payment.currency) == (None, "USD")
    assert not Event.objects.filter(code=Event.Code.PAID).exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"amount": "0"}, "Enter an amount greater than zero."),
        ({"amount": "-5"}, "Enter an amount greater than zero."),
        ({"currency": "CHF", "invoice": "open"}, "is in EUR."),
        ({}, "Choose the currency of a payment without an invoice."),
        ({"invoice": "credit_note"}, "Select a valid choice."),
    ],
)
def test_a_payment_entered_by_hand_is_checked_and_kept_as_typed(
    staff_client, ledger, fields, message
):
    if "invoice" in fields:
        # A copy: the parameters are shared by every run of the test in one process.
        fields = {**fields, "invoice": ledger[fields["invoice"]].pk}

    response = add_payment(staff_client, **fields)

    html = response.content.decode()
    assert escape(message) in html or message in html
    assert 'value="Ana Ruiz"' in html
    assert not Payment.objects.filter(payer="Ana Ruiz").exists()


def test_an_unassigned_payment_is_assigned_on_its_page(staff_client, staff, ledger):
    waiting = pay(None, "500.00", currency="EUR", payer="Unknown payer")
    invoice = ledger["open"]
    url = f"{PAYMENTS}{waiting.pk}/change/"

    page = staff_client.get(url).content.decode()
    assert 'name="invoice"' in page
    assert 'name="amount"' not in page

    response = staff_client.post(url, {"invoice": invoice.pk}, follow=True)

    waiting.refresh_from_db()
    assert waiting.invoice == invoice
    assert waiting.amount == Decimal("500.00")
    assert "is now paid in full" in response.content.decode()
    assert invoice.application.events.get(code=Event.Code.PAID).actor == staff
    # Assigned, it is a record.
    assert 'name="invoice"' not in staff_client.get(url).content.decode()
    assert staff_client.post(url, {"invoice": ledger["paid"].pk}).status_code == 403
    waiting.refresh_from_db()
    assert waiting.invoice == invoice


def test_the_invoice_to_assign_is_found_by_name_and_is_never_a_credit_note(staff_client, ledger):
    def found(term):
        response = staff_client.get(
            "/admin/autocomplete/",
            {
                "app_label": "applicants",
                "model_name": "payment",
                "field_name": "invoice",
                "term": term,
            },
        )
        return {result["id"] for result in response.json()["results"]}

    assert found("Carla") == {str(ledger["cancelled"].pk)}
    assert found(ledger["credit_note"].number) == set()
    assert found(ledger["open"].number) == {str(ledger["open"].pk)}


def test_a_payment_is_not_assigned_to_an_invoice_in_another_currency(staff_client, ledger):
    waiting = pay(None, "500.00", currency="EUR", payer="Unknown payer")

    response = staff_client.post(
        f"{PAYMENTS}{waiting.pk}/change/", {"invoice": ledger["franc"].pk}, follow=True
    )

    assert "is in CHF; this payment is in EUR." in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.invoice is None
    assert not Event.objects.filter(code=Event.Code.PAID).exists()


def test_a_payment_cannot_be_deleted(staff_client, ledger):
    payment = Payment.objects.get(invoice=ledger["paid"])

    response = staff_client.post(f"{PAYMENTS}{payment.pk}/delete/", {"post": "yes"})

    assert response.status_code == 403
    assert Payment.objects.filter(pk=payment.pk).exists()


# --- Bank statements ---


def import_file(client, data, name="statement.xml"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(IMPORT, {"file": SimpleUploadedFile(name, data)})


def test_the_import_page_asks_for_a_file(staff_client):
    html = staff_client.get(IMPORT).content.decode()

    assert 'type="file"' in html
    assert 'enctype="multipart/form-data"' in html
    assert "At most 5 MB." in html
    assert IMPORT in staff_client.get(STATEMENTS).content.decode()


def test_an_imported_statement_shows_what_became_of_each_line(staff_client, ledger):
    camt = Camt(4)
    data = camt.document(
        camt.entry(
            "500.00",
            camt.transaction(ref="A", creditor_reference=ledger["open"].payment_reference),
        ),
        camt.entry("100.00", camt.transaction(ref="B", text="no idea", payer="Mystery Payer")),
        camt.entry("300.00", camt.transaction(ref="C", text=ledger["partly_paid"].number)),
    )

    response = import_file(staff_client, data)

    html = response.content.decode()
    assert response.status_code == 200
    statement = BankStatement.objects.get()
    mystery = Payment.objects.get(payer="Mystery Payer")
    assert "Mystery Payer" in html
    assert f'href="{PAYMENTS}{mystery.pk}/change/">Assign to an invoice' in html
    assert ledger["open"].number in html
    assert "Paid in full</th><td>2<" in html.replace("\n", "")
    assert "no invoice found" in html
    assert f"What became of {statement.file_name}" in html
    # The statement's page tells the same.
    page = staff_client.get(f"{STATEMENTS}{statement.pk}/change/").content.decode()
    assert f'href="{PAYMENTS}{mystery.pk}/change/">Assign to an invoice' in page


def test_importing_the_same_file_again_shows_only_duplicates(staff_client, ledger):
    data = csv_file([["2026-12-03", "500.00", "EUR", ledger["open"].number, "Ana"]])
    import_file(staff_client, data, "bank.csv")

    html = import_file(staff_client, data, "bank.csv").content.decode()

    assert Payment.objects.filter(payer="Ana").count() == 1
    assert "Recorded before (duplicates)</th><td>1<" in html.replace("\n", "")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (BILLION_LAUGHS, "declares entities or a document type"),
        (EXTERNAL_ENTITY, "declares entities or a document type"),
        (b"<Document><BkToCstmrStmt>", "broken"),
        (b"%PDF-1.7 \x00\x01", "neither a CAMT.053 statement nor UTF-8 text"),
        (
            csv_file([["2026-12-03", "five", "EUR", "", ""]]),
            "Row 2: the amount “five” is not a number like 1234.50.",
        ),
    ],
)
def test_a_refused_file_is_explained_beside_the_field(staff_client, data, message):
    response = import_file(staff_client, data)

    html = response.content.decode()
    assert response.status_code == 200
    assert escape(message) in html
    assert 'class="errorlist' in html
    assert not BankStatement.objects.exists()
    assert not Payment.objects.exists()


def test_a_file_over_the_limit_is_refused_beside_the_field(staff_client, settings):
    settings.BANK_STATEMENT_MAX_MB = 1

    response = import_file(staff_client, b"x" * (1024 * 1024 + 1), "big.csv")

    assert "This file is larger than 1 MB" in response.content.decode()
    assert not BankStatement.objects.exists()


def test_importing_needs_the_permission_to_add_payments(client):
    client.force_login(staff_member("add_bankstatement", "view_bankstatement"))

    assert client.get(IMPORT).status_code == 403


def test_the_statement_list_counts_new_payments_and_duplicates(staff_client, ledger):
    BankStatement.objects.create(
        file_name="november.xml",
        format="camt053",
        sha256="0" * 64,
        summary={"lines": 3, "duplicates": 2, "outcomes": {"1": "paid"}},
    )

    row = rows(staff_client.get(STATEMENTS).content.decode())[0]

    assert "november.xml" in row
    assert '<td class="field-new">1</td>' in row
    assert '<td class="field-duplicates">2</td>' in row


# --- Refunds ---


def test_refunds_to_pay_back_are_marked_paid_back_today(staff_client, ledger):
    application = ledger["overpaid"].application
    owed = Refund.objects.create(
        application=application, amount=Decimal("150.00"), currency="EUR", reason="Paid twice"
    )
    earlier = datetime.date(2026, 11, 2)
    done = Refund.objects.create(
        application=application,
        amount=Decimal("20.00"),
        currency="EUR",
        reason="Fee",
        paid_out_on=earlier,
    )

    listed = staff_client.get(f"{REFUNDS}?paid_back=no").content.decode()
    response = staff_client.post(
        REFUNDS,
        {"action": "paid_back_today", "_selected_action": [owed.pk, done.pk]},
        follow=True,
    )

    assert "Paid twice" in listed
    assert "Fee" not in listed
    owed.refresh_from_db()
    done.refresh_from_db()
    assert owed.paid_out_on == timezone.localdate()
    assert done.paid_out_on == earlier
    assert "1 refund marked as paid back today." in response.content.decode()


def test_an_applications_page_lists_its_invoices_for_staff_who_may_see_them(client, ledger):
    cancelled = ledger["cancelled"]
    url = f"/admin/applicants/application/{cancelled.application_id}/change/"
    invoice_page = f"{INVOICES}{cancelled.pk}/change/"

    client.force_login(staff_member("view_application"))
    assert invoice_page not in client.get(url).text
    client.force_login(staff_member("view_application", "view_invoice", username="clerk2"))
    html = client.get(url).text

    assert invoice_page in html
    assert "Invoices and credit notes" in html
    assert "cancelled" in html
