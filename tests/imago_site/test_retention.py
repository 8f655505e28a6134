"""Retention: personal data erased by outcome after the configured days, by the management
command and by the daily task, proven on the raw database rows."""

import contextlib
import datetime
import io
import logging

import pytest
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connection, transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from applicants import retention as applicants_retention
from applicants.models import Application, Document, Event
from faq.models import ContactMessage
from imago_site import retention, tasks
from imago_site.retention import erase_expired_data
from tests.factories import (
    ApplicationFactory,
    ContactMessageFactory,
    DocumentRequirementFactory,
    SubscriptionFactory,
    TrainingFactory,
    days_from_today,
    stored_document,
)
from tests.files import png_bytes, stored_files
from tests.worker import run_worker
from trainings.models import InterestSubscription

pytestmark = pytest.mark.django_db
Status = Application.Status
TABLES = [
    "applicants_application",
    "applicants_event",
    "faq_contactmessage",
    "trainings_interestsubscription",
]


@pytest.fixture(autouse=True)
def periods(settings):
    settings.RETENTION_DECLINED_DAYS = 180
    settings.RETENTION_WITHDRAWN_DAYS = 90
    settings.RETENTION_CONTACT_DAYS = 365
    settings.RETENTION_TASK_DAYS = 30
    settings.INTEREST_CONFIRM_DAYS = 14


def ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def application(marker, status, closed_days_ago, **fields):
    """An application whose personal fields all carry ``marker``, which reached ``status``
    ``closed_days_ago`` days ago, with a staff note."""
    stored = ApplicationFactory(
        name=f"{marker} Name",
        email=f"{marker.lower()}@example.org",
        phone=f"{marker}-phone",
        city=f"{marker} City",
        profession=f"{marker} profession",
        degree_institution=f"{marker} University",
        licence_body=f"{marker} Board",
        motivation=f"{marker} motivation",
        financial_note=f"{marker} debts",
        accessibility_needs=f"{marker} wheelchair",
        internal_notes=f"{marker} note",
        decline_reason=f"{marker} reason" if status == Status.DECLINED else "",
        status=status,
        **fields,
    )
    Event.objects.create(application=stored, to_status=status, message=f"{marker} event")
    Event.objects.filter(application=stored).update(at=ago(closed_days_ago))
    Application.objects.filter(pk=stored.pk).update(updated_at=ago(closed_days_ago))
    return stored


def raw_rows():
    """Every row of the tables that hold personal data, as PostgreSQL returns them (JSON)."""
    rows = {}
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"SELECT id, row_to_json(t)::text FROM {table} t ORDER BY id")
            rows[table] = dict(cursor.fetchall())
    return rows


@pytest.fixture
def data():
    """Some of each kind: due for erasure (ERASE-*) and not (KEEP-*)."""
    return {
        "erase": [
            application("ERASE-DECLINED", Status.DECLINED, 181),
            application("ERASE-WITHDRAWN", Status.WITHDRAWN, 91),
            application("ERASE-ASKED", Status.WITHDRAWN, 1, deletion_requested_at=ago(1)),
        ],
        "keep": [
            application("KEEP-DECLINED", Status.DECLINED, 179),
            application("KEEP-WITHDRAWN", Status.WITHDRAWN, 89),
            application("KEEP-ACCEPTED", Status.ACCEPTED, 2000),
            application("KEEP-OPEN", Status.UNDER_REVIEW, 2000, deletion_requested_at=ago(1)),
        ],
        "old_message": ContactMessageFactory(
            name="ERASE-MSG Name", email="erase-msg@example.org", message="ERASE-MSG text"
        ),
        "new_message": ContactMessageFactory(
            name="KEEP-MSG Name", email="keep-msg@example.org", message="KEEP-MSG text"
        ),
        "unconfirmed": SubscriptionFactory(email="erase-sub@example.org", confirmed_at=None),
        "pending": SubscriptionFactory(email="keep-pending@example.org", confirmed_at=None),
        "confirmed": SubscriptionFactory(email="keep-sub@example.org"),
    }


