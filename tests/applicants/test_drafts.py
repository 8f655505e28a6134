"""Drafts: an application form saved to finish later ("Save and continue later"), its link
mailed to the address typed, opened again with every answer and document, and sent as a new
application with every check; expired drafts stop working and are erased with their files."""

import datetime
import html
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from applicants.models import Application, Document, Draft
from imago_site.tasks import erase_expired_data_daily
from tests.applicants.test_apply import answers
from tests.factories import (
    ApplicationFactory,
    DocumentRequirementFactory,
    DraftFactory,
    TrackFactory,
    TrainingFactory,
    days_from_today,
    stored_document,
)
from tests.files import pdf_bytes, png_bytes, stored_files
from tests.worker import run_worker
from trainings.models import DocumentRequirement

pytestmark = pytest.mark.django_db
URL = "/trainings/clinical-berlin/apply/"
SAVE = {"save_draft": "1"}
SITE_URL = "https://training.imago.example"


@pytest.fixture
def clinical():
    """The Clinical Berlin training, which asks for a CV and a copy of the degree."""
    track = TrackFactory(clinical=True)
    training = TrainingFactory(
        title="Clinical Berlin", slug="clinical-berlin", track=track, capacity=1
    )
    cv = DocumentRequirementFactory(track=track, name="CV")
    degree = DocumentRequirementFactory(track=track, name="Copy of your degree or licence")
    return training, cv, degree


@pytest.fixture
def pft():
    track = TrackFactory(facilitator=True)
    return TrainingFactory(title="PFT Lisbon", slug="pft-lisbon", track=track)


def partly_typed(**changes):
    """What someone has typed when they stop halfway and press "Save and continue later": no
    city, no degree, no motivation, no policy consent, and a year that is not one yet."""
    return answers(
        **{
            "city": "",
            "degree_level": "",
            "degree_field": "",
            "has_licence": None,
            "motivation": "",
            "policy_consent": None,
            "degree_year": "twenty",
            **SAVE,
            **changes,
        }
    )


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def field_value(page, name):
    match = re.search(rf'<input [^>]*name="{name}"[^>]*>', page)
    value = re.search(r'value="([^"]*)"', match.group(0)) if match else None
    return html.unescape(value.group(1)) if value else None


def error_beside(page, name):
    match = re.search(rf'<div id="id_{name}_error"[^>]*>(.*?)</div>', page, re.S)
    assert match, f"no error beside {name}"
    return " ".join(re.sub(r"<[^>]+>", "", html.unescape(match.group(1))).split())


def ago(**delta):
    return timezone.now() - datetime.timedelta(**delta)


def saved_draft(client, **changes):
    response = client.post(URL, partly_typed(**changes))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Draft.objects.get()


# Saving


def test_a_half_filled_form_is_saved_as_a_draft_that_holds_nothing(client, clinical):
    training, cv, _degree = clinical

    response = client.post(
        URL, partly_typed(**{f"document_{cv.pk}": upload("cv.pdf", pdf_bytes())})
    )

    assert response.status_code == 302
    assert response["Location"] == "/trainings/clinical-berlin/apply/saved/"
    draft = Draft.objects.get()
    assert draft.training == training
    assert (draft.email, draft.language) == ("ana@example.org", "en")
    assert draft.answers["name"] == "Ana Ruiz"
    assert draft.answers["degree_year"] == "twenty"  # as typed, checked only when sent
    assert "city" not in draft.answers
    assert draft.privacy_notice_version == "2026-12"
    assert [d.original_name for d in draft.documents.all()] == ["cv.pdf"]
    # No application, no seat, no verdict.
    assert not Application.objects.exists()
    assert training.applications.holding_seats().count() == 0
    page = client.get(response["Location"]).content.decode()
    assert "<h1>Check your inbox</h1>" in page
    assert "Your application to Clinical Berlin is saved." in page
    assert "Your application has not been sent yet." in page
    assert "ana@example.org" not in page and draft.token not in page


def test_a_draft_keeps_only_the_forms_questions_as_typed(client, clinical):
    draft = saved_draft(
        client,
        name="Robert\x00Tables",
        status="accepted",
        is_eligible="on",
        confirmed_at="2026-01-01",
        review_anyway="on",
    )

    assert draft.answers["name"] == "RobertTables"
    # Neither the consents, given when the application is sent, nor anything the form does
    # not ask.
    assert set(draft.answers) <= {
        "name",
        "email",
        "phone",
        "country",
        "language",
        "profession",
        "degree_institution",
        "degree_year",
        "licence_country",
        "licence_body",
        "years_of_practice",
        "attended_workshop",
        "wants_financial_assistance",
        "financial_note",
        "accessibility_needs",
        "heard_from",
    }
    assert {"status", "is_eligible", "privacy_consent", "review_anyway"}.isdisjoint(draft.answers)


