import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from applicants import workflow
from applicants.models import Application
from tests.factories import ApplicationFactory, TrainingFactory, days_from_today

pytestmark = pytest.mark.django_db
Status = Application.Status
CHANGELIST = "/admin/applicants/application/"


def act(client, action, applications, **extra):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [a.pk for a in applications], **extra},
        follow=True,
    )


def test_start_review_then_accept_records_who_did_it(client, staff):
    application = ApplicationFactory()

    act(client, "start_review", [application])
    act(client, "accept", [application])

    application.refresh_from_db()
    assert application.status == Status.ACCEPTED
    history = list(application.events.values_list("from_status", "to_status", "actor"))
    assert history == [
        ("submitted", "under_review", staff.pk),
        ("under_review", "accepted", staff.pk),
    ]


def test_a_forbidden_change_is_explained_not_made(client, staff):
    application = ApplicationFactory()

    response = act(client, "accept", [application])

    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert "cannot become" in response.content.decode()


def test_decline_asks_for_a_reason_and_keeps_it(client, staff):
    application = ApplicationFactory(status=Status.UNDER_REVIEW)

    form = act(client, "decline", [application])
    assert "Reason, sent to the applicant" in form.content.decode()
    application.refresh_from_db()
    assert application.status == Status.UNDER_REVIEW

    act(client, "decline", [application], confirm="1", reason="The PFT suits you better.")

    application.refresh_from_db()
    assert application.status == Status.DECLINED
    assert application.decline_reason == "The PFT suits you better."
    assert application.events.get().message == "The PFT suits you better."


def test_decline_keeps_the_reason_only_on_the_applications_it_declines(client, staff):
    under_review = ApplicationFactory(status=Status.UNDER_REVIEW)
    withdrawn = ApplicationFactory(status=Status.WITHDRAWN)

    response = act(
        client,
        "decline",
        [under_review, withdrawn],
        confirm="1",
        reason="The PFT suits you better.",
    )

    under_review.refresh_from_db()
    withdrawn.refresh_from_db()
    assert (under_review.status, under_review.decline_reason) == (
        Status.DECLINED,
        "The PFT suits you better.",
    )
    assert (withdrawn.status, withdrawn.decline_reason) == (Status.WITHDRAWN, "")
    assert not withdrawn.events.exists()
    assert f"{withdrawn.name}: An application that is “Withdrawn” cannot become" in (
        response.content.decode()
    )


def test_move_to_another_training(client, staff):
    application = ApplicationFactory()
    target = TrainingFactory(title="PFT Lisbon")

    act(client, "move", [application], confirm="1", training=target.pk)

    application.refresh_from_db()
    assert application.training == target


def test_export_csv_of_the_selection_neutralises_formulas(client, staff):
    chosen = ApplicationFactory(name="=HYPERLINK(1)")
    ApplicationFactory(name="Not selected")

    response = client.post(CHANGELIST, {"action": "export_csv", "_selected_action": [chosen.pk]})

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["name"] for row in rows] == ["'=HYPERLINK(1)"]


def test_the_change_page_shows_answers_read_only_and_the_history(client, staff):
    application = ApplicationFactory(motivation="Because of my clients.")
    application.events.create(message="Application received.", to_status="submitted")

    html = client.get(f"{CHANGELIST}{application.pk}/change/").content.decode()

    assert "Because of my clients." in html
    assert 'name="motivation"' not in html
    assert 'name="internal_notes"' in html
    assert "Application received." in html


def test_the_changelist_filters_and_searches(client, staff):
    ApplicationFactory(name="Ana", wants_financial_assistance=True, financial_note="x")
    ApplicationFactory(name="Bernd")

    filtered = client.get(f"{CHANGELIST}?wants_financial_assistance__exact=1").content.decode()
    searched = client.get(f"{CHANGELIST}?q=bernd").content.decode()

    assert "Ana" in filtered and "Bernd" not in filtered
    assert "Bernd" in searched and ">Ana<" not in searched


def test_application_list_filters_by_an_upcoming_training(client, staff):
    lisbon = TrainingFactory(title="Lisbon cohort")
    berlin = TrainingFactory(title="Berlin cohort")
    ApplicationFactory(training=lisbon, name="Ana Lisboa")
    ApplicationFactory(training=berlin, name="Jonas Berlin")

    content = client.get(CHANGELIST, {"training__id__exact": lisbon.pk}).content.decode()

    assert "Ana Lisboa" in content
    assert "Jonas Berlin" not in content
    assert "Berlin cohort" in content  # still offered as a filter


def test_application_list_searches_part_of_a_name_or_address(client, staff):
    ApplicationFactory(name="Thandi Nkosi", email="thandi@example.org")
    ApplicationFactory(name="Mei Tan", email="mei@example.org")

    by_name = client.get(CHANGELIST, {"q": "nkos"}).content.decode()
    by_email = client.get(CHANGELIST, {"q": "MEI@EXAMPLE"}).content.decode()

    assert "Thandi Nkosi" in by_name and "Mei Tan" not in by_name
    assert "Mei Tan" in by_email and "Thandi Nkosi" not in by_email


