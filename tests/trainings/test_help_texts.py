"""Every field staff fill in for the public pages says, in its help text, what it does there
(the English column of a translated text carries it; the other languages' sit beside it)."""

import pytest
from django.apps import apps

from trainings.admin import TrainingForm

PUBLIC_MODELS = [
    "trainings.Training",
    "trainings.Module",
    "trainings.Track",
    "trainings.Trainer",
    "faq.Question",
    "faq.Category",
]
# Described elsewhere: the training's admin form gives the currency its text, and a module is
# edited on its training's page.
DESCRIBED_ELSEWHERE = {"trainings.Training.currency", "trainings.Module.training"}


@pytest.mark.parametrize("label", PUBLIC_MODELS)
def test_each_field_staff_fill_in_says_what_it_does(label):
    fields = [
        field
        for field in apps.get_model(label)._meta.get_fields()
        if getattr(field, "editable", False)
        and not field.auto_created
        and not field.name.endswith(("_es", "_de"))
    ]

    undescribed = [
        field.name
        for field in fields
        if not str(getattr(field, "help_text", "")).strip()
        and f"{label}.{field.name}" not in DESCRIBED_ELSEWHERE
    ]

    assert undescribed == []


def test_the_currency_is_described_on_the_training_form():
    assert "currency" in TrainingForm.Meta.help_texts
