import contextlib
import functools
import uuid
from typing import NamedTuple
from urllib.parse import urlencode

from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Fieldset, Layout, Submit
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from applicants import documents
from applicants.eligibility import check_eligibility
from applicants.models import Application
from imago_site.mail import fits_one_line
from imago_site.translated import active_language
from trainings.forms import present_choices
from trainings.models import Training
from trainings.models.choices import CountryChoices, language_name
from trainings.requirements import DegreeField, DegreeLevel

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def yes_no_field(label, **kwargs):
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        **kwargs,
    )


class DocumentField(forms.FileField):
    """The upload of one document. It cleans to an ``applicants.documents.CheckedFile``, or,
    when no new file is chosen, to its ``initial``: the document uploaded earlier."""

    widget = forms.FileInput(attrs={"accept": documents.ACCEPT})

    def to_python(self, data):
        upload = super().to_python(data)
        return None if upload is None else documents.check_upload(upload)


def document_help_text(requirement, kept=None):
    """What to upload, in which formats, and the file already uploaded (``kept``) if any."""
    formats = gettext("PDF, JPEG or PNG, up to %(max_mb)s MB.") % {
        "max_mb": settings.DOCUMENT_MAX_MB
    }
    text = (
        format_html("{} {}", requirement.explanation, formats)
        if requirement.explanation
        else formats
    )
    if kept is not None:
        uploaded = gettext("%(name)s — uploaded (choose another file to replace it)") % {
            "name": kept.original_name
        }
        text = format_html("{}<br><strong>{}</strong>", text, uploaded)
    return text


def document_field_name(requirement):
    return f"document_{requirement.pk}"


# The answers a person may carry from the eligibility check or from one application to another,
# and that a draft keeps.
CARRIED_FIELDS = [
    "name",
    "email",
    "phone",
    "country",
    "city",
    "language",
    "profession",
    "degree_level",
    "degree_field",
    "degree_institution",
    "degree_year",
    "has_licence",
    "licence_country",
    "licence_body",
    "years_of_practice",
    "motivation",
    "attended_workshop",
    "wants_financial_assistance",
    "financial_note",
    "accessibility_needs",
    "heard_from",
]
# Answers that never travel in a visitor's session to another training's form: what the
# applicant wrote of their finances, and of their accessibility needs, which may tell of
# health. They are typed again (the yes-or-no question on financial assistance travels).
PRIVATE_FIELDS = {"financial_note", "accessibility_needs"}

# The name of the second button, "Save and continue later", which saves a draft instead.
SAVE_DRAFT = "save_draft"


def carried_from(data):
    """The answers typed in an application form (its ``data``), as they can travel to another
    training's application form or wait in a draft: the questions only, not the consents, which
    are given to the texts shown when the form is sent. Without null characters, which
    PostgreSQL cannot store."""
    return {
        name: data[name].replace("\x00", "")
        for name in CARRIED_FIELDS
        if isinstance(data.get(name), str) and data.get(name)
    }


class FormPart(NamedTuple):
    """One numbered part of a long form: its fieldset's id, its title and what it holds."""

    id: str
    title: str
    fields: list


def numbered_fieldset(part, number, total):
    """``part`` as a fieldset whose legend shows its number ("2. Your qualifications") and
    tells screen readers how many parts there are, which the number alone does not."""
    legend = format_html(
        '<span class="form-part-number" aria-hidden="true">{}.</span> '
        '<span class="visually-hidden">{}</span> {}',
        number,
        gettext("Part %(number)s of %(total)s:") % {"number": number, "total": total},
        part.title,
    )
    return Fieldset(legend, *part.fields, css_id=part.id, css_class="form-part")


