"""Staff's side of the trainee's path: supervision hours to approve, steps to confirm done,
and the list of trainees with how far each has come."""

from decimal import Decimal

from django.contrib import admin
from django.db.models import (
    Case,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from applicants.attendance.models import Attendance
from applicants.certificates.models import Certificate
from applicants.models import Application
from applicants.supervision.models import StepDone, SupervisionSession, Trainee
from imago_site.admin_site import ReadOnlyAdminMixin
from trainings.admin import CurrentTrainingFilter

HOURS = DecimalField(max_digits=7, decimal_places=1)


@admin.register(SupervisionSession)
class SupervisionSessionAdmin(admin.ModelAdmin):
    list_display = [
        "application",
        "held_on",
        "hours",
        "supervisor",
        "entered_by_trainee",
        "approved",
    ]
    list_filter = [("approved_at", admin.EmptyFieldListFilter), "entered_by_trainee"]
    list_select_related = ["application__training"]
    search_fields = ["application__name", "application__email", "supervisor"]
    date_hierarchy = "held_on"
    autocomplete_fields = ["application"]
    fields = ["application", "held_on", "hours", "supervisor", "note"]
    actions = ["approve"]

    @admin.display(description=_("approved"), boolean=True, ordering="approved_at")
    def approved(self, session):
        return session.is_approved

    def save_model(self, request, obj, form, change):
        # Hours staff enter themselves count at once.
        if not change:
            obj.approved_at, obj.approved_by = timezone.now(), request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Approve the selected hours"), permissions=["change"])
    def approve(self, request, queryset):
        count = queryset.waiting().update(approved_at=timezone.now(), approved_by=request.user)
        message = ngettext(
            "%(count)d supervision session approved.",
            "%(count)d supervision sessions approved.",
            count,
        )
        self.message_user(request, message % {"count": count})


@admin.register(StepDone)
class StepDoneAdmin(admin.ModelAdmin):
    list_display = ["application", "requirement", "done_on", "confirmed_by"]
    list_select_related = ["application", "requirement", "confirmed_by"]
    search_fields = ["application__name", "application__email"]
    autocomplete_fields = ["application"]
    fields = ["application", "requirement", "done_on", "note"]

    def save_model(self, request, obj, form, change):
        obj.confirmed_by = request.user
        super().save_model(request, obj, form, change)


class CertifiedFilter(admin.SimpleListFilter):
    title = _("training completed")
    parameter_name = "certified"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes: near certification")), ("no", _("Not yet"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(is_certified=True)
        if self.value() == "no":
            return queryset.filter(is_certified=False)
        return queryset


@admin.register(Trainee)
class TraineeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Accepted applications as trainees: hours attended of the hours their training's
    certificate needs, approved supervision hours, and whether the training is completed.
    Those who completed it are near certification: what remains is their track's other steps."""

    list_display = [
        "name",
        "training",
        "attended_hours",
        "supervision_hours",
        "steps_confirmed",
        "certified",
    ]
    list_filter = [CertifiedFilter, "training__track", CurrentTrainingFilter]
    list_select_related = ["training"]
    search_fields = ["name", "email"]

    def get_queryset(self, request):
        credited = Case(
            When(status=Attendance.Status.PRESENT, then=F("module__contact_hours")),
            When(
                status=Attendance.Status.PARTIAL,
                then=Least(F("hours"), F("module__contact_hours")),
            ),
            default=Value(Decimal(0)),
            output_field=HOURS,
        )
        attended = (
            Attendance.objects.filter(
                application=OuterRef("pk"), module__training=OuterRef("training")
            )
            .values("application")
            .annotate(total=Sum(credited))
            .values("total")
        )
        supervised = (
            SupervisionSession.objects.approved()
            .filter(application=OuterRef("pk"))
            .values("application")
            .annotate(total=Sum("hours"))
            .values("total")
        )
        confirmed = (
            StepDone.objects.filter(application=OuterRef("pk"))
            .values("application")
            .annotate(total=Sum(Value(1)))
            .values("total")
        )
        # The admin orders the queryset by get_ordering(), which names these annotations: they
        # come first, then the order.
        return (
            self.model._default_manager.filter(status=Application.Status.ACCEPTED)
            .annotate(
                attended=Coalesce(Subquery(attended, output_field=HOURS), Value(Decimal(0))),
                supervised=Coalesce(Subquery(supervised, output_field=HOURS), Value(Decimal(0))),
                confirmed=Coalesce(Subquery(confirmed), Value(0)),
                is_certified=Exists(
                    Certificate.objects.filter(
                        application=OuterRef("pk"),
                        training=OuterRef("training"),
                        revocation__isnull=True,
                    )
                ),
            )
            .order_by(*self.get_ordering(request))
        )

    def get_ordering(self, request):
        # Those who completed their training first: they are nearest certification.
        return ["-is_certified", "-supervised", "name"]

    @admin.display(description=_("hours attended"), ordering="attended")
    def attended_hours(self, trainee):
        return trainee.attended

    @admin.display(description=_("supervision hours"), ordering="supervised")
    def supervision_hours(self, trainee):
        return trainee.supervised

    @admin.display(description=_("steps confirmed"), ordering="confirmed")
    def steps_confirmed(self, trainee):
        return trainee.confirmed

    @admin.display(description=_("training completed"), boolean=True, ordering="is_certified")
    def certified(self, trainee):
        return trainee.is_certified
