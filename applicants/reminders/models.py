"""That a reminder was sent: one row per reminder, so each goes out once."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AdmissionReminder(models.Model):
    """A reminder decided on: to an applicant, to whoever saved a draft, or a staff member's
    digest of the day. Recorded in the transaction that queues its e-mail; the unique
    constraints let each be recorded once, however often the hourly run looks."""

    class Kind(models.TextChoices):
        CONFIRM = "confirm", _("Confirm the address: a day left")
        DOCUMENTS = "documents", _("Documents still missing")
        DRAFT_IDLE = "draft_idle", _("Draft not finished")
        DRAFT_CLOSING = "draft_closing", _("Draft: applications close in a week")
        DRAFT_EARLY_BIRD = "draft_early_bird", _("Draft: early-bird price ends in a week")
        DECISIONS = "decisions", _("Digest: applications waiting for a decision")
        REVIEWS = "reviews", _("Digest: applications waiting for your review")

    DIGESTS = (Kind.DECISIONS, Kind.REVIEWS)

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    application = models.ForeignKey(
        "applicants.Application",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("application"),
    )
    draft = models.ForeignKey(
        "applicants.Draft",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("draft"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staff member"),
    )
    day = models.DateField(_("day"), null=True, blank=True)
    created_at = models.DateTimeField(_("decided"), auto_now_add=True)
    sent_at = models.DateTimeField(
        _("sent"),
        null=True,
        blank=True,
        help_text=_("Empty while it waits to be sent, or when it was no longer needed."),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "application"],
                condition=Q(application__isnull=False),
                name="reminder_once_per_application",
            ),
            models.UniqueConstraint(
                fields=["kind", "draft"],
                condition=Q(draft__isnull=False),
                name="reminder_once_per_draft",
            ),
            models.UniqueConstraint(
                fields=["kind", "user", "day"],
                condition=Q(user__isnull=False),
                name="digest_once_a_day",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind__in=["confirm", "documents"], application__isnull=False)
                    | Q(
                        kind__in=["draft_idle", "draft_closing", "draft_early_bird"],
                        draft__isnull=False,
                    )
                    | Q(kind__in=["decisions", "reviews"], user__isnull=False, day__isnull=False)
                ),
                name="reminder_names_its_recipient",
            ),
        ]

    def __str__(self):
        return self.get_kind_display()