@pytest.fixture
def aged(data):
    ContactMessage.objects.filter(pk=data["old_message"].pk).update(created_at=ago(366))
    ContactMessage.objects.filter(pk=data["new_message"].pk).update(created_at=ago(364))
    InterestSubscription.objects.filter(pk=data["unconfirmed"].pk).update(created_at=ago(15))
    InterestSubscription.objects.filter(pk=data["pending"].pk).update(created_at=ago(13))
    InterestSubscription.objects.filter(pk=data["confirmed"].pk).update(created_at=ago(900))
    return data


def test_erasing_blanks_what_is_due_and_touches_nothing_else(aged):
    before = raw_rows()
    erased_tokens = [a.token for a in aged["erase"]]

    out = io.StringIO()
    call_command("erase_expired_data", stdout=out)

    after = raw_rows()
    everything = "\n".join(row for table in after.values() for row in table.values())
    assert "ERASE-" not in everything.upper()
    for token in erased_tokens:
        assert token not in everything
    for marker in ("KEEP-DECLINED", "KEEP-WITHDRAWN", "KEEP-ACCEPTED", "KEEP-OPEN", "KEEP-MSG"):
        assert marker in everything
    # Rows not due are exactly as they were.
    erased_ids = {
        "applicants_application": {a.pk for a in aged["erase"]},
        "applicants_event": set(
            Event.objects.filter(application__in=aged["erase"]).values_list("pk", flat=True)
        ),
        "faq_contactmessage": {aged["old_message"].pk},
        "trainings_interestsubscription": {aged["unconfirmed"].pk},
    }
    for table in TABLES:
        untouched = {pk: row for pk, row in before[table].items() if pk not in erased_ids[table]}
        assert {pk: after[table][pk] for pk in untouched} == untouched
    assert aged["unconfirmed"].pk not in after["trainings_interestsubscription"]
    assert out.getvalue().splitlines() == [
        "Erased 1 unconfirmed interest subscriptions.",
        "Erased 0 unsubscribed interest subscriptions.",
        "Erased 3 applications.",
        "Erased 0 pending documents.",
        "Erased 0 application drafts.",
        "Erased 1 contact messages.",
        "Erased 0 finished tasks.",
        "Erased 0 expired sessions.",
    ]


def test_an_erased_application_keeps_what_the_institute_must_keep(client, aged):
    declined = aged["erase"][0]
    link = f"/applications/{declined.token}/"
    assert client.get(link).status_code == 200

    call_command("erase_expired_data", stdout=io.StringIO())

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, email, phone, city, profession, degree_institution, licence_body,"
            " motivation, financial_note, accessibility_needs, internal_notes, decline_reason,"
            " status, training_id, country, degree_level, created_at, privacy_consent_at,"
            " privacy_notice_version, erased_at IS NOT NULL"
            " FROM applicants_application WHERE id = %s",
            [declined.pk],
        )
        row = cursor.fetchone()
        cursor.execute(
            "SELECT to_status, at, message FROM applicants_event WHERE application_id = %s",
            [declined.pk],
        )
        events = cursor.fetchall()
    assert row[:12] == ("", f"erased-{declined.pk}@erased.invalid", *[""] * 10)
    assert row[12:] == (
        "declined",
        declined.training_id,
        "DE",
        "master",
        declined.created_at,
        declined.privacy_consent_at,
        "2026-11",
        True,
    )
    assert [(to_status, message) for to_status, _at, message in events] == [("declined", "")]
    assert client.get(link).status_code == 404


def test_contact_messages_keep_their_topic_country_and_dates(aged):
    call_command("erase_expired_data", stdout=io.StringIO())

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, email, city, message, ip, topic, country, created_at"
            " FROM faq_contactmessage WHERE id = %s",
            [aged["old_message"].pk],
        )
        row = cursor.fetchone()
    assert row[:5] == ("", "", "", "", None)
    assert row[5:7] == ("general", "DE")
    assert row[7] < ago(365)


def test_a_dry_run_counts_and_changes_nothing(aged):
    before = raw_rows()
    out = io.StringIO()

    call_command("erase_expired_data", "--dry-run", stdout=out)

    assert raw_rows() == before
    assert out.getvalue().splitlines() == [
        "Would erase 1 unconfirmed interest subscriptions.",
        "Would erase 0 unsubscribed interest subscriptions.",
        "Would erase 3 applications.",
        "Would erase 0 pending documents.",
        "Would erase 0 application drafts.",
        "Would erase 1 contact messages.",
        "Would erase 0 finished tasks.",
        "Would erase 0 expired sessions.",
    ]


