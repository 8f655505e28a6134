"""Documents sent with the application form: real files, checked by their content, kept when
the form comes back for another mistake, attached to the application when it is sent."""

import html
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from applicants.models import Application, Document
from tests.applicants.test_apply import answers
from tests.factories import TrackFactory, TrainingFactory
from tests.files import CAMERA, WINDOWS_PROGRAM, jpeg_bytes, pdf_bytes, png_bytes
from trainings.models import DocumentRequirement

pytestmark = pytest.mark.django_db
URL = "/trainings/clinical-berlin/apply/"


@pytest.fixture
def asked():
    """The Clinical Track's two documents, both required."""
    track = TrackFactory(clinical=True)
    TrainingFactory(title="Clinical Berlin", slug="clinical-berlin", track=track)
    cv = DocumentRequirement.objects.create(
        track=track, name="CV", explanation="One or two pages.", position=1
    )
    degree = DocumentRequirement.objects.create(
        track=track, name="Copy of your degree or licence", position=2
    )
    return cv, degree


def field(requirement):
    return f"document_{requirement.pk}"


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def with_files(asked, cv=None, degree=None, **changes):
    data = answers(**changes)
    if cv:
        data[field(asked[0])] = upload(*cv)
    if degree:
        data[field(asked[1])] = upload(*degree)
    return data


def pending_value(response):
    return re.search(r'name="pending_documents" value="([^"]*)"', response.text).group(1)


def error_beside(response, requirement):
    """The text of the error shown under a document's field, which the field names in its
    aria-describedby."""
    error_id = f"id_{field(requirement)}_error"
    match = re.search(rf'<div id="{error_id}"[^>]*>(.*?)</div>', response.text, re.S)
    assert match, f"no error beside {field(requirement)}"
    described = re.search(rf'<input type="file" name="{field(requirement)}"[^>]*>', response.text)
    assert error_id in described.group(0)
    return " ".join(re.sub(r"<[^>]+>", "", html.unescape(match.group(1))).split())


def test_the_form_asks_for_each_document_with_its_explanation(client, asked):
    response = client.get(URL)

    assert 'enctype="multipart/form-data"' in response.text
    assert re.search(
        r'<fieldset id="part-documents".*?<legend>.*?Part 3 of 5:</span> Your documents</legend>',
        response.text,
        re.S,
    )
    assert re.search(r'for="id_document_\d+"[^>]*>\s*CV<span class="asteriskField">', response.text)
    assert "One or two pages. PDF, JPEG or PNG, up to 10 MB." in response.text
    assert 'aria-describedby="id_document_' in response.text
    assert 'accept=".pdf,.jpg,.jpeg,.png' in response.text


def test_an_applicant_sends_a_cv_and_a_copy_of_the_degree(client, asked):
    response = client.post(
        URL, with_files(asked, cv=("cv.pdf", pdf_bytes()), degree=("degree.jpg", jpeg_bytes()))
    )

    assert response.status_code == 302
    application = Application.objects.get()
    cv, degree = application.documents.all()
    assert (cv.requirement, cv.original_name, cv.content_type) == (
        asked[0],
        "cv.pdf",
        "application/pdf",
    )
    assert (degree.requirement, degree.original_name, degree.content_type) == (
        asked[1],
        "degree.jpg",
        "image/jpeg",
    )
    with cv.file.open("rb") as stored:
        assert stored.read() == pdf_bytes()
    assert not Document.objects.pending().exists()


def test_the_stored_image_has_no_exif_metadata_left(client, asked):
    sent = png_bytes()
    assert Image.open(io.BytesIO(sent)).getexif()

    client.post(URL, with_files(asked, cv=("cv.pdf", pdf_bytes()), degree=("degree.png", sent)))

    degree = Document.objects.get(requirement=asked[1])
    with degree.file.open("rb") as stored:
        content = stored.read()
    image = Image.open(io.BytesIO(content))
    assert image.format == "PNG"
    assert not image.getexif()
    assert CAMERA.encode() not in content
    assert degree.size == len(content)


def test_files_are_stored_under_random_names(client, asked):
    client.post(URL, with_files(asked, cv=("cv.pdf", pdf_bytes()), degree=("me.png", png_bytes())))

    names = [document.file.name for document in Document.objects.all()]
    assert all(re.fullmatch(r"[0-9a-f]{32}\.(pdf|png)", name) for name in names), names


