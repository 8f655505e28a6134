"""Attendance in the admin, read only: it is taken on the attendance page, which also issues
the certificates it completes. A trainer sees the attendance of the trainings they teach."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from applicants.attendance import taking
from applicants.attendance.models import Attendance
from imago_site.admin_site import ReadOnlyAdminMixin
from trainings.models import Module


class AttendanceInline(ReadOnlyAdminMixin, admin.TabularInline):
    """A trainee's attendance on their application's page, read only."""

    model = Attendance
    extra = 0
    can_delete = False
    fields = ["module", "status", "hours", "credited", "recorded_by", "recorded_at"]
    readonly_fields = fields
    verbose_name_plural = _("attendance")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("module", "recorded_by")

    # Whoever may see the application sees its attendance; nobody changes it here.
    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("applicants.view_application")

    @admin.display(description=_("hours credited"))
    def credited(self, attendance):
        return attendance.credited_hours


class ModuleFilter(admin.SimpleListFilter):
    """The modules of the training chosen in the training filter."""

    title = _("module")
    parameter_name = "module"
    training_parameter = "module__training__id__exact"

    def lookups(self, request, model_admin):
        training = request.GET.get(self.training_parameter)
        if not training or not training.isdigit():
            return []
        return [
            (str(module.pk), str(module))
            for module in Module.objects.filter(training=training).order_by("number")
        ]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(module=self.value())
        return queryset


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "application",
        "module",
        "training",
        "status",
        "hours",
        "credited",
        "recorded_by",
        "recorded_at",
    ]
    list_filter = [("module__training", admin.RelatedOnlyFieldListFilter), ModuleFilter, "status"]
    list_select_related = ["application", "module__training", "recorded_by"]
    search_fields = ["application__name"]
    date_hierarchy = "recorded_at"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(module__in=taking.modules_for(request.user))

    @admin.display(description=_("training"), ordering="module__training__starts_on")
    def training(self, attendance):
        return attendance.module.training

    @admin.display(description=_("hours credited"))
    def credited(self, attendance):
        return attendance.credited_hours
