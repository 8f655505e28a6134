from applicants.views.apply import apply
from applicants.views.eligibility import eligibility_check
from applicants.views.status import (
    export,
    received,
    request_deletion,
    resend_links,
    status,
    withdraw,
)

__all__ = [
    "apply",
    "eligibility_check",
    "export",
    "received",
    "request_deletion",
    "resend_links",
    "status",
    "withdraw",
]
