from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from imago_site.translated import TranslatedField
from trainings.models.choices import ChoiceArrayField
from trainings.requirements import DegreeField, DegreeLevel, Requirements


class TrackQuerySet(models.QuerySet):
    def listed(self):
        return self.filter(is_listed=True)


class Track(models.Model):
    """A training path: the Clinical Track, the Professional Facilitator Training, the online
    first module. Each has its own page and its cohorts (trainings)."""

    name = TranslatedField(
        models.CharField(
            _("name"),
            max_length=120,
            help_text=_("The heading of the track's page, and how cards and filters name it."),
        )
    )
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        help_text=_("The track's address on the site, and its name in links to the catalogue."),
    )
    summary = TranslatedField(
        models.CharField(
            _("summary"),
            max_length=300,
            help_text=_("One or two sentences shown on the home page and in lists."),
        )
    )
    audience = TranslatedField(
        models.TextField(
            _("who it is for"), help_text=_("The people this track is made for, in plain words.")
        )
    )
    prerequisites = TranslatedField(
        models.TextField(
            _("prerequisites"),
            blank=True,
            help_text=_("What an applicant must bring: degrees, licences, earlier modules."),
        )
    )
    structure = TranslatedField(
        models.TextField(
            _("structure and hours"),
            blank=True,
            help_text=_("How the track is built: modules, contact hours, supervision, duration."),
        )
    )
    pathway = TranslatedField(
        models.TextField(
            _("what comes after"),
            blank=True,
            help_text=_("The certification pathway and what graduates can do next."),
        )
    )
    minimum_degree = models.CharField(
        _("minimum degree"),
        max_length=12,
        choices=DegreeLevel.choices,
        default=DegreeLevel.NONE,
        help_text=_("The lowest degree that qualifies; 'no university degree' admits everyone."),
    )
    degree_fields = ChoiceArrayField(
        models.CharField(max_length=24, choices=DegreeField.choices),
        verbose_name=_("degree fields"),
        default=list,
        blank=True,
        help_text=_("The degree must be in one of these fields; none chosen: any field."),
    )
    licence_qualifies = models.BooleanField(
        _("a psychotherapy licence qualifies"),
        default=False,
        help_text=_(
            "A licence to practise psychotherapy in the applicant's country qualifies on its "
            "own, whatever the degree."
        ),
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
    offered_instead = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="offered_instead_of",
        verbose_name=_("offered to those who do not qualify"),
        help_text=_(
            "When an applicant's answers do not meet this track's requirements, the application "
            "form and the eligibility check offer the track chosen here instead, e.g. the "
            "Professional Facilitator Training for the Clinical Track."
        ),
    )
    certifies_modules = models.BooleanField(
        _("a certificate for each module"),
        default=False,
        help_text=_(
            "Each module a trainee completes gets a certificate of its own, with its hours (for "
            "continuing-education credit), besides the training's at the end."
        ),
    )
    certificate_share = models.PositiveSmallIntegerField(
        _("hours needed for the certificate (%)"),
        default=100,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "The share of a training's contact hours a trainee must attend, besides every "
            "required module, to receive its certificate."
        ),
    )
    answer_days = models.PositiveSmallIntegerField(
        _("days to answer an application"),
        default=21,
        validators=[MinValueValidator(1)],
        help_text=_(
            "The time the institute promises for a decision, counted from the day the "
            "applicant confirmed their address. Applications waiting longer are listed in the "
            "daily digest to those who decide."
        ),
    )
    reviews_by_trainers = models.BooleanField(
        _("the training's trainers review its applications"),
        default=False,
        help_text=_(
            "Once an applicant confirms their address, the application is assigned for review "
            "to each trainer of the training whose staff account is in the Reviewers group."
        ),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Tracks are listed by this number, smallest first.")
    )
    is_listed = models.BooleanField(
        _("listed"), default=True, help_text=_("Unlisted tracks are hidden from the public site.")
    )

    objects = TrackQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name_en"]
        verbose_name = _("track")
        verbose_name_plural = _("tracks")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("trainings:track", kwargs={"slug": self.slug})

    @property
    def requirements(self):
        """The eligibility rule's view of this track; a module that opens another track
        asks what that track asks."""
        source = self.opens if self.opens_id else self
        return Requirements(
            track_name=source.name,
            minimum_level=source.minimum_degree,
            fields=frozenset(source.degree_fields),
            licence_qualifies=source.licence_qualifies,
        )

    def documents_asked(self):
        """The documents an application to this track asks for, in order. Like the
        requirements, a module that opens another track asks for that track's documents."""
        return DocumentRequirement.objects.filter(track_id=self.opens_id or self.pk)

    def criteria_asked(self):
        """The criteria reviewers score an application to this track on, in order; a module
        that opens another track is reviewed on that track's."""
        return ReviewCriterion.objects.filter(track_id=self.opens_id or self.pk)


