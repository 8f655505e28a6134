"""Migrations that move data: the tasks of the contact form and of the interest list moved into
their apps' sub-packages, and tasks already queued follow them, forwards and backwards; the
applications stored before addresses were confirmed count as confirmed."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from applicants.models import Application
from tests.factories import TrainingFactory
from trainings.models import InterestSubscription

MOVES = [
    ("faq", "0004_translate_content", "0005_move_queued_tasks", "faq.tasks", "faq.contact.tasks"),
    (
        "trainings",
        "0009_offer_facilitator_training_instead_of_clinical",
        "0010_move_queued_tasks",
        "trainings.tasks",
        "trainings.interest.tasks",
    ),
]
TASK_NAMES = {
    "faq": ["route_message", "forward_message", "send_acknowledgement"],
    "trainings": ["send_interest_confirmation", "announce_training", "send_announcement"],
}


def migrate(app, name):
    MigrationExecutor(connection).migrate([(app, name)])


def migrate_all():
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def queue(path):
    return DBTaskResult.objects.create(
        task_path=path,
        status=TaskResultStatus.READY,
        args_kwargs={"args": [1], "kwargs": {}},
        queue_name="default",
        backend_name="default",
        run_after=timezone.now(),
        exception_class_path="",
        traceback="",
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("app", "before", "after", "old", "new"), MOVES)
def test_queued_tasks_follow_their_move(app, before, after, old, new):
    try:
        check_move(app, before, after, old, new)
    finally:
        migrate_all()


def check_move(app, before, after, old, new):
    migrate(app, before)
    queued = [queue(f"{old}.{name}") for name in TASK_NAMES[app]]
    other = queue("applicants.tasks.send_confirmation")

    migrate(app, after)

    paths = {task.pk: task.task_path for task in DBTaskResult.objects.all()}
    assert [paths[task.pk] for task in queued] == [f"{new}.{name}" for name in TASK_NAMES[app]]
    assert paths[other.pk] == "applicants.tasks.send_confirmation"
    # Each moved path names a task that exists.
    for task in DBTaskResult.objects.filter(pk__in=[task.pk for task in queued]):
        assert task.task.name in TASK_NAMES[app]

    migrate(app, before)
    paths = {task.pk: task.task_path for task in DBTaskResult.objects.all()}
    assert [paths[task.pk] for task in queued] == [f"{old}.{name}" for name in TASK_NAMES[app]]


@pytest.mark.django_db(transaction=True)
def test_applications_stored_before_the_confirmation_count_as_confirmed():
    training = TrainingFactory()
    try:
        executor = MigrationExecutor(connection)
        before = [("applicants", "0005_add_admin_list_indexes")]
        executor.migrate(before)
        old = executor.loader.project_state(before).apps.get_model("applicants", "Application")
        stored = [
            old.objects.create(
                training_id=training.pk,
                token=f"token-{number}",
                status=status,
                name="Ana",
                email=f"ana{number}@example.org",
                country="DE",
                city="Berlin",
                profession="Psychologist",
                degree_level="master",
                degree_field="psychology",
                motivation="Couples.",
                privacy_consent_at=timezone.now(),
                privacy_notice_version="2026-11",
                policy_consent_at=timezone.now(),
                policy_text="Refunds.",
                waitlisted_at=timezone.now() if status == "waitlisted" else None,
            )
            for number, status in enumerate(["submitted", "waitlisted", "accepted"])
        ]
    finally:
        migrate_all()

    applications = Application.objects.filter(pk__in=[a.pk for a in stored])
    assert all(a.confirmed_at == a.created_at for a in applications)
    assert not applications.awaiting_confirmation().exists()
    tokens = {a.confirmation_token for a in applications}
    assert len(tokens) == 3 and all(len(token) >= 43 for token in tokens)


@pytest.mark.django_db(transaction=True)
def test_the_one_language_of_a_subscription_becomes_its_list_of_languages():
    try:
        executor = MigrationExecutor(connection)
        before = [("trainings", "0017_add_review_criteria_and_answer_time")]
        executor.migrate(before)
        old = executor.loader.project_state(before).apps.get_model(
            "trainings", "InterestSubscription"
        )
        german = old.objects.create(email="de@example.org", country="DE", language="de")
        any_language = old.objects.create(email="any@example.org", country="DE", language="")
    finally:
        migrate_all()

    subscriptions = InterestSubscription.objects.in_bulk([german.pk, any_language.pk])
    assert subscriptions[german.pk].languages == ["de"]
    assert subscriptions[any_language.pk].languages == []
