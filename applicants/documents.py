"""Applicants' documents: what the portal accepts, and how it keeps and serves them.

A file is accepted when its content, never its name or the type the browser claims, is a PDF
that a real PDF parser opens and that has a page, or a JPEG or PNG image that Pillow decodes
within its decompression-bomb limit; and when it is no larger than ``DOCUMENT_MAX_MB``. Images
are decoded and encoded again, which leaves their metadata behind (EXIF: the camera, the place,
the time); PDFs are kept as sent. The checks (:func:`check_content`, :func:`check_upload`) take
plain values and touch no database.

Files are stored through the private ``documents`` storage under random names
(``applicants.models.Document``). An upload of the application form is kept at once as a
*pending* document, which the form carries in a signed hidden field (:func:`sign_pending`), so
that a form sent back for a mistake elsewhere keeps it; sending the form attaches it to the new
application, and one never sent is erased after ``PENDING_DAYS`` (``applicants.retention``),
unless the form was saved as a draft, which keeps its pending documents as long as it lives
(``applicants.drafts``).
A document's file goes when its row goes, however the row goes (:func:`delete_file`).
"""

import io
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps
from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

from applicants.models import Application, Document
from applicants.workflow import NotAllowed
from imago_site.retention import days_ago

Type = Document.Type

# What the file's first bytes say it is. Only these types are accepted.
SIGNATURES = [
    (b"%PDF-", Type.PDF),
    (b"\xff\xd8\xff", Type.JPEG),
    (b"\x89PNG\r\n\x1a\n", Type.PNG),
]
PILLOW_FORMATS = {Type.JPEG: "JPEG", Type.PNG: "PNG"}
# What the file choosers offer first; the content decides all the same.
ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
# Days a pending upload waits for its application form to be sent.
PENDING_DAYS = 1
PENDING_SALT = "applicants.pending-documents"

REFUSED = {
    "too_large": _("This file is larger than %(max_mb)s MB. Please send a smaller one."),
    "type": _("Please send a PDF, JPEG or PNG file: this file is none of them."),
    "pdf_broken": _(
        "This PDF cannot be opened. Please save or export it as a PDF again and send it once more."
    ),
    "pdf_empty": _("This PDF has no pages."),
    "pdf_locked": _("This PDF is protected by a password. Please send it without one."),
    "image_broken": _("This image cannot be opened. Please send it again, or as a PDF."),
    "image_pixels": _("This image has too many pixels. Please send a smaller scan or photo."),
}


def refuse(code, **params):
    return ValidationError(REFUSED[code], code=code, params=params or None)


@dataclass(frozen=True)
class CheckedFile:
    """An accepted upload: the content to store (an image already re-encoded), its type, and
    the name it was sent with, fit to show."""

    content: bytes
    content_type: str
    original_name: str


def detect_type(content):
    """The accepted type that the first bytes of ``content`` show, or None."""
    for signature, content_type in SIGNATURES:
        if content.startswith(signature):
            return content_type
    return None


def check_content(content):
    """``(content_type, content to store)`` for the bytes of an upload, or a ValidationError
    saying in words why they are refused."""
    content_type = detect_type(content)
    if content_type == Type.PDF:
        check_pdf(content)
        return content_type, content
    if content_type in PILLOW_FORMATS:
        return content_type, reencode_image(content, PILLOW_FORMATS[content_type])
    raise refuse("type")


def check_pdf(content):
    """Refuse a PDF that pypdf cannot open, that hides its pages behind a password, or that
    has none."""
    try:
        reader = PdfReader(io.BytesIO(content))
        # Some PDFs are encrypted with an empty password, only to restrict printing or copying.
        if reader.is_encrypted and not reader.decrypt(""):
            raise FileNotDecryptedError("The PDF needs a password.")
        pages = len(reader.pages)
    except (FileNotDecryptedError, DependencyError) as error:
        raise refuse("pdf_locked") from error
    except Exception as error:
        # A damaged file fails in the parser in many ways; each means nobody could read it.
        raise refuse("pdf_broken") from error
    if pages < 1:
        raise refuse("pdf_empty")


def reencode_image(content, pillow_format):
    """The image in ``content``, decoded by the decoder of its own format only and encoded
    again without its metadata, turned upright first as its EXIF orientation says."""
    try:
        image = Image.open(io.BytesIO(content), formats=[pillow_format])
        # Pillow refuses twice its limit when opening; refuse anything over the limit itself.
        if image.width * image.height > Image.MAX_IMAGE_PIXELS:
            raise refuse("image_pixels")
        image.load()
        upright = ImageOps.exif_transpose(image)
    except Image.DecompressionBombError as error:
        raise refuse("image_pixels") from error
    except (OSError, SyntaxError, ValueError) as error:
        raise refuse("image_broken") from error
    # Only the transparency of a palette image is kept from the original's information; the
    # rest (EXIF, XMP, comments, colour profiles) is left behind.
    transparency = upright.info.get("transparency")
    upright.info = {} if transparency is None else {"transparency": transparency}
    out = io.BytesIO()
    if pillow_format == "JPEG":
        upright.save(out, "JPEG", quality=90)
    else:
        upright.save(out, "PNG")
    return out.getvalue()


