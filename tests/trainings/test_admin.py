import datetime
import re

import pytest

from tests.admin_forms import change_form_data
from tests.factories import (
    ApplicationFactory,
    CostFactory,
    InstalmentFactory,
    RefundRuleFactory,
    TrackFactory,
    TrainingFactory,
    days_from_today,
)
from trainings.models import Training

pytestmark = pytest.mark.django_db


def training_form(track, **changes):
    """The admin's add-training form as a browser posts it, with one module."""
    data = {
        "track": track.pk,
        "title_en": "Lisbon 2027",
        "title_es": "Lisboa 2027",
        "slug": "lisbon-2027",
        "status": "draft",
        "description_en": "",
        "format": "in_person",
        "language": "pt",
        "venue_name": "Casa do Rio",
        "city": "Lisbon",
        "country": "PT",
        "latitude": "38.72",
        "longitude": "-9.14",
        "time_zone": "Europe/Lisbon",
        "contact_hours": "120",
        "currency": "EUR",
        "fee": "2400",
        "early_bird_fee": "",
        "early_bird_deadline": "",
        "deposit": "0",
        "deposit_days": "14",
        "balance_due_on": "",
        "payment_plan_en": "",
        "refund_policy_en": "Refund until 30 days before.",
        "capacity": "16",
        "applications_open": days_from_today(1).isoformat(),
        "applications_close": days_from_today(50).isoformat(),
        "modules-TOTAL_FORMS": "1",
        "modules-INITIAL_FORMS": "0",
        "modules-MIN_NUM_FORMS": "0",
        "modules-MAX_NUM_FORMS": "1000",
        "modules-0-number": "1",
        "modules-0-format": "in_person",
        "modules-0-start_date": days_from_today(60).isoformat(),
        "modules-0-end_date": days_from_today(63).isoformat(),
        "modules-0-daily_start": "09:00",
        "modules-0-daily_end": "17:00",
        "modules-0-contact_hours": "24",
        "modules-0-is_required": "on",
        **empty_inline("instalments"),
        **empty_inline("refund_rules"),
        **empty_inline("costs"),
    }
    data.update(changes)
    return data


def empty_inline(prefix):
    return {
        f"{prefix}-TOTAL_FORMS": "0",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def inline_rows(prefix, *rows):
    """An inline's management form and its ``rows`` (dicts of field values), all new."""
    data = {**empty_inline(prefix), f"{prefix}-TOTAL_FORMS": str(len(rows))}
    for number, row in enumerate(rows):
        data.update({f"{prefix}-{number}-{name}": value for name, value in row.items()})
    return data


def price_structure(**changes):
    """A deposit, two instalments, refund rules and costs, as staff type them in the admin."""
    return {
        "fee": "4900",
        "early_bird_fee": "4400",
        "early_bird_deadline": days_from_today(20).isoformat(),
        "deposit": "900",
        "deposit_days": "10",
        "deposit_refundable": "on",
        "balance_due_on": days_from_today(45).isoformat(),
        **inline_rows(
            "instalments",
            {"due_on": days_from_today(30).isoformat(), "amount": "1000"},
            {"due_on": days_from_today(40).isoformat(), "amount": "1000"},
        ),
        **inline_rows(
            "refund_rules",
            {"until": days_from_today(30).isoformat(), "percent": "90"},
            {"until": days_from_today(59).isoformat(), "percent": "50"},
        ),
        **inline_rows(
            "costs",
            {
                "kind": "supervision",
                "description_en": "Group supervision",
                "estimate": "1200",
                "position": "1",
            },
            {
                "kind": "meals",
                "is_included": "on",
                "description_en": "Lunch",
                "estimate": "",
                "position": "2",
            },
        ),
        **changes,
    }


def test_staff_choose_the_track_offered_to_those_who_do_not_qualify(staff_client):
    clinical = TrackFactory(slug="clinical", name="Clinical Track", minimum_degree="master")
    facilitator = TrackFactory(slug="professional-facilitator")
    url = f"/admin/trainings/track/{clinical.pk}/change/"

    page = staff_client.get(url)
    html = page.content.decode()
    who_qualifies = html[html.index("Who qualifies</h2>") : html.index("On the site</h2>")]
    assert re.search(r"<label[^>]*>Offered to those who do not qualify", who_qualifies)
    response = staff_client.post(url, change_form_data(page, offered_instead=facilitator.pk))

    assert response.status_code == 302
    clinical.refresh_from_db()
    assert clinical.offered_instead == facilitator


def test_staff_add_a_training_with_its_modules(staff_client):
    track = TrackFactory(slug="clinical")

    response = staff_client.post("/admin/trainings/training/add/", training_form(track))

    assert response.status_code == 302
    training = Training.objects.get(slug="lisbon-2027")
    assert training.modules.count() == 1
    assert training.starts_on == days_from_today(60)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"applications_close": days_from_today(61).isoformat()}, "after the first module starts"),
        ({"fee": "-5"}, "Ensure this value is greater than or equal to 0"),
        (
            {"early_bird_fee": "3000", "early_bird_deadline": days_from_today(10).isoformat()},
            "between zero and the full fee",
        ),
        ({"modules-0-end_date": days_from_today(59).isoformat()}, "cannot be before the first day"),
        ({"capacity": "-1"}, "greater than or equal to 0"),
        ({"city": ""}, "needs a city and a country"),
    ],
)
def test_the_admin_explains_a_rule_the_database_would_refuse(staff_client, changes, message):
    track = TrackFactory(slug="clinical")

    response = staff_client.post("/admin/trainings/training/add/", training_form(track, **changes))

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "The deposit cannot be more than the fee." not in html
    assert not Training.objects.exists()