class DocumentRequirement(models.Model):
    """A document that applicants to a track send with their application, such as a CV or a
    copy of their degree: what the application form asks them to upload."""

    track = models.ForeignKey(
        Track,
        on_delete=models.CASCADE,
        related_name="document_requirements",
        verbose_name=_("track"),
    )
    name = TranslatedField(
        models.CharField(
            _("document"),
            max_length=120,
            help_text=_("The document's name as applicants read it, e.g. “CV”."),
        )
    )
    explanation = TranslatedField(
        models.CharField(
            _("explanation"),
            max_length=300,
            blank=True,
            help_text=_("Shown under the upload field: what the document should show."),
        )
    )
    is_required = models.BooleanField(
        _("required"),
        default=True,
        help_text=_("An application cannot be sent without it."),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Listed by this number, smallest first.")
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("document asked of applicants")
        verbose_name_plural = _("documents asked of applicants")
        constraints = [
            models.UniqueConstraint(
                fields=["track", "name_en"],
                name="document_requirement_one_name_per_track",
                violation_error_message=_("This track already asks for a document of this name."),
            ),
        ]

    def __str__(self):
        return self.name


class CertificationRequirement(models.Model):
    """One thing a track asks of a trainee on the way to certification: completing a training
    of the track, hours of supervision, a case study, a recorded session. The trainee's page
    shows each, done or still to do."""

    class Kind(models.TextChoices):
        TRAINING = "training", _("Complete a training of this track")
        SUPERVISION = "supervision", _("Hours of supervision")
        CASE_STUDY = "case_study", _("A case study")
        RECORDED_SESSION = "recorded_session", _("A recorded session")
        OTHER = "other", _("Other")

    track = models.ForeignKey(
        Track,
        on_delete=models.CASCADE,
        related_name="certification_requirements",
        verbose_name=_("track"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    hours = models.PositiveSmallIntegerField(
        _("hours"), default=0, help_text=_("For supervision: the hours needed.")
    )
    description = TranslatedField(
        models.CharField(
            _("description"),
            max_length=300,
            blank=True,
            help_text=_("What the trainee reads, e.g. “A written case study of a couple you saw”."),
        )
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("certification requirement")
        verbose_name_plural = _("certification requirements")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="supervision") | models.Q(hours__gt=0),
                name="certification_requirement_supervision_has_hours",
            ),
        ]

    def __str__(self):
        return self.description or self.get_kind_display()


class ReviewCriterion(models.Model):
    """One thing reviewers score an application to a track on, from 1 to 5, such as clinical
    experience or motivation. A module that opens another track is reviewed on that track's
    criteria (``Track.criteria_asked``)."""

    track = models.ForeignKey(
        Track,
        on_delete=models.CASCADE,
        related_name="review_criteria",
        verbose_name=_("track"),
    )
    name = TranslatedField(
        models.CharField(
            _("criterion"),
            max_length=120,
            help_text=_("What reviewers score from 1 to 5, e.g. “Motivation”."),
        )
    )
    guidance = TranslatedField(
        models.CharField(
            _("guidance"),
            max_length=300,
            blank=True,
            help_text=_("Shown to reviewers beside the score: what a 1 and a 5 look like."),
        )
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Listed by this number, smallest first.")
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("review criterion")
        verbose_name_plural = _("review criteria")
        constraints = [
            models.UniqueConstraint(
                fields=["track", "name_en"],
                name="review_criterion_one_name_per_track",
                violation_error_message=_("This track already has a criterion of this name."),
            ),
        ]

    def __str__(self):
        return self.name
