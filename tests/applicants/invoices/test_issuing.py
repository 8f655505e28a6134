"""Issuing invoices: numbers without gaps under concurrency (and from one each year), invoices
that cannot change and what they record, the payment plan's schedule, credit notes, reissuing,
and the refund policy applied on each side of its dates, down to the cent."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django_tasks_db.models import DBTaskResult

from applicants import workflow
from applicants.invoices import issuing
from applicants.invoices.models import BillingDetails, Invoice, InvoiceLine, Payment, Refund
from applicants.models import Application, Event
from tests.factories import TrainingFactory, accepted, online_first_module
from trainings.models import Instalment, RefundRule

D = Decimal
Status = Application.Status


def plan_training(fee="4900.00", instalment="2000.00", **fields):
    """A fee of EUR 4,900 unless ``fee`` says otherwise (early-bird 4,400 until
    ``early_bird_deadline``), a EUR 500 deposit, one instalment (EUR 2,000 unless told) 60 days
    before the start, the balance 30 days before it; rules: all back until 60 days before the
    start, half until 30 days before, then nothing."""
    training = TrainingFactory(fee=D(fee), deposit=D("500.00"), starts_in=150, **fields)
    start = training.starts_on
    Instalment.objects.create(
        training=training, due_on=start - datetime.timedelta(days=60), amount=D(instalment)
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
def test_the_deposit_is_invoiced_at_once_however_long_the_time_to_pay_it():
    training = plan_training(deposit_days=45)
    application = accepted(training=training)

    [deposit] = issuing.issue_due_invoices(application)

    assert (deposit.purpose, deposit.issued_on, deposit.due_on) == (
        "deposit",
        training.today(),
        training.today() + datetime.timedelta(days=45),
    )


@pytest.mark.django_db
def test_each_later_amount_is_invoiced_when_it_falls_due_whatever_its_place_in_the_plan():
    training = plan_training()
    start = training.starts_on
    # The balance is due before the instalment: a plan staff set up that way.
    type(training).objects.filter(pk=training.pk).update(
        balance_due_on=start - datetime.timedelta(days=90)
    )
    application = accepted(training=training)
    issuing.issue_due_invoices(application)

    [balance] = issuing.issue_due_invoices(application, today=start - datetime.timedelta(120))

    assert (balance.purpose, balance.total) == ("balance", D("2400.00"))


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


def withdrawal_case(days_before_start, paid_all_invoiced=True, training=None, **fields):
    """An accepted trainee (``fields`` go to the application) of ``training`` (by default
    :func:`plan_training`'s) with the deposit and the instalment invoiced (and paid, unless
    told otherwise), withdrawing ``days_before_start`` days before the first module."""
    training = training or plan_training()
    application = accepted(training=training, **fields)
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


# --- What an invoice and a credit note record ---


def stored(invoice, *names):
    """The fields ``names`` of ``invoice`` as the database holds them."""
    return Invoice.objects.filter(pk=invoice.pk).values(*names).get()


def queued_mail():
    """The primary keys of the invoices and credit notes queued to be e-mailed, sorted."""
    tasks = DBTaskResult.objects.filter(task_path="applicants.invoices.tasks.send_invoice")
    return sorted(pk for task in tasks for pk in task.args_kwargs["args"])


def german_company(**fields):
    """An accepted trainee who reads German, billed to their practice with a VAT number."""
    application = accepted(language="de", **fields)
    BillingDetails.objects.filter(application=application).update(
        company="Praxis Berg", vat_number="DE123456789"
    )
    application.refresh_from_db()
    return application


@pytest.mark.django_db
def test_an_invoice_records_whom_it_bills_in_their_language_who_bills_and_who_issued_it(
    staff, django_capture_on_commit_callbacks
):
    training = plan_training()
    application = german_company(training=training)
    year = training.today().year

    with django_capture_on_commit_callbacks(execute=True):
        [invoice] = issuing.issue_due_invoices(application, issued_by=staff)

    assert stored(invoice, "kind", "purpose", "instalment", "currency", "total", "reason") == {
        "kind": "invoice",
        "purpose": "deposit",
        "instalment": 0,
        "currency": "EUR",
        "total": D("500.00"),
        "reason": "",
    }
    assert stored(invoice, "application", "training", "issued_by", "issued_on", "due_on") == {
        "application": application.pk,
        "training": training.pk,
        "issued_by": staff.pk,
        "issued_on": training.today(),
        "due_on": training.today() + datetime.timedelta(days=14),
    }
    assert stored(invoice, "year", "sequence", "number", "payment_reference") == {
        "year": year,
        "sequence": 1,
        "number": f"{year}-00001",
        "payment_reference": issuing.creditor_reference(year, 1),
    }
    assert stored(invoice, "language", "billed_to", "billed_email", "vat_number", "country") == {
        "language": "de",
        "billed_to": [
            "Praxis Berg",
            application.name,
            "Torstraße 12",
            "10119 Berlin",
            "Deutschland",
            "USt-IdNr.: DE123456789",
        ],
        "billed_email": application.email,
        "vat_number": "DE123456789",
        "country": "DE",
    }
    assert stored(invoice, "issuer")["issuer"] == settings.INSTITUTE
    assert list(invoice.lines.values_list("position", "description", "amount")) == [
        (1, f"Anzahlung für {training.title}", D("500.00"))
    ]
    assert list(
        application.events.filter(code="invoiced").values_list("actor", "from_status", "to_status")
    ) == [(staff.pk, "accepted", "accepted")]
    assert queued_mail() == [invoice.pk]


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("en", ["Deposit for {}", "Instalment 1 for {}", "Balance of the fee for {}"]),
        ("de", ["Anzahlung für {}", "Rate 1 für {}", "Restbetrag der Gebühr für {}"]),
    ],
)
@pytest.mark.django_db
def test_each_amount_of_the_plan_is_described_in_the_trainees_language(language, texts):
    training = plan_training()
    application = accepted(training=training, language=language)

    issuing.issue_due_invoices(application, today=training.starts_on)

    lines = InvoiceLine.objects.filter(invoice__application=application).order_by("invoice__pk")
    assert list(lines.values_list("invoice__purpose", "description", "amount")) == [
        ("deposit", texts[0].format(training.title), D("500.00")),
        ("instalment", texts[1].format(training.title), D("2000.00")),
        ("balance", texts[2].format(training.title), D("2400.00")),
    ]


@pytest.mark.django_db
def test_the_deposit_falls_due_counting_from_the_last_acceptance_on_the_trainings_day():
    training = plan_training(time_zone="Pacific/Auckland")
    application = accepted(training=training)
    first = application.events.get()
    again = Event.objects.create(
        application=application,
        from_status=Status.UNDER_REVIEW,
        to_status=Status.ACCEPTED,
        code=Event.Code.ACCEPTED,
    )
    # Accepted again (after a move back, say) ten days ago at 23:30 UTC: already the next day
    # in Auckland. The first acceptance, a month before, no longer counts.
    ten_days_ago = datetime.date.today() - datetime.timedelta(days=10)
    moment = datetime.datetime.combine(ten_days_ago, datetime.time(23, 30), tzinfo=datetime.UTC)
    Event.objects.filter(pk=first.pk).update(at=moment - datetime.timedelta(days=30))
    Event.objects.filter(pk=again.pk).update(at=moment)

    [deposit] = issuing.issue_due_invoices(application)

    accepted_day = ten_days_ago + datetime.timedelta(days=1)
    assert deposit.due_on == accepted_day + datetime.timedelta(days=training.deposit_days)


@pytest.mark.django_db
def test_each_year_numbers_its_invoices_from_one():
    training = plan_training()
    first, second, third = (accepted(training=training) for _ in range(3))
    year = training.today().year
    new_years_eve = datetime.date(year, 12, 31)

    [one] = issuing.issue_due_invoices(first, today=new_years_eve)
    [next_year] = issuing.issue_due_invoices(second, today=datetime.date(year + 1, 1, 1))
    [two] = issuing.issue_due_invoices(third, today=new_years_eve)

    numbers = [(i.year, i.sequence, i.number, i.payment_reference) for i in (one, next_year, two)]
    assert numbers == [
        (year, 1, f"{year}-00001", issuing.creditor_reference(year, 1)),
        (year + 1, 1, f"{year + 1}-00001", issuing.creditor_reference(year + 1, 1)),
        (year, 2, f"{year}-00002", issuing.creditor_reference(year, 2)),
    ]


@pytest.mark.parametrize(
    ("year", "sequence", "reference"),
    [
        (2026, 12, "RF26202600012"),
        (2026, 2, "RF05202600002"),  # check digits below 10 keep their leading zero
        (2027, 1, "RF27202700001"),
    ],
)
def test_the_payment_reference_is_the_iso_11649_reference_of_the_number(year, sequence, reference):
    assert issuing.creditor_reference(year, sequence) == reference


@pytest.mark.django_db
def test_a_credit_note_copies_the_invoice_and_credits_at_most_what_is_left_of_it(
    staff, django_capture_on_commit_callbacks
):
    training = plan_training(currency="CHF")
    application = german_company(training=training)
    issuing.issue_due_invoices(application)
    [instalment] = issuing.issue_due_invoices(
        application, today=training.starts_on - datetime.timedelta(days=90)
    )
    day = datetime.date(training.today().year + 5, 1, 15)

    with django_capture_on_commit_callbacks(execute=True):
        part = issuing.cancel_invoice(
            instalment, "Goodwill", issued_by=staff, today=day, amount=D("200.00")
        )
        rest = issuing.cancel_invoice(instalment, "Waived", amount=D("5000.00"))
    assert issuing.cancel_invoice(instalment, "Once more", amount=D("1.00")) is None

    copied = ("training", "instalment", "currency", "language", "billed_to", "billed_email")
    copied += ("vat_number", "country", "issuer")
    for note in (part, rest):
        assert stored(note, *copied) == stored(instalment, *copied)
        assert stored(note, "kind", "purpose", "cancels", "due_on") == {
            "kind": "credit_note",
            "purpose": "cancellation",
            "cancels": instalment.pk,
            "due_on": None,
        }
    assert stored(part, "instalment") == {"instalment": 1}
    assert stored(part, "total", "reason", "issued_by", "issued_on", "number") == {
        "total": D("-200.00"),
        "reason": "Goodwill",
        "issued_by": staff.pk,
        "issued_on": day,
        "number": f"{day.year}-00001",
    }
    assert stored(rest, "total", "reason", "issued_by", "issued_on", "year") == {
        "total": D("-1800.00"),
        "reason": "Waived",
        "issued_by": None,
        "issued_on": training.today(),
        "year": training.today().year,
    }
    assert list(part.lines.values_list("position", "description", "amount")) == [
        (1, f"Storno der Rechnung {instalment.number}", D("-200.00"))
    ]
    credited = application.events.filter(code="credited")
    assert list(credited.values_list("actor", "from_status", "to_status")) == [
        (staff.pk, "accepted", "accepted"),
        (None, "accepted", "accepted"),
    ]
    assert queued_mail() == [part.pk, rest.pk]


@pytest.mark.django_db
def test_reissuing_by_staff_is_due_no_sooner_than_the_time_to_pay_a_deposit(staff):
    training = plan_training()
    application = accepted(training=training)
    [invoice] = issuing.issue_due_invoices(application)
    day = invoice.due_on + datetime.timedelta(days=3)

    note, again = issuing.reissue_invoice(invoice, "Wrong street", issued_by=staff, today=day)

    for issued in (note, again):
        assert (issued.issued_by, issued.issued_on, issued.reason) == (staff, day, "Wrong street")
    assert (again.training, again.instalment) == (training, 0)
    assert again.due_on == day + datetime.timedelta(days=training.deposit_days)
    assert list(again.lines.values_list("position", "description", "amount")) == [
        (1, f"Deposit for {training.title}", D("500.00"))
    ]


@pytest.mark.django_db
def test_an_invoice_reissued_after_the_trainee_continued_elsewhere_still_bills_its_training():
    online, in_person = online_first_module()
    application = accepted(training=online)
    [invoice] = issuing.issue_due_invoices(application)
    application = workflow.continue_in_training(application, in_person)

    _note, again = issuing.reissue_invoice(invoice, "Wrong street")

    assert (again.training, again.purpose, again.total) == (online, "balance", invoice.total)
    # Nor does it count as billed for the training the trainee is in now.
    assert issuing.withdrawal_terms(application).invoiced == D("0.00")


@pytest.mark.django_db
def test_reissuing_says_why_it_cannot():
    application = accepted(training=plan_training())
    [invoice] = issuing.issue_due_invoices(application)
    note = issuing.cancel_invoice(invoice, "Waived")

    with pytest.raises(issuing.BillingError) as refused:
        issuing.reissue_invoice(note, "Again")
    assert str(refused.value) == "A credit note is not issued again."
    with pytest.raises(issuing.BillingError) as refused:
        issuing.reissue_invoice(invoice, "Again")
    assert str(refused.value) == f"{invoice.number} was cancelled already."
    application.billing.delete()
    with pytest.raises(issuing.BillingError) as refused:
        issuing.reissue_invoice(invoice, "Again")
    assert str(refused.value) == "The trainee has not given billing details."


# --- What a withdrawal credits, invoices and pays back ---


@pytest.mark.django_db
def test_a_withdrawal_credits_part_of_the_newest_invoice_and_pays_back_the_rest(staff):
    training = plan_training()
    application = accepted(training=training)
    start = training.starts_on
    issuing.issue_due_invoices(application)
    [*_, balance] = issuing.issue_due_invoices(application, today=start - datetime.timedelta(60))
    for invoice in Invoice.objects.filter(application=application):
        pay(invoice)
    day = start - datetime.timedelta(days=40)  # half of the fee beyond the deposit is kept

    notes, extra, refund = issuing.settle_withdrawal(application, day, issued_by=staff)

    reason = f"Withdrawn on {day.isoformat()}: 50% of the fee given back under the policy."
    [note] = notes
    assert (note.cancels, note.total, note.purpose, note.reason) == (
        balance,
        D("-2200.00"),
        "refund",
        reason,
    )
    assert (note.issued_on, note.year, note.issued_by) == (day, day.year, staff)
    assert extra is None
    assert (refund.amount, refund.currency, refund.reason) == (D("2200.00"), "EUR", reason)


@pytest.mark.django_db
def test_a_withdrawal_invoices_the_share_kept_in_the_trainees_language(staff):
    application, day = withdrawal_case(29, language="de")
    training = application.training

    notes, extra, refund = issuing.settle_withdrawal(application, day, issued_by=staff)

    assert notes == [] and refund is None
    reason = (
        f"Rücktritt am {day.isoformat()}: 0 % der Gebühr werden gemäß der "
        "Erstattungsregelung zurückgezahlt."
    )
    assert stored(extra, "purpose", "instalment", "total", "reason", "issued_by") == {
        "purpose": "refund",
        "instalment": 0,
        "total": D("2400.00"),
        "reason": reason,
        "issued_by": staff.pk,
    }
    assert (extra.issued_on, extra.due_on) == (
        day,
        day + datetime.timedelta(days=training.deposit_days),
    )
    assert list(extra.lines.values_list("description", "amount")) == [
        (f"Bei Rücktritt einbehaltener Anteil der Gebühr: {training.title}", D("2400.00"))
    ]


@pytest.mark.django_db
def test_a_withdrawal_invoices_the_share_kept_in_english():
    application, day = withdrawal_case(29)

    _notes, extra, _refund = issuing.settle_withdrawal(application, day)

    assert extra.reason == (
        f"Withdrawn on {day.isoformat()}: 0% of the fee given back under the policy."
    )
    assert list(extra.lines.values_list("description", "amount")) == [
        (f"Share of the fee kept on withdrawal: {application.training.title}", D("2400.00"))
    ]


# 40 days before the start the trainee owes EUR 2,700: the deposit and half of the rest. An
# instalment one euro larger or smaller than EUR 2,200 leaves one euro to settle.
@pytest.mark.parametrize(
    ("instalment", "credited", "invoiced_extra", "refund"),
    [
        ("2201.00", "1.00", None, "1.00"),
        ("2199.00", None, "1.00", None),
    ],
)
@pytest.mark.django_db
def test_a_withdrawal_settles_a_difference_of_one_euro(
    instalment, credited, invoiced_extra, refund
):
    training = plan_training(instalment=instalment)
    application, day = withdrawal_case(40, training=training)

    notes, extra, refunded = issuing.settle_withdrawal(application, day)

    assert [-note.total for note in notes] == ([D(credited)] if credited else [])
    assert (extra.total if extra else None) == (D(invoiced_extra) if invoiced_extra else None)
    assert (refunded.amount if refunded else None) == (D(refund) if refund else None)


@pytest.mark.django_db
def test_a_withdrawal_credits_what_the_newest_invoice_leaves_from_the_one_before():
    application, day = withdrawal_case(90)
    type(application.training).objects.filter(pk=application.training_id).update(
        deposit_refundable=True
    )
    deposit, instalment = Invoice.objects.filter(application=application).order_by("pk")
    issuing.cancel_invoice(deposit, "Goodwill", amount=D("499.00"))
    application.refresh_from_db()

    notes, _extra, refund = issuing.settle_withdrawal(application, day)

    assert [(note.cancels, note.total) for note in notes] == [
        (instalment, D("-2000.00")),
        (deposit, D("-1.00")),
    ]
    assert refund.amount == D("2500.00")


@pytest.mark.django_db
def test_a_withdrawal_after_a_reissue_credits_the_invoice_issued_again():
    application, day = withdrawal_case(90)
    instalment = Invoice.objects.get(application=application, purpose="instalment")
    _note, again = issuing.reissue_invoice(instalment, "Wrong street")

    assert issuing.withdrawal_terms(application, day).invoiced == D("2500.00")
    notes, extra, refund = issuing.settle_withdrawal(application, day)

    assert [(note.cancels, note.total) for note in notes] == [(again, D("-2000.00"))]
    assert extra is None
    assert refund.amount == D("2000.00")


@pytest.mark.django_db
def test_half_a_cent_of_the_share_kept_is_rounded_up():
    # Half of the EUR 4,400.05 beyond the deposit is EUR 2,200.025.
    application, day = withdrawal_case(40, training=plan_training(fee="4900.05"))

    assert issuing.withdrawal_terms(application, day).owed == D("2700.03")


# --- Cancelling everything: a decline, or a move to another training ---


@pytest.mark.django_db
def test_cancelling_all_invoices_pays_back_only_what_was_not_paid_back_before(staff):
    training = plan_training()
    application = accepted(training=training)
    [deposit] = issuing.issue_due_invoices(application)
    pay(deposit, D("1.00"))

    notes, refund = issuing.cancel_all_invoices(application, "Declined", issued_by=staff)

    assert [(note.cancels, note.total, note.issued_by) for note in notes] == [
        (deposit, D("-500.00"), staff)
    ]
    assert (refund.amount, refund.currency, refund.reason) == (D("1.00"), "EUR", "Declined")
    assert issuing.cancel_all_invoices(application, "Declined again") == ([], None)
    # Accepted into another training, it pays that deposit, and is moved on again.
    target = plan_training()
    workflow.move_to_training(application, target)
    Application.objects.filter(pk=application.pk).update(status=Status.ACCEPTED)
    [new_deposit] = issuing.issue_due_invoices(application)
    pay(new_deposit)

    [note], refund = issuing.cancel_all_invoices(application, "Declined")

    assert (note.cancels, refund.amount) == (new_deposit, D("500.00"))
    assert list(application.refunds.order_by("pk").values_list("amount", flat=True)) == [
        D("1.00"),
        D("500.00"),
    ]