@pytest.mark.django_db(transaction=True)  # commits, so the deferred database check runs
def test_staff_move_a_training_and_its_module_later_in_one_save(staff_client):
    training = TrainingFactory(slug="lisbon-2027", starts_in=60)
    module = training.modules.get()
    data = training_form(
        training.track,
        applications_close=days_from_today(150).isoformat(),
        **{
            "status": "published",
            "modules-INITIAL_FORMS": "1",
            "modules-0-id": str(module.pk),
            "modules-0-training": str(training.pk),
            "modules-0-start_date": days_from_today(151).isoformat(),
            "modules-0-end_date": days_from_today(153).isoformat(),
        },
    )

    response = staff_client.post(f"/admin/trainings/training/{training.pk}/change/", data)

    assert response.status_code == 302
    training.refresh_from_db()
    assert training.starts_on == days_from_today(151)


def test_the_changelist_shows_application_counts_without_a_query_per_row(staff_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def changelist_queries():
        with CaptureQueriesContext(connection) as context:
            response = staff_client.get("/admin/trainings/training/?when=upcoming")
        assert response.status_code == 200
        return len(context.captured_queries), response.content.decode()

    ApplicationFactory.create_batch(3, training=TrainingFactory(title="Counted"))
    few, html = changelist_queries()
    assert '<td class="field-application_count">3</td>' in html
    for _ in range(25):
        ApplicationFactory(training=TrainingFactory())

    assert changelist_queries()[0] == few


def test_publish_and_cancel_actions(staff_client):
    draft = TrainingFactory(status=Training.Status.DRAFT)
    published = TrainingFactory()

    staff_client.post(
        "/admin/trainings/training/",
        {"action": "publish", "_selected_action": [draft.pk], "publish_anyway": "all"},
    )
    staff_client.post(
        "/admin/trainings/training/",
        {"action": "cancel", "_selected_action": [published.pk]},
    )

    draft.refresh_from_db()
    published.refresh_from_db()
    assert draft.status == Training.Status.PUBLISHED
    assert published.status == Training.Status.CANCELLED


def test_staff_add_a_training_with_its_price_structure(staff_client):
    track = TrackFactory(slug="clinical")

    response = staff_client.post(
        "/admin/trainings/training/add/", training_form(track, **price_structure())
    )

    assert response.status_code == 302
    training = Training.objects.get(slug="lisbon-2027")
    assert (training.deposit, training.deposit_days, training.deposit_refundable) == (900, 10, True)
    assert [(i.due_on, i.amount) for i in training.instalments.all()] == [
        (days_from_today(30), 1000),
        (days_from_today(40), 1000),
    ]
    assert [(r.until, r.percent) for r in training.refund_rules.all()] == [
        (days_from_today(30), 90),
        (days_from_today(59), 50),
    ]
    assert [(c.kind, c.is_included, c.estimate) for c in training.costs.all()] == [
        ("meals", True, None),
        ("supervision", False, 1200),
    ]


def test_the_add_form_groups_the_fees_and_payment_with_help(staff_client):
    html = staff_client.get("/admin/trainings/training/add/").content.decode()

    fees = html[html.index("Fees and payment</h2>") : html.index("Applications</h2>")]
    for field in ["fee", "early_bird_fee", "deposit", "deposit_days", "balance_due_on"]:
        assert f'name="{field}"' in fees, field
    assert "The full tuition, which applies after the early-bird deadline." in fees
    assert "Invoiced on acceptance, part of the fee." in fees
    for inline in ["instalments", "refund_rules", "costs"]:
        assert f'name="{inline}-TOTAL_FORMS"' in html


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            # 900 + 2 x 1,000 are within 4,900 but not within the early-bird 2,800.
            {"early_bird_fee": "2800"},
            "The deposit and the instalments add up to EUR 2,900, more than the lowest "
            "price, EUR 2,800.",
        ),
        (
            {"balance_due_on": days_from_today(35).isoformat()},
            f"An instalment falls due on {days_from_today(40):%-d %B %Y}, after the balance",
        ),
        (
            inline_rows(
                "refund_rules", {"until": days_from_today(30).isoformat(), "percent": "120"}
            ),
            "A refund is a share from 0 to 100% of the tuition.",
        ),
        (
            inline_rows(
                "refund_rules",
                {"until": days_from_today(30).isoformat(), "percent": "50"},
                {"until": days_from_today(50).isoformat(), "percent": "75"},
            ),
            f"Withdrawing until {days_from_today(50):%-d %B %Y} gives back 75%, more than "
            f"withdrawing until {days_from_today(30):%-d %B %Y} (50%).",
        ),
        (
            inline_rows(
                "refund_rules",
                {"until": days_from_today(30).isoformat(), "percent": "50"},
                {"until": days_from_today(30).isoformat(), "percent": "40"},
            ),
            "Please correct the duplicate data for until",
        ),
        ({"deposit": "5000"}, "The deposit cannot be more than the fee."),
    ],
)
def test_the_admin_explains_a_price_structure_that_does_not_add_up(staff_client, changes, message):
    track = TrackFactory(slug="clinical")
    data = training_form(track, **price_structure(**changes))

    response = staff_client.post("/admin/trainings/training/add/", data)

    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not Training.objects.exists()


