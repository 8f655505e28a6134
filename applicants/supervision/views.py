"""The trainee's own record of supervision, reached through the private status link."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from applicants.models import Application
from applicants.supervision.forms import SupervisionForm


@never_cache
def supervision(request, token):
    """The supervision hours an accepted trainee logged, and a form to add more; staff approve
    them before they count toward certification."""
    application = get_object_or_404(Application.objects.select_related("training"), token=token)
    if application.status != Application.Status.ACCEPTED:
        raise Http404
    form = SupervisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        session = form.save(commit=False)
        session.application = application
        session.entered_by_trainee = True
        session.save()
        messages.success(
            request, _("Thank you: the hours are added, and count once the faculty approves them.")
        )
        return redirect("applicants:supervision", token=application.token)
    return render(
        request,
        "applicants/supervision/supervision.html",
        {
            "application": application,
            "form": form,
            "sessions": application.supervision_sessions.all(),
        },
    )
