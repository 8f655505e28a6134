"""The e-mails about a trainee's invoices, in their language, with the status page's link.

Each function composes one message; ``applicants.invoices.tasks`` sends it after the commit.
"""

from django.utils import translation
from django.utils.translation import gettext as _

from applicants.invoices import pdf
from imago_site.mail import absolute, compose


def invoice_issued(invoice):
    """To the trainee when an invoice or a credit note is issued, with its PDF attached: what
    it is for, the amount, when it is due and how to pay (bank transfer with the reference)."""
    application = invoice.application
    with translation.override(invoice.language):
        if invoice.is_credit_note:
            subject = _("Credit note %(number)s for %(training)s")
        else:
            subject = _("Invoice %(number)s for %(training)s")
        message = compose(
            "emails/invoice_issued.txt",
            subject=subject % {"number": invoice.number, "training": application.training.title},
            to=[invoice.billed_email],
            language=invoice.language,
            context=invoice_context(invoice),
        )
        message.attach(pdf.file_name(invoice), pdf.render(invoice), "application/pdf")
    return message


def payment_reminder(invoice, kind):
    """To the trainee a week before an invoice is due (``kind`` before_due), or after the day
    passed unpaid (overdue): how much is still open, the due day, and how to pay."""
    with translation.override(invoice.language):
        if kind == "overdue":
            subject = _("Reminder: invoice %(number)s was due on %(day)s")
        else:
            subject = _("Invoice %(number)s is due on %(day)s")
        return compose(
            "emails/payment_reminder.txt",
            subject=subject
            % {
                "number": invoice.number,
                "day": invoice.due_on.isoformat(),
            },
            to=[invoice.billed_email],
            language=invoice.language,
            context={**invoice_context(invoice), "kind": kind},
        )


def invoice_context(invoice):
    application = invoice.application
    return {
        "invoice": invoice,
        "application": application,
        "training": application.training,
        "issuer": invoice.issuer,
        "status_url": absolute(application.get_absolute_url()),
        "download_url": absolute(invoice.get_download_url()),
    }
