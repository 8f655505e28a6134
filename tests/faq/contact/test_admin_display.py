"""A contact message's admin page names the sender's language instead of showing its code."""

import pytest
from django.urls import reverse

from tests.applicants.test_admin_display import field_row, text_of
from tests.factories import ContactMessageFactory


@pytest.mark.django_db
def test_the_senders_language_is_named(staff_client):
    message = ContactMessageFactory(language="es")

    response = staff_client.get(reverse("admin:faq_contactmessage_change", args=[message.pk]))

    row = field_row(response.content.decode(), "language_shown")
    assert text_of(row) == "Language: Spanish"
