"""Every staff change to an application or a training is recorded: who, when, old → new."""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applicants.models import Application
from applicants.retention import erase_application
from applicants.supervision.models import StepDone
from faq.models import ContactMessage
from imago_site.audit import value_changes
from imago_site.retention import delete
from tests.admin_forms import change_form_data
from tests.factories import (
    ApplicationFactory,
    ContactMessageFactory,
    SubscriptionFactory,
    TrainingFactory,
)
from trainings.interest.models import InterestSubscription
from trainings.models import CertificationRequirement, Training

pytestmark = pytest.mark.django_db


def entries_for(obj):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).order_by("pk")


def save_change_form(client, obj, **changes):
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    response = client.post(url, change_form_data(client.get(url), **changes))
    assert response.status_code == 302, response.context and response.context["errors"]


def test_saving_a_training_records_who_when_and_the_old_and_new_values(staff_client, staff):
    training = TrainingFactory(title="Clinical Berlin", capacity=20)

    save_change_form(
        staff_client, training, capacity="24", title_en="Clinical Berlin 2027", title_es="Berlín"
    )

    entry = entries_for(training).get()
    assert entry.user == staff
    assert entry.action_flag == CHANGE
    assert timezone.now() - entry.action_time < datetime.timedelta(minutes=1)
    assert sorted(value_changes(entry)) == [
        ("Seats", "20", "24"),
        ("Title (English)", "Clinical Berlin", "Clinical Berlin 2027"),
        ("Title (Spanish)", "", "Berlín"),
    ]


def test_a_change_in_an_inline_module_is_recorded_with_its_module(staff_client):
    training = TrainingFactory()
    module = training.modules.get()

    save_change_form(staff_client, training, **{"modules-0-title_en": "Opening weekend"})

    module.refresh_from_db()
    assert value_changes(entries_for(training).get()) == [
        (f"{module}: Title (English)", "", "Opening weekend")
    ]


def test_a_saved_form_without_changes_records_no_values(staff_client):
    training = TrainingFactory()

    save_change_form(staff_client, training)

    assert all(value_changes(entry) == [] for entry in entries_for(training))


def test_staff_notes_on_an_application_are_recorded(staff_client, staff):
    application = ApplicationFactory(internal_notes="")

    save_change_form(staff_client, application, internal_notes="Called her on Monday.")

    entry = entries_for(application).get()
    assert entry.user == staff
    assert value_changes(entry) == [("Internal notes", "", "Called her on Monday.")]


def run_action(client, model, action, objects, **extra):
    return client.post(
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"),
        {"action": action, ACTION_CHECKBOX_NAME: [obj.pk for obj in objects], **extra},
        follow=True,
    )


def test_an_admin_action_records_each_application_it_changes(client, admissions_officer):
    moved, untouched = (
        ApplicationFactory(status=Application.Status.UNDER_REVIEW),
        ApplicationFactory(status=Application.Status.UNDER_REVIEW),
    )

    run_action(client, Application, "accept", [moved])

    entry = entries_for(moved).get()
    assert entry.user == admissions_officer
    assert ("status", "Under review", "Accepted") in value_changes(entry)
    assert '"action": "accept"' in entry.change_message
    assert not entries_for(untouched).exists()


def test_training_actions_are_recorded(staff_client, staff):
    draft = TrainingFactory(status=Training.Status.DRAFT)

    run_action(staff_client, Training, "publish", [draft], publish_anyway="all")
    run_action(staff_client, Training, "duplicate", [draft])

    published = entries_for(draft).get()
    assert value_changes(published) == [("status", "Draft", "Published")]
    copy = Training.objects.exclude(pk=draft.pk).get()
    assert entries_for(copy).get().action_flag == ADDITION


def test_the_history_page_of_the_object_shows_old_and_new(staff_client):
    training = TrainingFactory(capacity=20)
    save_change_form(staff_client, training, capacity="24")

    page = staff_client.get(reverse("admin:trainings_training_history", args=[training.pk]))

    assert "Seats: 20 → 24" in page.text
    assert "boss" in page.text


def test_the_log_is_a_read_only_list_of_every_change(staff_client):
    training = TrainingFactory(capacity=20)
    save_change_form(staff_client, training, capacity="24")
    entry = entries_for(training).get()

    listing = staff_client.get(reverse("admin:admin_logentry_changelist"))
    detail = staff_client.get(reverse("admin:admin_logentry_change", args=[entry.pk]))

    assert "Seats: 20 → 24" in listing.text
    assert "Seats: 20 → 24" in detail.text
    assert 'name="_save"' not in detail.text
    assert staff_client.get(reverse("admin:admin_logentry_add")).status_code == 403
    staff_client.post(reverse("admin:admin_logentry_delete", args=[entry.pk]), {"post": "yes"})
    assert LogEntry.objects.filter(pk=entry.pk).exists()


def test_editors_see_the_record_of_trainings_but_not_of_applications(
    client,
    editor,
):
    boss = Client()
    boss.force_login(get_user_model().objects.create_superuser("boss", "boss@x.example", "pw"))
    training = TrainingFactory(title="Clinical Berlin", capacity=20)
    application = ApplicationFactory(name="Ana Ruiz", internal_notes="")
    save_change_form(boss, training, capacity="24")
    save_change_form(boss, application, internal_notes="Private note")

    listing = client.get(reverse("admin:admin_logentry_changelist"))

    assert "Clinical Berlin" in listing.text
    assert "Seats: 20 → 24" in listing.text
    assert "Ana Ruiz" not in listing.text
    assert "Private note" not in listing.text


