from django import forms
from django.utils.translation import gettext_lazy as _

from applicants.reviews.models import Review

SCORES = [(value, str(value)) for value in range(1, 6)]


class ReviewForm(forms.Form):
    """A score from 1 to 5 for each of the track's criteria, a recommendation and a comment."""

    recommendation = forms.ChoiceField(
        label=_("Your recommendation"),
        choices=Review.Recommendation.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "For the decision-makers and the other reviewers; the applicant may ask to see it."
        ),
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        scored = {}
        for criterion in self.criteria:
            scored[self.field_name(criterion)] = forms.TypedChoiceField(
                label=criterion.name,
                help_text=criterion.guidance,
                choices=SCORES,
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                error_messages={"required": _("Give a score from 1 to 5.")},
            )
        self.fields = {**scored, **self.fields}

    @staticmethod
    def field_name(criterion):
        return f"criterion_{criterion.pk}"

    def scores(self):
        return {c: self.cleaned_data[self.field_name(c)] for c in self.criteria}
