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
    LANGUAGE_CHOICES,
    CountryChoices,
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


class InterestForm(forms.Form):
    """What someone wants to hear about when a training is published. The page can be linked
    with the choices in the query string (see :meth:`initial_from`)."""

    email = forms.EmailField(label=_("Your e-mail address"))
    country = forms.ChoiceField(
        label=_("Country"),
        choices=CountryChoices(_("Choose a country")),
        required=False,
        help_text=_("Where you would like to train. Leave it empty for online trainings only."),
    )
    city = forms.CharField(
        label=_("City"),
        max_length=120,
        required=False,
        help_text=_("Optional: it helps us see where to run trainings next."),
    )
    track = forms.ModelChoiceField(
        label=_("Track"),
        queryset=Track.objects.listed(),
        to_field_name="slug",
        required=False,
        empty_label=_("Any track"),
    )
    language = forms.ChoiceField(
        label=_("Language of instruction"),
        choices=[("", _("Any language")), *LANGUAGE_CHOICES],
        required=False,
    )
    online = forms.BooleanField(
        label=_("Also tell me about online trainings"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}  # the portal's messages, next to each field
        self.helper.layout = Layout(
            Field("email", autocomplete="email"),
            Div(
                Div("country", css_class="col-12 col-md-6"),
                Div(Field("city", autocomplete="address-level2"), css_class="col-12 col-md-6"),
                css_class="row",
            ),
            Div(
                Div("track", css_class="col-12 col-md-6"),
                Div("language", css_class="col-12 col-md-6"),
                css_class="row",
            ),
            "online",
            Submit("subscribe", _("Tell me about new trainings")),
        )

    @staticmethod
    def initial_from(query):
        """The choices other pages pass in the link: ``country`` (a code such as PT),
        ``city``, ``track`` (a track's slug), ``language`` (a language code) and ``online=1``.
        Values the form does not know are simply not selected."""
        initial = {"online": query.get("online", "").lower() in ("1", "true", "on", "yes")}
        if query.get("country"):
            initial["country"] = query["country"].upper()
        for name in ("city", "track"):
            if query.get(name):
                initial[name] = query[name]
        if query.get("language"):
            initial["language"] = query["language"].lower()
        return initial

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("country") and not cleaned.get("online"):
            self.add_error(
                "country",
                _("Choose a country, or tick online trainings to hear about those only."),
            )
        return cleaned

    def subscription_choices(self):
        """The cleaned choices under the names of ``trainings.models.interest.subscribe``."""
        data = self.cleaned_data
        return {
            "email": data["email"],
            "country": data["country"],
            "city": data["city"].strip(),
            "track": data["track"],
            "language": data["language"],
            "wants_online": data["online"],
        }
