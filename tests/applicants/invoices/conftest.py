from decimal import Decimal

import pytest

from applicants.invoices import issuing
from tests.factories import TrainingFactory, accepted


@pytest.fixture
def deposit_invoice(db):
    """Makes the deposit invoice (500.00) of a newly accepted trainee of a training in
    ``currency`` that starts in 200 days, so its balance is invoiced later; ``name`` is the
    trainee's."""

    def make(currency="EUR", name=None, deposit="500.00"):
        training = TrainingFactory(
            fee=Decimal("4900.00"), deposit=Decimal(deposit), currency=currency, starts_in=200
        )
        application = accepted(training=training, **({"name": name} if name else {}))
        (invoice,) = issuing.issue_due_invoices(application)
        return invoice

    return make
