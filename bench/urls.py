"""The portal's URLs plus views to compare the portal's pages with: a bare view, the
framework's own speed through the same middleware; a plain listing, the speed of a
straightforward two-query list page through the portal's layout; and a plain form, the speed of
storing the application form's answers as they come."""

import datetime

from django import forms
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template import engines
from django.urls import path
from django.utils import timezone

from applicants.forms import CARRIED_FIELDS
from applicants.models import Application
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


class PlainForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = CARRIED_FIELDS


def plain_form(request, slug):
    """The application form's questions in a plain model form, its answers stored as they
    come: one query for the training, one INSERT and a redirect, through the same middleware.
    No eligibility rule, seat, lock, rate limit, document, event or e-mail."""
    training = get_object_or_404(Training.objects.only("pk"), slug=slug)
    form = PlainForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    now = timezone.now()
    application = form.save(commit=False)
    application.training = training
    application.privacy_consent_at = application.policy_consent_at = now
    application.confirm_by = now + datetime.timedelta(hours=settings.APPLICATION_CONFIRM_HOURS)
    application.save()
    return redirect("/bench/received/")


urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    path("bench/plain-listing/", plain_listing, name="bench_plain_listing"),
    path("bench/plain-form/<slug:slug>/", plain_form, name="bench_plain_form"),
    *portal_urlpatterns,
]