def test_the_periods_are_settings(aged, settings):
    settings.RETENTION_DECLINED_DAYS = 178

    call_command("erase_expired_data", stdout=io.StringIO())

    assert Application.objects.filter(erased_at__isnull=False).count() == 4
    assert not Application.objects.filter(name__startswith="KEEP-DECLINED").exists()


@pytest.mark.django_db(transaction=True)
def test_the_worker_erases_daily_and_queues_the_next_run(aged):
    finished_long_ago = DBTaskResult.objects.create(
        task_path="applicants.tasks.send_status_links",
        args_kwargs={"args": ["someone@example.org"], "kwargs": {}},
        status=TaskResultStatus.SUCCESSFUL,
        backend_name="default",
        run_after=ago(40),
        finished_at=ago(40),
        exception_class_path="",
        traceback="",
    )
    out = io.StringIO()

    call_command("erase_expired_data", "--schedule", stdout=out)
    call_command("erase_expired_data", "--schedule", stdout=out)
    run_worker()

    assert out.getvalue().splitlines() == [
        "The daily erasure is queued.",
        "The daily erasure was queued already.",
    ]
    assert Application.objects.filter(erased_at__isnull=False).count() == 3
    assert not DBTaskResult.objects.filter(pk=finished_long_ago.pk).exists()
    daily = DBTaskResult.objects.filter(task_path=tasks.erase_expired_data_daily.module_path)
    assert list(daily.values_list("status", flat=True).order_by("enqueued_at")) == [
        TaskResultStatus.SUCCESSFUL,
        TaskResultStatus.READY,
    ]
    next_run = daily.get(status=TaskResultStatus.READY).run_after
    assert ago(-1) - datetime.timedelta(minutes=5) < next_run < ago(-1)


def test_an_unsubscribed_address_is_deleted_after_its_period(settings):
    settings.RETENTION_UNSUBSCRIBED_DAYS = 30
    long_gone = SubscriptionFactory(email="long.gone@example.org")
    long_gone.unsubscribe()
    InterestSubscription.objects.filter(pk=long_gone.pk).update(unsubscribed_at=ago(31))
    recent = SubscriptionFactory(email="recent@example.org")
    recent.unsubscribe()
    SubscriptionFactory(email="staying@example.org")

    call_command("erase_expired_data", stdout=io.StringIO())

    left = set(InterestSubscription.objects.values_list("email", flat=True))
    assert left == {"recent@example.org", "staying@example.org"}


def test_erasing_an_application_deletes_its_documents_and_leaves_no_file_behind(
    documents_folder, django_capture_on_commit_callbacks
):
    cv, degree = DocumentRequirementFactory(name="CV"), DocumentRequirementFactory(name="Degree")
    erased = application("ERASE-DOCS", Status.DECLINED, 181)
    stored_document(erased, cv, "erase-cv.pdf")
    stored_document(erased, degree, "erase-degree.png", png_bytes())
    kept = application("KEEP-DOCS", Status.ACCEPTED, 2000)
    kept_cv = stored_document(kept, cv, "keep-cv.pdf")
    assert len(stored_files(documents_folder)) == 3

    with django_capture_on_commit_callbacks(execute=True):
        call_command("erase_expired_data", stdout=io.StringIO())

    assert list(Document.objects.all()) == [kept_cv]
    assert stored_files(documents_folder) == [kept_cv.file.name]


def test_uploads_of_a_form_never_sent_are_erased_after_a_day(
    documents_folder, django_capture_on_commit_callbacks
):
    requirement = DocumentRequirementFactory(name="CV")
    forgotten = stored_document(None, requirement, "forgotten.pdf")
    Document.objects.filter(pk=forgotten.pk).update(uploaded_at=ago(1.1))
    recent = stored_document(None, requirement, "still-typing.pdf")
    out = io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("erase_expired_data", stdout=out)

    assert "Erased 1 pending documents." in out.getvalue().splitlines()
    assert list(Document.objects.all()) == [recent]
    assert stored_files(documents_folder) == [recent.file.name]


