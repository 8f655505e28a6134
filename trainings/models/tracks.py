from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class TrackQuerySet(models.QuerySet):
    def listed(self):
        return self.filter(is_listed=True)


class Track(models.Model):
    """A training path: the Clinical Track, the Professional Facilitator Training, the online
    first module. Each has its own page and its cohorts (trainings)."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    summary = models.CharField(
        _("summary"),
        max_length=300,
        help_text=_("One or two sentences shown on the home page and in lists."),
    )
    audience = models.TextField(
        _("who it is for"), help_text=_("The people this track is made for, in plain words.")
    )
    prerequisites = models.TextField(
        _("prerequisites"),
        blank=True,
        help_text=_("What an applicant must bring: degrees, licences, earlier modules."),
    )
    structure = models.TextField(
        _("structure and hours"),
        blank=True,
        help_text=_("How the track is built: modules, contact hours, supervision, duration."),
    )
    pathway = models.TextField(
        _("what comes after"),
        blank=True,
        help_text=_("The certification pathway and what graduates can do next."),
    )
    opens = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opened_by",
        verbose_name=_("opens the track"),
        help_text=_("For a module that is the start of another track, e.g. the online module."),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Tracks are listed by this number, smallest first.")
    )
    is_listed = models.BooleanField(
        _("listed"), default=True, help_text=_("Unlisted tracks are hidden from the public site.")
    )

    objects = TrackQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("track")
        verbose_name_plural = _("tracks")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("trainings:track", kwargs={"slug": self.slug})
