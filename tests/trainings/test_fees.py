"""The price that applies, and the whole price structure, as the public pages show them."""

import datetime
import re

import pytest
from django.utils import timezone

from tests.factories import (
    CostFactory,
    InstalmentFactory,
    RefundRuleFactory,
    TrainingFactory,
    days_from_today,
)
from trainings.models import Cost

pytestmark = pytest.mark.django_db


def day(date):
    """A date as the English pages write it: '7 December 2026'."""
    return f"{date.day} {date:%B %Y}"


def early_bird_training(deadline_in_days, **fields):
    """EUR 4,900, or 4,400 for applications received by a deadline ``deadline_in_days`` from
    the training's today."""
    training = TrainingFactory(
        fee=4900, early_bird_fee=4400, early_bird_deadline=days_from_today(0), **fields
    )
    training.early_bird_deadline = training.today() + datetime.timedelta(deadline_in_days)
    training.save()
    return training


def card_of(client, training):
    html = client.get("/trainings/").content.decode()
    cards = re.findall(r'<article class="card training-card.*?</article>', html, re.S)
    [card] = [card for card in cards if f'href="{training.get_absolute_url()}"' in card]
    return card


def key_facts(client, training):
    html = client.get(training.get_absolute_url()).content.decode()
    return html[html.index('<dl class="training-facts') : html.index("</dl>")]


def section(html, title_id):
    start = html.index(f'<section aria-labelledby="{title_id}"')
    return html[start : html.index("</section>", start)]


def text(html):
    """What a reader sees of ``html``: its words, tags left out and spaces collapsed."""
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.mark.parametrize(
    "deadline_in_days", [0, 1, 20], ids=["deadline-day", "day-before", "weeks"]
)
def test_card_and_page_show_the_early_bird_price_until_its_deadline(client, deadline_in_days):
    training = early_bird_training(deadline_in_days)
    label = (
        f"Early-bird price EUR\u00a04,400 until {day(training.early_bird_deadline)}, "
        "then EUR\u00a04,900"
    )

    card, facts = card_of(client, training), key_facts(client, training)

    assert f"<dt>Tuition</dt><dd>{label}</dd>" in card
    assert label in facts


def test_after_the_deadline_card_and_page_show_the_full_fee_alone(client):
    training = early_bird_training(-1)

    card, facts = card_of(client, training), key_facts(client, training)

    assert "<dt>Tuition</dt><dd>EUR\u00a04,900</dd>" in card
    assert "EUR\u00a04,900" in facts
    for shown in (card, facts):
        assert "4,400" not in shown and "Early-bird" not in shown


