"""Erasing a former trainee's personal data keeps their invoices, which are accounting records."""

from decimal import Decimal

import pytest

from applicants import workflow
from applicants.invoices import issuing
from applicants.invoices.models import BillingDetails, Invoice
from applicants.models import Application
from applicants.retention import erase_application
from tests.factories import TrainingFactory, accepted


@pytest.mark.django_db
def test_erasing_a_withdrawn_trainee_keeps_the_invoices_and_drops_the_billing_details():
    training = TrainingFactory(fee=Decimal("4900.00"), deposit=Decimal("500.00"), starts_in=150)
    application = accepted(training=training)
    [invoice] = issuing.issue_due_invoices(application)
    workflow.change_status(application, Application.Status.WITHDRAWN)

    erase_application(application)

    assert not BillingDetails.objects.filter(application=application).exists()
    kept = Invoice.objects.get(pk=invoice.pk)
    assert kept.billed_to == invoice.billed_to and kept.total == Decimal("500.00")
    application.refresh_from_db()
    assert application.name == "" and application.erased_at is not None