@pytest.mark.parametrize("email", ["", "not-an-address", "ana@example"])
def test_saving_needs_a_valid_address_and_keeps_everything_typed(client, clinical, email):
    response = client.post(URL, partly_typed(email=email, phone="+49 30 1234"))

    page = response.content.decode()
    assert response.status_code == 200
    assert not Draft.objects.exists()
    assert error_beside(page, "email") == (
        "To save your answers, enter a valid e-mail address: the link to continue is sent there."
    )
    assert field_value(page, "email") == (email or None)
    assert field_value(page, "phone") == "+49 30 1234"
    assert field_value(page, "degree_year") == "twenty"
    # Only what a draft needs is checked: the rest waits for the application.
    assert 'id="id_city_error"' not in page
    assert 'id="id_policy_consent_error"' not in page


def test_saving_needs_the_privacy_consent(client, clinical):
    response = client.post(URL, partly_typed(privacy_consent=None, motivation="Kept."))

    page = response.content.decode()
    assert not Draft.objects.exists()
    assert error_beside(page, "privacy_consent") == (
        "We keep your answers only with your consent: tick this box to save them."
    )
    assert "Kept." in page


def test_files_saved_back_for_a_missing_address_are_kept_for_the_next_save(client, clinical):
    _training, cv, _degree = clinical

    sent_back = client.post(
        URL, partly_typed(email="", **{f"document_{cv.pk}": upload("cv.pdf", pdf_bytes())})
    )
    assert "cv.pdf — uploaded" in sent_back.content.decode()

    client.post(
        URL,
        partly_typed(
            pending_documents=field_value(sent_back.content.decode(), "pending_documents")
        ),
    )

    assert [d.original_name for d in Draft.objects.get().documents.all()] == ["cv.pdf"]


def test_a_refused_file_is_left_out_of_the_draft(client, clinical):
    _training, cv, degree = clinical

    client.post(
        URL,
        partly_typed(
            **{
                f"document_{cv.pk}": upload("cv.pdf", b"MZ not a PDF"),
                f"document_{degree.pk}": upload("degree.png", png_bytes()),
            }
        ),
    )

    draft = Draft.objects.get()
    assert [d.original_name for d in draft.documents.all()] == ["degree.png"]
    assert Document.objects.count() == 1


def test_saving_twice_updates_the_one_draft(client, clinical):
    first = saved_draft(client)
    page = client.get(first.get_absolute_url()).content.decode()
    assert field_value(page, "draft_token") == first.token

    client.post(
        URL,
        partly_typed(
            city="Rosario",
            draft_token=first.token,
            submission_key=field_value(page, "submission_key"),
        ),
    )

    draft = Draft.objects.get()
    assert draft.pk == first.pk
    assert draft.answers["city"] == "Rosario"
    assert draft.updated_at > first.updated_at


def test_a_double_click_on_save_keeps_one_draft(client, clinical):
    data = partly_typed()

    client.post(URL, data)
    client.post(URL, {**data, "city": "Rosario"})

    assert Draft.objects.get().answers["city"] == "Rosario"


def test_once_the_link_is_opened_only_the_link_changes_the_draft(client, clinical):
    data = partly_typed()
    first = saved_draft(client, **data)
    client.get(first.get_absolute_url())  # the owner of the address, or their mail scanner

    # The form that first saved it, sent again, saves a draft of its own.
    client.post(URL, {**data, "city": "Elsewhere"})

    assert Draft.objects.count() == 2
    first.refresh_from_db()
    assert "city" not in first.answers


def test_the_page_after_saving_tells_nothing_about_the_address(client, clinical):
    ApplicationFactory(training=clinical[0], email="known@example.org")
    DraftFactory(training=clinical[0], email="known@example.org")

    known = client.post(URL, partly_typed(email="known@example.org"))
    new = client.post(URL, partly_typed(email="new@example.org"))

    assert known.status_code == new.status_code == 302
    assert known["Location"] == new["Location"]
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert strip.sub("", client.get(known["Location"]).content.decode()) == strip.sub(
        "", client.get(new["Location"]).content.decode()
    )


def test_saving_drafts_has_a_rate_limit_of_its_own(client, clinical, settings):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "drafts": {"per_email": 2, "per_ip": 10, "seconds": 3600},
    }
    for _ in range(2):
        client.post(URL, partly_typed())

    refused = client.post(URL, partly_typed(motivation="Kept all the same."))

    assert refused.status_code == 429
    assert "This form has been sent too often" in refused.content.decode()
    assert "Kept all the same." in refused.content.decode()
    assert Draft.objects.count() == 2


# Opening the link and sending the draft


