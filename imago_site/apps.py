from django.apps import AppConfig


class ImagoSiteConfig(AppConfig):
    """The project package as an app: it holds the commands that span the domain apps."""

    name = "imago_site"
    verbose_name = "Imago portal"
