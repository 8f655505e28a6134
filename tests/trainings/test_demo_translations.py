"""The demo content is written in every language of the portal, as the institute's would be."""

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

from imago_site.translated import DEFAULT_LANGUAGE, column

pytestmark = pytest.mark.django_db

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def translated_fields(model):
    """The names of ``model``'s translated fields: those with a column in every language."""
    names = {field.name for field in model._meta.concrete_fields}
    suffix = f"_{DEFAULT_LANGUAGE}"
    return [
        name.removesuffix(suffix)
        for name in sorted(names)
        if name.endswith(suffix)
        and all(column(name.removesuffix(suffix), code) in names for code in LANGUAGE_CODES)
    ]


def untranslated(model):
    """Each row of ``model`` with a text written in the default language but left empty in
    another: the row, the field and the languages it lacks."""
    fields = translated_fields(model)
    gaps = []
    for row in model.objects.all():
        for name in fields:
            if getattr(row, column(name, DEFAULT_LANGUAGE)):
                lacking = [code for code in LANGUAGE_CODES if not getattr(row, column(name, code))]
                if lacking:
                    gaps.append((str(row), name, lacking))
    return gaps


TRANSLATED_MODELS = [model for model in apps.get_models() if translated_fields(model)]


def test_the_portal_has_translated_content_to_check():
    labels = {model._meta.label for model in TRANSLATED_MODELS}
    assert {"trainings.Training", "trainings.Module", "trainings.Track", "faq.Question"} <= labels
    assert "refund_policy" in translated_fields(apps.get_model("trainings", "Training"))


def test_every_demo_text_is_written_in_every_language():
    call_command("load_demo", verbosity=0)

    for label in ["trainings.Training", "trainings.Module", "trainings.Track", "faq.Question"]:
        assert apps.get_model(label).objects.exists()
    gaps = {model._meta.label: untranslated(model) for model in TRANSLATED_MODELS}
    assert {label: rows for label, rows in gaps.items() if rows} == {}


def test_the_demo_fills_its_translations_again_after_staff_emptied_one():
    call_command("load_demo", verbosity=0)
    Training = apps.get_model("trainings", "Training")
    Training.objects.filter(slug="clinical-berlin").update(refund_policy_de="", title_es="")

    call_command("load_demo", verbosity=0)

    berlin = Training.objects.get(slug="clinical-berlin")
    assert berlin.refund_policy_de and berlin.title_es
    assert untranslated(Training) == []
