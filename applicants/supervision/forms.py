import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applicants.supervision.models import SupervisionSession


class SupervisionForm(forms.ModelForm):
    """Hours of supervision a trainee enters; staff approve them before they count."""

    class Meta:
        model = SupervisionSession
        fields = ["held_on", "hours", "supervisor", "note"]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"})}
        help_texts = {
            "hours": _("In hours; half hours as 1.5."),
            "supervisor": _("The certified supervisor's full name."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Add these hours")))

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(_("Enter hours you have had, not planned ones."))
        if held_on < timezone.localdate() - datetime.timedelta(days=5 * 366):
            raise forms.ValidationError(_("This date is more than five years ago."))
        return held_on