def test_the_link_brings_back_every_answer_and_document_and_sending_it_applies(client, clinical):
    training, cv, degree = clinical
    draft = saved_draft(
        client,
        motivation="Half a thought",
        **{f"document_{cv.pk}": upload("cv.pdf", pdf_bytes())},
    )
    stranger = client_class_instance(client)

    page = stranger.get(draft.get_absolute_url())

    text = page.content.decode()
    assert page.status_code == 200
    assert "Welcome back: here is the application you saved" in text
    assert '<meta name="robots" content="noindex">' in text
    assert f'action="{URL}"' in text
    for name, value in [
        ("name", "Ana Ruiz"),
        ("email", "ana@example.org"),
        ("degree_year", "twenty"),
    ]:
        assert field_value(text, name) == value
    assert "Half a thought</textarea>" in text
    assert "cv.pdf — uploaded (choose another file to replace it)" in text
    assert re.search(r'name="attended_workshop" value="yes"[^>]*checked', text)
    # The consents are given when the application is sent, to the texts shown then.
    assert not re.search(r'name="privacy_consent"[^>]*checked', text)

    sent = stranger.post(
        URL,
        answers(
            motivation="A whole thought.",
            draft_token=draft.token,
            pending_documents=field_value(text, "pending_documents"),
            submission_key=field_value(text, "submission_key"),
            **{f"document_{degree.pk}": upload("degree.png", png_bytes())},
        ),
    )

    assert sent.status_code == 302
    assert sent["Location"].startswith("/applications/received/")
    application = Application.objects.get()
    assert (application.status, application.confirmed_at) == ("submitted", None)
    assert application.confirm_by is not None
    assert application.motivation == "A whole thought."
    assert training.applications.holding_seats().count() == 1
    assert [d.original_name for d in application.documents.all()] == ["cv.pdf", "degree.png"]
    assert not Draft.objects.exists()
    assert not Document.objects.pending().exists()
    assert stranger.get(draft.get_absolute_url()).status_code == 404


def client_class_instance(client):
    """Another browser: the same client class, without the first one's cookies."""
    return type(client)()


def test_a_file_replaced_in_the_opened_form_stays_with_the_draft(client, clinical):
    _training, cv, _degree = clinical
    draft = saved_draft(client, **{f"document_{cv.pk}": upload("old.pdf", pdf_bytes())})
    page = client.get(draft.get_absolute_url()).content.decode()

    # Sent with a new CV and still incomplete: sent back; then the person leaves.
    client.post(
        URL,
        answers(
            city="",
            draft_token=draft.token,
            pending_documents=field_value(page, "pending_documents"),
            **{f"document_{cv.pk}": upload("new.pdf", pdf_bytes(pages=2))},
        ),
    )

    assert [d.original_name for d in draft.documents.all()] == ["new.pdf"]
    assert "new.pdf — uploaded" in client.get(draft.get_absolute_url()).content.decode()


def test_sending_a_draft_checks_everything_afresh(client, clinical):
    draft = saved_draft(client)
    page = client.get(draft.get_absolute_url()).content.decode()

    sent = client.post(
        URL,
        partly_typed(
            save_draft=None,
            draft_token=draft.token,
            pending_documents=field_value(page, "pending_documents"),
        ),
    )

    text = sent.content.decode()
    assert sent.status_code == 200
    assert not Application.objects.exists()
    assert error_beside(text, "degree_year") == "Enter a whole number."
    assert error_beside(text, "city") == "This field is required."
    assert error_beside(text, "policy_consent") == "This field is required."
    assert error_beside(text, f"document_{clinical[2].pk}") == "Please add this document."
    assert Draft.objects.filter(pk=draft.pk).exists()


def test_a_draft_that_is_not_eligible_is_refused_with_the_offer_of_the_pft(client, clinical, pft):
    DocumentRequirement.objects.update(is_required=False)
    draft = saved_draft(client, degree_level="bachelor", degree_field="psychology")

    refused = client.post(
        URL,
        answers(degree_level="bachelor", motivation="Carried on.", draft_token=draft.token),
    )

    text = refused.content.decode()
    assert "You do not meet the requirements of Clinical Track" in text
    assert 'href="/trainings/pft-lisbon/apply/"' in text
    assert 'name="review_anyway"' in text
    assert not Application.objects.exists()
    assert Draft.objects.filter(pk=draft.pk).exists()
    assert "Carried on." in client.get("/trainings/pft-lisbon/apply/").content.decode()


