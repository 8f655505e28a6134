"""The trainee's own path on their private status page: modules, attendance, hours and
certificates, and nobody else's."""

from decimal import Decimal

import pytest
from django.db import connection, models
from django.db.models import query
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applicants.attendance.taking import record_attendance
from applicants.models import Application, Attendance
from tests.applicants.attendance.conftest import modules, trainees
from tests.factories import ApplicationFactory, TrainingFactory

pytestmark = pytest.mark.django_db
Status = Attendance.Status


def test_an_accepted_trainee_sees_their_modules_attendance_and_hours(client, cohort):
    first, _second = modules(cohort)
    cohort.modules.filter(pk=first.pk).update(title_en="Foundations")
    ana, ben = trainees(cohort)
    record_attendance(
        first, [(ana, Status.PARTIAL, Decimal("6.5")), (ben, Status.PRESENT, 0)], None
    )

    html = client.get(ana.get_absolute_url()).text

    assert "Your training" in html
    assert "Module 1: Foundations" in html
    assert "Present in part: 6.5 hours" in html
    assert "Attendance not taken yet" in html
    assert "Hours credited so far: 6.5 of the 18 the certificate needs." in html
    assert "Modules still to attend for the certificate: Module 2" in html
    assert "Present: 12 hours" not in html  # Ben's


def test_a_certified_trainee_sees_their_certificate(client, cohort):
    first, second = modules(cohort)
    ana, _ben = trainees(cohort)
    record_attendance(first, [(ana, Status.PRESENT, 0)], None)
    record_attendance(second, [(ana, Status.PRESENT, 0)], None)
    certificate = ana.certificates.get()

    html = client.get(ana.get_absolute_url()).text

    assert "Hours credited so far: 24 of the 18 the certificate needs." in html
    assert "You have completed the training." in html
    assert f"Certificate no. {certificate.number}, issued on" in html


def test_a_trainee_sees_only_their_own_attendance(client, cohort):
    first = modules(cohort)[0]
    ana, ben = trainees(cohort)
    record_attendance(first, [(ana, Status.ABSENT, 0), (ben, Status.PARTIAL, Decimal("3"))], None)

    ana_page = client.get(ana.get_absolute_url()).text
    wrong = client.get(ana.get_absolute_url().replace(ana.token, ana.token[:-1] + "x"))

    assert "Absent" in ana_page
    assert "Present in part" not in ana_page
    assert "Ben Weber" not in ana_page
    assert wrong.status_code == 404
    assert "Absent" not in wrong.text


def test_no_path_before_acceptance(client, cohort):
    waiting = cohort.applications.get(status=Application.Status.UNDER_REVIEW)

    html = client.get(waiting.get_absolute_url()).text

    assert "Your training" not in html
    assert "Hours credited" not in html


def test_the_status_page_costs_the_same_queries_for_one_module_or_many(client):
    def count(application):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(application.get_absolute_url()).status_code == 200
        return len(queries.captured_queries)

    def trainee_of(training):
        application = ApplicationFactory(training=training, status=Application.Status.ACCEPTED)
        for module in training.modules.all():
            record_attendance(module, [(application, Status.PRESENT, 0)], None)
        return application

    one = trainee_of(TrainingFactory(modules=1))
    many = trainee_of(TrainingFactory(modules=5))
    assert many.certificates.exists()

    assert count(many) == count(one)


def test_the_path_and_the_attendance_page_load_nothing_lazily(
    client, cohort, trainer, monkeypatch, settings
):
    first, second = modules(cohort)
    ana, ben = trainees(cohort)
    record_attendance(first, [(ana, Status.PRESENT, 0), (ben, Status.ABSENT, 0)], None)
    record_attendance(second, [(ana, Status.PRESENT, 0)], None)
    settings.PAGE_CACHE_ENABLED = False
    monkeypatch.setattr(query, "DEFAULT_FETCH_MODE", models.FETCH_RAISE)

    status = client.get(ana.get_absolute_url())
    taking = client.get(reverse("applicants:attendance", args=[first.pk]))
    listing = client.get(reverse("applicants:attendance_list"))

    assert "Certificate no." in status.text
    assert "Ben Weber" in taking.text
    assert "Clinical Berlin" in listing.text
