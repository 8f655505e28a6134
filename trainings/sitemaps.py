"""The catalogue's pages in the sitemap: published trainings, listed tracks and trainers."""

from imago_site.sitemaps import LocalizedSitemap
from trainings.models import Track, Trainer, Training


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
