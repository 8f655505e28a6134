"""The staff admin, with a second factor (a one-time code) on top of the password.

With ``STAFF_TWO_FACTOR`` on, a staff session reaches the admin only once it has been verified
with a code from an authenticator app (TOTP) or a single-use recovery code. Staff without an
authenticator are led to set one up right after their password. The pages of that step are in
``imago_site/two_factor.py``.

Staff read the admin in the portal's words: every section and list has a plain name, and the
records that third-party apps keep for the portal's security and running (login attempts,
authenticator devices, background jobs) sit together in one "Security and system" section
that only superusers see.
"""

from axes.apps import AppConfig as AxesAppConfig
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.auth.apps import AuthConfig
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_static.apps import DefaultConfig as StaticDevicesAppConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPDevicesAppConfig
from django_tasks_db.apps import TasksAppConfig

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


class UsedChoicesFilter(admin.ChoicesFieldListFilter):
    """The list filter of a field with many choices (a country, a language): it offers only
    the values that rows of the list have, named in the staff member's language, each with how
    many rows have it. One grouped count, of the list as the other filters narrow it, instead
    of every country in the world."""

    def choices(self, changelist):
        rows = changelist.get_queryset(self.request, exclude_parameters=self.expected_parameters())
        # COUNT(*): an index on the field alone answers it (applications have one).
        counts = dict(rows.order_by().values_list(self.field_path).annotate(rows=Count("*")))
        yield {
            "selected": self.lookup_val is None,
            "query_string": changelist.get_query_string(
                remove=[self.lookup_kwarg, self.lookup_kwarg_isnull]
            ),
            "display": _("All"),
        }
        for value, name in self.field.flatchoices:
            if value in (None, "") or value not in counts:
                continue
            yield {
                "selected": self.lookup_val is not None and str(value) in self.lookup_val,
                "query_string": changelist.get_query_string(
                    {self.lookup_kwarg: value}, [self.lookup_kwarg_isnull]
                ),
                "display": f"{name} ({counts[value]})",
            }


def needs_second_factor(request):
    """True for a signed-in staff member whose session has not given a one-time code yet."""
    user = request.user
    # OTPMiddleware gives the request's user is_verified(); a user who has just logged in
    # during this request has not been through it, and has given no code yet either.
    is_verified = getattr(user, "is_verified", lambda: False)
    return settings.STAFF_TWO_FACTOR and user.is_active and user.is_staff and not is_verified()


SECURITY_AND_SYSTEM = gettext_lazy("Security and system")

# The apps whose records are the portal's machinery rather than staff's work: one section,
# for superusers (README, The admin's front page).
SYSTEM_APPS = ["axes", "otp_static", "otp_totp", "django_tasks_database"]

# Plain names, one and many, for the models that the portal does not define itself.
PLAIN_MODEL_NAMES = {
    "admin.LogEntry": (
        gettext_lazy("change made by staff"),
        gettext_lazy("changes made by staff"),
    ),
    "axes.AccessAttempt": (
        gettext_lazy("failed logins of one account from one address"),
        gettext_lazy("failed logins counting towards a lockout"),
    ),
    "axes.AccessFailureLog": (gettext_lazy("failed login"), gettext_lazy("failed logins")),
    "axes.AccessLog": (gettext_lazy("login"), gettext_lazy("logins and logouts")),
    "otp_static.StaticDevice": (
        gettext_lazy("recovery codes of a staff member"),
        gettext_lazy("recovery codes"),
    ),
    "otp_totp.TOTPDevice": (gettext_lazy("authenticator app"), gettext_lazy("authenticator apps")),
    "django_tasks_database.DBTaskResult": (
        gettext_lazy("background job"),
        gettext_lazy("background jobs"),
    ),
}


# The lists in the order of the day's work: applications and the trainees' path, then money,
# then the trainings, the public's messages, the site's texts, and the staff's own records.
# Each group sees the ones it may, so its sidebar begins with what it opens first (Enquiries
# the contact messages, Accounts the invoices, Content editors the trainings).
DAILY_WORK = [
    "applicants.Application",
    "applicants.Trainee",
    "applicants.Attendance",
    "applicants.SupervisionSession",
    "applicants.StepDone",
    "applicants.Certificate",
    "applicants.AdmissionReminder",
    "applicants.Invoice",
    "applicants.Payment",
    "applicants.BankStatement",
    "applicants.Refund",
    "trainings.Training",
    "trainings.Track",
    "trainings.Trainer",
    "faq.ContactMessage",
    "faq.Coordinator",
    "trainings.InterestSubscription",
    "faq.Question",
    "faq.Category",
    "faq.Synonyms",
    "admin.LogEntry",
    "auth.User",
    "auth.Group",
]


