"""The sitemap of the public pages, for search engines (``/sitemap.xml``).

Every page is listed once per language of ``settings.LANGUAGES`` (``/``, ``/es/``, ``/de/``),
each with its alternates in the other languages and an ``x-default`` (the English page). The
apps add their pages in their ``AppConfig.ready()``: fixed pages by URL name
(:func:`register_pages`), pages of their objects as a section (:func:`register`).
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class LocalizedSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class PageSitemap(LocalizedSitemap):
    """The fixed pages, by URL name: the home page, the catalogue, the FAQ and the like."""

    def __init__(self):
        self.names = []

    def items(self):
        return self.names

    def location(self, item):
        return reverse(item)


pages = PageSitemap()
SITEMAPS = {"pages": pages}


def register_pages(*url_names):
    """List the fixed pages of these URL names."""
    pages.names.extend(name for name in url_names if name not in pages.names)


def register(section, sitemap):
    """List the pages of ``sitemap`` (a :class:`LocalizedSitemap`) under ``section``."""
    SITEMAPS[section] = sitemap
