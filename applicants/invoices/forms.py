from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy as _

from applicants.invoices import pdf
from applicants.invoices.models import BillingDetails
from imago_site.mail import fits_one_line
from trainings.models.choices import CountryChoices


class BillingDetailsForm(forms.ModelForm):
    """Whom the invoices are made out to, asked once the application is accepted."""

    class Meta:
        model = BillingDetails
        fields = ["name", "company", "vat_number", "address", "postcode", "city", "country"]
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "name": _("As it should appear on the invoices."),
            "vat_number": _("Only if an organisation in the EU pays and has one."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = CountryChoices(BLANK_CHOICE_DASH[0][1])
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["company"].widget.attrs["autocomplete"] = "organization"
        self.fields["address"].widget.attrs["autocomplete"] = "street-address"
        self.fields["postcode"].widget.attrs["autocomplete"] = "postal-code"
        self.fields["city"].widget.attrs["autocomplete"] = "address-level2"
        self.fields["country"].widget.attrs["autocomplete"] = "country"
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save billing details")))

    def clean(self):
        cleaned = super().clean()
        # These are printed on one line each of the invoice.
        for name in ("name", "company", "postcode", "city", "vat_number"):
            if not fits_one_line(cleaned.get(name) or ""):
                self.add_error(name, _("Please write this on one line."))
        # An invoice that leaves out letters of a name is no good to anyone: say so here.
        for name in ("name", "company", "address", "postcode", "city", "vat_number"):
            if name in self.errors:
                continue
            if missing := pdf.unprintable(cleaned.get(name) or ""):
                self.add_error(
                    name,
                    _(
                        "Our invoices cannot print %(letters)s yet. Please write this in Latin "
                        "letters, as it should appear on the invoice."
                    )
                    % {"letters": " ".join(missing[:5])},
                )
        return cleaned

    def clean_vat_number(self):
        return "".join(self.cleaned_data["vat_number"].split()).upper()
