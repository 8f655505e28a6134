"""Staff passwords: at least 12 characters and not a common one (OWASP ASVS level 2)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db


def set_password(client, user, password):
    return client.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"password1": password, "password2": password, "usable_password": "true"},
    )


def test_a_password_of_eleven_characters_is_refused_next_to_the_field(staff_client):
    colleague = get_user_model().objects.create_user("colleague", is_staff=True)

    response = set_password(staff_client, colleague, "Tq8#vLm2!xZ")

    assert response.status_code == 200
    assert "at least 12 characters" in response.text
    colleague.refresh_from_db()
    assert not colleague.has_usable_password()


def test_twelve_characters_are_enough_but_a_common_password_is_not(staff_client):
    colleague = get_user_model().objects.create_user("colleague", is_staff=True)

    assert "too common" in set_password(staff_client, colleague, "password1234").text
    assert set_password(staff_client, colleague, "Tq8#vLm2!xZp").status_code == 302
    colleague.refresh_from_db()
    assert colleague.check_password("Tq8#vLm2!xZp")
