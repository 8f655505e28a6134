"""The portal's URLs plus two views to compare the portal's pages with: a bare view, the
framework's own speed through the same middleware, and a plain listing, the speed of a
straightforward two-query list page through the portal's layout."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from imago_site.urls import urlpatterns as portal_urlpatterns
from trainings.models import Training


def bare(request):
    return HttpResponse("ok")


PLAIN_LISTING = engines["django"].from_string(
    """{% extends "base.html" %}{% block content %}
<h1>Trainings</h1>
<p>{{ count }} trainings</p>
<ul>{% for training in trainings %}
  <li><a href="{{ training.get_absolute_url }}">{{ training.title }}</a>:
    {{ training.track.name }}, {{ training.starts_on }}, {{ training.city }}</li>{% endfor %}
</ul>
{% endblock %}"""
)


def plain_listing(request):
    """Twelve upcoming trainings and their count, with no filter, facet, seat count or card."""
    trainings = Training.objects.published().upcoming().order_by("starts_on", "pk")
    context = {"count": trainings.count(), "trainings": trainings.select_related("track")[:12]}
    return HttpResponse(PLAIN_LISTING.render(context, request))


urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    path("bench/plain-listing/", plain_listing, name="bench_plain_listing"),
    *portal_urlpatterns,
]
