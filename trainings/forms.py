import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout, Submit
from django import forms
from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models.functions import TruncMonth
from django.forms.utils import flatatt
from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from trainings.models import Format, Track
from trainings.models.choices import (
    country_name,
    language_name,
)


class OptionsInPython(forms.Select):
    """A select whose options are written in Python rather than one template each: the
    catalogue's filters offer a hundred options and more, and their templates cost more than
    the rest of the page. The markup is the same as Django's own."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (
                    option["value"],
                    mark_safe(" selected") if option["selected"] else "",
                    option["label"],
                )
                for _group, group_options, _index in widget["optgroups"]
                for option in group_options
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(widget["attrs"]), options
        )


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
    follows = forms.MultipleChoiceField(
        label=_("Languages you can follow a training in"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Near a place, trainings in these languages come first."),
    )
    track = forms.ChoiceField(label=_("Track"), required=False, widget=OptionsInPython)
    country = forms.ChoiceField(label=_("Country"), required=False, widget=OptionsInPython)
    format = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[("", _("Any format")), *Format.choices],
        widget=OptionsInPython,
    )
    language = forms.ChoiceField(label=_("Language"), required=False, widget=OptionsInPython)
    month = forms.ChoiceField(label=_("Starting in"), required=False, widget=OptionsInPython)

    def __init__(self, *args, catalogue, **kwargs):
        """``catalogue``: the published upcoming trainings whose values the filters offer."""
        super().__init__(*args, **kwargs)
        self.fields["track"].choices = [
            ("", _("All tracks")),
            *((track.slug, track.name) for track in Track.objects.listed()),
        ]
        facts = catalogue.aggregate(
            countries=ArrayAgg("country", distinct=True, default=[]),
            languages=ArrayAgg("language", distinct=True, default=[]),
            months=ArrayAgg(TruncMonth("starts_on"), distinct=True, default=[]),
        )
        self.fields["country"].choices = present_choices(
            facts["countries"], country_name, _("All countries")
        )
        self.fields["language"].choices = present_choices(
            facts["languages"], language_name, _("Any language")
        )
        self.fields["follows"].choices = self.fields["language"].choices[1:]
        months = sorted(month for month in facts["months"] if month)
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
            Field("follows", wrapper_class="checks-inline"),
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
            (country for country, _languages in facts), country_name, _("All countries")
        )
        self.fields["language"].choices = present_choices(
            (code for _country, languages in facts for code in languages),
            language_name,
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
