import csv

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from applicants import documents, workflow
from applicants.attendance.admin import AttendanceInline  # also registers Attendance
from applicants.certificates import admin as certificates_admin  # noqa: F401 (registers its models)
from applicants.forms import CARRIED_FIELDS
from applicants.invoices import admin as invoices_admin  # also registers its models
from applicants.models import Application, Document, Event
from applicants.reminders import admin as reminders_admin  # noqa: F401  (registers its model)
from applicants.reviews import reviewing
from applicants.reviews.admin import (
    AssignmentInline,
    AssignReviewersForm,
    MeanScoreFilter,
    ReviewProgressFilter,
)
from applicants.supervision import admin as supervision_admin  # noqa: F401  (registers its models)
from imago_site.admin_site import ReadOnlyAdminMixin, UsedChoicesFilter
from imago_site.audit import AuditedAdmin
from imago_site.spreadsheets import text_cell
from trainings.admin import CurrentTrainingFilter
from trainings.models import Training

Status = Application.Status
# The applicant's own answers: what the form asks, shown to staff read-only.
ANSWERS = CARRIED_FIELDS
CSV_COLUMNS = ["id", "training", "status", "created_at", *ANSWERS, "is_eligible"]


class EventInline(admin.TabularInline):
    model = Event
    extra = 0
    can_delete = False
    fields = ["at", "actor", "from_status", "to_status", "code", "message", "is_public"]
    readonly_fields = fields
    verbose_name_plural = _("history")

    def has_add_permission(self, request, obj):
        return False


class DocumentInline(ReadOnlyAdminMixin, admin.TabularInline):
    """The documents the applicant sent, read-only. Each opens through the admin's own view
    (``ApplicationAdmin.document_view``), never at an address of the storage."""

    model = Document
    extra = 0
    can_delete = False
    fields = ["requirement", "file_link", "content_type", "size_shown", "uploaded_at"]
    readonly_fields = fields
    verbose_name_plural = _("documents")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("requirement")

    # Whoever may see the application sees what came with it; nobody changes it here.
    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("applicants.view_application")

    @admin.display(description=_("file"))
    def file_link(self, document):
        url = reverse(
            "admin:applicants_application_document", args=[document.application_id, document.pk]
        )
        return format_html('<a href="{}">{}</a>', url, document.original_name)

    @admin.display(description=_("size"))
    def size_shown(self, document):
        return filesizeformat(document.size)


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, sent to the applicant"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Say kindly why, and what they could do instead (e.g. the PFT)."),
    )


class MoveForm(forms.Form):
    training = forms.ModelChoiceField(
        label=_("Move to training"),
        queryset=Training.objects.published().upcoming().select_related("track"),
        help_text=_("The application keeps every answer; seats are checked in the new training."),
    )


