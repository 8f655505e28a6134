"""The interest list's form: what someone wants to hear about."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from trainings.models import Track, Trainer, Training
from trainings.models.choices import CountryChoices, language_name


def taught_languages():
    """The languages the interest list offers: those of the published trainings and those the
    listed faculty teach in (where the next trainings may be), by name."""
    codes = set(Training.objects.published().values_list("language", flat=True).distinct())
    for languages in Trainer.objects.listed().values_list("languages", flat=True):
        codes.update(languages)
    return sorted(((code, language_name(code)) for code in codes), key=lambda c: str(c[1]))


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
    languages = forms.MultipleChoiceField(
        label=_("Languages you can follow a training in"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick none to hear of trainings in any language."),
    )
    online = forms.BooleanField(
        label=_("Also tell me about online trainings"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = taught_languages()
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}  # the portal's messages, next to each field
        self.helper.layout = Layout(
            Field("email", autocomplete="email"),
            Div(
                Div("country", css_class="col-12 col-md-6"),
                Div(Field("city", autocomplete="address-level2"), css_class="col-12 col-md-6"),
                css_class="row",
            ),
            "track",
            Field("languages", wrapper_class="checks-inline"),
            "online",
            Submit("subscribe", _("Tell me about new trainings")),
        )

    @staticmethod
    def initial_from(query):
        """The choices other pages pass in the link: ``country`` (a code such as PT),
        ``city``, ``track`` (a track's slug), ``language`` (a language code, repeated for
        several) and ``online=1``. Values the form does not know are simply not selected."""
        initial = {"online": query.get("online", "").lower() in ("1", "true", "on", "yes")}
        if query.get("country"):
            initial["country"] = query["country"].upper()
        for name in ("city", "track"):
            if query.get(name):
                initial[name] = query[name]
        if languages := query.getlist("language"):
            initial["languages"] = [code.lower() for code in languages]
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
        """The cleaned choices under the names of ``trainings.interest.models.subscribe``."""
        data = self.cleaned_data
        return {
            "email": data["email"],
            "country": data["country"],
            "city": data["city"].strip(),
            "track": data["track"],
            "languages": data["languages"],
            "wants_online": data["online"],
        }
