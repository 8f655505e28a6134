import datetime
import re
import uuid
from decimal import Decimal

import pytest
from django.db import models
from django.db.models import query
from django.utils import timezone, translation

from applicants import workflow
from applicants.invoices import issuing
from applicants.invoices.models import Invoice
from applicants.models import Application, Event
from tests.factories import (
    ApplicationFactory,
    TrackFactory,
    TrainingFactory,
    accepted,
    days_from_today,
    online_first_module,
)
from tests.threads import run_at_once

Status = Application.Status
pytestmark = pytest.mark.django_db


def new_application(training, email="ana@example.org", **fields):
    """An unsaved application as the form hands it to the workflow, with the eligibility
    verdict on its answers for ``training``."""
    values = {
        "name": "Ana Ruiz",
        "email": email,
        "country": "AR",
        "city": "Buenos Aires",
        "profession": "Psychologist",
        "degree_level": "master",
        "degree_field": "psychology",
        "motivation": "Couples.",
        "privacy_consent_at": "2026-11-27T10:00:00Z",
        "privacy_notice_version": "2026-11",
        "policy_consent_at": "2026-11-27T10:00:00Z",
        "policy_text": "Refunds until 30 days before.",
    }
    application = Application(**(values | fields))
    workflow.evaluate(application, training.track)
    return application


def test_a_free_seat_is_held_and_the_event_recorded():
    training = TrainingFactory(capacity=1)

    application, created = workflow.submit_application(
        training, new_application(training), uuid.uuid4()
    )

    assert created
    assert application.status == Status.SUBMITTED
    assert application.is_eligible is True
    assert list(application.events.values_list("to_status", "code")) == [("submitted", "seat_held")]


def test_a_full_training_puts_the_applicant_on_the_waiting_list():
    training = TrainingFactory(capacity=1)
    ApplicationFactory(training=training)

    application, _ = workflow.submit_application(training, new_application(training), uuid.uuid4())

    assert application.status == Status.WAITLISTED
    assert application.waitlist_position == 1
    assert list(application.events.values_list("to_status", "code")) == [
        ("waitlisted", "full_on_arrival")
    ]


def test_the_same_form_sent_twice_stores_one_application():
    training = TrainingFactory()
    key = uuid.uuid4()

    first, created_first = workflow.submit_application(training, new_application(training), key)
    second, created_second = workflow.submit_application(training, new_application(training), key)

    assert (created_first, created_second) == (True, False)
    assert first.pk == second.pk
    assert Application.objects.count() == 1


def test_the_same_form_sent_again_with_another_address_stores_one_application():
    training = TrainingFactory()
    key = uuid.uuid4()
    first, _created = workflow.submit_application(training, new_application(training), key)

    again = new_application(training, email="ana.ruiz@example.org")
    second, created = workflow.submit_application(training, again, key)

    assert (second.pk, created) == (first.pk, False)
    assert Application.objects.get().email == "ana@example.org"


def test_the_same_address_applying_again_stores_nothing_new():
    training = TrainingFactory()
    workflow.submit_application(
        training, new_application(training, "Ana@Example.org"), uuid.uuid4()
    )

    again, created = workflow.submit_application(
        training, new_application(training, "ana@example.ORG"), uuid.uuid4()
    )

    assert not created
    assert Application.objects.count() == 1
    assert again.email == "Ana@Example.org"


def test_an_application_without_an_eligibility_verdict_is_not_stored():
    training = TrainingFactory()
    unjudged = new_application(training)
    # The fields' defaults, as an application nobody judged has them.
    unjudged.is_eligible, unjudged.eligibility_reasons = False, []

    with pytest.raises(ValueError, match=r"^The application has no eligibility verdict"):
        workflow.submit_application(training, unjudged, uuid.uuid4())

    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("answers", "eligible"),
    [
        ({"degree_level": "master", "degree_field": "psychology"}, True),
        ({"degree_level": "bachelor", "degree_field": "other", "has_licence": True}, True),
        ({"degree_level": "master", "degree_field": "business"}, False),
        ({"degree_level": "bachelor", "degree_field": "psychology"}, False),
    ],
)
def test_the_verdict_weighs_the_degree_its_field_and_a_licence(answers, eligible):
    clinical = TrainingFactory(track=TrackFactory(clinical=True))

    assert new_application(clinical, **answers).is_eligible is eligible


def test_a_closed_training_refuses_with_the_reason():
    training = TrainingFactory(applications_open=days_from_today(3))

    with pytest.raises(workflow.TrainingClosed, match="Applications open on"):
        workflow.submit_application(training, new_application(training), uuid.uuid4())

    assert not Application.objects.exists()


