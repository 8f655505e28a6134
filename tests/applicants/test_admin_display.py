"""An application's admin page shows its values as people read them: the eligibility reasons
as a list, amounts with their currency, the training as a link to its page."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from html5lib import parse

from applicants.invoices import issuing
from tests.factories import ApplicationFactory, TrainingFactory, accepted

NAMESPACE = "{http://www.w3.org/1999/xhtml}"


def field_row(html, field):
    """The row of the change form showing ``field``."""
    for element in parse(html).iter(NAMESPACE + "div"):
        if f"field-{field}" in (element.get("class") or "").split():
            return element
    raise AssertionError(f"no row for {field}")


def text_of(element):
    return re.sub(r"[ \t\r\n]+", " ", "".join(element.itertext())).strip()


@pytest.mark.django_db
def test_eligibility_reasons_are_a_list_not_json(staff_client):
    reasons = [
        "Your Master's degree in psychology meets what Clinical Track asks for.",
        "Your licence to practise meets what Clinical Track asks for.",
    ]
    application = ApplicationFactory(eligibility_reasons=reasons)

    response = staff_client.get(
        reverse("admin:applicants_application_change", args=[application.pk])
    )

    row = field_row(response.content.decode(), "eligibility_reasons_list")
    items = [text_of(item) for item in row.iter(NAMESPACE + "li")]
    assert items == reasons
    assert "[" not in text_of(row)


@pytest.mark.django_db
def test_no_eligibility_reasons_show_a_dash(staff_client):
    application = ApplicationFactory(eligibility_reasons=[])

    response = staff_client.get(
        reverse("admin:applicants_application_change", args=[application.pk])
    )

    row = field_row(response.content.decode(), "eligibility_reasons_list")
    assert "—" in text_of(row)
    assert list(row.iter(NAMESPACE + "li")) == []


@pytest.mark.django_db
def test_the_training_links_to_its_admin_page(staff_client):
    application = ApplicationFactory()

    response = staff_client.get(
        reverse("admin:applicants_application_change", args=[application.pk])
    )

    row = field_row(response.content.decode(), "training")
    links = [link.get("href") for link in row.iter(NAMESPACE + "a")]
    assert reverse("admin:trainings_training_change", args=[application.training.pk]) in links


@pytest.mark.django_db
def test_an_invoices_total_shows_with_its_currency(staff_client):
    training = TrainingFactory(
        fee=Decimal("4900.00"), deposit=Decimal("500.00"), currency="CHF", starts_in=200
    )
    application = accepted(training=training)
    issuing.issue_due_invoices(application)

    response = staff_client.get(
        reverse("admin:applicants_application_change", args=[application.pk])
    )

    html = response.content.decode()
    cells = [text_of(cell) for cell in parse(html).iter(NAMESPACE + "td")]
    assert "CHF\u00a0500" in cells
    headers = [text_of(header) for header in parse(html).iter(NAMESPACE + "th")]
    assert "Currency" not in headers
