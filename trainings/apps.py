from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    name = "trainings"
    verbose_name = _("Trainings")

    def ready(self):
        """Tell the shell's shared services about this app: what the page cache watches (what
        the public pages and the application form show), which pages the sitemap lists, when
        interest subscriptions are erased, and the interest list's panel on the admin's front
        page. What pages say of seats is filled in when they are served (``trainings.seats``)."""
        from imago_site import pagecache, retention, sitemaps
        from trainings import seats
        from trainings import sitemaps as trainings_sitemaps
        from trainings.interest import dashboard as interest_dashboard
        from trainings.models import (
            Cost,
            DocumentRequirement,
            Instalment,
            InterestSubscription,
            Module,
            RefundRule,
            Track,
            Trainer,
            Training,
        )

        pagecache.watch(
            Training,
            Module,
            Instalment,
            RefundRule,
            Cost,
            Track,
            # Asked for on the application form, whose training is kept with the pages.
            DocumentRequirement,
            Trainer,
            Training.trainers.through,
            Trainer.tracks.through,
        )
        seats.register()
        sitemaps.register_pages(
            "trainings:home", "trainings:list", "trainings:faculty", "trainings:interest"
        )
        sitemaps.register("trainings", trainings_sitemaps.TrainingSitemap)
        sitemaps.register("tracks", trainings_sitemaps.TrackSitemap)
        sitemaps.register("trainers", trainings_sitemaps.TrainerSitemap)
        subscriptions = InterestSubscription.objects
        retention.register("unconfirmed interest subscriptions", subscriptions.confirmation_expired)
        retention.register(
            "unsubscribed interest subscriptions", subscriptions.unsubscription_expired
        )
        interest_dashboard.register_panels()
