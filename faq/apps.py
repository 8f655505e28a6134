from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FaqConfig(AppConfig):
    name = "faq"
    verbose_name = _("Frequently asked questions")

    def ready(self):
        """Tell the shell's shared services about this app: what the page cache watches, the
        pages of the sitemap, and when contact messages lose their sender's details."""
        from faq.models import Category, ContactMessage, Question, Synonyms
        from imago_site import pagecache, retention, sitemaps

        pagecache.watch(Question, Category, Synonyms)
        sitemaps.register_pages("faq:list", "faq:contact")
        retention.register(
            "contact messages",
            ContactMessage.objects.retention_expired,
            lambda messages: messages.erase(),
        )
