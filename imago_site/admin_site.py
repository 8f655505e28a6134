"""The staff admin, with a second factor (a one-time code) on top of the password.

With ``STAFF_TWO_FACTOR`` on, a staff session reaches the admin only once it has been verified
with a code from an authenticator app (TOTP) or a single-use recovery code. Staff without an
authenticator are led to set one up right after their password. The pages of that step are in
``imago_site/two_factor.py``.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from imago_site import dashboard


class ReadOnlyAdminMixin:
    """For a model admin or an inline whose rows staff read and never add, change or delete
    there: records that other pages or the database keep (issued invoices and certificates,
    attendance, reminders sent, the audit log)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def needs_second_factor(request):
    """True for a signed-in staff member whose session has not given a one-time code yet."""
    user = request.user
    # OTPMiddleware gives the request's user is_verified(); a user who has just logged in
    # during this request has not been through it, and has given no code yet either.
    is_verified = getattr(user, "is_verified", lambda: False)
    return settings.STAFF_TWO_FACTOR and user.is_active and user.is_staff and not is_verified()


class StaffAdminSite(admin.AdminSite):
    site_header = "Imago International Training Institute"
    site_title = "Imago portal staff"
    index_title = "Trainings, applications and content"

    def has_permission(self, request):
        return super().has_permission(request) and not needs_second_factor(request)

    def index(self, request, extra_context=None):
        """The list of models, with the panels of the front page above it that the user may
        see (``imago_site.dashboard``)."""
        panels = dashboard.panels_for(request)
        return super().index(request, {"dashboard_panels": panels, **(extra_context or {})})

    def login(self, request, extra_context=None):
        if request.method == "GET" and needs_second_factor(request):
            return self.second_factor_redirect(request)
        response = super().login(request, extra_context)
        if isinstance(response, HttpResponseRedirect) and needs_second_factor(request):
            return self.second_factor_redirect(request)
        return response

    def second_factor_redirect(self, request):
        target = reverse("admin:two_factor_verify", current_app=self.name)
        next_url = request.POST.get("next") or request.GET.get("next")
        if next_url:
            target += "?" + urlencode({"next": next_url})
        return HttpResponseRedirect(target)

    def get_urls(self):
        from imago_site import two_factor

        return [
            path("two-factor/", two_factor.verify, name="two_factor_verify"),
            path("two-factor/setup/", two_factor.setup, name="two_factor_setup"),
            path(
                "two-factor/recovery-codes/",
                two_factor.recovery_codes,
                name="two_factor_recovery_codes",
            ),
            path("two-factor/cancel/", two_factor.cancel, name="two_factor_cancel"),
            *super().get_urls(),
        ]


def locked_out(request, original_response, credentials):
    """The page of a login refused by the lockout (see AXES_* in settings): 429, never 500."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {**admin.site.each_context(request), "title": _("Too many failed logins")}
    context["minutes"] = minutes
    context["account_paused"] = getattr(request, "axes_username_locked", False)
    # Rendered at once: the lockout middleware answers after the view has run.
    return render(request, "admin/locked_out.html", context, status=429)


class StaffAdminConfig(AdminConfig):
    default_site = "imago_site.admin_site.StaffAdminSite"
