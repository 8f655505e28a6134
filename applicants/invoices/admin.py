"""Invoices, payments, bank statements and refunds in the admin.

Invoices and credit notes are records: staff read them, download their PDF, and cancel one with
a credit note (an action, through :func:`issuing.cancel_invoice`); nobody changes them here.
Payments come from bank statements ("Import a bank statement") or are entered by hand; one that
waits without an invoice is assigned on its page, and nothing else of it changes. Refunds are
marked paid back. Each kind needs its model permission: without "view invoice", no invoice.
The accountant's export of a period is linked from the invoices' list.
"""

import csv

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from applicants.invoices import bank, export, issuing, payments, pdf
from applicants.invoices.models import BankStatement, Invoice, InvoiceLine, Payment, Refund
from imago_site.admin_site import ReadOnlyAdminMixin
from imago_site.audit import AuditedAdmin
from trainings.models.choices import CURRENCY_CHOICES
from trainings.templatetags.trainings_tags import money

Outcome = payments.Outcome


def _application_link(application):
    url = reverse("admin:applicants_application_change", args=[application.pk])
    return format_html('<a href="{}">{}</a>', url, application.name)


def _invoice_link(invoice):
    url = reverse("admin:applicants_invoice_change", args=[invoice.pk])
    return format_html('<a href="{}">{}</a>', url, invoice.number)


# --- Invoices and credit notes ---


class InvoiceStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Invoice.Status.choices

    def queryset(self, request, queryset):
        if self.value() in Invoice.Status.values:
            return queryset.filter(status=self.value())
        return queryset


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0
    can_delete = False


class InvoiceLineInline(ReadOnlyInline):
    model = InvoiceLine
    fields = ["position", "description", "amount"]
    readonly_fields = fields


class CreditNoteInline(ReadOnlyInline):
    model = Invoice
    fk_name = "cancels"
    fields = ["number", "issued_on", "total", "reason"]
    readonly_fields = fields
    verbose_name = _("credit note")
    verbose_name_plural = _("credit notes")


class InvoicePaymentInline(ReadOnlyInline):
    model = Payment
    fields = ["received_on", "amount", "currency", "payer", "reference", "source", "statement"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("statement")


class ApplicationInvoiceInline(ReadOnlyInline):
    """An application's invoices and credit notes on its admin page, each linked to its own
    page, for staff who may see invoices."""

    model = Invoice
    fk_name = "application"
    fields = ["invoice_link", "label", "issued_on", "due_on", "amount", "state"]
    readonly_fields = fields
    verbose_name = _("invoice or credit note")
    verbose_name_plural = _("invoices and credit notes")

    def get_queryset(self, request):
        return super().get_queryset(request).with_status().order_by("pk")

    @admin.display(description=_("number"))
    def invoice_link(self, invoice):
        url = reverse("admin:applicants_invoice_change", args=[invoice.pk])
        return format_html('<a href="{}">{}</a>', url, invoice)

    @admin.display(description=_("for"))
    def label(self, invoice):
        return invoice.label

    @admin.display(description=_("total"))
    def amount(self, invoice):
        return money(invoice.total, invoice.currency)

    @admin.display(description=_("status"))
    def state(self, invoice):
        return invoice.get_status_display() or "—"


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, printed on the credit note"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    issue_again = forms.BooleanField(
        label=_("Issue each again to the trainee's current billing details"),
        required=False,
        help_text=_(
            "For a mistake on the invoice (a wrong address, say). Unticked, the amount is "
            "waived: the portal does not invoice it again."
        ),
    )


class ExportForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    currency = forms.ChoiceField(
        label=_("Currency"),
        choices=[("", _("All currencies")), *CURRENCY_CHOICES],
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The period ends before it starts."))
        return data


class Echo:
    """A file that hands back what is written to it, for a CSV writer whose rows are streamed."""

    def write(self, text):
        return text


# Issued invoices are records: the database refuses to change or delete them.
@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "number",
        "kind",
        "purpose",
        "trainee",
        "issued_on",
        "due_on",
        "currency",
        "total",
        "paid_amount",
        "balance_amount",
        "status_shown",
        "pdf_link",
    ]
    list_filter = ["kind", "currency", "year", InvoiceStatusFilter]
    list_select_related = ["application"]
    search_fields = [
        "number",
        "payment_reference",
        "application__name",
        "application__email",
        "billed_email",
    ]
    date_hierarchy = "issued_on"
    actions = ["cancel_with_credit_note"]
    fields = [
        "number",
        "kind",
        "purpose",
        "trainee",
        "issued_on",
        "due_on",
        "currency",
        "total",
        "paid_amount",
        "balance_amount",
        "status_shown",
        "payment_reference",
        "cancels",
        "reason",
        "billed_address",
        "billed_email",
        "vat_number",
        "language",
        "issued_by",
        "created_at",
        "pdf_link",
    ]
    readonly_fields = fields
    inlines = [InvoiceLineInline, CreditNoteInline, InvoicePaymentInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .with_status()
            .select_related("application", "cancels", "issued_by")
        )

    def has_cancel_permission(self, request):
        """A cancellation issues a credit note, which is an invoice of its own."""
        return request.user.has_perm("applicants.add_invoice")

    @admin.display(description=_("trainee"), ordering="application__name")
    def trainee(self, invoice):
        return _application_link(invoice.application)

    @admin.display(description=_("amount paid"), ordering="paid")
    def paid_amount(self, invoice):
        return invoice.paid

    @admin.display(description=_("balance"), ordering="balance")
    def balance_amount(self, invoice):
        return invoice.balance

    @admin.display(description=_("status"), ordering="status")
    def status_shown(self, invoice):
        return Invoice.Status(invoice.status).label if invoice.status else "—"

    @admin.display(description=_("billed to"))
    def billed_address(self, invoice):
        return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in invoice.billed_to))

    @admin.display(description=_("PDF"))
    def pdf_link(self, invoice):
        url = reverse("admin:applicants_invoice_pdf", args=[invoice.pk])
        return format_html('<a href="{}">{}</a>', url, _("PDF"))

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            # Before the admin's own, whose "<object_id>/" would take these addresses too.
            path("export/", view(self.export_view), name="applicants_invoice_export"),
            path("<path:object_id>/pdf/", view(self.pdf_view), name="applicants_invoice_pdf"),
            *super().get_urls(),
        ]

    def pdf_view(self, request, object_id):
        """The invoice or credit note as the trainee received it."""
        invoice = self.get_object(request, unquote(object_id))
        if invoice is None:
            raise Http404
        if not self.has_view_permission(request, invoice):
            raise PermissionDenied
        try:
            content = pdf.render(invoice)
        except ValueError as error:  # the institute's details cannot be printed as they are
            message = _("The PDF cannot be made: %(error)s") % {"error": error}
            self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(
                reverse("admin:applicants_invoice_change", args=[invoice.pk])
            )
        # bytes(): fpdf2 writes a bytearray, which a response would take for a list of numbers.
        response = HttpResponse(bytes(content), content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=f"{invoice.number}.pdf"
        )
        return response

    @admin.action(description=_("Cancel with a credit note"), permissions=["cancel"])
    def cancel_with_credit_note(self, request, queryset):
        """Asks for the reason first, then issues a credit note for what is left of each
        selected invoice. What was paid stays paid, and shows as more than asked."""
        form = CancelForm(request.POST if "confirm" in request.POST else None)
        if not form.is_valid():
            return TemplateResponse(
                request,
                "admin/applicants/invoice/cancel.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Cancel invoices with a credit note"),
                    "form": form,
                    "invoices": [
                        (invoice, self.status_shown(invoice))
                        for invoice in queryset.select_related("application")
                    ],
                    "opts": self.model._meta,
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        cancelled = 0
        for invoice in queryset.order_by("year", "sequence"):
            if invoice.is_credit_note:
                message = _("%(number)s is a credit note: only an invoice is cancelled.")
                self.message_user(request, message % {"number": invoice.number}, messages.ERROR)
                continue
            reason = form.cleaned_data["reason"]
            if form.cleaned_data["issue_again"]:
                try:
                    note, _again = issuing.reissue_invoice(invoice, reason, issued_by=request.user)
                except issuing.BillingError as refused:
                    self.message_user(request, str(refused), messages.ERROR)
                    continue
            else:
                note = issuing.cancel_invoice(invoice, reason, issued_by=request.user)
            if note is None:
                message = _("%(number)s was cancelled already.")
                self.message_user(request, message % {"number": invoice.number}, messages.WARNING)
            else:
                cancelled += 1
        if cancelled:
            message = ngettext(
                "%(count)d invoice cancelled with a credit note.",
                "%(count)d invoices cancelled with credit notes.",
                cancelled,
            )
            self.message_user(request, message % {"count": cancelled}, messages.SUCCESS)
        return None

    def export_view(self, request):
        """The accountant's export: the form, then either CSV file of the period chosen."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        may_see_payments = request.user.has_perm("applicants.view_payment")
        what = request.GET.get("download")
        form = ExportForm(request.GET if what else None)
        if form.is_valid() and what in ("invoices", "payments"):
            if what == "payments" and not may_see_payments:
                raise PermissionDenied
            rows = export.invoice_rows if what == "invoices" else export.payment_rows
            data = form.cleaned_data
            currency = data["currency"]
            name = f"{what}-{data['start']}-{data['end']}{'-' + currency if currency else ''}.csv"
            response = StreamingHttpResponse(
                _stream(rows(data["start"], data["end"], currency or None)),
                content_type="text/csv; charset=utf-8",
            )
            response["Content-Disposition"] = content_disposition_header(
                as_attachment=True, filename=name
            )
            return response
        context = {
            **self.admin_site.each_context(request),
            "title": _("Export for the accountant"),
            "form": form,
            "opts": self.model._meta,
            "may_see_payments": may_see_payments,
        }
        return TemplateResponse(request, "admin/applicants/invoice/export.html", context)


def _stream(rows):
    writer = csv.writer(Echo())
    # The byte order mark tells spreadsheets that the file is UTF-8 (trainees' names).
    yield "\ufeff"
    for row in rows:
        yield writer.writerow(row)


# --- Payments ---


class AssignmentFilter(admin.SimpleListFilter):
    title = _("invoice")
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [("no", _("unassigned")), ("yes", _("assigned"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(invoice__isnull=True)
        if self.value() == "yes":
            return queryset.filter(invoice__isnull=False)
        return queryset


class PaymentForm(forms.ModelForm):
    """A payment entered by hand: in its invoice's currency, unless it has none yet."""

    currency = forms.ChoiceField(
        label=_("currency"),
        choices=[("", _("The invoice's")), *CURRENCY_CHOICES],
        required=False,
        help_text=_("Needed only for a payment without an invoice."),
    )

    class Meta:
        model = Payment
        fields = ["invoice", "amount", "currency", "received_on", "payer", "reference", "note"]

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and amount <= 0:
            raise forms.ValidationError(_("Enter an amount greater than zero."))
        return amount

    def clean(self):
        data = super().clean()
        invoice, currency = data.get("invoice"), data.get("currency")
        if invoice is None:
            if not currency:
                self.add_error(
                    "currency", _("Choose the currency of a payment without an invoice.")
                )
        elif not currency:
            data["currency"] = invoice.currency
        elif currency != invoice.currency:
            self.add_error(
                "currency",
                _("Invoice %(number)s is in %(currency)s.")
                % {"number": invoice.number, "currency": invoice.currency},
            )
        return data


