"""Certificates for each module, where the track says so: for continuing-education credit, a
module completed gets its own certificate with its hours, beside the training's at the end."""

import io
from decimal import Decimal

import pypdf
import pytest
from django.db import models
from django.db.models import query

from applicants import workflow
from applicants.certificates import issuing, pdf
from applicants.models import Application, Certificate
from tests.applicants.certificates.conftest import attend, trainee
from tests.factories import ApplicationFactory, online_first_module
from trainings.models import Track

pytestmark = pytest.mark.django_db


def certifying_modules(**fields):
    application = trainee(**fields)
    Track.objects.filter(pk=application.training.track_id).update(certifies_modules=True)
    application.training.track.refresh_from_db()
    return application


def test_each_module_completed_gets_its_certificate_and_the_training_its_own_at_the_end():
    application = certifying_modules()

    attend(application, 1)
    assert issuing.issue_if_complete(application) is None  # the training is not complete yet
    [first] = Certificate.objects.filter(application=application)
    assert (first.module.number, first.hours) == (1, Decimal("20.0"))
    assert first.starts_on == first.module.start_date

    attend(application, 2)
    whole = issuing.issue_if_complete(application)

    assert whole.module is None and whole.hours == Decimal("40.0")
    modules = Certificate.objects.filter(application=application, module__isnull=False)
    assert sorted(c.module.number for c in modules) == [1, 2]
    assert issuing.issue_if_complete(application) is None
    assert Certificate.objects.filter(application=application).count() == 3


def test_a_module_attended_in_part_too_briefly_or_missed_gets_none():
    application = certifying_modules(share=80)

    attend(application, 1, status="partial", hours="15")  # 15 of 20 hours: below 80%
    attend(application, 2, status="absent")
    issuing.issue_if_complete(application)

    assert not Certificate.objects.filter(application=application).exists()


def test_without_the_tracks_choice_no_module_gets_a_certificate():
    application = trainee()

    attend(application, 1)
    issuing.issue_if_complete(application)

    assert not Certificate.objects.filter(application=application).exists()


def test_a_module_certificate_names_the_module_and_its_training(client):
    application = certifying_modules()
    attend(application, 1)
    issuing.issue_if_complete(application)
    certificate = Certificate.objects.get(application=application)

    text = pypdf.PdfReader(io.BytesIO(pdf.render(certificate))).pages[0].extract_text()
    page = client.get(certificate.get_absolute_url()).content.decode()

    assert str(certificate.module) in text and "of the training" in text
    assert application.training.title in text and "20 contact hours" in text
    assert "Module completed" in page and str(certificate.module) in page


def test_a_module_in_part_is_completed_only_with_the_tracks_share_of_its_hours():
    application = certifying_modules(share=100)
    attend(application, 1, status="partial", hours="19.9")
    attend(application, 2, status="partial", hours="20")

    completed = issuing.completed_modules(application)

    assert [(module.number, hours) for module, hours in completed] == [(2, Decimal("20"))]


def test_a_revoked_module_certificate_is_issued_anew_and_a_classmates_does_not_count():
    application = certifying_modules()
    classmate = ApplicationFactory(training=application.training, status="accepted")
    attend(classmate, 1)
    issuing.issue_if_complete(classmate)
    attend(application, 1)
    issuing.issue_if_complete(application)
    [revoked] = Certificate.objects.filter(application=application)

    issuing.revoke(revoked, "Attendance taken down for the wrong day")
    issuing.issue_if_complete(application)

    anew = Certificate.objects.get(application=application, revocation__isnull=True)
    assert anew != revoked
    assert (anew.module, anew.hours) == (revoked.module, revoked.hours)


def test_a_reissued_module_certificate_is_still_the_modules():
    application = certifying_modules()
    attend(application, 1)
    issuing.issue_if_complete(application)
    old = Certificate.objects.get(application=application)

    new = issuing.reissue(old, "Ana Ruiz", "Name misspelt")

    assert (new.module, new.module_title, new.hours) == (old.module, old.module_title, old.hours)


def test_module_certificates_read_every_row_they_use_in_their_own_queries(monkeypatch):
    application = certifying_modules()
    attend(application, 1)
    application = Application.objects.get(pk=application.pk)
    # From here on, a related row read behind a query's back (one query per row) is an error.
    monkeypatch.setattr(query, "DEFAULT_FETCH_MODE", models.FETCH_RAISE)

    issuing.issue_if_complete(application)

    assert Certificate.objects.filter(application=application).count() == 1


def test_a_module_of_an_earlier_training_gets_no_certificate_in_the_next():
    online, in_person = online_first_module()
    Track.objects.filter(pk=in_person.track_id).update(certifies_modules=True)
    graduate = ApplicationFactory(training=online, status="accepted")
    attend(graduate, 1)
    issuing.issue_if_complete(graduate)

    graduate = workflow.continue_in_training(graduate, in_person)
    issuing.issue_if_complete(graduate)

    assert not Certificate.objects.filter(application=graduate, module__isnull=False).exists()


def test_a_module_certificate_records_who_issued_it(django_user_model):
    registrar = django_user_model.objects.create_user("registrar")
    application = certifying_modules()
    attend(application, 1)

    issuing.issue_if_complete(application, issued_by=registrar)

    assert Certificate.objects.get(application=application).issued_by == registrar