def test_application_list_shows_country_names(client, staff):
    ApplicationFactory(country="KE")

    assert "Kenya" in client.get(CHANGELIST).content.decode()


def test_application_list_queries_do_not_grow_with_the_applications(
    client, staff, django_assert_max_num_queries
):
    ApplicationFactory()
    with CaptureQueriesContext(connection) as few:
        client.get(CHANGELIST)
    ApplicationFactory.create_batch(30, training=TrainingFactory())

    with django_assert_max_num_queries(len(few)):
        client.get(CHANGELIST)


def test_staff_confirm_an_address_by_hand_and_the_history_names_them(client, staff):
    training = TrainingFactory(capacity=1)
    leaving = ApplicationFactory(training=training)
    waiting = ApplicationFactory(training=training, status=Status.WAITLISTED, unconfirmed=True)
    # The seat frees, but nobody who waits has confirmed: it stays free for them.
    workflow.change_status(leaving, Status.WITHDRAWN)

    response = act(client, "confirm_address", [waiting])

    waiting.refresh_from_db()
    assert "1 e-mail address confirmed." in response.content.decode()
    assert waiting.confirmed_at is not None
    # Confirmed, the first person waiting takes the seat that was free.
    assert waiting.status == Status.SUBMITTED
    history = list(waiting.events.values_list("code", "from_status", "to_status", "actor"))
    assert history == [
        ("confirmed", "waitlisted", "waitlisted", staff.pk),
        ("promoted", "waitlisted", "submitted", None),
    ]


def test_staff_cannot_accept_an_application_whose_address_is_not_confirmed(client, staff):
    application = ApplicationFactory(status=Status.UNDER_REVIEW, unconfirmed=True)

    response = act(client, "accept", [application])

    application.refresh_from_db()
    assert application.status == Status.UNDER_REVIEW
    assert (
        f"{application.name}: The applicant has not confirmed their e-mail address yet."
        in response.content.decode()
    )

    act(client, "confirm_address", [application])
    act(client, "accept", [application])

    application.refresh_from_db()
    assert application.status == Status.ACCEPTED


@pytest.mark.parametrize(
    ("status", "refusal"),
    [
        (Status.EXPIRED, "This application expired: its e-mail address was not confirmed in time."),
        (Status.WITHDRAWN, "An application that is “Withdrawn” cannot be confirmed."),
    ],
)
def test_staff_cannot_confirm_a_closed_application(client, staff, status, refusal):
    closed = ApplicationFactory(status=status, unconfirmed=True)

    response = act(client, "confirm_address", [closed])

    closed.refresh_from_db()
    assert closed.confirmed_at is None
    assert escape(f"{closed.name}: {refusal}") in response.content.decode()


def test_the_list_shows_and_filters_whether_the_address_is_confirmed(client, staff):
    ApplicationFactory(name="Ana Confirmed")
    ApplicationFactory(name="Ben Waiting", unconfirmed=True)
    ApplicationFactory(name="Cleo Expired", status=Status.EXPIRED)

    everyone = client.get(CHANGELIST).content.decode()
    confirmed = client.get(CHANGELIST, {"address": "confirmed"}).content.decode()
    waiting = client.get(CHANGELIST, {"address": "waiting"}).content.decode()
    expired = client.get(CHANGELIST, {"address": "expired"}).content.decode()

    assert "waiting for confirmation" in everyone
    assert "Ana Confirmed" in confirmed and "Ben Waiting" not in confirmed
    assert "Ben Waiting" in waiting and "Ana Confirmed" not in waiting
    assert "Cleo Expired" not in waiting
    assert "Cleo Expired" in expired and "Ben Waiting" not in expired


@pytest.mark.parametrize(
    "target, refusal",
    [
        ("applied", "This person has already applied to PFT Lisbon."),
        ("closed", "PFT Lisbon does not take applications now: Applications closed on"),
        ("own", "The application is already for this training."),
    ],
)
def test_a_move_the_workflow_refuses_is_explained_and_changes_nothing(
    client, staff, target, refusal
):
    application = ApplicationFactory(name="Ana Ruiz", email="ana@example.org")
    trainings = {
        "applied": TrainingFactory(title="PFT Lisbon"),
        "closed": TrainingFactory(title="PFT Lisbon", applications_close=days_from_today(-1)),
        "own": application.training,
    }
    ApplicationFactory(training=trainings["applied"], email="ANA@example.org")
    before = Application.objects.values().get(pk=application.pk)

    response = act(client, "move", [application], confirm="1", training=trainings[target].pk)

    assert response.status_code == 200
    assert f"Ana Ruiz: {refusal}" in response.content.decode()
    assert "application moved" not in response.content.decode()
    assert Application.objects.values().get(pk=application.pk) == before
    assert not application.events.exists()