def test_erasing_an_application_leaves_who_changed_which_fields_when_but_no_personal_data(
    staff_client, staff
):
    application = ApplicationFactory(
        name="Ana Ruiz", internal_notes="", status=Application.Status.UNDER_REVIEW
    )
    save_change_form(staff_client, application, internal_notes="Struggles to pay; call Monday.")
    run_action(
        staff_client, Application, "decline", [application], confirm="1", reason="No Master's"
    )
    kept = TrainingFactory(title="Clinical Berlin", capacity=20)
    save_change_form(staff_client, kept, capacity="24")

    erase_application(application)

    entries = entries_for(application)
    assert [entry.user for entry in entries] == [staff, staff]
    assert all(entry.action_time for entry in entries)
    for entry in entries:
        assert "Ana Ruiz" not in entry.object_repr
        assert value_changes(entry) == []
        assert "call Monday" not in entry.change_message
        assert "No Master" not in entry.change_message
    assert "Internal notes" in entries[0].get_change_message()
    listing = staff_client.get(reverse("admin:admin_logentry_changelist"), {"q": "Ana"})
    assert "Ana Ruiz" not in listing.text
    assert value_changes(entries_for(kept).get()) == [("Seats", "20", "24")]


def test_erased_contact_messages_and_deleted_subscriptions_leave_no_name_in_the_log(
    staff_client, staff
):
    message = ContactMessageFactory(name="Ana Ruiz", email="ana@example.org")
    save_change_form(staff_client, message, assignee="", status=ContactMessage.Status.ANSWERED)
    subscription = SubscriptionFactory(email="ana@example.org")
    LogEntry.objects.log_actions(
        staff.pk, [subscription], CHANGE, change_message=[{"changed": {"fields": ["City"]}}]
    )
    assert "Ana Ruiz" in entries_for(message).get().object_repr

    ContactMessage.objects.filter(pk=message.pk).erase()
    delete(InterestSubscription.objects.filter(pk=subscription.pk))

    assert entries_for(message).get().object_repr == entries_for(subscription).get().object_repr
    assert "Ana" not in entries_for(message).get().object_repr
    assert "ana@" not in entries_for(subscription).get().object_repr
    assert entries_for(subscription).get().get_change_message() == "Changed City."


def test_starting_a_review_declining_and_moving_are_recorded(client, admissions_officer):
    reviewed = ApplicationFactory()
    declined = ApplicationFactory(status=Application.Status.UNDER_REVIEW)
    moved = ApplicationFactory(training__title="Clinical Berlin")
    target = TrainingFactory(title="PFT Lisbon")

    run_action(client, Application, "start_review", [reviewed])
    run_action(client, Application, "decline", [declined], confirm="1", reason="Not this time.")
    run_action(client, Application, "move", [moved], confirm="1", training=target.pk)

    review = entries_for(reviewed).get()
    assert review.user == admissions_officer
    assert value_changes(review) == [("status", "Submitted", "Under review")]
    assert '"action": "start_review"' in review.change_message
    decline = entries_for(declined).get()
    assert decline.user == admissions_officer
    assert sorted(value_changes(decline)) == [
        ("reason for declining", "", "Not this time."),
        ("status", "Under review", "Declined"),
    ]
    assert '"action": "decline"' in decline.change_message
    move = entries_for(moved).get()
    assert move.user == admissions_officer
    assert ("training", "Clinical Berlin", "PFT Lisbon") in value_changes(move)
    assert '"action": "move"' in move.change_message


def test_cancelling_a_training_is_recorded(staff_client, staff):
    training = TrainingFactory()
    untouched = TrainingFactory()

    run_action(staff_client, Training, "cancel", [training])

    entry = entries_for(training).get()
    assert entry.user == staff
    assert value_changes(entry) == [("status", "Published", "Cancelled")]
    assert '"action": "cancel"' in entry.change_message
    assert not entries_for(untouched).exists()


def test_erasing_an_application_takes_its_trainees_records_out_of_the_log(staff):
    application = ApplicationFactory(name="Ana Ruiz", status=Application.Status.ACCEPTED)
    requirement = CertificationRequirement.objects.create(
        track=application.training.track, kind=CertificationRequirement.Kind.CASE_STUDY
    )
    step = StepDone.objects.create(
        application=application, requirement=requirement, done_on=datetime.date(2026, 11, 2)
    )
    other = ApplicationFactory(name="Bea Lund", status=Application.Status.ACCEPTED)
    others_step = StepDone.objects.create(
        application=other, requirement=requirement, done_on=datetime.date(2026, 11, 2)
    )
    for done in (step, others_step):
        LogEntry.objects.create(
            user=staff,
            content_type=ContentType.objects.get_for_model(StepDone),
            object_id=str(done.pk),
            object_repr=f"Case study of {done.application.name}",
            action_flag=CHANGE,
            change_message="[]",
        )

    erase_application(application)

    assert entries_for(step).get().object_repr == "(erased)"
    assert entries_for(others_step).get().object_repr == "Case study of Bea Lund"
