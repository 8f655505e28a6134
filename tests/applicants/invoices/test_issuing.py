"""Issuing invoices: numbers without gaps under concurrency, invoices that cannot change, the
payment plan's schedule, and the refund policy applied on each side of its dates."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction

from applicants import workflow
from applicants.invoices import issuing
from applicants.invoices.models import Invoice, InvoiceLine, Payment, Refund
from applicants.models import Application
from tests.factories import TrainingFactory, accepted
from trainings.models import Instalment, RefundRule

D = Decimal
Status = Application.Status


def plan_training(**fields):
    """EUR 4,900 (early-bird 4,400 until ``early_bird_deadline``), a EUR 500 deposit, one
    instalment of EUR 2,000 60 days before the start, the balance 30 days before it; rules:
    all back until 60 days before the start, half until 30 days before, then nothing."""
    training = TrainingFactory(fee=D("4900.00"), deposit=D("500.00"), starts_in=150, **fields)
    start = training.starts_on
    Instalment.objects.create(
        training=training, due_on=start - datetime.timedelta(days=60), amount=D("2000.00")
    )
    RefundRule.objects.create(
        training=training, until=start - datetime.timedelta(days=60), percent=D("100")
    )
    RefundRule.objects.create(
        training=training, until=start - datetime.timedelta(days=30), percent=D("50")
    )
    return training


def pay(invoice, amount=None):
    return Payment.objects.create(
        invoice=invoice,
        amount=invoice.total if amount is None else amount,
        currency=invoice.currency,
        received_on=invoice.issued_on,
    )


@pytest.mark.django_db
def test_accepting_issues_the_deposit_first_and_the_plan_later_each_once():
    training = plan_training()
    application = accepted(training=training)
    start = training.starts_on

    [deposit] = issuing.issue_due_invoices(application)
    assert issuing.issue_due_invoices(application) == []

    assert (deposit.purpose, deposit.total, deposit.currency) == ("deposit", D("500.00"), "EUR")
    assert deposit.due_on == training.today() + datetime.timedelta(days=training.deposit_days)
    assert deposit.billed_to[:2] == [application.name, "Torstraße 12"]
    assert deposit.issuer["iban"] == "DE02120300000000202051"
    assert list(deposit.lines.values_list("description", "amount")) == [
        (f"Deposit for {training.title}", D("500.00"))
    ]
    # The instalment is issued 30 days before it is due, not a day earlier.
    instalment_due = start - datetime.timedelta(days=60)
    assert (
        issuing.issue_due_invoices(application, today=instalment_due - datetime.timedelta(31)) == []
    )
    [instalment] = issuing.issue_due_invoices(
        application, today=instalment_due - datetime.timedelta(30)
    )
    assert (instalment.purpose, instalment.instalment, instalment.total) == (
        "instalment",
        1,
        D("2000.00"),
    )
    [balance] = issuing.issue_due_invoices(application, today=start - datetime.timedelta(60))
    assert (balance.purpose, balance.total, balance.due_on) == (
        "balance",
        D("2400.00"),
        start - datetime.timedelta(days=30),
    )
    assert sum(i.total for i in Invoice.objects.filter(application=application)) == D("4900.00")


@pytest.mark.django_db
def test_an_early_bird_application_is_billed_the_early_bird_price():
    training = plan_training(
        early_bird_fee=D("4400.00"),
        early_bird_deadline=datetime.date.today() + datetime.timedelta(days=5),
    )
    application = accepted(training=training)

    schedule = issuing.schedule_of(application)

    assert [(due.purpose, due.amount) for due in schedule] == [
        ("deposit", D("500.00")),
        ("instalment", D("2000.00")),
        ("balance", D("1900.00")),
    ]


@pytest.mark.django_db
def test_no_invoice_before_the_billing_details_nor_for_an_application_not_accepted():
    training = plan_training()
    application = accepted(training=training)
    application.billing.delete()
    application.refresh_from_db()
    assert issuing.issue_due_invoices(application) == []

    waiting = accepted(training=training)
    Application.objects.filter(pk=waiting.pk).update(status=Status.WITHDRAWN)
    assert issuing.issue_due_invoices(waiting) == []


@pytest.mark.django_db
def test_numbers_follow_each_other_and_a_failed_transaction_gives_its_number_back():
    training = plan_training()
    first, second, third = (accepted(training=training) for _ in range(3))

    [one] = issuing.issue_due_invoices(first)
    with pytest.raises(RuntimeError), transaction.atomic():
        issuing.issue_due_invoices(second)
        raise RuntimeError("the transaction fails after the number was taken")
    [two] = issuing.issue_due_invoices(third)

    year = one.issued_on.year
    assert (one.sequence, two.sequence) == (1, 2)
    assert (one.number, two.number) == (f"{year}-00001", f"{year}-00002")
    assert not Invoice.objects.filter(application=second).exists()


@pytest.mark.django_db
def test_the_payment_reference_carries_valid_iso_11649_check_digits():
    reference = issuing.creditor_reference(2026, 12)

    assert reference.startswith("RF") and reference.endswith("202600012")
    rearranged = reference[4:] + reference[:4]
    assert int("".join(str(int(char, 36)) for char in rearranged)) % 97 == 1


@pytest.mark.django_db(transaction=True)
def test_two_acceptances_at_once_get_consecutive_numbers():
    training = plan_training()
    applications = [accepted(training=training) for _ in range(2)]
    barrier = threading.Barrier(2)
    results = [None, None]

    def issue(index):
        try:
            barrier.wait()
            results[index] = issuing.issue_due_invoices(applications[index])
        except Exception as error:  # reported below
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert all(isinstance(result, list) and len(result) == 1 for result in results), results
    assert sorted(result[0].sequence for result in results) == [1, 2]


@pytest.mark.django_db(transaction=True)
def test_a_number_taken_waits_for_its_transaction_and_is_given_again_when_it_fails():
    training = plan_training()
    first, second = accepted(training=training), accepted(training=training)
    taken, release = threading.Event(), threading.Event()
    result = {}

    def hold_then_fail():
        try:
            with transaction.atomic():
                issuing.issue_due_invoices(first)
                taken.set()
                release.wait(30)
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
        finally:
            connection.close()

    def issue_second():
        try:
            result["invoices"] = issuing.issue_due_invoices(second)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_then_fail)
    holder.start()
    assert taken.wait(30)
    waiter = threading.Thread(target=issue_second)
    waiter.start()
    waiter.join(timeout=1)
    assert waiter.is_alive(), "the second invoice must wait for the first one's transaction"
    release.set()
    holder.join(timeout=30)
    waiter.join(timeout=30)

    [invoice] = result["invoices"]
    assert invoice.sequence == 1
    assert not Invoice.objects.filter(application=first).exists()


@pytest.mark.django_db
def test_the_database_refuses_to_change_or_delete_an_issued_invoice_or_its_lines():
    [invoice] = issuing.issue_due_invoices(accepted(training=plan_training()))

    def sql(statement):
        with connection.cursor() as cursor:
            cursor.execute(statement, [invoice.pk])

    for change in (
        lambda: Invoice.objects.filter(pk=invoice.pk).update(total=D("1.00")),
        lambda: InvoiceLine.objects.filter(invoice=invoice).update(amount=D("1.00")),
        # Deleting is tried in SQL: Django's own check (the lines protect the invoice) would
        # refuse before the database is asked.
        lambda: sql("DELETE FROM applicants_invoiceline WHERE invoice_id = %s"),
        lambda: sql("DELETE FROM applicants_invoice WHERE id = %s"),
    ):
        with pytest.raises(DatabaseError, match="never changed"), transaction.atomic():
            change()

    invoice.refresh_from_db()
    assert invoice.total == D("500.00")


@pytest.mark.django_db
def test_a_cancelled_amount_is_not_invoiced_again_unless_staff_issue_it_again():
    application = accepted(training=plan_training())
    [invoice] = issuing.issue_due_invoices(application)

    note = issuing.cancel_invoice(invoice, "Waived: financial assistance")
    assert issuing.cancel_invoice(invoice, "Twice") is None
    assert issuing.issue_due_invoices(application) == []

    assert (note.kind, note.total, note.cancels, note.reason) == (
        "credit_note",
        D("-500.00"),
        invoice,
        "Waived: financial assistance",
    )
    assert note.sequence == invoice.sequence + 1
    states = {i.number: i.status for i in Invoice.objects.invoices().with_status()}
    assert states == {invoice.number: "cancelled"}


@pytest.mark.django_db
def test_reissuing_cancels_and_bills_the_same_lines_to_the_new_billing_details():
    application = accepted(training=plan_training())
    [invoice] = issuing.issue_due_invoices(application)
    application.billing.address = "Kastanienallee 3"
    application.billing.save()

    note, again = issuing.reissue_invoice(invoice, "Wrong street")

    assert note.cancels == invoice and note.total == -invoice.total
    assert (again.purpose, again.total, again.due_on) == ("deposit", D("500.00"), invoice.due_on)
    assert "Kastanienallee 3" in again.billed_to
    assert list(again.lines.values_list("description", "amount")) == list(
        invoice.lines.values_list("description", "amount")
    )
    assert again.sequence == note.sequence + 1
    with pytest.raises(issuing.BillingError):
        issuing.reissue_invoice(invoice, "Again")


def withdrawal_case(days_before_start, paid_all_invoiced=True):
    """An accepted trainee with the deposit and the instalment invoiced (and paid, unless
    told otherwise), withdrawing ``days_before_start`` days before the first module."""
    training = plan_training()
    application = accepted(training=training)
    start = training.starts_on
    invoices = issuing.issue_due_invoices(application)
    invoices += issuing.issue_due_invoices(application, today=start - datetime.timedelta(90))
    assert [i.purpose for i in invoices] == ["deposit", "instalment"]
    if paid_all_invoiced:
        for invoice in invoices:
            pay(invoice)
    day = start - datetime.timedelta(days=days_before_start)
    Application.objects.filter(pk=application.pk).update(status=Status.WITHDRAWN)
    return application, day


# The rules: 100% back until 60 days before the start, 50% until 30 days before, then none; the
# deposit (EUR 500) is never given back. Invoiced and paid: EUR 2,500 of EUR 4,900.
@pytest.mark.parametrize(
    ("days_before_start", "owed", "credited", "invoiced_extra", "refund"),
    [
        (60, "500.00", "2000.00", None, "2000.00"),  # the last day of the first rule
        (59, "2700.00", None, "200.00", None),  # 500 + half of 4,400
        (30, "2700.00", None, "200.00", None),  # the last day of the second rule
        (29, "4900.00", None, "2400.00", None),  # nothing back: the whole fee is owed
    ],
)
@pytest.mark.django_db
def test_withdrawing_on_each_side_of_each_policy_date(
    days_before_start, owed, credited, invoiced_extra, refund
):
    application, day = withdrawal_case(days_before_start)

    assert issuing.withdrawal_terms(application, day).owed == D(owed)
    notes, extra, refunded = issuing.settle_withdrawal(application, day)

    assert sum((-note.total for note in notes), D(0)) == D(credited or 0)
    assert (extra.total if extra else None) == (D(invoiced_extra) if invoiced_extra else None)
    assert (refunded.amount if refunded else None) == (D(refund) if refund else None)
    net = sum(i.total for i in Invoice.objects.filter(application=application))
    assert net == D(owed)


@pytest.mark.django_db
def test_a_withdrawal_credits_the_newest_invoice_first_and_pays_back_only_what_was_paid():
    application, day = withdrawal_case(90, paid_all_invoiced=False)
    deposit, instalment = Invoice.objects.filter(application=application).order_by("pk")
    pay(deposit)

    notes, extra, refund = issuing.settle_withdrawal(application, day)

    assert [(note.cancels, note.total) for note in notes] == [(instalment, D("-2000.00"))]
    assert extra is None and refund is None
    assert "100% of the fee given back" in notes[0].reason


@pytest.mark.django_db
def test_a_refundable_deposit_is_given_back_too():
    application, day = withdrawal_case(90)
    type(application.training).objects.filter(pk=application.training_id).update(
        deposit_refundable=True
    )
    application.refresh_from_db()

    notes, _extra, refund = issuing.settle_withdrawal(application, day)

    assert sum(-note.total for note in notes) == D("2500.00")
    assert refund.amount == D("2500.00") and refund.currency == "EUR"


@pytest.mark.django_db
def test_withdrawing_an_accepted_application_settles_it_and_a_move_cancels_its_invoices():
    training = plan_training()
    leaving = accepted(training=training)
    [deposit] = issuing.issue_due_invoices(leaving)
    pay(deposit)
    moving = accepted(training=training)
    [paid] = issuing.issue_due_invoices(moving)
    pay(paid, D("200.00"))
    target = plan_training()

    workflow.change_status(leaving, Status.WITHDRAWN)
    workflow.move_to_training(moving, target)

    assert not Refund.objects.filter(application=leaving).exists()  # the deposit is kept
    [note] = Invoice.objects.credit_notes().filter(application=moving)
    assert (note.cancels, note.total, note.training) == (paid, D("-500.00"), training)
    assert note.reason.startswith("Moved to ")
    assert Refund.objects.get(application=moving).amount == D("200.00")
    assert leaving.events.filter(code="invoiced").count() == 1
    # Accepted in the new training, its deposit is billed anew.
    Application.objects.filter(pk=moving.pk).update(status=Status.ACCEPTED)
    moving.refresh_from_db()
    [new_deposit] = issuing.issue_due_invoices(moving)
    assert (new_deposit.training, new_deposit.purpose) == (target, "deposit")
