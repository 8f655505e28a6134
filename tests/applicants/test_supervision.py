"""The trainee's path to certification: requirements held as data on the track, supervision
hours the trainee logs and staff approve, steps staff confirm, and the admin's trainee list."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applicants import workflow
from applicants.attendance.models import Attendance
from applicants.certificates import issuing as certificates
from applicants.models import Application, Event
from applicants.supervision.models import StepDone, SupervisionSession
from applicants.supervision.progress import path_of
from imago_site.retention import erase_expired_data
from tests.factories import (
    ApplicationFactory,
    TrackFactory,
    TrainingFactory,
    days_from_today,
    online_first_module,
)
from trainings.models import CertificationRequirement, Module, Training

pytestmark = pytest.mark.django_db
Kind = CertificationRequirement.Kind


def trainee_on_a_path():
    training = TrainingFactory(modules=2)
    Module.objects.filter(training=training).update(contact_hours=20)
    track = training.track
    for position, (kind, hours) in enumerate(
        [(Kind.TRAINING, 0), (Kind.SUPERVISION, 10), (Kind.CASE_STUDY, 0)]
    ):
        CertificationRequirement.objects.create(
            track=track, kind=kind, hours=hours, position=position
        )
    return ApplicationFactory(training=training, status=Application.Status.ACCEPTED)


def test_the_path_counts_a_certificate_approved_hours_and_confirmed_steps():
    application = trainee_on_a_path()
    assert [step.is_done for step in path_of(application).steps] == [False, False, False]

    for module in application.training.modules.all():
        Attendance.objects.create(application=application, module=module, status="present")
    certificates.issue_if_complete(application)
    SupervisionSession.objects.create(
        application=application,
        held_on=datetime.date(2026, 11, 2),
        hours=Decimal("8"),
        supervisor="Dr. Weber",
        approved_at=datetime.datetime(2026, 11, 3, tzinfo=datetime.UTC),
    )
    SupervisionSession.objects.create(  # not approved: does not count
        application=application,
        held_on=datetime.date(2026, 11, 9),
        hours=Decimal("4"),
        supervisor="Dr. Weber",
    )
    path = path_of(application)
    assert [step.is_done for step in path.steps] == [True, False, False]
    assert path.steps[1].hours == Decimal("8")

    SupervisionSession.objects.update(
        approved_at=datetime.datetime(2026, 11, 10, tzinfo=datetime.UTC)
    )
    StepDone.objects.create(
        application=application,
        requirement=CertificationRequirement.objects.get(kind=Kind.CASE_STUDY),
        done_on=datetime.date(2026, 11, 20),
    )
    assert path_of(application).is_complete


def test_a_trainee_logs_supervision_hours_that_wait_for_approval(client):
    application = trainee_on_a_path()
    url = reverse("applicants:supervision", args=[application.token])

    refused = client.post(url, {"held_on": "2999-01-01", "hours": "2", "supervisor": "Dr. Weber"})
    response = client.post(
        url, {"held_on": "2026-11-02", "hours": "1.5", "supervisor": "Dr. Weber"}
    )

    assert "Enter hours you have had" in refused.content.decode()
    assert response.status_code == 302
    session = SupervisionSession.objects.get(application=application)
    assert session.entered_by_trainee and not session.is_approved
    assert "waiting for approval" in client.get(url).content.decode()


def test_supervision_is_only_for_accepted_trainees_by_their_own_link(client):
    waiting = ApplicationFactory()

    assert client.get(reverse("applicants:supervision", args=[waiting.token])).status_code == 404
    assert client.get("/applications/not-a-token/supervision/").status_code == 404


def test_staff_approve_hours_and_see_trainees_nearest_certification_first(staff_client):
    done = trainee_on_a_path()
    for module in done.training.modules.all():
        Attendance.objects.create(application=done, module=module, status="present")
    certificates.issue_if_complete(done)
    started = ApplicationFactory(training=done.training, status=Application.Status.ACCEPTED)
    logged = SupervisionSession.objects.create(
        application=started,
        held_on=datetime.date(2026, 11, 2),
        hours=Decimal("3"),
        supervisor="Dr. Weber",
        entered_by_trainee=True,
    )

    staff_client.post(
        reverse("admin:applicants_supervisionsession_changelist"),
        {"action": "approve", "_selected_action": [logged.pk]},
    )
    html = staff_client.get(reverse("admin:applicants_trainee_changelist")).content.decode()
    near = staff_client.get(
        reverse("admin:applicants_trainee_changelist") + "?certified=yes"
    ).content.decode()

    logged.refresh_from_db()
    assert logged.is_approved
    assert html.index(done.name) < html.index(started.name)
    assert done.name in near and started.name not in near


def test_the_trainee_list_costs_the_same_queries_for_one_trainee_or_many(staff_client):
    url = reverse("admin:applicants_trainee_changelist")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(url).status_code == 200
        return len(captured)

    trainee_on_a_path()
    one = queries()
    training = TrainingFactory(slug="another", modules=1)
    for _number in range(5):
        ApplicationFactory(training=training, status=Application.Status.ACCEPTED)
    assert queries() == one


def test_a_trainees_record_is_erased_years_after_the_training_and_the_certificate_stays(settings):
    settings.RETENTION_TRAINEE_YEARS = 10
    old = TrainingFactory(
        starts_in=-11 * 366, applications_open=days_from_today(-11 * 366 - 60), modules=1
    )
    recent = TrainingFactory(
        slug="recent", starts_in=-300, applications_open=days_from_today(-400), modules=1
    )
    trainees = []
    for training in (old, recent):
        trainee = ApplicationFactory(training=training, status=Application.Status.ACCEPTED)
        Module.objects.filter(training=training).update(contact_hours=10)
        module = training.modules.get()
        Attendance.objects.create(application=trainee, module=module, status="present")
        certificates.issue_if_complete(trainee)
        SupervisionSession.objects.create(
            application=trainee, held_on=training.starts_on, hours=2, supervisor="Dr. Weber"
        )
        requirement = CertificationRequirement.objects.create(
            track=training.track, kind=Kind.CASE_STUDY, position=len(trainees)
        )
        StepDone.objects.create(
            application=trainee,
            requirement=requirement,
            done_on=training.starts_on,
            note="Case study on a couple from Soweto.",
        )
        trainees.append(trainee)
    before = Application.objects.get(pk=trainees[0].pk)

    erase_expired_data()

    gone, kept = (Application.objects.get(pk=t.pk) for t in trainees)
    assert gone.name == "" and gone.erased_at is not None
    assert gone.confirmation_token != before.confirmation_token
    assert gone.updated_at > before.updated_at
    assert gone.steps_done.get().note == ""
    assert kept.steps_done.get().note == "Case study on a couple from Soweto."
    assert not SupervisionSession.objects.filter(application=gone).exists()
    assert gone.certificates.get().name == trainees[0].name  # still verifiable
    assert kept.name == trainees[1].name and kept.erased_at is None


def test_an_online_module_graduate_continues_in_person_with_module_one_credited(staff_client):
    online, in_person = online_first_module()
    graduate = ApplicationFactory(training=online, status=Application.Status.ACCEPTED)
    Attendance.objects.create(application=graduate, module=online.modules.get(), status="present")
    first = certificates.issue_if_complete(graduate)

    response = staff_client.post(
        reverse("admin:applicants_application_changelist"),
        {
            "action": "continue_in",
            "_selected_action": [graduate.pk],
            "confirm": "1",
            "training": in_person.pk,
        },
        follow=True,
    )

    assert "1 trainee continues in the new training." in response.content.decode()
    graduate.refresh_from_db()
    assert (graduate.training, graduate.status) == (in_person, Application.Status.ACCEPTED)
    assert graduate.attendances.count() == 1 and graduate.certificates.get() == first
    progress = certificates.completion(graduate)
    assert progress.hours == Decimal("20")
    assert [m.number for m in progress.missing_modules] == [2]
    Attendance.objects.create(
        application=graduate, module=in_person.modules.get(number=2), status="present"
    )
    second = certificates.issue_if_complete(graduate)
    assert second.training == in_person and second.hours == Decimal("40.0")


def test_continuing_is_recorded_with_who_did_it(staff):
    online, in_person = online_first_module()
    graduate = ApplicationFactory(training=online, status=Application.Status.ACCEPTED)

    workflow.continue_in_training(graduate, in_person, actor=staff)

    event = graduate.events.get(code=Event.Code.MOVED)
    assert (event.actor, event.from_status, event.to_status) == (staff, "accepted", "accepted")


@pytest.mark.parametrize(
    ("situation", "message"),
    [
        ("not accepted", "Only an accepted trainee continues in another training."),
        ("elsewhere", "Online Berlin does not lead on to PFT Lisbon."),
        ("applied already", "This person has already applied to In person Berlin."),
        ("full", "All 2 seats of In person Berlin are already accepted."),
    ],
)
def test_continuing_is_refused_with_the_reason(situation, message):
    online, in_person = online_first_module(capacity=2)
    Training.objects.filter(pk=online.pk).update(title_en="Online Berlin")
    Training.objects.filter(pk=in_person.pk).update(title_en="In person Berlin")
    status = "submitted" if situation == "not accepted" else Application.Status.ACCEPTED
    trainee = ApplicationFactory(training=online, status=status)
    target = in_person
    if situation == "elsewhere":
        pft = TrackFactory(slug="pft", name="PFT")
        target = TrainingFactory(slug="elsewhere", title="PFT Lisbon", track=pft)
    if situation == "applied already":
        ApplicationFactory(training=in_person, email=trainee.email.upper())
    if situation == "full":
        ApplicationFactory.create_batch(2, training=in_person, status="accepted")
        ApplicationFactory(training=in_person, status="waitlisted")

    with pytest.raises(workflow.NotAllowed, match=f"^{re.escape(message)}$"):
        workflow.continue_in_training(trainee, Training.objects.get(pk=target.pk))

    trainee.refresh_from_db()
    assert (trainee.training_id, trainee.status) == (online.pk, status)


def test_the_status_page_shows_the_path_to_certification_with_what_remains(client):
    application = trainee_on_a_path()
    SupervisionSession.objects.create(
        application=application,
        held_on=datetime.date(2026, 11, 2),
        hours=Decimal("4"),
        supervisor="Dr. Weber",
        approved_at=datetime.datetime(2026, 11, 3, tzinfo=datetime.UTC),
    )
    no_path = ApplicationFactory(
        training=TrainingFactory(slug="no-path", track=TrackFactory(slug="pft", name="PFT")),
        status=Application.Status.ACCEPTED,
    )

    html = client.get(application.get_absolute_url()).content.decode()

    assert "Your path to certification" in html
    assert "0 of 3 steps done." in html
    assert "4 of 10 hours approved" in html
    assert reverse("applicants:supervision", args=[application.token]) in html
    assert "Your path to certification" not in client.get(no_path.get_absolute_url()).text
