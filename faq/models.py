from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import models
from django.utils.translation import gettext_lazy as _

# Language configuration of the full-text search: stems words, so "fees" finds "fee".
SEARCH_CONFIG = "english"


class Topic(models.TextChoices):
    """What a question is about; pages show the answers of a topic where it matters."""

    FEES = "fees", _("Fees")
    FINANCES = "finances", _("Financial help")
    ELIGIBILITY = "eligibility", _("Who can join")
    NO_MASTERS = "no_masters", _("No Master's degree")
    DURATION = "duration", _("Duration")
    ONLINE = "online", _("Online study")
    LOCATIONS = "locations", _("Where trainings take place")
    RELATIONSHIP = "relationship", _("Your own relationship")
    IMAGO = "imago", _("Imago therapy")
    QUALIFICATION = "qualification", _("Qualification")
    OTHER = "other", _("Other")


class Category(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Categories are listed by this number.")
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name


class QuestionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Question(models.Model):
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="questions", verbose_name=_("category")
    )
    question = models.CharField(_("question"), max_length=255)
    slug = models.SlugField(
        _("anchor"),
        max_length=80,
        unique=True,
        help_text=_("Used in links that open this question directly: /faq/#<anchor>."),
    )
    answer = models.TextField(
        _("answer"),
        help_text=_(
            "Markdown: **bold**, *italic*, [links](https://…), lists. HTML is not allowed."
        ),
    )
    topic = models.CharField(
        _("topic"),
        max_length=16,
        choices=Topic.choices,
        default=Topic.OTHER,
        help_text=_("Pages about this topic show the answer beside what it explains."),
    )
    video_url = models.URLField(
        _("video"),
        blank=True,
        help_text=_("Optional link to a video that answers the question (opened on request)."),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Questions are listed by this number.")
    )
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Only published questions appear on the site.")
    )

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["category__position", "position", "question"]
        indexes = [
            GinIndex(
                SearchVector("question", "answer", config=SEARCH_CONFIG),
                name="question_search",
            ),
        ]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.question
