"""The site's addresses plus one that fails, to see the 500 page as visitors get it."""

from django.urls import path

from imago_site.urls import urlpatterns as site_urlpatterns


def fail(request):
    raise RuntimeError("a deliberate failure")


urlpatterns = [path("fails/", fail), *site_urlpatterns]