ALLOWED = {
    (Status.SUBMITTED, Status.UNDER_REVIEW),
    (Status.SUBMITTED, Status.WAITLISTED),
    (Status.SUBMITTED, Status.WITHDRAWN),
    (Status.UNDER_REVIEW, Status.ACCEPTED),
    (Status.UNDER_REVIEW, Status.DECLINED),
    (Status.UNDER_REVIEW, Status.WAITLISTED),
    (Status.UNDER_REVIEW, Status.WITHDRAWN),
    (Status.WAITLISTED, Status.SUBMITTED),
    (Status.WAITLISTED, Status.WITHDRAWN),
    (Status.ACCEPTED, Status.WITHDRAWN),
}


@pytest.mark.parametrize("from_status", Status.values)
@pytest.mark.parametrize("to_status", Status.values)
def test_every_transition_is_allowed_or_refused_as_the_process_says(from_status, to_status):
    application = ApplicationFactory(status=from_status)

    if (from_status, to_status) in ALLOWED:
        changed = workflow.change_status(application, to_status)
        assert changed.status == to_status
        assert changed.events.get().from_status == from_status
    else:
        with pytest.raises(workflow.NotAllowed):
            workflow.change_status(application, to_status)
        application.refresh_from_db()
        assert application.status == from_status
        assert not Event.objects.exists()


def test_a_freed_seat_goes_to_the_first_on_the_waiting_list():
    training = TrainingFactory(capacity=1)
    leaving = ApplicationFactory(training=training, status=Status.UNDER_REVIEW)
    first = ApplicationFactory(training=training, status=Status.WAITLISTED)
    second = ApplicationFactory(training=training, status=Status.WAITLISTED)

    workflow.change_status(leaving, Status.DECLINED)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Status.SUBMITTED
    event = first.events.get()
    assert event.code == Event.Code.PROMOTED
    with translation.override("es"):
        assert "lista de espera" in event.text
    assert "moved up" in event.text
    assert second.status == Status.WAITLISTED
    assert second.waitlist_position == 1


def test_withdrawing_from_the_waiting_list_promotes_nobody():
    training = TrainingFactory(capacity=1)
    ApplicationFactory(training=training)
    leaving = ApplicationFactory(training=training, status=Status.WAITLISTED)
    staying = ApplicationFactory(training=training, status=Status.WAITLISTED)

    workflow.change_status(leaving, Status.WITHDRAWN)

    staying.refresh_from_db()
    assert staying.status == Status.WAITLISTED
    assert staying.waitlist_position == 1


def test_accepting_never_exceeds_the_seats():
    training = TrainingFactory(capacity=1)
    ApplicationFactory(training=training, status=Status.ACCEPTED)
    over = ApplicationFactory(training=training, status=Status.UNDER_REVIEW)

    with pytest.raises(workflow.NotAllowed, match="already accepted"):
        workflow.change_status(over, Status.ACCEPTED)


def test_a_change_without_words_from_staff_stores_none():
    declined = workflow.change_status(
        ApplicationFactory(status=Status.UNDER_REVIEW), Status.DECLINED
    )
    withdrawn = workflow.change_status(ApplicationFactory(), Status.WITHDRAWN)

    assert declined.decline_reason == ""
    assert [declined.events.get().message, withdrawn.events.get().message] == ["", ""]


def test_moving_and_continuing_load_nothing_lazily(monkeypatch):
    """The trainings are locked with their tracks, which a move and a continuation read."""
    moving = ApplicationFactory()
    pft = TrainingFactory(track__slug="professional-facilitator")
    online, in_person = online_first_module()
    graduate = ApplicationFactory(training=online, status=Status.ACCEPTED)
    monkeypatch.setattr(query, "DEFAULT_FETCH_MODE", models.FETCH_RAISE)

    assert workflow.move_to_training(moving, pft).training == pft
    assert workflow.continue_in_training(graduate, in_person).training == in_person


def test_moving_to_the_pft_keeps_every_answer_and_frees_the_seat():
    clinical = TrainingFactory(capacity=1)
    pft = TrainingFactory(track__slug="professional-facilitator", track__name="PFT")
    moving = ApplicationFactory(
        training=clinical, degree_level="bachelor", is_eligible=False, motivation="Kept."
    )
    waiting = ApplicationFactory(training=clinical, status=Status.WAITLISTED)

    moved = workflow.move_to_training(moving, pft)

    assert moved.training == pft
    assert moved.status == Status.SUBMITTED
    assert moved.is_eligible is True
    assert moved.motivation == "Kept."
    waiting.refresh_from_db()
    assert waiting.status == Status.SUBMITTED


