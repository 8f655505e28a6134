"""Stopping reminders, from the link in each of them. The link's page shows a button; the
button, or a mail program's one-click unsubscribe (RFC 8058: a POST of
``List-Unsubscribe=One-Click`` without cookies), stops them. The link carries the status or
draft link's token, which only the person has."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from applicants.models import Application, Draft


@csrf_exempt
@never_cache
def stop_reminders(request, token):
    application = get_object_or_404(Application.objects.filter(erased_at__isnull=True), token=token)
    return stop(request, Application.objects.filter(pk=application.pk), application)


@csrf_exempt
@never_cache
def stop_draft_reminders(request, token):
    draft = get_object_or_404(Draft.objects.live(), token=token)
    return stop(request, Draft.objects.filter(pk=draft.pk), draft)


def stop(request, rows, subject):
    stopped = subject.reminders_stopped_at is not None
    if request.method == "POST" and not stopped:
        rows.update(reminders_stopped_at=timezone.now())
        stopped = True
    return render(
        request,
        "applicants/stop_reminders.html",
        {"stopped": stopped, "training": subject.training},
    )
