"""The admin's lists filter by country and language offering only the values their rows have,
with how many rows have each."""

import re

import pytest
from django.urls import reverse
from html5lib import parse

from tests.factories import (
    ApplicationFactory,
    ContactMessageFactory,
    SubscriptionFactory,
    TrainerFactory,
    TrainingFactory,
)

NAMESPACE = "{http://www.w3.org/1999/xhtml}"

LISTS = {
    "applications": ("applicants_application", ApplicationFactory),
    "trainings": ("trainings_training", TrainingFactory),
    "trainers": ("trainings_trainer", TrainerFactory),
    "contact messages": ("faq_contactmessage", ContactMessageFactory),
    "interest subscriptions": ("trainings_interestsubscription", SubscriptionFactory),
}


def filter_options(html, title):
    """The choices of the list filter named ``title``, as staff read them."""
    for details in parse(html).iter(NAMESPACE + "details"):
        if details.get("data-filter-title") == title:
            return [
                re.sub(r"\s+", " ", "".join(link.itertext())).strip()
                for link in details.iter(NAMESPACE + "a")
            ]
    raise AssertionError(f"no filter {title!r}")


@pytest.mark.django_db
@pytest.mark.parametrize("model", LISTS.values(), ids=LISTS.keys())
def test_the_country_filter_offers_only_countries_of_the_rows(staff_client, model):
    url_name, factory = model
    factory(country="PT")
    factory(country="KE")
    factory(country="KE")

    html = staff_client.get(reverse(f"admin:{url_name}_changelist")).content.decode()

    assert filter_options(html, "country") == ["All", "Kenya (2)", "Portugal (1)"]


@pytest.mark.django_db
def test_the_country_filter_counts_the_rows_the_other_filters_leave(staff_client):
    ApplicationFactory(country="PT", wants_financial_assistance=True, financial_note="x")
    ApplicationFactory(country="KE")

    html = staff_client.get(
        reverse("admin:applicants_application_changelist"),
        {"wants_financial_assistance__exact": "1"},
    ).content.decode()

    assert filter_options(html, "country") == ["All", "Portugal (1)"]


@pytest.mark.django_db
def test_a_chosen_country_lists_its_rows_only(staff_client):
    ApplicationFactory(country="PT", name="Ana Lisboa")
    ApplicationFactory(country="KE", name="Wanjiru Kamau")

    html = staff_client.get(
        reverse("admin:applicants_application_changelist"), {"country__exact": "PT"}
    ).content.decode()

    assert "Ana Lisboa" in html
    assert "Wanjiru Kamau" not in html


@pytest.mark.django_db
def test_the_trainings_language_filter_offers_only_languages_taught(staff_client):
    TrainingFactory(language="es")
    TrainingFactory(language="es")
    TrainingFactory(language="de")

    html = staff_client.get(reverse("admin:trainings_training_changelist")).content.decode()

    assert filter_options(html, "language of instruction") == ["All", "German (1)", "Spanish (2)"]
