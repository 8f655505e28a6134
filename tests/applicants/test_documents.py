"""What the portal accepts as a document (applicants/documents.py), as a table of real files."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from applicants import documents
from tests.files import (
    CAMERA,
    LINUX_PROGRAM,
    OWNER,
    WINDOWS_PROGRAM,
    jpeg_bytes,
    pdf_bytes,
    png_bytes,
    png_claiming_pixels,
)

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
BROKEN_PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<<>>\n%%EOF"

ACCEPTED = [
    ("pdf", pdf_bytes(), PDF),
    ("pdf-of-three-pages", pdf_bytes(pages=3), PDF),
    ("jpeg", jpeg_bytes(), JPEG),
    ("png", png_bytes(), PNG),
]
REFUSED = [
    ("windows-program", WINDOWS_PROGRAM, "type"),
    ("linux-program", LINUX_PROGRAM, "type"),
    ("text", b"Curriculum vitae\nAna Ruiz\n", "type"),
    ("gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "type"),
    ("pdf-that-does-not-parse", BROKEN_PDF, "pdf_broken"),
    ("pdf-header-only", b"%PDF-1.4\n", "pdf_broken"),
    ("pdf-without-pages", pdf_bytes(pages=0), "pdf_empty"),
    ("pdf-with-a-password", pdf_bytes(password="secret"), "pdf_locked"),
    ("jpeg-cut-short", jpeg_bytes()[:200], "image_broken"),
    ("png-cut-short", png_bytes()[:60], "image_broken"),
    ("png-bomb", png_claiming_pixels(30_000, 30_000), "image_pixels"),
    ("png-over-the-limit", png_claiming_pixels(10_000, 9_000), "image_pixels"),
]


@pytest.mark.parametrize(
    ("content", "content_type"), [c[1:] for c in ACCEPTED], ids=[c[0] for c in ACCEPTED]
)
def test_documents_are_recognised_by_their_content(content, content_type):
    found, stored = documents.check_content(content)

    assert found == content_type
    if content_type == PDF:
        assert stored == content  # kept as sent
    else:
        assert Image.open(io.BytesIO(stored)).format == {JPEG: "JPEG", PNG: "PNG"}[content_type]


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize(("content", "code"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_anything_else_is_refused_saying_why(content, code):
    with pytest.raises(ValidationError) as refused:
        documents.check_content(content)

    assert refused.value.code == code
    assert str(refused.value.message) == str(documents.REFUSED[code])


@pytest.mark.parametrize("make", [jpeg_bytes, png_bytes], ids=["jpeg", "png"])
def test_images_lose_their_metadata(make):
    original = make()
    assert Image.open(io.BytesIO(original)).getexif()  # the test's image does carry some

    _type, stored = documents.check_content(original)

    image = Image.open(io.BytesIO(stored))
    assert not image.getexif()
    assert "comment" not in image.info and "exif" not in image.info
    assert CAMERA.encode() not in stored and OWNER.encode() not in stored
    # The picture itself stays.
    assert image.size == (60, 40)
    assert all(
        abs(a - b) < 8 for a, b in zip(image.getpixel((30, 20)), (200, 120, 40), strict=True)
    )


def test_a_photo_taken_sideways_is_stored_upright():
    _type, stored = documents.check_content(jpeg_bytes(size=(60, 40), orientation=6))

    assert Image.open(io.BytesIO(stored)).size == (40, 60)


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("cv.pdf", pdf_bytes(), PDF),
        ("degree.PDF", pdf_bytes(), PDF),
        ("scan.pdf", png_bytes(), PNG),  # the content decides, not the name
        ("photo", jpeg_bytes(), JPEG),
    ],
)
def test_an_upload_is_judged_by_its_content_whatever_its_name_or_claimed_type(
    name, content, content_type
):
    upload = SimpleUploadedFile(name, content, content_type="application/x-msdownload")

    checked = documents.check_upload(upload)

    assert (checked.content_type, checked.original_name) == (content_type, name)


@pytest.mark.parametrize(
    ("name", "content"),
    [("cv.pdf", WINDOWS_PROGRAM), ("cv.pdf", LINUX_PROGRAM), ("degree.png", BROKEN_PDF)],
)
def test_a_renamed_program_or_a_broken_file_is_refused(name, content):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")

    with pytest.raises(ValidationError):
        documents.check_upload(upload)


def test_a_file_over_the_limit_is_refused_before_it_is_read():
    content = pdf_bytes()
    upload = SimpleUploadedFile("cv.pdf", content, content_type="application/pdf")

    with pytest.raises(ValidationError) as refused:
        documents.check_upload(upload, limit=len(content) - 1)

    assert refused.value.code == "too_large"
    assert upload.tell() == 0


def test_the_limit_is_a_setting(settings):
    settings.DOCUMENT_MAX_MB = 1
    upload = SimpleUploadedFile("cv.pdf", b"%PDF-" + b"0" * 1024 * 1024)

    with pytest.raises(ValidationError) as refused:
        documents.check_upload(upload)

    assert refused.value.message % refused.value.params == (
        "This file is larger than 1 MB. Please send a smaller one."
    )


@pytest.mark.parametrize(
    ("sent", "shown"),
    [
        ("cv.pdf", "cv.pdf"),
        ("C:\\Users\\ana\\Desktop\\cv.pdf", "cv.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("cv\x00\n.pdf", "cv.pdf"),
        ("", "document"),
        ("x" * 300 + ".pdf", "x" * 196 + ".pdf"),
    ],
)
def test_the_name_sent_is_only_shown_and_fit_to_show(sent, shown):
    assert documents.display_name(sent) == shown