# Staff whose day begins elsewhere than the order above: their lists come first. Accounts
# read the applications but open the invoices and payments; they alone may change a payment
# (a permission the admin has already read for the page, so asking costs no query).
FIRST_FOR_PERMISSION = {
    "applicants.change_payment": [
        "applicants.Invoice",
        "applicants.Payment",
        "applicants.BankStatement",
        "applicants.Refund",
    ],
}


def days_work(user):
    """The order of the lists for ``user``: the lists their work begins with, then
    ``DAILY_WORK``. A superuser, who may do everything, keeps ``DAILY_WORK``."""
    first = []
    if not user.is_superuser:
        for permission, labels in FIRST_FOR_PERMISSION.items():
            if user.has_perm(permission):
                first += labels
    return [*first, *(label for label in DAILY_WORK if label not in first)]


def work_rank(order):
    """Where a model of the admin's app list comes in ``order`` (others after, by name)."""

    def rank(model):
        label = model["model"]._meta.label
        return (order.index(label) if label in order else len(order)), str(model["name"])

    return rank


def name_models_plainly():
    """Gives the models of Django and third parties their plain names, on every admin page
    that names them. Migrations do not see it: they read the names a model's Meta declares."""
    for label, (singular, plural) in PLAIN_MODEL_NAMES.items():
        options = apps.get_model(label)._meta
        options.verbose_name, options.verbose_name_plural = singular, plural


class StaffAdminSite(admin.AdminSite):
    site_header = gettext_lazy("Imago International Training Institute")
    site_title = gettext_lazy("Imago portal staff")
    index_title = gettext_lazy("Trainings, applications and content")

    def has_permission(self, request):
        return super().has_permission(request) and not needs_second_factor(request)

    def index(self, request, extra_context=None):
        """The list of models, with the panels of the front page above it that the user may
        see (``imago_site.dashboard``)."""
        panels = dashboard.panels_for(request)
        return super().index(request, {"dashboard_panels": panels, **(extra_context or {})})

    def get_app_list(self, request, app_label=None):
        """The sections of the index, the sidebar and a section's own page, with plain names,
        in the order of the user's day (``days_work``, a section by its first list); the
        system apps as the one "Security and system" section, last, for superusers only;
        ``app_label`` of any of them opens that whole section."""
        sections, system_models = [], []
        by_work = work_rank(days_work(request.user))
        for section in super().get_app_list(request):
            if section["app_label"] not in SYSTEM_APPS:
                section["models"].sort(key=by_work)
                sections.append(section)
            elif request.user.is_superuser:
                system_models += section["models"]
        sections.sort(key=lambda section: by_work(section["models"][0]))
        if system_models:
            sections.append(
                {
                    "name": SECURITY_AND_SYSTEM,
                    "app_label": SYSTEM_APPS[0],
                    "app_url": reverse(
                        "admin:app_list", args=[SYSTEM_APPS[0]], current_app=self.name
                    ),
                    "has_module_perms": True,
                    "models": sorted(system_models, key=by_work),
                }
            )
        if app_label is None:
            return sections
        if app_label in SYSTEM_APPS:
            app_label = SYSTEM_APPS[0]
        return [section for section in sections if section["app_label"] == app_label]

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
    # Its one model in the admin is the log of what staff changed.
    verbose_name = gettext_lazy("History")

    def ready(self):
        super().ready()
        name_models_plainly()


# The apps of Django and third parties, under the names staff read in the admin's breadcrumbs
# and headings (INSTALLED_APPS names these instead of the apps' own configurations).


class StaffAccountsConfig(AuthConfig):
    verbose_name = gettext_lazy("Staff accounts")


class LoginLockoutConfig(AxesAppConfig):
    verbose_name = SECURITY_AND_SYSTEM


class RecoveryCodesConfig(StaticDevicesAppConfig):
    verbose_name = SECURITY_AND_SYSTEM


class AuthenticatorAppsConfig(TOTPDevicesAppConfig):
    verbose_name = SECURITY_AND_SYSTEM


class BackgroundJobsConfig(TasksAppConfig):
    verbose_name = SECURITY_AND_SYSTEM
