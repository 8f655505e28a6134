from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from imago_site.admin_site import ReadOnlyAdminMixin
from imago_site.audit import value_changes


@admin.register(LogEntry)
class LogEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Every change staff made in the admin, read-only. Each member of staff sees the entries
    of the kinds of objects they may see themselves."""

    list_display = ["action_time", "user", "content_type", "object_link", "action_flag", "changes"]
    list_filter = ["action_flag", ("content_type", admin.RelatedOnlyFieldListFilter), "user"]
    list_select_related = ["user", "content_type"]
    search_fields = ["object_repr", "user__username"]
    date_hierarchy = "action_time"
    fields = [
        "action_time",
        "user",
        "content_type",
        "object_link",
        "action_flag",
        "change_message_text",
        "changes",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        entries = super().get_queryset(request)
        if request.user.is_superuser:
            return entries
        visible = [
            content_type.pk
            for content_type in ContentType.objects.all()
            if request.user.has_perm(f"{content_type.app_label}.view_{content_type.model}")
            or request.user.has_perm(f"{content_type.app_label}.change_{content_type.model}")
        ]
        return entries.filter(content_type__in=visible)

    @admin.display(description=_("object"), ordering="object_repr")
    def object_link(self, entry):
        if url := entry.get_admin_url():
            return format_html('<a href="{}">{}</a>', url, entry.object_repr)
        return entry.object_repr

    @admin.display(description=_("what was done"))
    def change_message_text(self, entry):
        return entry.get_change_message()

    @admin.display(description=_("before → after"))
    def changes(self, entry):
        return format_html_join(
            "",
            "<div>{}: {} → {}</div>",
            ((label, old or "—", new or "—") for label, old, new in value_changes(entry)),
        )
