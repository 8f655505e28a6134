"""The interest list in the admin: subscriptions, what each was told, and demand per place."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries import countries

from imago_site.admin_site import UsedChoicesFilter
from trainings.interest.models import InterestNotification, InterestSubscription
from trainings.models import Track
from trainings.models.choices import language_name


class ConfirmationFilter(admin.SimpleListFilter):
    title = _("confirmation")
    parameter_name = "confirmed"

    def lookups(self, request, model_admin):
        return [
            ("yes", _("Confirmed")),
            ("no", _("Waiting for confirmation")),
            ("ended", _("Unsubscribed")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.confirmed()
        if self.value() == "no":
            return queryset.active().filter(confirmed_at__isnull=True)
        if self.value() == "ended":
            return queryset.filter(unsubscribed_at__isnull=False)
        return queryset


class LanguageFilter(admin.SimpleListFilter):
    """Subscriptions a training in a language would reach: those that name it and those that
    take any language."""

    title = _("language of instruction")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        named = InterestSubscription.objects.values_list("languages", flat=True).distinct()
        codes = {code for languages in named for code in languages}
        return sorted(((code, language_name(code)) for code in codes), key=lambda c: str(c[1]))

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(Q(languages=[]) | Q(languages__contains=[self.value()]))
        return queryset


class InterestNotificationInline(admin.TabularInline):
    model = InterestNotification
    extra = 0
    can_delete = False
    fields = ["training", "kind", "created_at", "sent_at"]
    readonly_fields = fields
    verbose_name_plural = _("what was sent")

    def has_add_permission(self, request, obj):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("training")


@admin.register(InterestSubscription)
class InterestSubscriptionAdmin(admin.ModelAdmin):
    """Who wants to hear about new trainings. Subscriptions are made, confirmed and changed by
    their owners only (double opt-in), so staff read them, end them or delete them."""

    list_display = [
        "email",
        "country",
        "city",
        "track",
        "language_names",
        "wants_online",
        "is_confirmed",
        "created_at",
    ]
    list_filter = [
        ConfirmationFilter,
        ("country", UsedChoicesFilter),
        "track",
        LanguageFilter,
        "wants_online",
    ]
    list_select_related = ["track"]
    search_fields = ["email"]
    date_hierarchy = "created_at"
    fields = [
        "email",
        "country",
        "city",
        "track",
        "language_names",
        "wants_online",
        "interface_language",
        "created_at",
        "confirmed_at",
        "unsubscribed_at",
    ]
    readonly_fields = fields
    inlines = [InterestNotificationInline]
    actions = ["unsubscribe"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("languages of instruction"))
    def language_names(self, subscription):
        names = sorted(str(language_name(code)) for code in subscription.languages)
        return ", ".join(names) or _("Any language")

    @admin.display(description=_("confirmed"), boolean=True)
    def is_confirmed(self, subscription):
        return subscription.is_confirmed

    @admin.action(description=_("Unsubscribe the selected addresses"), permissions=["change"])
    def unsubscribe(self, request, queryset):
        ended = 0
        for subscription in queryset.active():
            subscription.unsubscribe()
            ended += 1
        message = ngettext("%(count)d subscription ended.", "%(count)d subscriptions ended.", ended)
        self.message_user(request, message % {"count": ended}, messages.SUCCESS)

    def get_urls(self):
        demand = path(
            "demand/",
            self.admin_site.admin_view(self.demand_view),
            name="trainings_interestsubscription_demand",
        )
        return [demand, *super().get_urls()]

    def demand_view(self, request):
        """Confirmed interest per country and track, largest first: where to schedule next."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        rows = InterestSubscription.objects.demand().order_by("-subscribers", "country", "track")
        tracks = Track.objects.in_bulk()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Demand for trainings"),
            "rows": [
                {
                    **row,
                    "country_name": countries.name(row["country"]) if row["country"] else "",
                    "track_name": tracks[row["track"]].name if row["track"] else "",
                }
                for row in rows
            ],
        }
        return TemplateResponse(request, "admin/trainings/interest_demand.html", context)
