from django.db import models
from django.utils.translation import gettext_lazy as _


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
    answer = models.TextField(_("answer"))
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Questions are listed by this number.")
    )
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Only published questions appear on the site.")
    )

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["category__position", "position", "question"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.question
