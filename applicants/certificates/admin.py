"""Certificates in the admin.

A certificate is a record: staff read it, download its PDF and open its public page; nobody
changes it here (the database refuses to). The actions "Revoke" and "Reissue with a corrected
name" ask for the reason first and call :mod:`applicants.certificates.issuing`. Seeing the list
needs "view certificate"; revoking or reissuing, "add certificate".
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from applicants.certificates import issuing, pdf
from applicants.certificates.models import Certificate
from applicants.invoices.pdf import unprintable
from imago_site.admin_site import ReadOnlyAdminMixin


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For staff only: the public page says that and when, never why."),
    )


class ReissueForm(forms.Form):
    name = forms.CharField(label=_("Name on the new certificate"), max_length=200)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For staff only, as for a revocation."),
    )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if missing := unprintable(name):
            raise forms.ValidationError(
                _("The certificate's font cannot print %(characters)s: use Latin letters."),
                params={"characters": " ".join(missing)},
                code="unprintable",
            )
        return name


class StateFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("valid", _("valid")), ("revoked", _("revoked"))]

    def queryset(self, request, queryset):
        if self.value() == "valid":
            return queryset.filter(revocation__isnull=True)
        if self.value() == "revoked":
            return queryset.filter(revocation__isnull=False)
        return queryset


def _certificate_link(certificate):
    url = reverse("admin:applicants_certificate_change", args=[certificate.pk])
    return format_html('<a href="{}">{}</a>', url, certificate.number)


# Issued certificates are records: the database refuses to change or delete them.
@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["number", "name", "title", "issued_on", "state", "pdf_link"]
    list_filter = [StateFilter, "language"]
    list_select_related = ["revocation__replaced_by"]
    search_fields = ["number", "code", "name", "title", "application__name", "application__email"]
    date_hierarchy = "issued_on"
    actions = ["revoke", "reissue"]
    fields = [
        "number",
        "state",
        "code",
        "public_page",
        "name",
        "trainee",
        "title",
        "track",
        "starts_on",
        "ends_on",
        "hours",
        "language",
        "issued_on",
        "issued_by",
        "replaces_link",
        "revocation_reason",
        "revoked_by",
        "pdf_link",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related(
                "application",
                "issued_by",
                "revocation__replaced_by",
                "revocation__revoked_by",
                "replaces__certificate",
            )
        )

    def has_revoke_permission(self, request):
        """Revoking, like reissuing, stands in for issuing a certificate."""
        return request.user.has_perm("applicants.add_certificate")

    @admin.display(description=_("status"))
    def state(self, certificate):
        if certificate.is_valid:
            return _("valid")
        revocation = certificate.revocation
        if revocation.replaced_by:
            return format_html("{} {}", _("replaced by"), _certificate_link(revocation.replaced_by))
        return _("revoked")

    @admin.display(description=_("trainee"))
    def trainee(self, certificate):
        url = reverse("admin:applicants_application_change", args=[certificate.application_id])
        return format_html('<a href="{}">{}</a>', url, certificate.application.name)

    @admin.display(description=_("public page"))
    def public_page(self, certificate):
        return format_html(
            '<a href="{}">{}</a>', certificate.get_absolute_url(), _("View on the site")
        )

    @admin.display(description=_("replaces"))
    def replaces_link(self, certificate):
        replaced = getattr(certificate, "replaces", None)
        return _certificate_link(replaced.certificate) if replaced else "—"

    @admin.display(description=_("reason for revoking"))
    def revocation_reason(self, certificate):
        return "—" if certificate.is_valid else certificate.revocation.reason

    @admin.display(description=_("revoked by"))
    def revoked_by(self, certificate):
        if certificate.is_valid:
            return "—"
        revocation = certificate.revocation
        when = date_format(timezone.localtime(revocation.revoked_at), "DATETIME_FORMAT")
        return f"{revocation.revoked_by or '—'}, {when}"

    @admin.display(description=_("PDF"))
    def pdf_link(self, certificate):
        url = reverse("admin:applicants_certificate_pdf", args=[certificate.pk])
        return format_html('<a href="{}">{}</a>', url, _("PDF"))

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            # Before the admin's own, whose "<object_id>/" would take this address too.
            path("<path:object_id>/pdf/", view(self.pdf_view), name="applicants_certificate_pdf"),
            *super().get_urls(),
        ]

    def pdf_view(self, request, object_id):
        certificate = self.get_object(request, unquote(object_id))
        if certificate is None:
            raise Http404
        if not self.has_view_permission(request, certificate):
            raise PermissionDenied
        response = HttpResponse(pdf.render(certificate), content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=pdf.file_name(certificate)
        )
        return response

    def intermediate_page(self, request, action, form, certificates, title):
        return TemplateResponse(
            request,
            "admin/applicants/certificate/action.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "form": form,
                "certificates": certificates,
                "action": action,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(description=_("Revoke"), permissions=["revoke"])
    def revoke(self, request, queryset):
        """Asks for the reason, then revokes each selected certificate still in force."""
        form = RevokeForm(request.POST if "confirm" in request.POST else None)
        if not form.is_valid():
            return self.intermediate_page(
                request, "revoke", form, list(queryset), _("Revoke certificates")
            )
        revoked = 0
        for certificate in queryset.order_by("number"):
            try:
                issuing.revoke(certificate, form.cleaned_data["reason"], revoked_by=request.user)
            except issuing.CertificateError:
                message = _("Certificate %(number)s was revoked already.")
                self.message_user(
                    request, message % {"number": certificate.number}, messages.WARNING
                )
            else:
                revoked += 1
        if revoked:
            message = ngettext(
                "%(count)d certificate revoked.", "%(count)d certificates revoked.", revoked
            )
            self.message_user(request, message % {"count": revoked}, messages.SUCCESS)
        return None

    @admin.action(description=_("Reissue with a corrected name"), permissions=["revoke"])
    def reissue(self, request, queryset):
        """Asks for the corrected name and the reason, then issues the certificate again with
        that name and revokes the old one as replaced by the new."""
        certificates = list(queryset[:2])
        if len(certificates) != 1:
            self.message_user(
                request, _("Choose one certificate to reissue at a time."), messages.ERROR
            )
            return None
        (certificate,) = certificates
        if not certificate.is_valid:
            message = _("Certificate %(number)s is revoked: reissue the one in force.")
            self.message_user(request, message % {"number": certificate.number}, messages.ERROR)
            return None
        form = ReissueForm(
            request.POST if "confirm" in request.POST else None,
            initial={"name": certificate.name},
        )
        if not form.is_valid():
            return self.intermediate_page(
                request, "reissue", form, certificates, _("Reissue a certificate")
            )
        try:
            new = issuing.reissue(
                certificate,
                form.cleaned_data["name"],
                form.cleaned_data["reason"],
                issued_by=request.user,
            )
        except issuing.CertificateError:
            message = _("Certificate %(number)s was revoked already.")
            self.message_user(request, message % {"number": certificate.number}, messages.ERROR)
            return None
        message = format_html(
            str(_("Certificate {new} issued; it replaces certificate {old}.")),
            new=_certificate_link(new),
            old=certificate.number,
        )
        self.message_user(request, message, messages.SUCCESS)
        return None