def display_name(name):
    """The uploaded file's name, fit to show: no folders, no control characters, not too long."""
    name = PurePath(name.replace("\\", "/")).name
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip()
    return name[-200:] or "document"


def max_bytes():
    return settings.DOCUMENT_MAX_MB * 1024 * 1024


def check_upload(upload, limit=None):
    """The :class:`CheckedFile` of an uploaded file (Django's ``UploadedFile``), or a
    ValidationError. The size is checked before the file is read."""
    limit = max_bytes() if limit is None else limit
    if upload.size > limit:
        raise refuse("too_large", max_mb=f"{limit / 1024 / 1024:g}")
    content_type, content = check_content(upload.read())
    return CheckedFile(content, content_type, display_name(upload.name or ""))


def store(document, checked):
    """Write ``checked``'s file to the storage under a random name and save ``document``
    with it; if the row cannot be saved, the file goes again."""
    document.original_name = checked.original_name
    document.content_type = checked.content_type
    document.size = len(checked.content)
    document.file.save(f"upload{document.extension}", ContentFile(checked.content), save=False)
    try:
        document.save()
    except BaseException:
        document.file.storage.delete(document.file.name)
        raise
    return document


def keep_pending(requirement, checked, replacing=None, draft=None):
    """Store an upload of the application form as a pending document for ``requirement``,
    instead of the pending document ``replacing`` if there is one; with the ``draft`` that the
    form continues, if any, so that the draft keeps the new file as it kept the one replaced."""
    if replacing is not None:
        replacing.delete()
    return store(Document(requirement=requirement, draft=draft), checked)


def sign_pending(documents):
    """The value of the application form's hidden field that names its pending documents."""
    return signing.dumps(sorted(document.pk for document in documents), salt=PENDING_SALT)


def pending_from(signed, requirements, draft=None):
    """The pending documents of a form, by requirement's primary key: those its signed hidden
    field names (none when the value is missing, altered or older than ``PENDING_DAYS``) and
    those kept with the ``draft`` it continues, if any; the newest upload for each."""
    if not requirements:
        return {}
    pks = []
    if signed:
        try:
            pks = signing.loads(signed, salt=PENDING_SALT, max_age=PENDING_DAYS * 24 * 3600)
        except signing.BadSignature:
            pks = []
    pks = [pk for pk in pks if isinstance(pk, int)]
    if not pks and draft is None:
        return {}  # as nearly always: a form without uploads, not from a draft
    named = Q(pk__in=pks)
    if draft is not None:
        named |= Q(draft=draft)
    documents = Document.objects.pending().filter(
        named, requirement__in=[requirement.pk for requirement in requirements]
    )
    return {document.requirement_id: document for document in documents.order_by("pk")}


def attach_pending(application, documents):
    """Give the pending ``documents`` of the form that was sent to its new ``application``
    (taking them from the draft that kept them, if any)."""
    pks = [document.pk for document in documents]
    if pks:
        Document.objects.pending().filter(pk__in=pks).update(application=application, draft=None)


def keep_with_draft(draft, documents):
    """Let ``draft`` keep the pending ``documents`` of the form saved as it."""
    Document.objects.pending().filter(pk__in=[document.pk for document in documents]).update(
        draft=draft
    )


def expired_pending():
    """Pending documents whose application form was never sent, nor saved as a draft (a
    draft's documents go with the draft)."""
    return Document.objects.pending().filter(
        draft__isnull=True, uploaded_at__lt=days_ago(PENDING_DAYS)
    )


def lock_open_for_documents(application):
    """``application``, locked until the transaction ends, if its documents may still change
    (until the review starts); else :class:`~applicants.workflow.NotAllowed`."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not application.is_open_for_documents:
        raise NotAllowed(
            _("The review of your application has started: its documents can no longer change.")
        )
    return application


def replace(application, requirement, checked):
    """Store ``checked`` as the applicant's document for ``requirement``, instead of the one
    sent before if any; only until the review starts (:func:`lock_open_for_documents`)."""
    with transaction.atomic():
        application = lock_open_for_documents(application)
        application.documents.filter(requirement=requirement).delete()
        return store(Document(application=application, requirement=requirement), checked)


def remove(application, document):
    """Delete the applicant's ``document``; only until the review starts."""
    with transaction.atomic():
        application = lock_open_for_documents(application)
        application.documents.filter(pk=document.pk).delete()


def delete_file(sender, instance, **kwargs):
    """Delete a document's file once the deletion of its row is committed (a deletion that is
    rolled back keeps it). Connected to ``post_delete`` in ``ApplicantsConfig.ready()``: rows
    deleted by a cascade, such as an application deleted in the admin, send nothing else."""
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name), robust=True)


def file_response(document):
    """The document's file as a download, with the type found in its content and never a
    type the browser should guess, kept in no cache."""
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.download_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)
    return response
