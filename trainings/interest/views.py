"""The interest list's pages: subscribe, confirm (double opt-in) and unsubscribe.

Confirming and unsubscribing are reached through the unguessable link in the e-mails (256
random bits). A confirmation link works for ``INTEREST_CONFIRM_DAYS`` after the request; an
unsubscribe link as long as the subscription exists. The
link's page only shows a button and the button POSTs: mail scanners open links on their own,
and must not confirm or end anything.
"""

from functools import partial

from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters

from imago_site import rate_limits
from imago_site.translated import active_language
from trainings import followed_languages
from trainings.interest import tasks
from trainings.interest.forms import InterestForm
from trainings.interest.models import InterestSubscription, subscribe


@sensitive_post_parameters()
def subscription_form(request):
    """Ask to hear about new trainings. New address or known one, the visitor lands on the same
    page, and only the address's inbox learns more."""
    if request.method == "POST":
        form = InterestForm(request.POST)
        if form.is_valid():
            email = form.cleaned_data["email"]
            if not rate_limits.allow("interest", email=email, ip=rate_limits.client_ip(request)):
                form.add_error(None, rate_limits.REFUSED_MESSAGE)
                return render(request, "trainings/interest/form.html", {"form": form}, status=429)
            subscription = subscribe(
                **form.subscription_choices(), interface_language=active_language()
            )
            followed_languages.remember(request, form.cleaned_data["languages"])
            transaction.on_commit(
                partial(tasks.send_interest_confirmation.enqueue, subscription.pk)
            )
            return redirect("trainings:interest_sent")
    else:
        initial = InterestForm.initial_from(request.GET)
        initial.setdefault("languages", followed_languages.followed(request))
        form = InterestForm(initial=initial)
    return render(request, "trainings/interest/form.html", {"form": form})


def sent(request):
    return render(request, "trainings/interest/sent.html")


@never_cache
def confirm(request, token):
    subscription = subscription_for(token, InterestSubscription.objects.confirmable())
    if request.method == "POST":
        subscription.confirm()
        return redirect(subscription.get_confirm_url())
    return render(request, "trainings/interest/confirm.html", {"subscription": subscription})


# Mail programs' one-click unsubscribe (RFC 8058) POSTs here without a cookie or CSRF token;
# the link's 256-bit token is what authorises it.
@csrf_exempt
@never_cache
def unsubscribe(request, token):
    subscription = subscription_for(token)
    if request.method == "POST":
        subscription.unsubscribe()
        return redirect(subscription.get_unsubscribe_url())
    return render(request, "trainings/interest/unsubscribe.html", {"subscription": subscription})


def subscription_for(token, subscriptions=InterestSubscription.objects):
    """The subscription of the link's ``token``. The database compares the token, and a wrong,
    expired or erased one gets the same "not found" page."""
    return get_object_or_404(subscriptions.select_related("track"), token=token)
