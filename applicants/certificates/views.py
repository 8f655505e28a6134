"""Certificates on the site: the public page that says whether one holds, reached from the
address or QR code printed on it, and the trainee's download through their status link.

The public page shows what the certificate says and whether it is in force; never the reason
for a revocation, nor anything else of the trainee's application.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache

from applicants.certificates import pdf
from applicants.certificates.forms import CodeForm
from applicants.certificates.models import Certificate, normalise_code


def lookup(request):
    """A form to type the code of a certificate; a well-formed code leads to its page."""
    form = CodeForm(request.GET if "code" in request.GET else None)
    if form.is_valid():
        return redirect("certificates:verify", code=form.cleaned_data["code"])
    return render(request, "applicants/certificates/lookup.html", {"form": form})


@never_cache  # a revocation must show at once
def verify(request, code):
    """Whether the certificate with ``code`` holds: for whom, for what, issued when; if it was
    revoked, since when and which certificate replaces it. A code typed in another case or
    spacing leads to the page of its printed form."""
    printed = normalise_code(code)
    if printed and printed != code:
        return redirect("certificates:verify", code=printed)
    certificate = (
        Certificate.objects.filter(code=printed).select_related("revocation__replaced_by").first()
        if printed
        else None
    )
    if certificate is None:
        return render(
            request,
            "applicants/certificates/not_found.html",
            {"form": CodeForm(initial={"code": code})},
            status=404,
        )
    revocation = getattr(certificate, "revocation", None)
    return render(
        request,
        "applicants/certificates/verify.html",
        {
            "certificate": certificate,
            "revoked_on": revocation.revoked_at if revocation else None,
            "replaced_by": revocation.replaced_by if revocation else None,
        },
    )


@never_cache
def download(request, token, number):
    """A certificate of the application as a PDF; only that application's own."""
    certificate = get_object_or_404(Certificate, application__token=token, number=number)
    response = HttpResponse(pdf.render(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf.file_name(certificate)}"'
    return response
