from applicants.views.apply import apply, draft_saved, received, resume_draft
from applicants.views.documents import document, remove_document, upload_document
from applicants.views.eligibility import eligibility_check
from applicants.views.status import (
    confirm,
    export,
    request_deletion,
    resend_links,
    status,
    withdraw,
)

__all__ = [
    "apply",
    "confirm",
    "document",
    "draft_saved",
    "eligibility_check",
    "export",
    "received",
    "remove_document",
    "request_deletion",
    "resend_links",
    "resume_draft",
    "status",
    "upload_document",
    "withdraw",
]
