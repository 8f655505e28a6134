from applicants.attendance.models import Attendance
from applicants.certificates.models import Certificate, Revocation
from applicants.invoices.models import (
    BankStatement,
    BillingDetails,
    Invoice,
    InvoiceCounter,
    InvoiceLine,
    Payment,
    Refund,
    Reminder,
)
from applicants.models.applications import Application, ApplicationQuerySet, Event, HeardFrom
from applicants.models.documents import Document, documents_storage, random_file_name
from applicants.models.drafts import Draft
from applicants.reminders.models import AdmissionReminder
from applicants.reviews.models import Assignment, Review, Score
from applicants.supervision.models import StepDone, SupervisionSession, Trainee

# Named by the migrations: the default of Application.token and the storage and file names of
# Document.file.
from imago_site.tokens import new_token

__all__ = [
    "AdmissionReminder",
    "Application",
    "ApplicationQuerySet",
    "Assignment",
    "Attendance",
    "BankStatement",
    "BillingDetails",
    "Certificate",
    "Document",
    "Draft",
    "Event",
    "HeardFrom",
    "Invoice",
    "InvoiceCounter",
    "InvoiceLine",
    "Payment",
    "Refund",
    "Reminder",
    "Review",
    "Revocation",
    "Score",
    "StepDone",
    "SupervisionSession",
    "Trainee",
    "documents_storage",
    "new_token",
    "random_file_name",
]