def test_deleting_an_application_in_the_admin_deletes_its_files(
    client, officer, documents_folder, django_capture_on_commit_callbacks
):
    stored = ApplicationFactory()
    stored_document(stored, DocumentRequirementFactory(name="CV"), "cv.pdf")
    stored_document(stored, DocumentRequirementFactory(name="Degree"), "degree.png", png_bytes())
    client.force_login(officer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/applicants/application/{stored.pk}/delete/", {"post": "yes"}
        )

    assert response.status_code == 302
    assert not Application.objects.filter(pk=stored.pk).exists()
    assert not Document.objects.exists()
    assert stored_files(documents_folder) == []


def test_a_deletion_rolled_back_keeps_the_file(
    documents_folder, django_capture_on_commit_callbacks
):
    cv = stored_document(ApplicationFactory(), DocumentRequirementFactory(name="CV"))

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        contextlib.suppress(RuntimeError),
        transaction.atomic(),
    ):
        Document.objects.filter(pk=cv.pk).delete()
        raise RuntimeError("Something after the deletion fails.")

    assert callbacks == []
    assert Document.objects.filter(pk=cv.pk).exists()
    assert stored_files(documents_folder) == [cv.file.name]


def test_expired_sessions_are_deleted_and_live_ones_kept():
    expired, live = SessionStore(), SessionStore()
    for session, expiry in ((expired, -60), (live, 3600)):
        session["carried_application"] = {"answers": {"name": "Ana Ruiz"}}
        session.set_expiry(expiry)
        session.save()

    counts = erase_expired_data()

    assert counts["expired sessions"] == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]


def test_applications_left_waiting_after_their_training_ended_are_closed_then_erased(settings):
    settings.APPLICATION_CLOSE_AFTER_END_DAYS = 30
    ended = TrainingFactory(starts_in=-40, applications_open=days_from_today(-100))
    recent = TrainingFactory(starts_in=-25, applications_open=days_from_today(-100))
    assert ended.ends_on < days_from_today(-30) < recent.ends_on
    waiting = [
        ApplicationFactory(training=ended, status=status)
        for status in (Status.SUBMITTED, Status.UNDER_REVIEW, Status.WAITLISTED)
    ]
    decided = [
        ApplicationFactory(training=ended, status=status)
        for status in (Status.ACCEPTED, Status.DECLINED)
    ]
    too_soon = ApplicationFactory(training=recent, status=Status.UNDER_REVIEW)

    erase_expired_data()

    for application in waiting:
        application.refresh_from_db()
        assert application.status == Status.CLOSED
        assert application.events.last().code == Event.Code.CLOSED
        assert application.erased_at is None  # erased later, as a declined one is
    assert sorted(
        Application.objects.filter(pk__in=[a.pk for a in decided]).values_list("status", flat=True)
    ) == [Status.ACCEPTED, Status.DECLINED]
    too_soon.refresh_from_db()
    assert too_soon.status == Status.UNDER_REVIEW

    Event.objects.filter(code=Event.Code.CLOSED).update(
        at=ago(settings.RETENTION_DECLINED_DAYS + 1)
    )
    erase_expired_data()

    assert all(
        erased_at is not None
        for erased_at in Application.objects.filter(status=Status.CLOSED).values_list(
            "erased_at", flat=True
        )
    )
    assert Application.objects.filter(status=Status.CLOSED).count() == 3


def test_the_privacy_notice_states_when_waiting_applications_are_closed(client, settings):
    settings.APPLICATION_CLOSE_AFTER_END_DAYS = 45

    page = client.get("/privacy/").content.decode()

    assert "is closed 45 days after the training's last day" in page


@pytest.mark.parametrize(
    "status, period",
    [(Status.DECLINED, 180), (Status.WITHDRAWN, 90)],
    ids=["declined", "withdrawn"],
)
def test_the_period_counts_from_the_decision_not_from_the_last_update(status, period):
    # Staff edited a note on one yesterday; the other's row was last written long ago.
    decided_long_ago = application("ERASE-OLD", status, period + 1)
    Application.objects.filter(pk=decided_long_ago.pk).update(updated_at=ago(1))
    decided_lately = application("KEEP-NEW", status, period - 1)
    Application.objects.filter(pk=decided_lately.pk).update(updated_at=ago(period + 100))

    erase_expired_data()

    decided_long_ago.refresh_from_db()
    decided_lately.refresh_from_db()
    assert decided_long_ago.erased_at is not None
    assert decided_long_ago.name == ""
    assert decided_lately.erased_at is None
    assert decided_lately.name == "KEEP-NEW Name"


