"""The trainee's side of paying: billing details, and invoices to download, reached through
the private status link."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from applicants.invoices import issuing, pdf
from applicants.invoices.forms import BillingDetailsForm
from applicants.invoices.models import BillingDetails, Invoice
from applicants.models import Application


@never_cache
def billing(request, token):
    """Ask an accepted trainee whom to bill; saving the details issues the invoices due (the
    deposit's at once). Invoices already issued keep the details they were issued with."""
    application = get_object_or_404(Application.objects.select_related("training"), token=token)
    if application.status != Application.Status.ACCEPTED:
        raise Http404
    details = BillingDetails.objects.filter(application=application).first()
    initial = (
        {}
        if details
        else {"name": application.name, "city": application.city, "country": application.country}
    )
    form = BillingDetailsForm(
        request.POST or None,
        instance=details or BillingDetails(application=application),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        issued = issuing.issue_due_invoices(application)
        if issued:
            messages.success(
                request,
                _("Thank you. Your invoice is ready below, and a copy is on its way by e-mail."),
            )
        else:
            messages.success(request, _("Thank you: your billing details are saved."))
        return redirect(f"{application.get_absolute_url()}#fees-title")
    return render(
        request,
        "applicants/invoices/billing.html",
        {
            "application": application,
            "form": form,
            "has_invoices": application.invoices.exists(),
        },
    )


@never_cache
def invoice(request, token, number):
    """An invoice or credit note of the application as a PDF."""
    found = get_object_or_404(
        Invoice.objects.select_related("application__training", "cancels"),
        application__token=token,
        number=number,
    )
    response = HttpResponse(pdf.render(found), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf.file_name(found)}"'
    return response