def test_the_early_bird_ends_with_the_trainings_own_day(client, monkeypatch):
    """At 23:30 in London on 1 March, it is 2 March in Berlin and still 1 March in New York:
    a deadline of 1 March has passed for the Berlin cohort only."""
    moment = datetime.datetime(2027, 3, 1, 23, 30, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    deadline = datetime.date(2027, 3, 1)
    common = {"fee": 4900, "early_bird_fee": 4400, "early_bird_deadline": deadline}
    berlin = TrainingFactory(time_zone="Europe/Berlin", **common)
    new_york = TrainingFactory(time_zone="America/New_York", city="New York", **common)

    assert "<dd>EUR\u00a04,900</dd>" in card_of(client, berlin)
    assert "Early-bird price EUR\u00a04,400 until 1 March 2027" in card_of(client, new_york)


def test_the_apply_page_says_which_price_an_application_sent_today_gets(client):
    early = early_bird_training(0)
    late = early_bird_training(-1)

    early_page = text(client.get(f"/trainings/{early.slug}/apply/").content.decode())
    late_page = text(client.get(f"/trainings/{late.slug}/apply/").content.decode())

    assert (
        f"Tuition: Early-bird price EUR\u00a04,400 until {day(early.early_bird_deadline)}, "
        "then EUR\u00a04,900. Sent today, your application gets the early-bird price, "
        "EUR\u00a04,400."
    ) in early_page
    assert "Tuition: EUR\u00a04,900." in late_page
    assert "early-bird" not in late_page.lower()


def test_german_pages_write_the_price_the_german_way(client):
    training = early_bird_training(1, slug="berlin")

    facts = key_facts(client, training)
    german = client.get("/de/trainings/berlin/").content.decode()

    assert "EUR\u00a04,400" in facts
    deadline = training.early_bird_deadline
    assert f"4.400\u00a0EUR bis {deadline.day}." in german
    assert "danach 4.900\u00a0EUR" in german


def test_the_page_shows_the_payment_plan_of_an_acceptance_today(client):
    training = early_bird_training(10, deposit=400, deposit_days=10, modules=3)
    first = InstalmentFactory(training=training, due_on=days_from_today(40), amount=800)
    second = InstalmentFactory(training=training, due_on=days_from_today(100), amount=1200)
    training.balance_due_on = days_from_today(110)
    training.save()
    today = training.today()

    html = client.get(training.get_absolute_url()).content.decode()
    paying = text(section(html, "paying-title"))

    assert (
        "When you are accepted, a deposit of EUR\u00a0400 is invoiced, to pay within 10 days."
    ) in paying
    assert (
        "Payment plan for an application sent and accepted today, at EUR\u00a04,400 "
        "Payment Amount Due by "
        f"Deposit EUR\u00a0400 {day(today + datetime.timedelta(10))} "
        f"Instalment 1 EUR\u00a0800 {day(first.due_on)} "
        f"Instalment 2 EUR\u00a01,200 {day(second.due_on)} "
        f"Balance EUR\u00a02,000 {day(training.balance_due_on)}"
    ) in paying
    assert "nothing falls due sooner than 10 days after your acceptance" in paying
    assert '<th scope="col">Amount</th>' in html.replace(' class="text-end"', "")
    assert '<th scope="row">Instalment 2</th>' in html


def test_without_deposit_or_plan_the_whole_fee_is_one_payment(client):
    training = TrainingFactory(fee=2400, deposit=0)

    paying = text(section(client.get(training.get_absolute_url()).content.decode(), "paying-title"))

    assert f"The whole tuition EUR\u00a02,400 {day(training.balance_due_date)}" in paying
    assert "deposit" not in paying.lower()


def test_the_page_says_what_the_fee_includes_and_what_costs_extra(client):
    training = TrainingFactory()
    CostFactory(training=training, kind=Cost.Kind.SUPERVISION, estimate=900)
    CostFactory(
        training=training,
        kind=Cost.Kind.MEALS,
        is_included=True,
        description="Lunch",
        estimate=None,
    )
    CostFactory(training=training, kind=Cost.Kind.LODGING, description="A room", estimate=None)
    CostFactory(training=TrainingFactory(), description="Another training's cost")

    paying = text(section(client.get(training.get_absolute_url()).content.decode(), "paying-title"))

    assert "Included in the tuition Meals: Lunch" in paying
    assert (
        "To pay on top of the tuition What Estimate "
        "Supervision: Ten group supervision sessions EUR\u00a0900 "
        "Lodging: A room varies"
    ) in paying
    assert "Another training" not in paying


def test_the_page_shows_the_refund_rules_and_what_becomes_of_the_deposit(client):
    training = TrainingFactory(deposit=300, refund_policy="Transfers are free once.")
    RefundRuleFactory(training=training, until=datetime.date(2027, 3, 1), percent=100)
    RefundRuleFactory(training=training, until=datetime.date(2027, 4, 15), percent="37.50")
    refundable = TrainingFactory(deposit=300, deposit_refundable=True)
    RefundRuleFactory(training=refundable)

    refunds = text(
        section(client.get(training.get_absolute_url()).content.decode(), "refund-title")
    )
    other = text(
        section(client.get(refundable.get_absolute_url()).content.decode(), "refund-title")
    )

    assert (
        "What you get back if you withdraw When you withdraw Paid back "
        "Until 1 March 2027 100% Until 15 April 2027 37.50% After that Nothing"
    ) in refunds
    assert "The deposit of EUR\u00a0300 is not paid back" in refunds
    assert "Transfers are free once." in refunds
    assert "The deposit is paid back by the same rules." in other


def test_without_rules_the_refund_policy_is_its_text(client):
    training = TrainingFactory(refund_policy="Ask us about refunds.")

    refunds = section(client.get(training.get_absolute_url()).content.decode(), "refund-title")

    assert "Ask us about refunds." in refunds
    assert "<table" not in refunds


def test_the_refund_rules_read_in_german(client):
    training = TrainingFactory(slug="berlin")
    RefundRuleFactory(training=training, until=datetime.date(2027, 3, 1), percent=50)

    refunds = text(section(client.get("/de/trainings/berlin/").content.decode(), "refund-title"))

    assert "1. März 2027 50\u00a0%" in refunds


def test_the_training_page_queries_do_not_grow_with_the_price_structure(count_queries):
    training = TrainingFactory(deposit=100, modules=3)
    InstalmentFactory(training=training)
    RefundRuleFactory(training=training)
    CostFactory(training=training)
    few = count_queries(training.get_absolute_url())
    for days in range(31, 41):
        InstalmentFactory(training=training, due_on=days_from_today(days), amount=10)
        RefundRuleFactory(training=training, until=days_from_today(days), percent=50)
        CostFactory(training=training)

    assert count_queries(training.get_absolute_url()) == few


def test_a_new_instalment_shows_at_once_on_the_cached_page(client):
    training = TrainingFactory(deposit=100)
    assert "Instalment 1" not in client.get(training.get_absolute_url()).content.decode()

    InstalmentFactory(training=training)

    assert "Instalment 1" in client.get(training.get_absolute_url()).content.decode()


def test_a_training_not_taking_applications_shows_no_dated_plan(client):
    training = TrainingFactory(deposit=400, applications_open=days_from_today(5))
    InstalmentFactory(training=training)

    paying = text(section(client.get(training.get_absolute_url()).content.decode(), "paying-title"))

    assert "a deposit of EUR\u00a0400 is invoiced" in paying
    assert "Payment plan" not in paying and "Instalment 1" not in paying