@pytest.mark.parametrize(
    ("sent", "message"),
    [
        (
            ("cv.pdf", WINDOWS_PROGRAM),
            "Please send a PDF, JPEG or PNG file: this file is none of them.",
        ),
        (
            ("cv.pdf", b"%PDF-1.7\n1 0 obj\n<< /Pages 9 0 R >>\n%%EOF"),
            "This PDF cannot be opened. Please save or export it as a PDF again and send it "
            "once more.",
        ),
        (
            ("cv.pdf", b"%PDF-1.7\n" + b"0" * (1024 * 1024)),
            "This file is larger than 1 MB. Please send a smaller one.",
        ),
    ],
    ids=["renamed-program", "pdf-that-does-not-parse", "too-large"],
)
def test_a_refused_file_is_explained_beside_its_field_and_nothing_typed_is_lost(
    client, asked, settings, sent, message
):
    settings.DOCUMENT_MAX_MB = 1

    response = client.post(
        URL,
        with_files(
            asked, cv=sent, degree=("degree.pdf", pdf_bytes()), motivation="Every word kept."
        ),
    )

    assert response.status_code == 200
    assert error_beside(response, asked[0]) == message
    assert "Every word kept." in response.text
    assert 'value="ana@example.org"' in response.text
    assert not Application.objects.exists()
    # The file refused is not kept; the other one is, for the next try.
    assert [d.original_name for d in Document.objects.pending()] == ["degree.pdf"]
    assert "degree.pdf — uploaded (choose another file to replace it)" in response.text


def test_a_required_document_left_out_is_asked_for(client, asked):
    response = client.post(URL, with_files(asked, cv=("cv.pdf", pdf_bytes())))

    assert error_beside(response, asked[1]) == "Please add this document."
    assert not Application.objects.exists()


def test_an_optional_document_may_be_left_out(client, asked):
    DocumentRequirement.objects.filter(pk=asked[1].pk).update(is_required=False)

    response = client.post(URL, with_files(asked, cv=("cv.pdf", pdf_bytes())))

    assert response.status_code == 302
    assert [d.requirement for d in Application.objects.get().documents.all()] == [asked[0]]


def test_uploads_survive_a_form_sent_back_for_another_mistake_and_are_attached(client, asked):
    sent_back = client.post(
        URL,
        with_files(
            asked,
            cv=("cv.pdf", pdf_bytes()),
            degree=("degree.png", png_bytes()),
            email="not-an-address",
        ),
    )

    assert sent_back.status_code == 200
    assert "Enter a valid email address." in sent_back.text
    assert "cv.pdf — uploaded (choose another file to replace it)" in sent_back.text
    assert "degree.png — uploaded (choose another file to replace it)" in sent_back.text
    assert Document.objects.pending().count() == 2
    # Nothing to choose again: the documents are counted, and not asked for once more.
    assert "Please add this document." not in sent_back.text

    sent = client.post(URL, answers(pending_documents=pending_value(sent_back)))

    assert sent.status_code == 302
    application = Application.objects.get()
    assert [d.original_name for d in application.documents.all()] == ["cv.pdf", "degree.png"]
    assert not Document.objects.pending().exists()


def test_another_file_chosen_replaces_the_one_uploaded_before(client, asked):
    first = client.post(URL, with_files(asked, cv=("old-cv.pdf", pdf_bytes()), email="x"))

    second = client.post(
        URL,
        with_files(
            asked,
            cv=("new-cv.pdf", pdf_bytes(pages=2)),
            degree=("degree.pdf", pdf_bytes()),
            pending_documents=pending_value(first),
        ),
    )

    assert second.status_code == 302
    application = Application.objects.get()
    assert [d.original_name for d in application.documents.all()] == ["new-cv.pdf", "degree.pdf"]
    assert not Document.objects.filter(original_name="old-cv.pdf").exists()


@pytest.mark.parametrize("forged", ["", "[1, 2]", "WzEsMl0:1tDx:forged"])
def test_a_missing_or_forged_hidden_value_attaches_nothing(client, asked, forged):
    someone_else = client.post(
        URL,
        with_files(asked, cv=("cv.pdf", pdf_bytes()), degree=("d.pdf", pdf_bytes()), email="x"),
    )
    assert pending_value(someone_else)

    response = client.post(URL, answers(pending_documents=forged))

    assert response.status_code == 200
    assert error_beside(response, asked[0]) == "Please add this document."
    assert not Application.objects.exists()
    assert Document.objects.pending().count() == 2


def test_forms_that_bring_files_are_limited_per_network_even_when_sent_back(
    client, asked, settings
):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "document_uploads": {"per_email": 0, "per_ip": 2, "seconds": 3600},
    }
    for number in range(2):
        client.post(URL, with_files(asked, cv=(f"cv-{number}.pdf", pdf_bytes()), email="x"))

    refused = client.post(
        URL, with_files(asked, cv=("cv-2.pdf", pdf_bytes()), motivation="Kept all the same.")
    )
    # A form without new files is not counted.
    without_files = client.post(URL, answers(email="x"))

    assert refused.status_code == 429
    assert "This form has been sent too often" in refused.text
    assert "Kept all the same." in refused.text
    assert sorted(d.original_name for d in Document.objects.all()) == ["cv-0.pdf", "cv-1.pdf"]
    assert without_files.status_code == 200
