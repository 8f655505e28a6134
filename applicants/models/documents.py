"""The documents applicants send, kept in private storage."""

import secrets
from pathlib import PurePath

from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from applicants.models.applications import Application
from applicants.models.drafts import Draft
from trainings.models import DocumentRequirement


def documents_storage():
    """Where documents are kept: the private storage ``STORAGES["documents"]`` (settings)."""
    return storages["documents"]


def random_file_name(document, name):
    """A random name, with the extension of the type found in the file: never the name it was
    uploaded with."""
    return secrets.token_hex(16) + PurePath(name).suffix


class DocumentQuerySet(models.QuerySet):
    def pending(self):
        """Uploads of an application form that has not been sent, or not yet (some of them kept
        with a draft)."""
        return self.filter(application__isnull=True)


class Document(models.Model):
    """A file an applicant sent for one of the documents their track asks for, such as a CV.

    Until the application form is sent it belongs to no application: a pending upload, which
    the form carries in a signed hidden field and which is erased after a day if the form is
    never sent (``applicants.documents``), or kept with the draft the form was saved as. The
    file is private: only the views that check who asks serve it
    (``applicants.views.documents``, and the admin's).
    """

    class Type(models.TextChoices):
        PDF = "application/pdf", "PDF"
        JPEG = "image/jpeg", "JPEG"
        PNG = "image/png", "PNG"

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("application"),
        help_text=_("Empty while the application form that uploaded it has not been sent."),
    )
    draft = models.ForeignKey(
        Draft,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("draft"),
        help_text=_("The saved draft that keeps this upload until it is sent or expires."),
    )
    requirement = models.ForeignKey(
        DocumentRequirement,
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("document asked"),
    )
    file = models.FileField(
        _("file"), storage=documents_storage, upload_to=random_file_name, max_length=100
    )
    original_name = models.CharField(
        _("file name as sent"),
        max_length=200,
        help_text=_("Only shown: the file is stored under a random name."),
    )
    content_type = models.CharField(
        _("type"),
        max_length=20,
        choices=Type.choices,
        help_text=_("Found in the file's content, not in its name."),
    )
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["requirement__position", "requirement_id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            # Pending uploads (no application yet) are not counted: NULLs are distinct.
            models.UniqueConstraint(
                fields=["application", "requirement"], name="document_one_per_requirement"
            ),
            # A draft keeps only pending uploads: sending it hands them to the application.
            models.CheckConstraint(
                condition=Q(application__isnull=True) | Q(draft__isnull=True),
                name="document_of_application_or_draft",
            ),
        ]

    def __str__(self):
        return self.original_name

    @property
    def extension(self):
        return {self.Type.PDF: ".pdf", self.Type.JPEG: ".jpg", self.Type.PNG: ".png"}[
            self.content_type
        ]

    @property
    def download_name(self):
        """The name the file is downloaded under: the name it was sent with, ending in the
        extension of its real type."""
        return PurePath(self.original_name).stem + self.extension
