"""The sitemap of the public pages, for search engines (``/sitemap.xml``).

Each class leaves the languages to Django's sitemap framework: when the site gets more
languages, ``i18n = True`` (and ``alternates = True``) on a class lists every page once per
language in ``settings.LANGUAGES``.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from trainings.models import Track, Trainer, Training


class PageSitemap(Sitemap):
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


class TrainingSitemap(Sitemap):
    """Published trainings; drafts and cancelled trainings stay out."""

    def items(self):
        return Training.objects.published().order_by("pk")

    def lastmod(self, training):
        return training.updated_at


class TrackSitemap(Sitemap):
    def items(self):
        return Track.objects.listed().order_by("pk")


class TrainerSitemap(Sitemap):
    def items(self):
        return Trainer.objects.listed().order_by("pk")


SITEMAPS = {
    "pages": PageSitemap,
    "trainings": TrainingSitemap,
    "tracks": TrackSitemap,
    "trainers": TrainerSitemap,
}
