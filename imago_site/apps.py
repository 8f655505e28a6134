from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class ImagoSiteConfig(AppConfig):
    """The project package as an app: it holds the commands that span the domain apps."""

    name = "imago_site"
    verbose_name = "Imago portal"

    def ready(self):
        # The page cache must learn of every change to what public pages show, from the admin,
        # the application form, the workflow or a command alike, so this is the one place
        # where the portal listens to model signals rather than calling explicitly.
        # QuerySet.update() sends no signal: callers of it call content_changed() themselves.
        from applicants.models import Application
        from faq.models import Category, Question
        from imago_site.pagecache import content_changed
        from trainings.models import Module, Track, Trainer, Training

        def changed(sender, action="post_", **kwargs):
            # Many-to-many changes signal before and after: the change is made after.
            if action.startswith("post_"):
                content_changed()

        # weak=False: the receiver is a local function, which nothing else keeps alive.
        for model in (Training, Module, Track, Trainer, Question, Category, Application):
            post_save.connect(
                changed, sender=model, weak=False, dispatch_uid=f"pagecache-save-{model}"
            )
            post_delete.connect(
                changed, sender=model, weak=False, dispatch_uid=f"pagecache-delete-{model}"
            )
        for through in (Training.trainers.through, Trainer.tracks.through):
            m2m_changed.connect(
                changed, sender=through, weak=False, dispatch_uid=f"pagecache-m2m-{through}"
            )
