import re

import pytest

from tests.admin_forms import change_form_data
from tests.factories import ApplicationFactory, TrackFactory, TrainingFactory, days_from_today
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
    }
    data.update(changes)
    return data


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
    assert message in response.content.decode()
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
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    staff_client.post(
        "/admin/trainings/training/",
        {"action": "cancel", "_selected_action": [published.pk]},
    )

    draft.refresh_from_db()
    published.refresh_from_db()
    assert draft.status == Training.Status.PUBLISHED
    assert published.status == Training.Status.CANCELLED


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
