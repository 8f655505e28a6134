"""The portal's URLs plus a bare view: the framework's own speed through the same middleware."""

from django.http import HttpResponse
from django.urls import path

from imago_site.urls import urlpatterns as portal_urlpatterns


def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *portal_urlpatterns]
