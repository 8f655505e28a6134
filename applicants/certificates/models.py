"""Certificates of completed trainings, and their revocations.

A certificate is issued once and never changed: the database refuses to update or delete one
(see the migration). A mistake is corrected by revoking it, with the certificate that replaces
it named. Each has a code that cannot be guessed, for its public verification page.
"""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# Letters and digits that cannot be mistaken for one another when typed from paper.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 16  # 80 bits
# The database sequence that numbers certificates (made by the migration).
NUMBER_SEQUENCE = "applicants_certificate_number"


def new_code():
    """A verification code such as ``K7QM-2XWD-9HTP-4BNR``: 80 random bits."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalise_code(typed):
    """A code as typed (any case, with spaces or dashes or none) in its printed form, such as
    ``K7QM-2XWD-9HTP-4BNR``; None when it cannot be one (wrong length or letters)."""
    raw = "".join(character for character in typed.upper() if character.isalnum())
    if len(raw) != CODE_LENGTH or any(character not in CODE_ALPHABET for character in raw):
        return None
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


class Certificate(models.Model):
    """A certificate as issued: for whom, for what, when and for how many hours."""

    application = models.ForeignKey(
        "applicants.Application",
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("trainee"),
    )
    training = models.ForeignKey(
        "trainings.Training",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("training"),
    )
    number = models.PositiveIntegerField(
        _("number"),
        unique=True,
        editable=False,
        db_default=models.Func(models.Value(NUMBER_SEQUENCE), function="nextval"),
        help_text=_("Given by the database, in order of issue."),
    )
    code = models.CharField(_("verification code"), max_length=19, unique=True, default=new_code)
    name = models.CharField(_("name on the certificate"), max_length=200)
    module = models.ForeignKey(
        "trainings.Module",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("module"),
        help_text=_("For the certificate of one module; empty for the whole training."),
    )
    module_title = models.CharField(_("module as printed"), max_length=250, blank=True)
    title = models.CharField(_("training as printed"), max_length=200)
    track = models.CharField(_("track as printed"), max_length=120)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    hours = models.DecimalField(_("contact hours"), max_digits=6, decimal_places=1)
    language = models.CharField(_("language"), max_length=7, choices=settings.LANGUAGES)
    signed_by = models.JSONField(
        _("signed by"),
        default=list,
        help_text=_("The signatories as (name, role) pairs, from the settings when issued."),
    )
    issued_on = models.DateField(_("issued"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self):
        return f"{self.number}: {self.name}, {self.title}"

    def get_absolute_url(self):
        return reverse("certificates:verify", kwargs={"code": self.code})

    @property
    def is_valid(self):
        return not hasattr(self, "revocation")


class Revocation(models.Model):
    """Why a certificate no longer holds, and the one that replaces it, if any."""

    certificate = models.OneToOneField(
        Certificate,
        on_delete=models.PROTECT,
        related_name="revocation",
        verbose_name=_("certificate"),
    )
    reason = models.CharField(_("reason"), max_length=300)
    replaced_by = models.OneToOneField(
        Certificate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaces",
        verbose_name=_("replaced by"),
    )
    revoked_at = models.DateTimeField(_("revoked"), auto_now_add=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    class Meta:
        verbose_name = _("revocation")
        verbose_name_plural = _("revocations")

    def __str__(self):
        return self.reason
