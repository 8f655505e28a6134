from applicants.views.apply import apply, received
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
    "eligibility_check",
    "export",
    "received",
    "request_deletion",
    "resend_links",
    "status",
    "withdraw",
]
