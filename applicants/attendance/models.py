"""Who attended which module of their training, and for how many hours."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Attendance(models.Model):
    """A trainee's attendance at one module, as the trainer or staff took it down.

    Present counts the module's contact hours; in part, the hours written; absent, none.
    """

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        PARTIAL = "partial", _("Present in part")
        ABSENT = "absent", _("Absent")

    application = models.ForeignKey(
        "applicants.Application",
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("trainee"),
    )
    module = models.ForeignKey(
        "trainings.Module",
        on_delete=models.PROTECT,
        related_name="attendances",
        verbose_name=_("module"),
    )
    status = models.CharField(_("attendance"), max_length=8, choices=Status.choices)
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=1,
        default=Decimal(0),
        validators=[MinValueValidator(0)],
        help_text=_("For a trainee present in part: the hours attended."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("taken down by"),
    )
    recorded_at = models.DateTimeField(_("taken down"), auto_now=True)

    class Meta:
        ordering = ["module__start_date", "module__number"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "module"], name="attendance_once_per_module"
            ),
            models.CheckConstraint(condition=Q(hours__gte=0), name="attendance_hours_not_negative"),
        ]

    def __str__(self):
        return f"{self.module}: {self.get_status_display()}"

    @property
    def credited_hours(self):
        """The hours this attendance counts toward the certificate."""
        if self.status == self.Status.PRESENT:
            return self.module.contact_hours
        if self.status == self.Status.PARTIAL:
            return min(self.hours, self.module.contact_hours)
        return Decimal(0)