class AddressFilter(admin.SimpleListFilter):
    """Whether the applicant confirmed their e-mail address: confirmed, waiting for it (the
    open applications that expire unless it comes in time), or expired without it."""

    title = _("e-mail address")
    parameter_name = "address"

    def lookups(self, request, model_admin):
        return [
            ("confirmed", _("confirmed")),
            ("waiting", _("waiting for confirmation")),
            ("expired", _("expired")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "confirmed":
            return queryset.confirmed()
        if self.value() == "waiting":
            return queryset.awaiting_confirmation()
        if self.value() == "expired":
            return queryset.filter(status=Status.EXPIRED)
        return queryset


class DecisionFilter(admin.SimpleListFilter):
    """Confirmed applications that wait for a decision, and those of them past the time their
    track promises for an answer (``Track.answer_days``)."""

    title = _("decision")
    parameter_name = "decision"

    def lookups(self, request, model_admin):
        return [
            ("waiting", _("waiting for a decision")),
            ("overdue", _("past the promised answer time")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.awaiting_decision()
        if self.value() == "overdue":
            return (
                queryset.awaiting_decision().with_answer_due().filter(answer_due__lt=timezone.now())
            )
        return queryset


class EstimatedCountPaginator(Paginator):
    """Counts a filtered list exactly; for the whole table, PostgreSQL's own estimate of its
    size, which costs nothing, stands in for a count of every row once the table is large."""

    EXACT_BELOW = 10_000

    @cached_property
    def count(self):
        query = self.object_list.query
        if not query.where:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                    [query.model._meta.db_table],
                )
                row = cursor.fetchone()
            if row and row[0] >= self.EXACT_BELOW:
                return row[0]
        return super().count


@admin.register(Application)
class ApplicationAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = [
        "name",
        "email",
        "training",
        "status",
        "address",
        "is_eligible",
        "wants_financial_assistance",
        "country_name",
        "created_at",
        "review_progress",
        "mean_score",
    ]
    list_filter = [
        "status",
        AddressFilter,
        ReviewProgressFilter,
        MeanScoreFilter,
        DecisionFilter,
        ("training__track", admin.RelatedFieldListFilter),
        CurrentTrainingFilter,
        ("country", UsedChoicesFilter),
        "is_eligible",
        "wants_financial_assistance",
        ("created_at", admin.DateFieldListFilter),
        "deletion_requested_at",
    ]
    list_select_related = ["training"]
    # Served by trigram indexes (see Meta.indexes), also for part of a name or address.
    search_fields = ["name", "email"]
    # With hundreds of thousands of applications, counting them all again on every page
    # costs more than the page itself; the filtered count is still shown.
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    inlines = [
        DocumentInline,
        AssignmentInline,
        AttendanceInline,
        invoices_admin.ApplicationInvoiceInline,
        EventInline,
    ]
    actions = [
        "assign_reviewers",
        "assign_trainers",
        "start_review",
        "accept",
        "decline",
        "move",
        "continue_in",
        "confirm_address",
        "export_csv",
    ]
    # What the portal recorded about the application, shown folded and never edited.
    record = [
        "privacy_consent_at",
        "privacy_notice_version",
        "policy_consent_at",
        "policy_text",
        "decline_reason",
        "deletion_requested_at",
        "erased_at",
        "created_at",
        "updated_at",
    ]
    readonly_fields = [
        "training",
        "status",
        "waitlist_position",
        "confirmed_at",
        "confirm_by",
        "is_eligible",
        "eligibility_reasons_list",
        *ANSWERS,
        *record,
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "training",
                    "status",
                    "waitlist_position",
                    "confirmed_at",
                    "confirm_by",
                    "internal_notes",
                ]
            },
        ),
        (_("Eligibility"), {"fields": ["is_eligible", "eligibility_reasons_list"]}),
        (_("The applicant's answers"), {"fields": ANSWERS}),
        (
            _("Consent and record"),
            {"classes": ["collapse"], "fields": record},
        ),
    ]

    def has_add_permission(self, request):
        return False  # applications come from the public form

    @admin.display(description=_("reviews in"), ordering="reviews_in")
    def review_progress(self, application):
        if not application.reviews_assigned:
            return "—"
        return _("%(in)d of %(assigned)d") % {
            "in": application.reviews_in,
            "assigned": application.reviews_assigned,
        }

    @admin.display(description=_("mean score"), ordering="review_mean")
    def mean_score(self, application):
        if application.review_mean is None:
            return "—"
        return f"{application.review_mean:.1f}"

    @admin.action(
        description=_("Assign reviewers to the selected applications"), permissions=["change"]
    )
    def assign_reviewers(self, request, queryset):
        form = AssignReviewersForm(request.POST if "confirm" in request.POST else None)
        if form.is_valid():
            chosen = list(form.cleaned_data["reviewers"])
            added = sum(
                len(reviewing.assign(application, chosen, by=request.user))
                for application in queryset
            )
            self.message_user(
                request,
                ngettext("%d review assigned.", "%d reviews assigned.", added) % added,
                messages.SUCCESS,
            )
            return None
        return self._intermediate(
            request, queryset, form, "assign_reviewers", _("Assign reviewers")
        )

    @admin.action(
        description=_("Assign the training's trainers to review the selected applications"),
        permissions=["change"],
    )
    def assign_trainers(self, request, queryset):
        added = sum(
            len(reviewing.assign_trainers(application, by=request.user))
            for application in queryset.select_related("training")
        )
        level = messages.SUCCESS if added else messages.WARNING
        message = (
            ngettext("%d review assigned.", "%d reviews assigned.", added) % added
            if added
            else _(
                "No review assigned: the trainings' trainers have no staff account in the "
                "Reviewers group, or they were asked already."
            )
        )
        self.message_user(request, message, level)

    def get_urls(self):
        document = self.admin_site.admin_view(self.document_view)
        return [
            # Before the admin's own, whose "<object_id>/" would take this address too.
            path(
                "<path:object_id>/documents/<int:pk>/",
                document,
                name="applicants_application_document",
            ),
            *super().get_urls(),
        ]

    def document_view(self, request, object_id, pk):
        """A document of an application, downloaded by staff who may view the application."""
        application = self.get_object(request, object_id)
        if application is None:
            raise Http404
        if not self.has_view_permission(request, application):
            raise PermissionDenied
        return documents.file_response(get_object_or_404(application.documents, pk=pk))

    # The country's name straight from the field: the admin's generic display would search
    # the 250 country choices for every row.
    @admin.display(description=_("country"), ordering="country")
    def country_name(self, application):
        return application.country.name

    @admin.display(description=_("eligibility reasons"))
    def eligibility_reasons_list(self, application):
        if not application.eligibility_reasons:
            return "—"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "", "<li>{}</li>", ((reason,) for reason in application.eligibility_reasons)
            ),
        )

    @admin.display(description=_("waiting list position"))
    def waitlist_position(self, application):
        return application.waitlist_position or "—"

    @admin.display(description=_("e-mail address"))
    def address(self, application):
        if application.is_confirmed:
            return _("confirmed")
        if application.status == Status.EXPIRED:
            return _("expired")
        if application.awaits_confirmation:
            return _("waiting for confirmation")
        return "—"

    def _change_each(self, request, queryset, to_status, done_message, **details):
        """Change each selected application through the workflow; ``details`` (a message, a
        decline reason) go with each change."""
        changed = 0
        for application in queryset:
            try:
                workflow.change_status(application, to_status, actor=request.user, **details)
            except workflow.NotAllowed as refused:
                self.message_user(request, f"{application.name}: {refused}", messages.ERROR)
            else:
                changed += 1
        if changed:
            self.message_user(request, done_message(changed), messages.SUCCESS)

    @admin.action(
        description=_("Start the review of the selected applications"), permissions=["change"]
    )
    def start_review(self, request, queryset):
        self._change_each(
            request,
            queryset,
            Status.UNDER_REVIEW,
            lambda n: (
                ngettext("%d application under review.", "%d applications under review.", n) % n
            ),
        )

    @admin.action(description=_("Accept the selected applications"), permissions=["change"])
    def accept(self, request, queryset):
        self._change_each(
            request,
            queryset,
            Status.ACCEPTED,
            lambda n: ngettext("%d application accepted.", "%d applications accepted.", n) % n,
        )

    @admin.action(
        description=_("Decline the selected applications, with a reason"), permissions=["change"]
    )
    def decline(self, request, queryset):
        form = DeclineForm(request.POST if "confirm" in request.POST else None)
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            self._change_each(
                request,
                queryset,
                Status.DECLINED,
                lambda n: ngettext("%d application declined.", "%d applications declined.", n) % n,
                message=reason,
                decline_reason=reason,
            )
            return None
        return self._intermediate(request, queryset, form, "decline", _("Decline applications"))

    @admin.action(
        description=_("Move the selected applications to another training"),
        permissions=["change"],
    )
    def move(self, request, queryset):
        form = MoveForm(request.POST if "confirm" in request.POST else None)
        if form.is_valid():
            moved = 0
            for application in queryset:
                try:
                    workflow.move_to_training(
                        application, form.cleaned_data["training"], actor=request.user
                    )
                except workflow.NotAllowed as refused:
                    self.message_user(request, f"{application.name}: {refused}", messages.ERROR)
                else:
                    moved += 1
            if moved:
                self.message_user(
                    request,
                    ngettext("%d application moved.", "%d applications moved.", moved) % moved,
                    messages.SUCCESS,
                )
            return None
        return self._intermediate(request, queryset, form, "move", _("Move applications"))

    @admin.action(
        description=_("Let the selected trainees continue in the training their module opens"),
        permissions=["change"],
    )
    def continue_in(self, request, queryset):
        """For trainees who completed a module that opens a track (the online first module):
        they continue in a training of that track, their record kept."""
        form = MoveForm(request.POST if "confirm" in request.POST else None)
        if form.is_valid():
            moved = 0
            for application in queryset:
                try:
                    workflow.continue_in_training(
                        application, form.cleaned_data["training"], actor=request.user
                    )
                except workflow.NotAllowed as refused:
                    self.message_user(request, f"{application.name}: {refused}", messages.ERROR)
                else:
                    moved += 1
            if moved:
                self.message_user(
                    request,
                    ngettext(
                        "%d trainee continues in the new training.",
                        "%d trainees continue in the new training.",
                        moved,
                    )
                    % moved,
                    messages.SUCCESS,
                )
            return None
        return self._intermediate(
            request, queryset, form, "continue_in", _("Continue in another training")
        )

    def _intermediate(self, request, queryset, form, action, title):
        return TemplateResponse(
            request,
            "admin/applicants/application/action_form.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "form": form,
                "action": action,
                "applications": queryset.select_related("training"),
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(
        description=_("Confirm the e-mail address of the selected applications"),
        permissions=["change"],
    )
    def confirm_address(self, request, queryset):
        """For an applicant whose mail does not arrive, once staff know the address is theirs
        (by phone, say). Recorded in the history with the staff member who did it."""
        confirmed = 0
        for application in queryset:
            try:
                workflow.confirm_address(application, actor=request.user)
            except workflow.NotAllowed as refused:
                self.message_user(request, f"{application.name}: {refused}", messages.ERROR)
            else:
                confirmed += 1
        if confirmed:
            self.message_user(
                request,
                ngettext(
                    "%d e-mail address confirmed.", "%d e-mail addresses confirmed.", confirmed
                )
                % confirmed,
                messages.SUCCESS,
            )

    @admin.action(description=_("Export the selected applications as CSV"))
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="applications.csv"'
        writer = csv.writer(response)
        writer.writerow(CSV_COLUMNS)
        for application in queryset.select_related("training").order_by("created_at"):
            writer.writerow([_csv_value(application, column) for column in CSV_COLUMNS])
        return response


def _csv_value(application, column):
    value = getattr(application, column)
    if column == "training":
        value = value.title
    elif column in ("country", "licence_country"):
        value = value.code or ""
    return text_cell(value) if isinstance(value, str) else value
