from decimal import Decimal

from django import forms
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext_lazy as _

from applicants.attendance.models import Attendance


class AttendanceForm(forms.Form):
    """One trainee's row of a module's attendance: present, in part (with the hours) or absent.

    A row left without a choice is not taken down (yet).
    """

    status = forms.ChoiceField(
        label=_("Attendance"),
        choices=Attendance.Status.choices,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "btn-check"}),
    )
    hours = forms.DecimalField(
        label=_("Hours attended, if present in part"),
        max_digits=5,
        decimal_places=1,
        min_value=0,
        required=False,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "size": 5}),
    )

    def __init__(self, *args, application, module, **kwargs):
        self.application = application
        self.module = module
        super().__init__(*args, prefix=f"trainee-{application.pk}", **kwargs)
        self.fields["hours"].help_text = _("Of %(hours)s hours.") % {
            "hours": floatformat(module.contact_hours, -1)
        }

    def clean(self):
        cleaned = super().clean()
        status, hours = cleaned.get("status"), cleaned.get("hours")
        if status == Attendance.Status.PARTIAL and "hours" not in self.errors:
            if not hours:
                self.add_error("hours", _("Write the hours attended, present in part."))
            elif hours > self.module.contact_hours:
                self.add_error(
                    "hours",
                    _("At most the module's %(hours)s hours.")
                    % {"hours": floatformat(self.module.contact_hours, -1)},
                )
        if status != Attendance.Status.PARTIAL:
            cleaned["hours"] = Decimal(0)
        return cleaned

    @property
    def entry(self):
        return (self.application, self.cleaned_data["status"], self.cleaned_data["hours"])
