from django.core import signing
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from faq.contact.forms import ContactForm
from faq.contact.models import ContactMessage
from imago_site import rate_limits

SENT_SALT = "faq.contact.sent"
# How long the "message sent" page can be opened again from its address.
SENT_MAX_AGE = 24 * 60 * 60


@sensitive_post_parameters()
def contact(request):
    """The contact form. It is stored first and routed after the commit (see
    ``faq.contact.forms``); then the browser is sent to the "message sent" page, whose address
    carries the message's signed id."""
    if request.method != "POST":
        return render(
            request, "faq/contact/form.html", {"form": ContactForm(initial=prefill(request))}
        )

    form = ContactForm(request.POST)
    if form.is_valid():
        ip = rate_limits.client_ip(request)
        if not rate_limits.allow("contact", email=form.cleaned_data["email"], ip=ip):
            form.add_error(None, rate_limits.REFUSED_MESSAGE)
            return render(request, "faq/contact/form.html", {"form": form}, status=429)
        message = form.submit(ip=ip, language=translation.get_language())
        token = signing.dumps(message.pk, salt=SENT_SALT)
        return redirect("faq:contact_sent", token=token)
    return render(request, "faq/contact/form.html", {"form": form})


@never_cache
def sent(request, token):
    """The "message sent" page: who will answer, and about what. Its address works for a day
    and may be shared or kept in a browser's history: it shows nothing of the sender."""
    try:
        message_id = signing.loads(token, salt=SENT_SALT, max_age=SENT_MAX_AGE)
    except signing.BadSignature:
        return redirect("faq:contact")
    message = get_object_or_404(
        ContactMessage.objects.select_related("training", "track"), pk=message_id
    )
    return render(
        request,
        "faq/contact/sent.html",
        {"contact": message, "about": message.training or message.track, "route": message.route()},
    )


def prefill(request):
    """The topic and the training or track (slugs) that a page's link names."""
    initial = {name: request.GET[name] for name in ("training", "track") if request.GET.get(name)}
    if request.GET.get("topic") in ContactMessage.Topic.values:
        initial["topic"] = request.GET["topic"]
    return initial
