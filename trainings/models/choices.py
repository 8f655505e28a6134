import zoneinfo

from django import forms
from django.conf import global_settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import translation
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import CountryField, LazyTypedChoiceField

# Languages a training can be taught in: every language Django knows by name.
LANGUAGE_CHOICES = sorted(global_settings.LANGUAGES, key=lambda item: str(item[1]))


def language_name(code):
    """A language's name in the visitor's language ("Spanish", "español", "Spanisch")."""
    try:
        return str(translation.get_language_info(code)["name_translated"])
    except KeyError:
        return code


class CountryChoices(BaseChoiceIterator):
    """A country field's choices: a blank one, then every country named in the language active
    when they are shown or checked (django-countries keeps them sorted per language). Django
    takes them as they are, without copying and checking 250 pairs for every form."""

    def __init__(self, blank_label):
        self.blank_label = blank_label

    def __iter__(self):
        yield ("", self.blank_label)
        yield from countries


class CountryCodeChoiceField(LazyTypedChoiceField):
    """The form field of :class:`CountryCodeField`, which checks a value the same way."""

    def valid_value(self, value):
        return value in countries


class CountryCodeField(CountryField):
    """A country field that checks a value by looking its code up, in the model and in its
    form field. Django's own checks walk the 250 countries, named in the active language, for
    each value: about a millisecond a field, on the path of every application sent."""

    def validate(self, value, model_instance):
        if not self.multiple and value in self.countries:
            return
        super().validate(value, model_instance)

    def formfield(self, **kwargs):
        if not self.multiple:
            kwargs.setdefault("choices_form_class", CountryCodeChoiceField)
        return super().formfield(**kwargs)


def country_name(code):
    """A country's name in the visitor's language; an unknown code as it is."""
    return countries.name(code) or code


TIME_ZONE_CHOICES = [(name, name) for name in sorted(zoneinfo.available_timezones())]
CURRENCIES = "ARS AUD BRL CAD CHF CZK DKK EUR GBP ILS INR KES MXN NOK NZD PLN SEK SGD TRY USD ZAR"
CURRENCY_CHOICES = [(code, code) for code in CURRENCIES.split()]


class Format(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Online and in person")


class ChoiceArrayField(ArrayField):
    """A list of choices, edited as a multiple choice rather than comma-separated text."""

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=self.base_field.choices,
            required=not self.blank,
            label=self.verbose_name,
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple
            if len(self.base_field.choices) <= 12
            else forms.SelectMultiple(attrs={"size": 8}),
        )


class LanguagesField(ChoiceArrayField):
    """Language codes of the languages Django knows by name."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("base_field", models.CharField(max_length=7, choices=LANGUAGE_CHOICES))
        super().__init__(*args, **kwargs)
