"""Application forms saved to finish later."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from imago_site.retention import days_ago
from imago_site.tokens import new_token
from trainings.models import Training


class DraftQuerySet(models.QuerySet):
    def live(self, now=None):
        """Drafts whose link works (at ``now``, by default this moment): saved within the last
        ``APPLICATION_DRAFT_DAYS``."""
        now = now or timezone.now()
        return self.filter(
            updated_at__gt=now - datetime.timedelta(days=settings.APPLICATION_DRAFT_DAYS)
        )

    def expired(self):
        """Drafts not saved for ``APPLICATION_DRAFT_DAYS``: due for deletion."""
        return self.filter(updated_at__lte=days_ago(settings.APPLICATION_DRAFT_DAYS))


class Draft(models.Model):
    """An application form saved to finish later ("Save and continue later"): the answers as
    typed, whether complete or not, and the documents uploaded with them, opened again from
    the private link mailed to ``email`` (``applicants.drafts``).

    A draft holds nothing: no seat, no place on the waiting list, no eligibility verdict.
    Sending it is sending a new application, checked afresh; the draft is then deleted. Not
    saved again for ``APPLICATION_DRAFT_DAYS``, its link stops working and the daily erasure
    deletes it with its documents.
    """

    training = models.ForeignKey(
        Training, on_delete=models.CASCADE, related_name="drafts", verbose_name=_("training")
    )
    token = models.CharField(
        _("link token"), max_length=64, unique=True, default=new_token, editable=False
    )
    submission_key = models.UUIDField(
        _("submission key"),
        unique=True,
        null=True,
        editable=False,
        help_text=_(
            "The key of the form that first saved the draft, so that a double click saves one "
            "draft; cleared once the draft's link is opened."
        ),
    )
    email = models.EmailField(_("e-mail"))
    language = models.CharField(
        _("preferred language"),
        max_length=7,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The e-mail with the link is written in this language."),
    )
    answers = models.JSONField(
        _("answers"),
        default=dict,
        blank=True,
        help_text=_("The form's answers as typed, by field name, checked only when it is sent."),
    )
    privacy_consent_at = models.DateTimeField(_("privacy notice accepted"))
    privacy_notice_version = models.CharField(_("privacy notice version"), max_length=20)
    reminders_stopped_at = models.DateTimeField(
        _("reminders stopped"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Whoever saved it asked for no more reminders (a link in each of them)."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)

    objects = DraftQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("application draft")
        verbose_name_plural = _("application drafts")
        indexes = [
            # The daily erasure of expired drafts.
            models.Index(fields=["updated_at"], name="draft_last_saved"),
        ]

    def __str__(self):
        return f"{self.email} ({self.training})"

    def get_absolute_url(self):
        return reverse("applicants:draft", kwargs={"token": self.token})

    @property
    def expires_at(self):
        """When the link stops working, unless the draft is saved again before."""
        return self.updated_at + datetime.timedelta(days=settings.APPLICATION_DRAFT_DAYS)
