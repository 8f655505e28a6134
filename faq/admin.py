from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries.filters import CountryFilter

from faq.models import Category, ContactMessage, Coordinator, Question
from imago_site.translated import columns, translation_fieldsets


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name_en"]}
    fieldsets = [
        (None, {"fields": ["name_en", "slug", "position"]}),
        *translation_fieldsets("name"),
    ]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["question", "category", "topic", "position", "is_published"]
    list_editable = ["position", "is_published"]
    list_filter = ["is_published", "category", "topic"]
    list_select_related = ["category"]
    search_fields = columns("question", "answer")
    prepopulated_fields = {"slug": ["question_en"]}
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "category",
                    "question_en",
                    "slug",
                    "answer_en",
                    "topic",
                    "video_url",
                    "position",
                    "is_published",
                ]
            },
        ),
        *translation_fieldsets("question", "answer"),
    ]


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
        ("country", CountryFilter),
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
            {"fields": ["topic", "training", "track", "message", "created_at", "language"]},
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
        "language",
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
