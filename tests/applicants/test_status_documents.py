"""The applicant's documents on the status page (add, replace, remove until the review starts)
and who may download them: the applicant by their private link, staff from the admin."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.timezone import now
from PIL import Image

from applicants.models import Application, Document
from tests.factories import (
    ApplicationFactory,
    DocumentRequirementFactory,
    TrackFactory,
    TrainingFactory,
    stored_document,
)
from tests.files import CAMERA, LINUX_PROGRAM, jpeg_bytes, pdf_bytes, stored_files

pytestmark = pytest.mark.django_db
Status = Application.Status


@pytest.fixture
def asked():
    """The Clinical Track's CV and degree copy, both required."""
    track = TrackFactory(clinical=True)
    return (
        DocumentRequirementFactory(track=track, name="CV", position=1),
        DocumentRequirementFactory(track=track, name="Copy of your degree", position=2),
    )


@pytest.fixture
def application(asked):
    """An application that holds a seat, with its CV sent and its degree copy not yet."""
    application = ApplicationFactory(training=TrainingFactory(track=asked[0].track))
    stored_document(application, asked[0], "my cv.pdf")
    return application


def upload_url(application, requirement):
    return f"/applications/{application.token}/documents/add/{requirement.pk}/"


def upload(client, application, requirement, name, content):
    return client.post(
        upload_url(application, requirement),
        {f"document-{requirement.pk}-file": SimpleUploadedFile(name, content)},
        follow=True,
    )


def read(document):
    with document.file.open("rb") as stored:
        return stored.read()


def test_the_status_page_lists_the_documents_and_how_to_change_them(client, application, asked):
    cv = application.documents.get()

    html = client.get(application.get_absolute_url()).text

    section = html[html.index('id="documents-title"') :]
    assert "You can add, replace or remove your documents" in section
    assert f'href="/applications/{application.token}/documents/{cv.pk}/">my cv.pdf</a>' in section
    assert "Not uploaded yet." in section
    for requirement in asked:
        assert f'action="{upload_url(application, requirement)}"' in section
    assert section.count('enctype="multipart/form-data"') == 2
    assert "Replace the file" in section and "Remove “CV”" in section
    assert "Remove “Copy of your degree”" not in section


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.WAITLISTED])
def test_the_applicant_adds_a_document_until_the_review_starts(client, application, asked, status):
    Application.objects.filter(pk=application.pk).update(status=status, waitlisted_at=now())

    response = upload(client, application, asked[1], "degree.jpg", jpeg_bytes())

    assert "Your document “Copy of your degree” is uploaded." in response.text
    degree = application.documents.get(requirement=asked[1])
    assert degree.original_name == "degree.jpg"
    content = read(degree)
    assert not Image.open(io.BytesIO(content)).getexif()
    assert CAMERA.encode() not in content


def test_the_applicant_replaces_a_document(client, application, asked):
    old = application.documents.get()

    response = upload(client, application, asked[0], "new cv.pdf", pdf_bytes(pages=2))

    assert "Your document “CV” is uploaded." in response.text
    new = application.documents.get()
    assert new.pk != old.pk and new.original_name == "new cv.pdf"
    assert read(new) == pdf_bytes(pages=2)
    assert not Document.objects.filter(pk=old.pk).exists()


def test_the_applicant_removes_a_document(client, application):
    cv = application.documents.get()

    response = client.post(
        f"/applications/{application.token}/documents/{cv.pk}/remove/", follow=True
    )

    assert "Your document “CV” is removed." in response.text
    assert not application.documents.exists()
    assert "Not uploaded yet." in response.text


def test_a_refused_upload_is_explained_beside_its_field(client, application, asked):
    response = upload(client, application, asked[1], "degree.pdf", LINUX_PROGRAM)

    assert response.status_code == 200
    error = re.search(
        rf'<div id="id_document-{asked[1].pk}-file_error"[^>]*>(.*?)</div>', response.text, re.S
    )
    assert "Please send a PDF, JPEG or PNG file: this file is none of them." in error.group(1)
    assert f'aria-describedby="id_document-{asked[1].pk}-file_helptext' in response.text
    assert not application.documents.filter(requirement=asked[1]).exists()


def test_an_upload_without_a_file_asks_for_one(client, application, asked):
    response = client.post(upload_url(application, asked[1]), {})

    assert "Choose a file first." in response.text
    assert not application.documents.filter(requirement=asked[1]).exists()


