import re

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import models
from django.db.models import Q, Value
from django.utils.translation import gettext_lazy as _

# The contact form's models are this app's too (see faq/contact/).
from faq.contact.models import ContactMessage, Coordinator
from imago_site.translated import DEFAULT_LANGUAGE, TranslatedField, active_language, column

# Full-text search configuration per language: stems words, so "fees" finds "fee" and
# "cuotas" finds "cuota".
__all__ = ["Category", "ContactMessage", "Coordinator", "Question", "Synonyms", "Topic"]

SEARCH_CONFIGS = {"en": "english", "es": "spanish", "de": "german"}


def search_document(language):
    """The searched text of a question in ``language``; its GIN index is the same expression."""
    return SearchVector(
        column("question", language), column("answer", language), config=SEARCH_CONFIGS[language]
    )


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
    name = TranslatedField(
        models.CharField(
            _("name"),
            max_length=120,
            help_text=_("A heading of the FAQ page, above its questions."),
        )
    )
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        help_text=_("Used in links that open this part of the FAQ: /faq/#category-<slug>."),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Categories are listed by this number.")
    )

    class Meta:
        ordering = ["position", "name_en"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name


class QuestionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def about(self, topic):
        return self.filter(topic=topic)

    def matching(self, query):
        """Questions that match ``query``, best first: a match in the question counts more
        than one in the answer. Searches the visitor's language and English, since a question
        without a translation is shown in English. Stemming lets "fees" find "fee"; the query
        is read the way web search engines read theirs (quoted phrases, "or", -word), so no
        input is a syntax error."""
        languages = dict.fromkeys([active_language(), DEFAULT_LANGUAGE])
        matches = Q()
        rank = Value(0.0)
        for language in languages:
            config = SEARCH_CONFIGS[language]
            search_query = SearchQuery(query, search_type="websearch", config=config)
            for term in Synonyms.objects.alternatives(query, language):
                search_query |= SearchQuery(term, search_type="websearch", config=config)
            # The same expression as the GIN index, so that the index serves the match.
            matches |= Q(**{f"document_{language}": search_query})
            weighted = SearchVector(
                column("question", language), weight="A", config=config
            ) + SearchVector(column("answer", language), weight="B", config=config)
            rank = rank + SearchRank(weighted, search_query)
        return (
            self.alias(**{f"document_{code}": search_document(code) for code in languages})
            .filter(matches)
            .annotate(rank=rank)
            .order_by("-rank", "category__position", "position", "question_en")
        )


def words_of(text):
    """``text`` in lower case with single spaces between its words, and one at each end."""
    return " " + " ".join(re.findall(r"\w+", text.lower())) + " "


class SynonymsQuerySet(models.QuerySet):
    def alternatives(self, query, language):
        """The other words of each group of ``language`` that ``query`` uses a word of, which
        a search for ``query`` looks for too: "how much" looks for "fee" and "tuition"."""
        typed = words_of(query)
        alternatives = []
        for group in self.filter(language=language):
            terms = group.terms()
            if any(words_of(term) in typed for term in terms):
                alternatives += [term for term in terms if words_of(term) not in typed]
        return alternatives


class Synonyms(models.Model):
    """Words that people use for the same thing, in one language: the FAQ search for any of
    them also finds answers written with the others. Staff add groups in the admin."""

    language = models.CharField(_("language"), max_length=7, choices=settings.LANGUAGES)
    words = models.TextField(
        _("words"),
        help_text=_(
            "Words or short phrases that mean the same here, separated by commas, e.g. "
            "fee, cost, price, how much."
        ),
    )

    objects = SynonymsQuerySet.as_manager()

    class Meta:
        ordering = ["language", "pk"]
        verbose_name = _("group of synonyms")
        verbose_name_plural = _("synonyms for the search")

    def __str__(self):
        return ", ".join(self.terms())

    def terms(self):
        return [term.strip() for term in self.words.split(",") if term.strip()]


class Question(models.Model):
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="questions",
        verbose_name=_("category"),
        help_text=_("The heading of the FAQ page the question is listed under."),
    )
    question = TranslatedField(
        models.CharField(
            _("question"),
            max_length=255,
            help_text=_("As the FAQ page shows it; a visitor opens it to read the answer."),
        )
    )
    slug = models.SlugField(
        _("anchor"),
        max_length=80,
        unique=True,
        help_text=_("Used in links that open this question directly: /faq/#<anchor>."),
    )
    answer = TranslatedField(
        models.TextField(
            _("answer"),
            help_text=_(
                "Markdown: **bold**, *italic*, [links](https://…), lists. HTML is not allowed."
            ),
        )
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
        ordering = ["category__position", "position", "question_en"]
        indexes = [
            *(
                GinIndex(search_document(language), name=f"question_search_{language}")
                for language in SEARCH_CONFIGS
            ),
        ]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.question