@pytest.mark.django_db(transaction=True)
def test_thirty_people_applying_at_once_for_ten_seats():
    training = TrainingFactory(capacity=10)

    results = run_at_once(
        30,
        lambda i: workflow.submit_application(
            training, new_application(training, f"person{i}@example.org"), uuid.uuid4()
        ),
    )

    assert all(isinstance(result, tuple) and result[1] for result in results), results
    applications = Application.objects.filter(training=training)
    assert applications.count() == 30
    assert applications.filter(status=Status.SUBMITTED).count() == 10
    # Positions on the waiting list count those who confirmed their address.
    applications.update(confirmed_at=timezone.now())
    waitlisted = applications.filter(status=Status.WAITLISTED)
    assert sorted(a.waitlist_position for a in waitlisted) == list(range(1, 21))
    assert applications.values("email").distinct().count() == 30


@pytest.mark.django_db(transaction=True)
def test_two_staff_accepting_the_last_seat_at_once():
    training = TrainingFactory(capacity=3)
    ApplicationFactory.create_batch(2, training=training, status=Status.ACCEPTED)
    candidates = ApplicationFactory.create_batch(2, training=training, status=Status.UNDER_REVIEW)

    results = run_at_once(2, lambda i: workflow.change_status(candidates[i], Status.ACCEPTED))

    refused = [r for r in results if isinstance(r, workflow.NotAllowed)]
    assert len(refused) == 1, results
    assert training.applications.filter(status=Status.ACCEPTED).count() == 3


def refused_move(application, target, match):
    """Move ``application`` to ``target``, expecting the refusal ``match``: nothing changes."""
    before = Application.objects.values().get(pk=application.pk)
    with pytest.raises(workflow.NotAllowed, match=match):
        workflow.move_to_training(application, target)
    assert Application.objects.values().get(pk=application.pk) == before
    assert not application.events.exists()


def test_moving_into_a_training_the_person_applied_to_is_refused():
    target = TrainingFactory(title="PFT Lisbon")
    ApplicationFactory(training=target, email="ana@example.org")
    moving = ApplicationFactory(email="Ana@Example.org")

    refused_move(moving, target, "already applied to PFT Lisbon")

    assert target.applications.count() == 1


def test_moving_into_a_training_that_takes_no_applications_is_refused():
    closed = TrainingFactory(title="PFT Lisbon", applications_close=days_from_today(-1))
    moving = ApplicationFactory()

    refused_move(moving, closed, "PFT Lisbon does not take applications now: Applications closed")

    assert not closed.applications.exists()


@pytest.mark.parametrize("status", sorted(set(Status.values) - set(Application.OPEN)))
def test_a_closed_application_is_not_moved(status):
    moving = ApplicationFactory(status=status)

    refused_move(moving, TrainingFactory(), r"^Only an open application can be moved\.$")


def test_moving_a_trainee_cancels_their_invoices_in_their_language_as_the_staff_member(
    django_user_model,
):
    registrar = django_user_model.objects.create_user("registrar")
    training = TrainingFactory(fee=Decimal("4900.00"), deposit=Decimal("500.00"), starts_in=200)
    trainee = accepted(training=training, language="es")
    [deposit] = issuing.issue_due_invoices(trainee)

    workflow.move_to_training(trainee, TrainingFactory(title="PFT Lisbon"), actor=registrar)

    [note] = Invoice.objects.credit_notes().filter(application=trainee)
    assert (note.cancels, note.issued_by) == (deposit, registrar)
    assert note.reason == "Solicitud trasladada a PFT Lisbon."
    assert trainee.events.get(code=Event.Code.MOVED).actor == registrar


def test_moving_into_a_waiting_list_joins_it_at_the_end():
    full = TrainingFactory(capacity=1)
    ApplicationFactory(training=full)
    already_waiting = ApplicationFactory(training=full, status=Status.WAITLISTED)
    # Waiting longer, elsewhere: the place in the old queue does not carry over.
    moving = ApplicationFactory(status=Status.WAITLISTED)
    Application.objects.filter(pk=moving.pk).update(
        waitlisted_at=already_waiting.waitlisted_at - datetime.timedelta(days=30)
    )

    moved = workflow.move_to_training(moving, full)

    assert moved.waitlisted_at > already_waiting.waitlisted_at
    assert moved.waitlist_position == 2


def test_moving_into_its_own_training_is_refused():
    moving = ApplicationFactory()

    refused_move(moving, moving.training, "already for this training")