def test_duplicate_makes_a_draft_cohort_a_year_later(staff_client):
    original = TrainingFactory(title="Berlin", title_es="Berlín", slug="berlin", modules=2)

    staff_client.post(
        "/admin/trainings/training/",
        {"action": "duplicate", "_selected_action": [original.pk]},
    )

    copy = Training.objects.get(slug="berlin-next")
    assert copy.status == Training.Status.DRAFT
    assert copy.title == "Berlin (new cohort)"
    assert (copy.title_es, copy.title_de) == ("Berlín (nuevo grupo)", "")
    assert copy.modules.count() == 2
    assert (copy.starts_on - original.starts_on).days == 364
    assert copy.starts_on.weekday() == original.starts_on.weekday()
    assert copy.applications_close < copy.starts_on


def test_duplicate_copies_the_price_structure_with_its_dates_moved(staff_client):
    original = TrainingFactory(slug="berlin", deposit=500, balance_due_on=days_from_today(40))
    InstalmentFactory(training=original, due_on=days_from_today(30), amount=700)
    RefundRuleFactory(training=original, until=days_from_today(20), percent=80)
    CostFactory(training=original, description="Supervision", description_de="Supervision DE")

    staff_client.post(
        "/admin/trainings/training/",
        {"action": "duplicate", "_selected_action": [original.pk]},
    )

    copy = Training.objects.get(slug="berlin-next")
    year = datetime.timedelta(weeks=52)
    assert (copy.deposit, copy.balance_due_on) == (500, days_from_today(40) + year)
    assert [(i.due_on, i.amount) for i in copy.instalments.all()] == [
        (days_from_today(30) + year, 700)
    ]
    assert [(r.until, r.percent) for r in copy.refund_rules.all()] == [
        (days_from_today(20) + year, 80)
    ]
    assert [(c.description_en, c.description_de, c.estimate) for c in copy.costs.all()] == [
        ("Supervision", "Supervision DE", 900)
    ]
    assert original.instalments.count() == original.refund_rules.count() == 1
