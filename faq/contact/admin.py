"""The contact form's inbox and the country coordinators, in the admin."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from faq.contact.models import ContactMessage, Coordinator
from imago_site.admin_site import UsedChoicesFilter
from trainings.models.choices import language_name


@admin.register(Coordinator)
class CoordinatorAdmin(admin.ModelAdmin):
    list_display = ["country", "name", "email"]
    search_fields = ["name", "email"]


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    """The inbox of the contact form. The message itself is read-only; staff set who takes
    care of it and its status."""

    list_display = [
        "created_at",
        "name",
        "status",
        "topic",
        "country",
        "training",
        "assignee",
        "recipients",
    ]
    list_filter = [
        "status",
        "topic",
        ("country", UsedChoicesFilter),
        ("assignee", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["training", "assignee"]
    search_fields = ["name", "email", "message"]
    date_hierarchy = "created_at"
    actions = ["mark_answered"]
    fieldsets = [
        (None, {"fields": ["status", "assignee", "answered_at"]}),
        (
            _("Message"),
            {"fields": ["topic", "training", "track", "message", "created_at", "language_shown"]},
        ),
        (_("Sender"), {"fields": ["name", "email", "country", "city"]}),
        (
            _("Delivery and consent"),
            {
                "fields": [
                    "routed_to",
                    "routed_at",
                    "privacy_consent_at",
                    "privacy_notice_version",
                    "ip",
                ]
            },
        ),
    ]
    readonly_fields = [
        "answered_at",
        "topic",
        "training",
        "track",
        "message",
        "created_at",
        "language_shown",
        "name",
        "email",
        "country",
        "city",
        "routed_to",
        "routed_at",
        "privacy_consent_at",
        "privacy_notice_version",
        "ip",
    ]

    def has_add_permission(self, request):
        return False  # messages come from the contact form

    @admin.display(description=_("sent to"))
    def recipients(self, message):
        return ", ".join(message.routed_to)

    @admin.display(description=_("language"))
    def language_shown(self, message):
        return language_name(message.language) if message.language else "—"

    @admin.action(description=_("Mark the selected messages as answered"), permissions=["change"])
    def mark_answered(self, request, queryset):
        changed = queryset.mark_answered()
        self.message_user(
            request,
            ngettext(
                "%(count)d message marked as answered.",
                "%(count)d messages marked as answered.",
                changed,
            )
            % {"count": changed},
            messages.SUCCESS,
        )