def test_each_kind_is_erased_by_its_own_rule_and_a_kind_registered_again_replaces_it(
    monkeypatch,
):
    monkeypatch.setattr(retention, "RULES", {})
    old = Group.objects.create(name="Archive, old")
    kept = Group.objects.create(name="Archive")
    retention.register("old groups", lambda: Group.objects.filter(name="Archive, old"))
    retention.register("counted", lambda: Group.objects.none(), erase=lambda rows: 99)
    retention.register(
        "counted",
        lambda: Group.objects.filter(name__startswith="Archive"),
        erase=lambda rows: rows.count(),
    )

    assert erase_expired_data(dry_run=True) == {"old groups": 1, "counted": 2}
    assert Group.objects.filter(pk=old.pk).exists()
    # In the order registered: the old groups are gone when the second rule counts.
    assert erase_expired_data() == {"old groups": 1, "counted": 1}
    assert not Group.objects.filter(pk=old.pk).exists()
    assert Group.objects.filter(pk=kept.pk).exists()


def test_a_closed_application_without_its_event_is_erased_by_its_last_change():
    old = application("ERASE-OLD", Status.DECLINED, 181)
    Event.objects.filter(application=old).delete()  # written before events were kept

    erase_expired_data()

    assert Application.objects.get(pk=old.pk).erased_at is not None


def test_the_closing_day_is_that_of_the_current_status_not_of_a_later_event():
    declined = application("ERASE-DECLINED", Status.DECLINED, 181)
    # A later event of another status (a message from staff, say) moves no closing day.
    Event.objects.create(application=declined, to_status=Status.UNDER_REVIEW, message="Later.")

    erase_expired_data()

    assert Application.objects.get(pk=declined.pk).erased_at is not None


def test_an_application_of_a_long_ended_training_closed_by_the_daily_run_is_kept_a_while(
    settings,
):
    settings.RETENTION_TRAINEE_YEARS = 10
    ancient = TrainingFactory(
        starts_in=-11 * 366, applications_open=days_from_today(-11 * 366 - 60)
    )
    left_open = ApplicationFactory(training=ancient, status=Status.UNDER_REVIEW)

    erase_expired_data()

    left_open.refresh_from_db()
    assert (left_open.status, left_open.erased_at) == (Status.CLOSED, None)


@pytest.mark.parametrize(
    ("today", "records_end"),
    [
        (datetime.date(2026, 12, 5), datetime.date(2016, 12, 5)),
        (datetime.date(2028, 2, 29), datetime.date(2018, 2, 28)),  # no 29 February in 2018
    ],
)
def test_trainee_records_are_kept_whole_years_after_the_training(
    settings, monkeypatch, today, records_end
):
    settings.RETENTION_TRAINEE_YEARS = 10
    monkeypatch.setattr(applicants_retention.timezone, "localdate", lambda: today)

    assert applicants_retention.trainee_records_end() == records_end


LOGGER = "applicants.retention"


def test_the_daily_run_reports_what_it_expired_late_and_closed(settings, caplog):
    ended = TrainingFactory(starts_in=-200, applications_open=days_from_today(-300))
    ApplicationFactory.create_batch(2, training=ended, status=Status.SUBMITTED)
    overdue = ApplicationFactory(status=Status.SUBMITTED)
    Application.objects.filter(pk=overdue.pk).update(
        confirmed_at=None, confirm_by=timezone.now() - datetime.timedelta(hours=1)
    )

    with caplog.at_level(logging.INFO, logger=LOGGER):
        erase_expired_data()

    assert [
        (r.levelname, r.getMessage()) for r in caplog.records if r.name == "applicants.retention"
    ] == [
        ("WARNING", "1 applications expired late, in the daily sweep."),
        ("INFO", "2 applications closed: their training ended without a decision."),
    ]
