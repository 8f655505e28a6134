"""A subscription's admin page names the languages it can follow instead of their codes."""

import pytest
from django.urls import reverse

from tests.applicants.test_admin_display import field_row, text_of
from tests.factories import SubscriptionFactory


@pytest.mark.django_db
def test_the_languages_of_a_subscription_are_named(staff_client):
    subscription = SubscriptionFactory(languages=["es", "de"])

    response = staff_client.get(
        reverse("admin:trainings_interestsubscription_change", args=[subscription.pk])
    )

    row = field_row(response.content.decode(), "language_names")
    assert text_of(row) == "Languages of instruction: German, Spanish"