@pytest.mark.parametrize(
    "status", [Status.UNDER_REVIEW, Status.ACCEPTED, Status.DECLINED, Status.WITHDRAWN]
)
def test_documents_cannot_change_once_the_review_starts(client, application, asked, status):
    Application.objects.filter(pk=application.pk).update(status=status)
    cv = application.documents.get()

    page = client.get(application.get_absolute_url()).text
    added = upload(client, application, asked[1], "degree.pdf", pdf_bytes())
    replaced = upload(client, application, asked[0], "other.pdf", pdf_bytes())
    removed = client.post(
        f"/applications/{application.token}/documents/{cv.pk}/remove/", follow=True
    )

    assert "your documents can no longer change" in page
    assert 'enctype="multipart/form-data"' not in page and "Remove “CV”" not in page
    assert 'href="/applications/' in page and "my cv.pdf</a>" in page  # still downloadable
    for response in (added, replaced, removed):
        assert "The review of your application has started" in response.text
    assert list(application.documents.all()) == [cv]
    assert read(cv) == pdf_bytes()


def test_the_applicant_downloads_a_document_as_an_attachment(client, application):
    cv = application.documents.get()

    response = client.get(f"/applications/{application.token}/documents/{cv.pk}/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="my cv.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_a_download_is_named_after_the_type_found_in_the_file(client, application, asked):
    degree = stored_document(application, asked[1], "degree.pdf", jpeg_bytes())

    response = client.get(f"/applications/{application.token}/documents/{degree.pk}/")

    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == 'attachment; filename="degree.jpg"'


def test_a_stranger_or_another_applicant_finds_nothing(client, application, asked):
    cv = application.documents.get()
    other = ApplicationFactory(training=application.training)
    others_cv = stored_document(other, asked[0], "other cv.pdf")
    pending = stored_document(None, asked[1], "pending.pdf")

    for address in [
        f"/applications/not-the-token/documents/{cv.pk}/",
        f"/applications/{application.token[:-1]}x/documents/{cv.pk}/",
        f"/applications/{application.token}/documents/{others_cv.pk}/",
        f"/applications/{other.token}/documents/{cv.pk}/",
        f"/applications/{application.token}/documents/{pending.pk}/",
    ]:
        response = client.get(address)
        assert response.status_code == 404, address
        assert pdf_bytes() not in response.content


def test_nobody_changes_the_documents_of_another_application(client, application, asked):
    other = ApplicationFactory(training=application.training)
    cv = application.documents.get()

    removed = client.post(f"/applications/{other.token}/documents/{cv.pk}/remove/")

    assert removed.status_code == 404
    assert application.documents.get() == cv


def test_an_officer_opens_the_documents_from_the_application_in_the_admin(
    client, officer, application
):
    cv = application.documents.get()
    client.force_login(officer)

    page = client.get(f"/admin/applicants/application/{application.pk}/change/").text
    link = f"/admin/applicants/application/{application.pk}/documents/{cv.pk}/"
    assert f'<a href="{link}">my cv.pdf</a>' in page
    assert 'name="documents-0-file"' not in page  # read-only
    response = client.get(link)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Disposition"] == 'attachment; filename="my cv.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"


def test_the_admin_serves_a_document_only_with_its_own_application(client, officer, application):
    cv = application.documents.get()
    other = ApplicationFactory(training=application.training)
    client.force_login(officer)

    response = client.get(f"/admin/applicants/application/{other.pk}/documents/{cv.pk}/")

    assert response.status_code == 404


def test_the_admin_sends_a_stranger_to_the_login(client, application):
    cv = application.documents.get()

    response = client.get(f"/admin/applicants/application/{application.pk}/documents/{cv.pk}/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_data_download_lists_the_documents(client, application):
    data = client.get(f"/applications/{application.token}/my-data.json").json()

    assert [(d["document"], d["file_name"], d["type"]) for d in data["documents"]] == [
        ("CV", "my cv.pdf", "application/pdf")
    ]


def test_a_replaced_or_removed_document_leaves_no_file_behind(
    client, application, asked, documents_folder, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        stored_document(application, asked[1], "degree.pdf")
        upload(client, application, asked[0], "new cv.pdf", pdf_bytes(pages=2))
        degree = application.documents.get(requirement=asked[1])
        client.post(f"/applications/{application.token}/documents/{degree.pk}/remove/")

    [cv] = application.documents.all()
    assert cv.original_name == "new cv.pdf"
    assert stored_files(documents_folder) == [cv.file.name]
