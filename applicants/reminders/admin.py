"""The reminders sent, read-only, for staff who see applications."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from applicants.models import AdmissionReminder
from imago_site.admin_site import ReadOnlyAdminMixin


@admin.register(AdmissionReminder)
class AdmissionReminderAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["kind", "recipient", "day", "created_at", "sent_at"]
    list_filter = ["kind", ("sent_at", admin.EmptyFieldListFilter)]
    list_select_related = ["application", "draft__training", "user"]
    date_hierarchy = "created_at"
    fields = ["kind", "application", "draft", "user", "day", "created_at", "sent_at"]
    readonly_fields = fields

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("applicants.view_application")

    @admin.display(description=_("to"))
    def recipient(self, reminder):
        if reminder.application_id:
            return reminder.application.name
        if reminder.draft_id:
            return reminder.draft.training.title
        return reminder.user.get_username() if reminder.user_id else "—"
