"""The trainee's record beyond attendance: supervision sessions, and the other steps their
track asks before certification (a case study, a recorded session)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from applicants.models.applications import Application


class SupervisionQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(approved_at__isnull=False)

    def waiting(self):
        return self.filter(approved_at__isnull=True)


class SupervisionSession(models.Model):
    """Hours of supervision a trainee had, entered by the trainee (and then approved by staff)
    or by staff (approved as they enter it). Only approved hours count."""

    application = models.ForeignKey(
        "applicants.Application",
        on_delete=models.CASCADE,
        related_name="supervision_sessions",
        verbose_name=_("trainee"),
    )
    held_on = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("24"))],
    )
    supervisor = models.CharField(_("supervisor"), max_length=200)
    note = models.CharField(_("note"), max_length=300, blank=True)
    entered_by_trainee = models.BooleanField(_("entered by the trainee"), default=False)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    created_at = models.DateTimeField(_("entered"), auto_now_add=True)

    objects = SupervisionQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("supervision session")
        verbose_name_plural = _("supervision sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0, hours__lte=24), name="supervision_hours_in_a_day"
            ),
        ]

    def __str__(self):
        return f"{self.held_on}: {self.hours} h, {self.supervisor}"

    @property
    def is_approved(self):
        return self.approved_at is not None


class StepDone(models.Model):
    """A step of the track's path that staff confirmed the trainee has done (a case study
    accepted, a recorded session reviewed)."""

    application = models.ForeignKey(
        "applicants.Application",
        on_delete=models.CASCADE,
        related_name="steps_done",
        verbose_name=_("trainee"),
    )
    requirement = models.ForeignKey(
        "trainings.CertificationRequirement",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requirement"),
    )
    done_on = models.DateField(_("done on"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )

    class Meta:
        ordering = ["done_on"]
        verbose_name = _("step done")
        verbose_name_plural = _("steps done")
        constraints = [
            models.UniqueConstraint(fields=["application", "requirement"], name="step_done_once"),
        ]

    def __str__(self):
        return str(self.requirement)


class Trainee(Application):
    """An accepted application seen as a trainee on their path (the admin's list)."""

    class Meta:
        proxy = True
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")
