from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from imago_site.translated import TranslatedField
from trainings.models.choices import LanguagesField, language_name
from trainings.models.tracks import Track
from trainings.portraits import portrait_of


class TrainerQuerySet(models.QuerySet):
    def listed(self):
        return self.filter(is_listed=True)


class Trainer(models.Model):
    """A member of the international faculty."""

    name = models.CharField(
        _("name"),
        max_length=150,
        help_text=_("As the faculty directory, the trainer's page and training pages show it."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trainer",
        verbose_name=_("staff account"),
        help_text=_(
            "The trainer's own login (in the Faculty group): it takes attendance in the "
            "trainings they teach, and no others."
        ),
    )
    slug = models.SlugField(
        _("slug"), max_length=150, unique=True, help_text=_("The trainer's address on the site.")
    )
    photo = models.ImageField(
        _("photo"),
        upload_to="trainers/",
        blank=True,
        help_text=_(
            "A JPEG, PNG or WebP portrait, at least 300 × 300 pixels; the site shows it cut to a "
            "square around the centre. Without one, the trainer's initials stand in."
        ),
    )
    # The names of the photo's square renditions (trainings.portraits.make_renditions).
    portrait_files = models.JSONField(default=dict, blank=True, editable=False)
    bio = TranslatedField(
        models.TextField(
            _("biography"),
            blank=True,
            help_text=_("The text of the trainer's page."),
        )
    )
    country = CountryField(
        _("country"),
        help_text=_("Shown on the trainer's card; the faculty directory filters by it."),
    )
    city = models.CharField(
        _("city"),
        max_length=120,
        blank=True,
        help_text=_("Shown before the country on the trainer's card and page."),
    )
    languages = LanguagesField(
        verbose_name=_("languages"), default=list, help_text=_("Languages this trainer teaches in.")
    )
    tracks = models.ManyToManyField(
        Track,
        related_name="trainers",
        blank=True,
        verbose_name=_("tracks taught"),
        help_text=_("Named on the trainer's card (“Teaches”) and page."),
    )
    email = models.EmailField(
        _("e-mail"), blank=True, help_text=_("Used to route messages; shown only if public.")
    )
    is_contact_public = models.BooleanField(
        _("contact is public"),
        default=False,
        help_text=_("Show the e-mail address on the trainer's public page."),
    )
    is_listed = models.BooleanField(
        _("listed"), default=True, help_text=_("Unlisted trainers are hidden from the faculty.")
    )

    objects = TrainerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("trainer")
        verbose_name_plural = _("trainers")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("trainings:trainer", kwargs={"slug": self.slug})

    @property
    def language_names(self):
        return [language_name(code) for code in self.languages]

    @property
    def portrait(self):
        """The addresses of the photo's renditions (``trainings.portraits.Portrait``), or None
        where the pages show the initials instead."""
        return portrait_of(self.portrait_files, self.photo.storage)

    @property
    def initials(self):
        """The first letters of the first and last words of the name: "LF" for Lucía Ferreyra."""
        words = [word for word in self.name.split() if word[0].isalpha()]
        if not words:
            return ""
        ends = words[:1] + words[1:][-1:]
        return "".join(word[0] for word in ends).upper()