class AssignForm(forms.ModelForm):
    """The invoice of a payment that waited without one: in the payment's currency."""

    class Meta:
        model = Payment
        fields = ["invoice"]

    def clean_invoice(self):
        invoice = self.cleaned_data["invoice"]
        if invoice is not None and invoice.currency != self.instance.currency:
            raise forms.ValidationError(
                _("Invoice %(number)s is in %(currency)s; this payment is in %(other)s.")
                % {
                    "number": invoice.number,
                    "currency": invoice.currency,
                    "other": self.instance.currency,
                }
            )
        return invoice


@admin.register(Payment)
class PaymentAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = [
        "received_on",
        "amount",
        "currency",
        "invoice_shown",
        "trainee",
        "payer",
        "reference",
        "source",
        "statement",
    ]
    list_filter = [
        AssignmentFilter,
        "source",
        "currency",
        ("received_on", admin.DateFieldListFilter),
    ]
    list_select_related = ["invoice__application", "statement"]
    search_fields = ["payer", "reference", "invoice__number", "invoice__application__name"]
    date_hierarchy = "received_on"
    autocomplete_fields = ["invoice"]
    entered = ["invoice", "amount", "currency", "received_on", "payer", "reference", "note"]
    recorded = ["source", "statement", "recorded_by", "created_at"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("invoice__application", "statement", "recorded_by")
        )

    def get_fields(self, request, obj=None):
        return self.entered if obj is None else [*self.entered, *self.recorded]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [name for name in self.get_fields(request, obj) if name != "invoice"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = AssignForm if obj is not None else PaymentForm
        return super().get_form(request, obj, change, **kwargs)

    # A payment is a record: once it has its invoice, nothing of it changes here.
    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.invoice_id:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        try:
            if not change:
                outcome = payments.record(obj, request.user)
            elif obj.invoice_id:
                outcome = payments.assign(obj, obj.invoice, request.user)
            else:
                return
        except payments.PaymentError as refused:
            self.message_user(request, str(refused), messages.ERROR)
            return
        if outcome:
            message = _("The invoice %(number)s is now %(outcome)s.")
            self.message_user(
                request,
                message % {"number": obj.invoice.number, "outcome": Outcome(outcome).label},
                messages.INFO,
            )

    @admin.display(description=_("invoice"), ordering="invoice__number")
    def invoice_shown(self, payment):
        if payment.invoice_id:
            return _invoice_link(payment.invoice)
        url = reverse("admin:applicants_payment_change", args=[payment.pk])
        return format_html('<a href="{}">{}</a>', url, _("Assign to an invoice"))

    @admin.display(description=_("trainee"), ordering="invoice__application__name")
    def trainee(self, payment):
        return _application_link(payment.invoice.application) if payment.invoice_id else "—"


# --- Bank statements ---


class StatementUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Bank statement"),
        help_text=_(
            "A CAMT.053 statement (XML) as the bank's online banking exports it, or a CSV file "
            "with the columns date, amount, currency, reference and payer. Importing a statement "
            "again records nothing twice."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xml,.csv,text/xml,text/csv"}),
    )


# Lines recorded without an invoice, whatever the reason.
UNMATCHED = [outcome for outcome in Outcome.values if outcome not in payments.MATCHED]


def statement_result(statement):
    """What became of each line of ``statement``: the counts, then its new payments."""
    summary = statement.summary
    outcomes = summary.get("outcomes", {})
    recorded = list(
        statement.payments.select_related("invoice__application").order_by("received_on", "pk")
    )
    for payment in recorded:
        outcome = outcomes.get(str(payment.pk))
        payment.outcome = Outcome(outcome).label if outcome in Outcome.values else ""
    counts = [
        (_("Lines read"), summary.get("lines", 0)),
        (Outcome.PAID.label, summary.get(Outcome.PAID, 0)),
        (Outcome.PARTIAL.label, summary.get(Outcome.PARTIAL, 0)),
        (Outcome.OVERPAID.label, summary.get(Outcome.OVERPAID, 0)),
        (
            _("Left for staff to assign"),
            sum(summary.get(outcome, 0) for outcome in UNMATCHED),
        ),
        (_("Recorded before (duplicates)"), summary.get("duplicates", 0)),
    ]
    return render_to_string(
        "admin/applicants/bankstatement/_result.html",
        {
            "statement": statement,
            "counts": counts,
            "payments": recorded,
            "labels": {field.name: field.verbose_name for field in Payment._meta.fields},
        },
    )


@admin.register(BankStatement)
class BankStatementAdmin(admin.ModelAdmin):
    list_display = ["file_name", "format", "imported_at", "imported_by", "new", "duplicates"]
    list_filter = ["format", ("imported_at", admin.DateFieldListFilter)]
    search_fields = ["file_name", "sha256"]
    fields = ["file_name", "format", "sha256", "imported_at", "imported_by", "result"]
    readonly_fields = fields

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("imported_by")

    def has_import_permission(self, request):
        return self.has_add_permission(request) and request.user.has_perm("applicants.add_payment")

    @admin.display(description=_("new payments"))
    def new(self, statement):
        return len(statement.summary.get("outcomes", {}))

    @admin.display(description=_("recorded before"))
    def duplicates(self, statement):
        return statement.summary.get("duplicates", 0)

    @admin.display(description=_("result"))
    def result(self, statement):
        return statement_result(statement)

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [
            path("import/", view, name="applicants_bankstatement_import"),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        return HttpResponseRedirect(reverse("admin:applicants_bankstatement_import"))

    def import_view(self, request):
        """The upload of a statement, then what became of its lines, each unmatched one with a
        link to assign it. The file's content decides its format. A refused file is explained
        beside the field; nothing of it is recorded."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = StatementUploadForm(request.POST or None, request.FILES or None)
        result = None
        if request.method == "POST" and form.is_valid():
            try:
                statement = payments.import_statement(form.cleaned_data["file"], request.user)
            except bank.StatementError as refused:
                form.add_error("file", refused.messages)
            else:
                result = statement_result(statement)
                form = StatementUploadForm()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import a bank statement"),
            "form": form,
            "result": result,
            "opts": self.model._meta,
            "max_mb": settings.BANK_STATEMENT_MAX_MB,
        }
        return TemplateResponse(request, "admin/applicants/bankstatement/import.html", context)


# --- Refunds ---


class PaidBackFilter(admin.SimpleListFilter):
    title = _("paid back")
    parameter_name = "paid_back"

    def lookups(self, request, model_admin):
        return [("no", _("to pay back")), ("yes", _("paid back"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(paid_out_on__isnull=True)
        if self.value() == "yes":
            return queryset.filter(paid_out_on__isnull=False)
        return queryset


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdminMixin, AuditedAdmin, admin.ModelAdmin):
    """What trainees who withdrew are owed back (computed by ``issuing.settle_withdrawal``)."""

    list_display = ["trainee", "amount", "currency", "reason", "computed_at", "paid_out_on"]
    list_filter = [PaidBackFilter, "currency"]
    search_fields = ["application__name", "application__email"]
    fields = ["trainee", "amount", "currency", "reason", "computed_at", "paid_out_on"]
    readonly_fields = fields
    actions = ["paid_back_today"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("application")

    def has_pay_back_permission(self, request):
        return request.user.has_perm("applicants.change_refund")

    @admin.display(description=_("trainee"), ordering="application__name")
    def trainee(self, refund):
        return _application_link(refund.application)

    @admin.action(description=_("Paid back today"), permissions=["pay_back"])
    def paid_back_today(self, request, queryset):
        marked = queryset.filter(paid_out_on__isnull=True).update(paid_out_on=timezone.localdate())
        message = ngettext(
            "%(count)d refund marked as paid back today.",
            "%(count)d refunds marked as paid back today.",
            marked,
        )
        self.message_user(request, message % {"count": marked}, messages.SUCCESS)
