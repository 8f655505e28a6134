import datetime
import json
import re

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from applicants import workflow
from applicants.models import Application, Event
from tests.factories import ApplicationFactory, TrainingFactory

pytestmark = pytest.mark.django_db
Status = Application.Status


def test_the_status_page_tells_where_the_applicant_stands(client):
    application = ApplicationFactory(name="Ana Ruiz", training__title="Clinical Berlin")
    workflow.change_status(application, Status.UNDER_REVIEW)

    response = client.get(application.get_absolute_url())

    html = response.content.decode()
    assert "Status: Under review" in html
    assert "expect an answer by" in html
    assert "Clinical Berlin" in html
    assert "Your application is being reviewed by the faculty." in html
    assert '<meta name="robots" content="noindex">' in html
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_a_promised_answer_day_gone_by_is_owned_up_to_not_repeated(client):
    application = ApplicationFactory(status=Status.UNDER_REVIEW)
    Application.objects.filter(pk=application.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=20)
    )

    page = client.get(application.get_absolute_url()).content.decode()

    promised = date_format(timezone.now().date() - datetime.timedelta(days=6), "DATE_FORMAT")
    assert f"We meant to answer by {promised}" in page
    assert "expect an answer by" not in page


def test_the_waiting_list_position_is_shown(client):
    training = TrainingFactory(capacity=0)
    ApplicationFactory(training=training, status=Status.WAITLISTED)
    second = ApplicationFactory(training=training, status=Status.WAITLISTED)

    html = client.get(second.get_absolute_url()).content.decode()

    assert "You are number 2 on the waiting list" in html


def test_staff_notes_are_not_in_the_timeline(client):
    application = ApplicationFactory(internal_notes="Call her reference first.")
    application.events.create(message="Checked the degree.", is_public=False)

    html = client.get(application.get_absolute_url()).content.decode()

    assert "Call her reference first." not in html
    assert "Checked the degree." not in html


def test_a_wrong_token_is_a_plain_404(client):
    application = ApplicationFactory()

    for token in ["nope", application.token[:-1], application.token + "x"]:
        response = client.get(f"/applications/{token}/")
        assert response.status_code == 404
        assert application.name not in response.content.decode()


def test_withdrawing_asks_first_then_frees_the_seat(client):
    training = TrainingFactory(capacity=1)
    application = ApplicationFactory(training=training)
    waiting = ApplicationFactory(training=training, status=Status.WAITLISTED)

    confirm = client.get(f"/applications/{application.token}/withdraw/")
    assert "Withdraw your application?" in confirm.content.decode()
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED

    client.post(f"/applications/{application.token}/withdraw/")

    application.refresh_from_db()
    waiting.refresh_from_db()
    assert application.status == Status.WITHDRAWN
    assert waiting.status == Status.SUBMITTED


def test_a_training_that_has_started_is_left_through_the_staff_not_the_status_page(
    client, django_user_model
):
    training = TrainingFactory(capacity=1, starts_in=0)
    application = ApplicationFactory(training=training, status=Status.ACCEPTED)
    waiting = ApplicationFactory(training=training, status=Status.WAITLISTED)

    page = client.get(application.get_absolute_url()).content.decode()
    confirm = client.get(f"/applications/{application.token}/withdraw/").content.decode()
    refused = client.post(f"/applications/{application.token}/withdraw/", follow=True)

    assert "/withdraw/" not in page
    assert "Your training has started" in page
    assert "Yes, withdraw my application" not in confirm
    assert "Your training has started" in refused.content.decode()
    application.refresh_from_db()
    assert application.status == Status.ACCEPTED
    staff = django_user_model.objects.create_user("office", is_staff=True)
    workflow.change_status(application, Status.WITHDRAWN, actor=staff)
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITLISTED  # nobody moves up into a running training


def test_a_deletion_request_after_the_start_waits_for_the_staff(client):
    application = ApplicationFactory(training=TrainingFactory(starts_in=0), status=Status.ACCEPTED)

    page = client.post(f"/applications/{application.token}/delete/", follow=True)

    application.refresh_from_db()
    assert application.status == Status.ACCEPTED
    assert application.deletion_requested_at is not None
    assert "the staff settle it with you" in page.content.decode()
    assert "Within a day we erase" not in page.content.decode()


def test_the_applicant_downloads_their_data(client):
    application = ApplicationFactory(name="Ana Ruiz", financial_note="Between jobs.")

    response = client.get(f"/applications/{application.token}/my-data.json")

    data = json.loads(response.content)
    assert response["Content-Type"].startswith("application/json")
    assert data["name"] == "Ana Ruiz"
    assert data["financial_note"] == "Between jobs."
    assert data["policy_text"] == application.policy_text


def test_the_download_holds_the_verdict_the_decision_and_what_only_staff_see(client):
    application = ApplicationFactory(
        status=Status.UNDER_REVIEW,
        is_eligible=False,
        eligibility_reasons=["A Master's degree is needed."],
        internal_notes="Called her on Monday.",
    )
    declined = workflow.change_status(
        application, Status.DECLINED, decline_reason="The PFT suits you better."
    )
    Event.objects.create(application=declined, message="Asked the trainers.", is_public=False)

    data = client.get(f"/applications/{application.token}/my-data.json").json()

    assert data["eligibility"] == {"eligible": False, "reasons": ["A Master's degree is needed."]}
    assert data["decline_reason"] == "The PFT suits you better."
    assert data["staff_notes"] == "Called her on Monday."
    hidden = [event for event in data["timeline"] if not event["shown_on_status_page"]]
    assert [event["what"] for event in hidden] == ["Asked the trainers."]
    assert data["status"] == "declined"
    assert data["address_confirmed"] is not None
    assert data["attendance"] == data["supervision"] == data["certificates"] == []


def test_the_applicant_asks_for_deletion_and_is_told_what_is_kept(client):
    training = TrainingFactory(capacity=1)
    application = ApplicationFactory(training=training)
    waiting = ApplicationFactory(training=training, status=Application.Status.WAITLISTED)
    page = client.get(f"/applications/{application.token}/").content.decode()

    response = client.post(f"/applications/{application.token}/delete/", follow=True)

    application.refresh_from_db()
    waiting.refresh_from_db()
    assert "This withdraws your application." in page
    assert application.deletion_requested_at is not None
    # An open application is withdrawn first, and its seat goes to the next in line.
    assert application.status == Application.Status.WITHDRAWN
    assert waiting.status == Application.Status.SUBMITTED
    assert (
        "We keep only which training you applied to, when, and the outcome"
        in response.content.decode()
    )
    assert client.get(f"/applications/{application.token}/delete/").status_code == 405


def test_the_lost_link_form_says_the_same_for_any_address(client):
    ApplicationFactory(email="known@example.org")

    known = client.post("/applications/lost-link/", {"email": "known@example.org"}, follow=True)
    unknown = client.post("/applications/lost-link/", {"email": "who@example.org"}, follow=True)

    def without_csrf_token(response):
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())

    assert without_csrf_token(known) == without_csrf_token(unknown)
    assert "If this address has applied" in known.content.decode()
