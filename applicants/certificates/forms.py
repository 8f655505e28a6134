from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout, Submit
from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from applicants.certificates.models import normalise_code


class CodeForm(forms.Form):
    """The verification code as typed from a certificate: case, spaces and dashes do not
    matter."""

    code = forms.CharField(
        label=_("Verification code"),
        max_length=40,
        help_text=_("As printed at the foot of the certificate, like K7QM-2XWD-9HTP-4BNR."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        # Also from the page of a code not found, whose own address is the code.
        self.helper.form_action = reverse_lazy("certificates:lookup")
        self.helper.disable_csrf = True
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Field("code", autocomplete="off", autocapitalize="characters", spellcheck="false"),
            Submit("verify", _("Verify"), css_class="btn-primary"),
        )

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                _("A verification code has 16 letters and digits, like K7QM-2XWD-9HTP-4BNR."),
                code="invalid",
            )
        return code
