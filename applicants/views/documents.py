"""The applicant's documents, on their private status page: download them, and add, replace
or remove them until the review starts (``applicants.documents``)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from applicants import documents, workflow
from applicants.models import Document
from applicants.views.status import application_for, status, upload_form


@never_cache
def document(request, token, pk):
    """A document, downloaded by its applicant. Like the status page, a wrong link, or a
    document of another application, is "not found"."""
    return documents.file_response(get_object_or_404(Document, pk=pk, application__token=token))


@never_cache
@require_POST
def upload_document(request, token, requirement_id):
    application = application_for(token)
    requirement = get_object_or_404(application.training.track.documents_asked(), pk=requirement_id)
    replacing = application.documents.filter(requirement=requirement).first()
    form = upload_form(application, requirement, replacing, request.POST, request.FILES)
    if not form.is_valid():
        return status(request, token, failed_form=form)
    try:
        documents.replace(application, requirement, form.cleaned_data["file"])
    except workflow.NotAllowed as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            _("Your document “%(document)s” is uploaded.") % {"document": requirement.name},
        )
    return redirect(application)


@never_cache
@require_POST
def remove_document(request, token, pk):
    application = application_for(token)
    document = get_object_or_404(application.documents.select_related("requirement"), pk=pk)
    try:
        documents.remove(application, document)
    except workflow.NotAllowed as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            _("Your document “%(document)s” is removed.") % {"document": document.requirement.name},
        )
    return redirect(application)
