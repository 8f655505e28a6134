"""Country selects name and sort the countries in the language of the page, which may change
from one request to the next in the same process."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation

from applicants.models import Application
from trainings.models.choices import CountryChoices, country_name


class CountryForm(forms.Form):
    country = forms.ChoiceField(choices=CountryChoices("—"), required=False)


def option_labels(form):
    return [label for _value, label in form.fields["country"].choices]


def test_countries_are_named_and_sorted_in_the_active_language():
    with translation.override("de"):
        german = option_labels(CountryForm())
    with translation.override("en"):
        english = option_labels(CountryForm())

    assert german[0] == english[0] == "—"
    assert "Deutschland" in german and "Germany" not in german
    assert "Germany" in english
    # Sorted as a German reader expects: "Ägypten" with the A's, not after "Z".
    assert german[1:5] == ["Afghanistan", "Ägypten", "Åland-Inseln", "Albanien"]


def test_a_country_is_checked_against_every_country():
    assert CountryForm({"country": "KE"}).is_valid()
    form = CountryForm({"country": "XX"})
    assert not form.is_valid()
    assert "country" in form.errors


def test_a_country_name_follows_the_language():
    with translation.override("es"):
        assert country_name("DE") == "Alemania"
    with translation.override("de"):
        assert country_name("ES") == "Spanien"
    assert country_name("XX") == "XX"


def test_a_saved_country_is_checked_by_its_code():
    field = Application._meta.get_field("country")
    licence = Application._meta.get_field("licence_country")

    field.validate("KE", Application())  # a code of a country: accepted
    for code in ["XX", "Kenya", "ke"]:
        with pytest.raises(ValidationError) as refused:
            field.validate(code, Application())
        assert refused.value.code == "invalid_choice"
    with pytest.raises(ValidationError) as refused:
        field.validate("", Application())
    assert refused.value.code == "blank"
    licence.validate("", Application())  # may be left empty