class ApplicationForm(forms.ModelForm):
    """The application to one training, with the eligibility rule checked on the answers."""

    has_licence = yes_no_field(
        _("Are you licensed to practise psychotherapy in your country?"),
        help_text=_("For example a registration as psychotherapist or clinical psychologist."),
    )
    attended_workshop = yes_no_field(_("Have you attended an Imago couples workshop?"))
    wants_financial_assistance = yes_no_field(
        _("Would you like to ask for financial assistance?"),
        help_text=_("It does not affect the review of your application."),
    )
    privacy_consent = forms.BooleanField(
        label=_(
            "I have read the privacy notice and agree that the institute keeps my answers "
            "to handle this application."
        ),
        help_text=format_lazy(
            '<a href="{}">{}</a>', reverse_lazy("privacy"), _("Read the privacy notice")
        ),
    )
    policy_consent = forms.BooleanField(
        label=_("I accept the training's attendance, refund and transfer policy shown above."),
    )
    review_anyway = forms.BooleanField(
        required=False,
        label=_("I believe my qualification should count: please review my application anyway."),
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    # The documents uploaded with this form before (applicants.documents.sign_pending).
    pending_documents = forms.CharField(widget=forms.HiddenInput, required=False)
    # The draft this form continues, when it was opened from the draft's link (applicants.drafts).
    draft_token = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Application
        fields = [*CARRIED_FIELDS]
        widgets = {
            "motivation": forms.Textarea(attrs={"rows": 5}),
            "financial_note": forms.Textarea(attrs={"rows": 3}),
            "accessibility_needs": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "degree_level": _("Highest degree"),
            "degree_field": _("Field of that degree"),
            "motivation": _("Why do you want to join this training?"),
            "financial_note": _("Tell us briefly about your situation (seen only by staff)"),
            "licence_country": _("Country that issued the licence"),
            "licence_body": _("Body that issued the licence"),
        }
        help_texts = {
            # The label says who sees it; the model's help text would say it again.
            "financial_note": "",
            "language": _("We write to you in this language."),
            "accessibility_needs": _("Anything that helps you take part fully; optional."),
        }

    def __init__(self, *args, training, requirements=None, draft=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.training = training
        self.draft = draft
        self.verdict = None
        self.fields["submission_key"].initial = uuid.uuid4()
        # Unless they choose otherwise, we write to people in the language they read the site in.
        self.fields["language"].initial = active_language()
        for name in ("email", "city", "profession"):
            self.fields[name].widget.attrs["autocomplete"] = {
                "email": "email",
                "city": "address-level2",
                "profession": "organization-title",
            }[name]
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        # One upload per document the track asks for, beside the one uploaded earlier, if any:
        # ``requirements`` when the caller has them at hand, else read.
        if requirements is None:
            requirements = training.track.documents_asked()
        self.requirements = list(requirements)
        self.pending = documents.pending_from(
            self.data.get("pending_documents"), self.requirements, draft
        )
        if draft is not None:
            self.fields["draft_token"].initial = draft.token
            self.fields["pending_documents"].initial = documents.sign_pending(self.pending.values())
        for requirement in self.requirements:
            self.fields[document_field_name(requirement)] = DocumentField(
                label=requirement.name,
                required=requirement.is_required,
                error_messages={"required": _("Please add this document.")},
            )
        self.show_pending()

    @functools.cached_property
    def parts(self):
        """The form's parts, in the order they are filled in: each a fieldset with a numbered
        legend, and a link in the overview above the form."""
        parts = [
            FormPart(
                "part-about-you",
                _("About you"),
                ["name", "email", "phone", "country", "city", "language", "profession"],
            ),
            FormPart(
                "part-qualifications",
                _("Your qualifications"),
                [
                    "degree_level",
                    "degree_field",
                    "degree_institution",
                    "degree_year",
                    "has_licence",
                    "licence_country",
                    "licence_body",
                    "years_of_practice",
                ],
            ),
        ]
        if self.requirements:
            names = [document_field_name(requirement) for requirement in self.requirements]
            parts.append(FormPart("part-documents", _("Your documents"), names))
        parts += [
            FormPart(
                "part-training",
                _("The training"),
                ["motivation", "attended_workshop", "heard_from", "accessibility_needs"],
            ),
            FormPart(
                "part-agreement",
                _("Payment and agreement"),
                [
                    "wants_financial_assistance",
                    "financial_note",
                    HTML(
                        "{% load i18n content_language %}"
                        '<div class="policy-text border rounded p-3 mb-3">'
                        '<h2 class="h6">'
                        '{% translate "Attendance, refund and transfer policy" %}</h2>'
                        '<div{{ training|lang_attr:"refund_policy" }}>'
                        "{{ training.refund_policy|linebreaks }}</div></div>"
                    ),
                    "privacy_consent",
                    "policy_consent",
                ],
            ),
        ]
        return parts

    @functools.cached_property
    def helper(self):
        """The form's layout, built when the form is shown: a submission that is stored never
        needs it."""
        helper = FormHelper()
        helper.form_tag = True
        helper.form_class = "application-form"
        # Also from a draft's link: the form is sent, or saved again, like any other.
        helper.form_action = reverse("applicants:apply", args=[self.training.slug])
        helper.attrs = {"novalidate": ""}  # the portal's messages, next to each field
        helper.layout = Layout(
            *(
                numbered_fieldset(part, number, len(self.parts))
                for number, part in enumerate(self.parts, start=1)
            ),
            "submission_key",
            "pending_documents",
            "draft_token",
            # Two plain buttons: the first, which Enter presses, sends the application.
            Div(
                Submit("submit", _("Send my application"), css_class="btn-lg"),
                StrictButton(
                    _("Save and continue later"),
                    type="submit",
                    name=SAVE_DRAFT,
                    value="1",
                    css_class="btn-outline-primary btn-lg",
                ),
                css_class="d-flex flex-wrap gap-2 mb-3",
            ),
        )
        return helper

    def show_pending(self):
        """Let each document field count the document uploaded earlier, and say so."""
        for requirement in self.requirements:
            name = document_field_name(requirement)
            self.fields[name].initial = self.pending.get(requirement.pk)
            # The bound field, once made, keeps its own copy of the help text.
            self[name].help_text = document_help_text(requirement, self.fields[name].initial)

    def has_new_uploads(self):
        """Whether this form brings a file it accepted, which :meth:`keep_uploads` would store."""
        return any(
            isinstance(self.cleaned_data.get(document_field_name(r)), documents.CheckedFile)
            for r in self.requirements
        )

    def keep_uploads(self):
        """Store each file this form accepted at once, as a pending document (instead of one
        uploaded earlier for the same document), and name them all in the hidden field: a form
        sent back for a mistake elsewhere keeps them. Call it after ``is_valid()``, valid or
        not; sending the form attaches them (:meth:`attach_documents`)."""
        for requirement in self.requirements:
            checked = self.cleaned_data.get(document_field_name(requirement))
            if isinstance(checked, documents.CheckedFile):
                self.pending[requirement.pk] = documents.keep_pending(
                    requirement,
                    checked,
                    replacing=self.pending.get(requirement.pk),
                    draft=self.draft,
                )
        if not self.pending:
            return  # as nearly always: nothing uploaded, now or before
        self.data = self.data.copy()
        self.data["pending_documents"] = documents.sign_pending(self.pending.values())
        self.show_pending()

    def attach_documents(self, application):
        documents.attach_pending(application, self.pending.values())

    def is_valid_for_draft(self):
        """Whether the form may be saved as a draft ("Save and continue later"), checking only
        what a draft needs, with the messages beside those fields: an e-mail address to send
        the draft's link to, and the privacy consent. The portal keeps personal data only with
        consent, and a draft keeps answers and documents for weeks; the training's policy, on
        the other hand, is agreed to when the application is sent. Every other answer is kept
        as typed, however incomplete, and checked when the application is sent.

        Uploads are checked as always, as only an accepted file can be kept; a refused one is
        left out of the draft, and its field asks for it again when the application is sent.
        Use ``cleaned_data`` afterwards, as after ``is_valid()``."""
        self._errors = ErrorDict()
        self.cleaned_data = {}
        try:
            self.cleaned_data["email"] = self.fields["email"].clean(self["email"].data)
        except ValidationError:
            self.add_error(
                "email",
                _(
                    "To save your answers, enter a valid e-mail address: the link to continue "
                    "is sent there."
                ),
            )
        if not self["privacy_consent"].data:
            self.add_error(
                "privacy_consent",
                _("We keep your answers only with your consent: tick this box to save them."),
            )
        try:
            self.cleaned_data["submission_key"] = self.fields["submission_key"].clean(
                self["submission_key"].data
            )
        except ValidationError:
            self.cleaned_data["submission_key"] = None
        for requirement in self.requirements:
            name = document_field_name(requirement)
            with contextlib.suppress(ValidationError):
                self.cleaned_data[name] = self.fields[name].clean(
                    self[name].data, self[name].initial
                )
        return not self._errors

    def draft_answers(self):
        """The answers to keep in a draft, as typed (:func:`carried_from`)."""
        return carried_from(self.data)

    def draft_language(self):
        """The language of the draft's e-mail: the one chosen on the form, or else the one the
        site is read in."""
        chosen = self.data.get("language")
        return chosen if chosen in dict(settings.LANGUAGES) else active_language()

    def clean_name(self):
        name = self.cleaned_data["name"]
        if not fits_one_line(name):
            raise forms.ValidationError(_("Please write your name on one line."))
        return name

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("has_licence") and not cleaned.get("licence_country"):
            self.add_error("licence_country", _("Tell us which country licensed you to practise."))
        if cleaned.get("wants_financial_assistance") and not cleaned.get("financial_note"):
            self.add_error(
                "financial_note", _("A few words help us find the right support for you.")
            )
        if cleaned.get("degree_level") and cleaned.get("degree_field") and "has_licence" in cleaned:
            self.verdict = check_eligibility(
                self.training.track.requirements,
                cleaned["degree_level"],
                cleaned["degree_field"],
                cleaned["has_licence"],
            )
            if not self.verdict.is_eligible and not cleaned.get("review_anyway"):
                # The refusal offers a review: the box to ask for one, after the consents.
                self.helper.layout.insert(
                    self.helper.layout.fields.index("submission_key"), Field("review_anyway")
                )
                raise forms.ValidationError(
                    _("Your answers do not meet the requirements of %(track)s.")
                    % {"track": self.training.track.name},
                    code="not_eligible",
                )
        return cleaned

    @property
    def is_refused_for_eligibility(self):
        return (
            self.verdict is not None
            and not self.verdict.is_eligible
            and any(error.code == "not_eligible" for error in self.non_field_errors().as_data())
        )

    def unsaved_application(self):
        """The Application to submit, with the eligibility verdict this form reached on its
        answers and the consents recorded as given now."""
        application = self.save(commit=False)
        application.record_verdict(self.verdict)
        now = timezone.now()
        application.privacy_consent_at = now
        application.privacy_notice_version = settings.PRIVACY_NOTICE_VERSION
        application.policy_consent_at = now
        application.policy_text = self.training.refund_policy
        return application

    def carried_answers(self):
        """The typed answers, as they can travel to another training's application form."""
        return carried_from(self.data)


# The country fields' choices, set once on the class: every form copies its fields, and a
# list of 250 countries costs more to copy than the rest of the form.
ApplicationForm.base_fields["country"].choices = CountryChoices(_("Choose a country"))
ApplicationForm.base_fields["licence_country"].choices = CountryChoices(_("Choose a country"))


def initial_from(query, carried):
    """Initial answers for a new application form: carried over from a refused application in
    this session, or given by the eligibility check in the query string."""
    initial = dict(carried or {})
    for name in ("degree_level", "degree_field", "has_licence", "country"):
        if query.get(name):
            initial.setdefault(name, query[name])
    return initial


class DocumentForm(forms.Form):
    """One document uploaded from the status page, for ``requirement``; ``replacing`` is the
    document sent before, if any."""

    file = DocumentField(error_messages={"required": _("Choose a file first.")})

    def __init__(self, *args, requirement, action, replacing=None, **kwargs):
        # A prefix of its own, as the page holds one such form per document.
        super().__init__(*args, prefix=f"document-{requirement.pk}", **kwargs)
        self.requirement = requirement
        self.fields["file"].label = requirement.name
        self.fields["file"].help_text = document_help_text(requirement)
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(
            Submit(
                "upload",
                _("Replace the file") if replacing else _("Upload"),
                css_id=f"upload-{requirement.pk}",
            )
        )


class StatusLinkForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail address"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("send", _("E-mail me my links")))


class EligibilityForm(forms.Form):
    """The quick check's four questions; the answers carry the names the application form
    reads from the query string (``applicants.forms.initial_from``)."""

    degree_level = forms.ChoiceField(
        label=_("Your highest degree"),
        choices=[("", _("Choose your highest degree")), *DegreeLevel.choices],
    )
    degree_field = forms.ChoiceField(
        label=_("Field of that degree"),
        choices=[("", _("Choose a field")), *DegreeField.choices],
        help_text=_("Without a university degree, choose the field closest to your work."),
    )
    has_licence = yes_no_field(
        _("Are you licensed to practise psychotherapy in your country?"),
        help_text=_("For example a registration as psychotherapist or clinical psychologist."),
    )
    country = CountryField(blank_label=_("Choose your country")).formfield(
        label=_("Country where you live and work"),
        help_text=_("Trainings in this country are listed first."),
    )

    languages = forms.MultipleChoiceField(
        label=_("Languages you can follow a training in"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Trainings in these languages come first, here and wherever we suggest one."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The languages of the trainings open now, by name.
        taught = Training.objects.open_for_applications().values_list("language", flat=True)
        self.fields["languages"].choices = present_choices(
            taught.order_by().distinct(), language_name, ""
        )[1:]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        # The portal's own messages next to each field, also without JavaScript.
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            "degree_level",
            "degree_field",
            "has_licence",
            "country",
            "languages",
            Submit("check", _("Check my answers")),
        )

    def answers_query(self):
        """The answers as the query string the application form prefills itself from."""
        answers = self.cleaned_data
        return urlencode(
            {
                "degree_level": answers["degree_level"],
                "degree_field": answers["degree_field"],
                "has_licence": "yes" if answers["has_licence"] else "no",
                "country": answers["country"],
            }
        )
