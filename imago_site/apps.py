from django.apps import AppConfig


class ImagoSiteConfig(AppConfig):
    """The project package as an app: its commands, staff groups and the shared cache table.

    The domain apps register what they need of the shared services (page cache, sitemap,
    retention) in their own ``ready()``; this one names none of them."""

    name = "imago_site"
    verbose_name = "Imago portal"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from imago_site import retention, sitemaps, staff_sessions

        user_logged_in.connect(staff_sessions.start)

        sitemaps.register_pages("privacy", "accessibility")
        retention.register("finished tasks", retention.expired_task_results)
        retention.register(
            "expired sessions", retention.expired_sessions, lambda sessions: sessions.delete()[0]
        )
