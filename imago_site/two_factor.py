"""The admin's second step: a one-time code after the password, and setting up where it comes
from (an authenticator app, plus recovery codes for the day the phone is lost).

Codes are checked by django-otp, which also slows down guessing: every wrong code doubles the
wait before the next one is considered.
"""

import base64

import segno
from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model, logout
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10
NEW_CODES_SESSION_KEY = "two_factor_new_recovery_codes"


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
        help_text=gettext_lazy(
            "The six digits your authenticator app shows now, or one of your recovery codes."
        ),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).lower()


def staff_only(view):
    """A page of the second step: for signed-in staff, whether verified or not yet."""

    @never_cache
    def wrapper(request, *args, **kwargs):
        if not (request.user.is_active and request.user.is_staff):
            return redirect("admin:login")
        return view(request, *args, **kwargs)

    return wrapper


def next_url(request):
    target = request.POST.get("next") or request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")


def with_next(request):
    return "?" + urlencode({"next": next_url(request)})


def render(request, template, context):
    context = {**admin.site.each_context(request), "next": next_url(request), **context}
    return TemplateResponse(request, template, context)


def matching_device(user, code):
    """The confirmed device of ``user`` that accepts ``code``, if any; the code is used up."""
    # An app's code is six digits; a recovery code has eight letters and digits. Trying a code
    # on the other kind of device would count as a wrong guess there and slow down the next.
    wanted = TOTPDevice if len(code) == 6 and code.isdigit() else StaticDevice
    with transaction.atomic():
        for device in devices_for_user(user, for_verify=True):
            if isinstance(device, wanted) and device.verify_token(code):
                return device
    return None


@staff_only
def verify(request):
    user = request.user
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect(reverse("admin:two_factor_setup") + with_next(request))
    form = CodeForm(request.POST or None)
    if form.is_valid():
        device = matching_device(user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(next_url(request))
        form.add_error("code", _("This code is not valid. Wait for a new one and try again."))
    return render(
        request, "admin/two_factor/verify.html", {"title": _("Two-step login"), "form": form}
    )


@staff_only
def setup(request):
    """Set up an authenticator app: show its secret, check one code from it, then hand out
    recovery codes once. A verified session may also replace its app (a new phone)."""
    user = request.user
    has_app = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    if has_app and not user.is_verified():
        return redirect("admin:two_factor_verify")
    device = device_being_set_up(user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            with transaction.atomic():
                TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                otp_login(request, device)
                if not StaticDevice.objects.filter(user=user, token_set__isnull=False).exists():
                    request.session[NEW_CODES_SESSION_KEY] = new_recovery_codes(user)
            return redirect(reverse("admin:two_factor_recovery_codes") + with_next(request))
        form.add_error("code", _("This code is not valid. Check the app's clock and try again."))
    uri = device.config_url
    return render(
        request,
        "admin/two_factor/setup.html",
        {
            "title": _("Set up two-step login"),
            "form": form,
            "secret": base64.b32encode(device.bin_key).decode(),
            "uri": uri,
            "qr_code": segno.make(uri, error="m").svg_data_uri(scale=5),
        },
    )


def lock(user):
    """Lock the row of ``user`` until the transaction ends: two pages of the same person
    opened at once (two tabs, a double click) then make one device, not two."""
    get_user_model().objects.select_for_update().filter(pk=user.pk).exists()


def device_being_set_up(user):
    """The unconfirmed authenticator of ``user``, made if there is none: the same one for
    every setup page open at once, so that each page shows the secret that will be checked."""
    with transaction.atomic():
        lock(user)
        device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, confirmed=False, name="Authenticator app")
    return device


def new_recovery_codes(user):
    """Replace the recovery codes of ``user`` with new ones, and return them."""
    with transaction.atomic():
        lock(user)
        device = StaticDevice.objects.filter(user=user).order_by("pk").first()
        if device is None:
            device = StaticDevice.objects.create(user=user, name="Recovery codes")
        StaticToken.objects.filter(device__user=user).delete()
        StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@staff_only
def recovery_codes(request):
    """Show new recovery codes once; a verified session can ask for a new set."""
    if not request.user.is_verified():
        return redirect("admin:two_factor_verify")
    if request.method == "POST":
        request.session[NEW_CODES_SESSION_KEY] = new_recovery_codes(request.user)
        return redirect("admin:two_factor_recovery_codes")
    codes = request.session.pop(NEW_CODES_SESSION_KEY, None)
    remaining = StaticToken.objects.filter(device__user=request.user).count()
    return render(
        request,
        "admin/two_factor/recovery_codes.html",
        {"title": _("Two-step login"), "codes": codes, "remaining": remaining},
    )


@require_POST
@staff_only
def cancel(request):
    logout(request)
    return redirect("admin:login")