def test_moving_into_a_full_training_joins_its_waiting_list_and_takes_no_seat():
    full = TrainingFactory(capacity=1)
    seated = ApplicationFactory(training=full)
    moving = ApplicationFactory(training=TrainingFactory())

    moved = workflow.move_to_training(moving, full)

    assert moved.status == Status.WAITLISTED
    assert moved.waitlisted_at is not None
    assert moved.waitlist_position == 1
    assert workflow.seats_taken(full) == 1
    assert moved.events.get().code == Event.Code.MOVED
    seated.refresh_from_db()
    assert seated.status == Status.SUBMITTED


def test_nobody_moves_up_while_the_seats_are_still_over_full():
    # Staff lowered the seats to one while three people held one: one leaving leaves two.
    training = TrainingFactory(capacity=1)
    leaving, *_ = ApplicationFactory.create_batch(3, training=training)
    waiting = ApplicationFactory(training=training, status=Status.WAITLISTED)

    workflow.change_status(leaving, Status.WITHDRAWN, actor=None)

    waiting.refresh_from_db()
    assert waiting.status == Status.WAITLISTED
    assert not waiting.events.exists()
    assert workflow.seats_taken(training) == 2


def test_once_the_training_has_started_only_staff_withdraw_a_trainee(settings, django_user_model):
    settings.INSTITUTE_EMAIL = "office@example.org"
    registrar = django_user_model.objects.create_user("registrar")
    started = TrainingFactory(starts_in=-2)
    trainee = ApplicationFactory(training=started, status=Status.ACCEPTED)

    with pytest.raises(workflow.NotAllowed) as refusal:
        workflow.change_status(trainee, Status.WITHDRAWN)

    assert str(refusal.value) == (
        "Your training has started, so it cannot be left from this page. Write to the "
        "institute at office@example.org: the staff settle it with you."
    )
    assert workflow.change_status(trainee, Status.WITHDRAWN, actor=registrar).status == "withdrawn"


@pytest.mark.parametrize(
    ("situation", "message"),
    [
        (
            "unconfirmed",
            "The applicant has not confirmed their e-mail address yet. Accept once they have, "
            "or confirm it for them if their mail does not arrive.",
        ),
        ("full", "All 1 seats of Clinical Berlin are already accepted."),
    ],
)
def test_accepting_is_refused_with_the_reason(situation, message):
    training = TrainingFactory(title="Clinical Berlin", capacity=1)
    applicant = ApplicationFactory(training=training, status=Status.UNDER_REVIEW)
    if situation == "unconfirmed":
        Application.objects.filter(pk=applicant.pk).update(
            confirmed_at=None, confirm_by=timezone.now() + datetime.timedelta(days=1)
        )
    else:
        ApplicationFactory(training=training, status=Status.ACCEPTED)

    with pytest.raises(workflow.NotAllowed, match=f"^{re.escape(message)}$"):
        workflow.change_status(applicant, Status.ACCEPTED)


def test_a_trainee_withdrawing_has_their_invoices_settled_and_an_applicant_has_none(
    django_user_model,
):
    registrar = django_user_model.objects.create_user("registrar")
    # No refund rule: a trainee who leaves owes the whole fee, of which the deposit was billed.
    training = TrainingFactory(fee=Decimal("4900.00"), deposit=Decimal("500.00"), starts_in=200)
    trainee = accepted(training=training)
    [deposit] = issuing.issue_due_invoices(trainee)
    applicant = ApplicationFactory(training=training, status=Status.UNDER_REVIEW)

    workflow.change_status(trainee, Status.WITHDRAWN, actor=registrar)
    workflow.change_status(applicant, Status.WITHDRAWN, actor=registrar)

    [kept_share] = Invoice.objects.exclude(pk=deposit.pk)
    assert (kept_share.application, kept_share.purpose) == (trainee, Invoice.Purpose.REFUND)
    assert kept_share.issued_by == registrar
    assert kept_share.lines.get().amount == Decimal("4400.00")


@pytest.mark.parametrize(
    ("applied_days_ago", "starts_in", "expected_in"),
    [
        (0, 60, 14),  # two weeks after applying
        (3, 60, 11),
        (0, 20, 13),  # at the latest a week before the start
        (0, 21, 14),
    ],
)
def test_the_answer_is_expected_two_weeks_on_and_a_week_before_the_start_at_the_latest(
    applied_days_ago, starts_in, expected_in
):
    application = ApplicationFactory(training=TrainingFactory(starts_in=starts_in))
    Application.objects.filter(pk=application.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=applied_days_ago)
    )
    application.refresh_from_db()

    expected = workflow.expected_answer_by(application)

    assert expected == timezone.now().date() + datetime.timedelta(days=expected_in)