def test_a_draft_whose_training_closed_shows_the_next_cohorts_with_the_answers(client, clinical):
    training = clinical[0]
    TrainingFactory(title="Clinical Hamburg", slug="clinical-hamburg", track=training.track)
    draft = saved_draft(client, motivation="Waiting for me.")
    page = client.get(draft.get_absolute_url()).content.decode()
    training.applications_close = days_from_today(-1)
    training.applications_open = days_from_today(-20)
    training.save()

    # The form opened before the training closed, sent after; and the link opened after.
    sent = client.post(
        URL,
        answers(
            motivation="Waiting for me.",
            draft_token=draft.token,
            pending_documents=field_value(page, "pending_documents"),
        ),
    )
    opened = client_class_instance(client)
    link = opened.get(draft.get_absolute_url())

    for response, browser in ((sent, client), (link, opened)):
        text = response.content.decode()
        assert response.status_code == 200
        assert "Applications for Clinical Berlin" in text
        assert "Clinical Hamburg" in text
        assert 'name="submission_key"' not in text
        hamburg = browser.get("/trainings/clinical-hamburg/apply/").content.decode()
        assert "Waiting for me." in hamburg
        assert field_value(hamburg, "email") == "ana@example.org"
    assert not Application.objects.exists()


def test_sending_a_draft_counts_against_the_application_limit(client, clinical, settings):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "apply": {"per_email": 0, "per_ip": 10, "seconds": 3600},
    }
    DocumentRequirement.objects.update(is_required=False)
    draft = saved_draft(client)

    refused = client.post(URL, answers(draft_token=draft.token))

    assert refused.status_code == 429
    assert not Application.objects.exists()
    assert Draft.objects.filter(pk=draft.pk).exists()


# Expiry


def test_an_expired_drafts_link_no_longer_works(client, clinical, settings):
    settings.APPLICATION_DRAFT_DAYS = 30
    draft = saved_draft(client)
    Draft.objects.filter(pk=draft.pk).update(updated_at=ago(days=30, minutes=1))

    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get("/applications/drafts/not-a-token/").status_code == 404
    # Nor does its token in a form sent later.
    sent = client.post(URL, answers(draft_token=draft.token))
    assert sent.status_code == 200
    assert "Please add this document." in sent.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_daily_erasure_deletes_expired_drafts_with_their_files(settings, documents_folder):
    settings.APPLICATION_DRAFT_DAYS = 30
    track = TrackFactory(clinical=True)
    training = TrainingFactory(track=track)
    cv = DocumentRequirementFactory(track=track, name="CV")
    drafts = {}
    for name, days in (("expired", 31), ("live", 29)):
        draft = DraftFactory(training=training)
        document = stored_document(None, cv, f"{name}.pdf")
        Document.objects.filter(pk=document.pk).update(draft=draft, uploaded_at=ago(days=days))
        Draft.objects.filter(pk=draft.pk).update(updated_at=ago(days=days))
        drafts[name] = (draft, document)
    assert len(stored_files(documents_folder)) == 2

    erase_expired_data_daily.enqueue()
    run_worker()

    assert list(Draft.objects.all()) == [drafts["live"][0]]
    # The live draft's document stays past the day that pending uploads get.
    assert list(Document.objects.all()) == [drafts["live"][1]]
    assert stored_files(documents_folder) == [drafts["live"][1].file.name]


def test_the_erasure_command_counts_expired_drafts(settings):
    settings.APPLICATION_DRAFT_DAYS = 30
    draft = DraftFactory()
    Draft.objects.filter(pk=draft.pk).update(updated_at=ago(days=31))
    out = io.StringIO()

    call_command("erase_expired_data", stdout=out)

    assert "Erased 1 application drafts." in out.getvalue().splitlines()
    assert not Draft.objects.exists()


# The e-mail


@pytest.mark.django_db(transaction=True)
def test_the_link_is_mailed_in_the_language_chosen_through_the_worker(
    client, smtp_server, settings
):
    settings.SITE_URL = SITE_URL
    settings.APPLICATION_DRAFT_DAYS = 30
    TrainingFactory(
        title="Clinical Madrid",
        slug="clinical-madrid",
        track=TrackFactory(clinical=True),
        time_zone="Europe/Madrid",
    )

    saved = client.post(
        "/trainings/clinical-madrid/apply/",
        {**answers(language="es", motivation="", city=""), **SAVE},
    )
    assert saved.status_code == 302
    draft = Draft.objects.get()
    assert smtp_server.messages_to("ana@example.org") == []  # sent by the task worker

    run_worker()

    [message] = smtp_server.messages_to("ana@example.org")
    assert message["Content-Language"] == "es"
    assert message["Subject"] == "Continúa tu solicitud para Clinical Madrid"
    body = message.get_body(preferencelist=("plain",)).get_content()
    link = f"{SITE_URL}/es/applications/drafts/{draft.token}/"
    assert link in body
    assert "(Europe/Madrid, UTC+" in body
    assert "Ana Ruiz" not in body  # nothing of the answers travels by mail
    # The link works: the form, in Spanish, with the answers.
    page = client_class_instance(client).get(link.removeprefix(SITE_URL))
    text = page.content.decode()
    assert page.status_code == 200
    assert '<html lang="es"' in text
    assert field_value(text, "name") == "Ana Ruiz"
