"""The sitemap of the public pages, for search engines (``/sitemap.xml``).

Every page is listed once per language of ``settings.LANGUAGES`` (``/``, ``/es/``, ``/de/``),
each with its alternates in the other languages and an ``x-default`` (the English page).
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from trainings.models import Track, Trainer, Training


class LocalizedSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class PageSitemap(LocalizedSitemap):
    """The fixed pages: home, catalogue, faculty, FAQ and the eligibility check."""

    def items(self):
        return [
            "trainings:home",
            "trainings:list",
            "trainings:faculty",
            "faq:list",
            "applicants:eligibility",
            "faq:contact",
            "trainings:interest",
            "privacy",
            "accessibility",
        ]

    def location(self, item):
        return reverse(item)


class TrainingSitemap(LocalizedSitemap):
    """Published trainings; drafts and cancelled trainings stay out."""

    def items(self):
        return Training.objects.published().order_by("pk")

    def lastmod(self, training):
        return training.updated_at


class TrackSitemap(LocalizedSitemap):
    def items(self):
        return Track.objects.listed().order_by("pk")


class TrainerSitemap(LocalizedSitemap):
    def items(self):
        return Trainer.objects.listed().order_by("pk")


SITEMAPS = {
    "pages": PageSitemap,
    "trainings": TrainingSitemap,
    "tracks": TrackSitemap,
    "trainers": TrainerSitemap,
}
