import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout, Submit
from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from trainings.models import Format, Track
from trainings.models.choices import LANGUAGE_CHOICES

LANGUAGE_NAMES = dict(LANGUAGE_CHOICES)


def present_choices(values, names, empty_label):
    """Choices for the values that occur in the catalogue, named and sorted by name."""
    named = sorted(
        ((value, str(names(value))) for value in set(values) if value), key=lambda c: c[1]
    )
    return [("", empty_label), *named]


class CatalogueFilterForm(forms.Form):
    """The catalogue's filters, read from the query string so every search can be shared."""

    near = forms.CharField(
        label=_("Near"),
        required=False,
        max_length=200,
        help_text=_("A city or a country, e.g. Lisbon, Buenos Aires or Kenya."),
    )
    track = forms.ModelChoiceField(
        label=_("Track"),
        queryset=Track.objects.listed(),
        to_field_name="slug",
        required=False,
        empty_label=_("All tracks"),
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    format = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[("", _("Any format")), *Format.choices],
    )
    language = forms.ChoiceField(label=_("Language"), required=False)
    month = forms.ChoiceField(label=_("Starting in"), required=False)

    def __init__(self, *args, catalogue, **kwargs):
        """``catalogue``: the published upcoming trainings whose values the filters offer."""
        super().__init__(*args, **kwargs)
        facts = list(catalogue.values_list("country", "language", "starts_on"))
        self.fields["country"].choices = present_choices(
            (country for country, _language, _start in facts),
            countries.name,
            _("All countries"),
        )
        self.fields["language"].choices = present_choices(
            (language for _country, language, _start in facts),
            lambda code: LANGUAGE_NAMES.get(code, code),
            _("Any language"),
        )
        months = sorted({start.replace(day=1) for _country, _language, start in facts if start})
        self.fields["month"].choices = [
            ("", _("Any month")),
            *((f"{m:%Y-%m}", formats.date_format(m, "YEAR_MONTH_FORMAT")) for m in months),
        ]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.form_class = "catalogue-filters"
        self.helper.layout = Layout(
            Field("near", autocomplete="address-level2"),
            Div(
                Div("track", css_class="col-12 col-sm-6 col-lg"),
                Div("country", css_class="col-12 col-sm-6 col-lg"),
                Div("format", css_class="col-12 col-sm-6 col-lg"),
                Div("language", css_class="col-12 col-sm-6 col-lg"),
                Div("month", css_class="col-12 col-sm-6 col-lg"),
                css_class="row",
            ),
            Submit("search", _("Show trainings"), css_class="btn-primary"),
        )

    @property
    def starting_month(self):
        value = self.cleaned_data.get("month")
        if not value:
            return None
        return datetime.date.fromisoformat(f"{value}-01")


class FacultyFilterForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, *args, trainers, **kwargs):
        super().__init__(*args, **kwargs)
        facts = list(trainers.values_list("country", "languages"))
        self.fields["country"].choices = present_choices(
            (country for country, _languages in facts), countries.name, _("All countries")
        )
        self.fields["language"].choices = present_choices(
            (code for _country, languages in facts for code in languages),
            lambda code: LANGUAGE_NAMES.get(code, code),
            _("Any language"),
        )
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Div(
                Div("country", css_class="col-12 col-sm-6"),
                Div("language", css_class="col-12 col-sm-6"),
                css_class="row",
            ),
            Submit("filter", _("Show trainers"), css_class="btn-primary"),
        )
