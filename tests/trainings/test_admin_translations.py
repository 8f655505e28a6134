"""Publishing a training in the admin while texts of its pages are missing in a language the
portal offers: held with a list of them, until staff tick "Publish anyway"."""

import pytest
from django.urls import reverse

from tests.admin_forms import change_form_data
from tests.factories import TrackFactory, TrainingFactory
from tests.trainings.test_admin import training_form
from trainings.models import Training

pytestmark = pytest.mark.django_db

HELD = "Not published yet"


def complete_draft(**texts):
    """A draft with two modules whose refund policy, notes on paying and module titles are
    written in English, Spanish and German, but for ``texts`` (columns and their values)."""
    training = TrainingFactory(
        status=Training.Status.DRAFT,
        modules=2,
        **{
            "refund_policy_es": "Reembolso completo hasta 30 días antes.",
            "refund_policy_de": "Volle Erstattung bis 30 Tage vorher.",
            "payment_plan_en": "Pay by bank transfer.",
            "payment_plan_es": "Paga por transferencia.",
            "payment_plan_de": "Zahlen Sie per Überweisung.",
            **{name: value for name, value in texts.items() if not name.startswith("module")},
        },
    )
    for module in training.modules.all():
        module.title_en = f"Part {module.number}"
        module.title_es = f"Parte {module.number}"
        module.title_de = f"Teil {module.number}"
        module.save()
    return training


def publish(client, training, **changes):
    url = reverse("admin:trainings_training_change", args=[training.pk])
    return client.post(url, change_form_data(client.get(url), status="published", **changes))


def test_publishing_without_the_german_refund_policy_is_held_naming_it(staff_client):
    training = complete_draft(refund_policy_de="")

    response = publish(staff_client, training)

    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert len(errors) == 1
    assert HELD in errors[0]
    assert "Refund and transfer policy: German." in errors[0]
    assert "Spanish" not in errors[0]
    assert "Notes on paying" not in errors[0]
    assert "Module" not in errors[0]
    assert 'type="checkbox" name="publish_anyway"' in response.text
    training.refresh_from_db()
    assert training.status == Training.Status.DRAFT


def test_publish_anyway_publishes_with_the_translation_missing(staff_client):
    training = complete_draft(refund_policy_de="")

    response = publish(staff_client, training, publish_anyway="on")

    assert response.status_code == 302
    training.refresh_from_db()
    assert training.status == Training.Status.PUBLISHED
    assert training.refund_policy_de == ""


def test_a_training_written_in_every_language_publishes_without_a_warning(staff_client):
    training = complete_draft()

    page = staff_client.get(reverse("admin:trainings_training_change", args=[training.pk]))
    assert 'type="checkbox" name="publish_anyway"' not in page.text
    response = publish(staff_client, training)

    assert response.status_code == 302
    training.refresh_from_db()
    assert training.status == Training.Status.PUBLISHED
    assert HELD not in staff_client.get(response.url).text


def test_a_new_training_added_as_published_is_held_too(staff_client):
    data = training_form(
        TrackFactory(),
        status="published",
        **{"modules-0-title_en": "Foundations", "modules-0-title_de": "Grundlagen"},
    )

    response = staff_client.post(reverse("admin:trainings_training_add"), data)

    errors = response.context["adminform"].form.non_field_errors()
    assert "Refund and transfer policy: Spanish, German; Module 1 title: Spanish." in errors[0]
    assert not Training.objects.exists()
    response = staff_client.post(
        reverse("admin:trainings_training_add"), {**data, "publish_anyway": "on"}
    )
    assert response.status_code == 302
    assert Training.objects.get().status == Training.Status.PUBLISHED


def test_a_draft_saves_without_a_warning_whatever_is_missing(staff_client):
    training = complete_draft(refund_policy_es="", refund_policy_de="", payment_plan_de="")
    url = reverse("admin:trainings_training_change", args=[training.pk])

    response = staff_client.post(url, change_form_data(staff_client.get(url), capacity="12"))

    assert response.status_code == 302
    training.refresh_from_db()
    assert (training.status, training.capacity) == (Training.Status.DRAFT, 12)


def test_a_module_title_missing_in_german_holds_the_publishing(staff_client):
    training = complete_draft()
    training.modules.filter(number=2).update(title_de="")

    response = publish(staff_client, training)

    errors = response.context["adminform"].form.non_field_errors()
    assert "Module 2 title: German." in errors[0]
    assert "Module 1" not in errors[0]
    training.refresh_from_db()
    assert training.status == Training.Status.DRAFT


def test_a_module_title_cleared_in_the_same_save_holds_the_publishing(staff_client):
    training = complete_draft()

    response = publish(staff_client, training, **{"modules-0-title_es": ""})

    errors = response.context["adminform"].form.non_field_errors()
    assert "Module 1 title: Spanish." in errors[0]
    training.refresh_from_db()
    assert training.status == Training.Status.DRAFT
    assert training.modules.get(number=1).title_es == "Parte 1"


def test_every_missing_text_is_listed_with_its_languages(staff_client):
    training = complete_draft(refund_policy_es="", refund_policy_de="", payment_plan_es="")
    training.modules.filter(number=2).update(title_de="")

    response = publish(staff_client, training)

    errors = response.context["adminform"].form.non_field_errors()
    assert (
        "Refund and transfer policy: Spanish, German; Notes on paying: Spanish; "
        "Module 2 title: German." in errors[0]
    )


def test_notes_on_paying_left_empty_in_english_are_not_missing(staff_client):
    training = complete_draft(payment_plan_en="", payment_plan_es="", payment_plan_de="")

    response = publish(staff_client, training)

    assert response.status_code == 302
    training.refresh_from_db()
    assert training.status == Training.Status.PUBLISHED


def test_the_change_page_shows_the_missing_translations(staff_client):
    incomplete = complete_draft(refund_policy_es="")
    incomplete.modules.filter(number=1).update(title_de="")
    complete = complete_draft()

    def line(training):
        page = staff_client.get(reverse("admin:trainings_training_change", args=[training.pk]))
        field = page.context["adminform"].form.instance
        assert field == training
        html = page.text
        start = html.index("field-translations_missing")
        return html[start : html.index("</div>", html.index('class="readonly"', start))]

    assert "Refund and transfer policy: Spanish; Module 1 title: German" in line(incomplete)
    assert "None" in line(complete)
    assert "Spanish" not in line(complete)


def publish_action(client, trainings, **choice):
    return client.post(
        reverse("admin:trainings_training_changelist"),
        {"action": "publish", "_selected_action": [t.pk for t in trainings], **choice},
    )


def test_the_publish_action_asks_first_when_a_selected_draft_misses_a_translation(staff_client):
    incomplete = complete_draft(title="Lisbon 2027", refund_policy_de="")
    complete = complete_draft(title="Porto 2027")

    asked = publish_action(staff_client, [incomplete, complete])

    assert asked.status_code == 200
    assert "Lisbon 2027</a>: Refund and transfer policy: German" in asked.text
    assert "Porto 2027" not in asked.text
    assert 'name="publish_anyway" value="all"' in asked.text
    assert "Publish only the complete one" in asked.text
    assert set(Training.objects.values_list("status", flat=True)) == {Training.Status.DRAFT}


def test_publishing_only_the_complete_drafts_leaves_the_others_as_drafts(staff_client):
    incomplete = complete_draft(refund_policy_de="")
    complete = complete_draft()

    publish_action(staff_client, [incomplete, complete], publish_anyway="complete")

    incomplete.refresh_from_db()
    complete.refresh_from_db()
    assert (incomplete.status, complete.status) == ("draft", "published")


def test_publishing_them_all_the_same_publishes_the_incomplete_ones_too(staff_client):
    incomplete = complete_draft(refund_policy_de="")

    publish_action(staff_client, [incomplete], publish_anyway="all")

    incomplete.refresh_from_db()
    assert incomplete.status == Training.Status.PUBLISHED


def test_complete_drafts_are_published_by_the_action_without_a_question(staff_client):
    complete = complete_draft()

    response = publish_action(staff_client, [complete])

    assert response.status_code == 302
    complete.refresh_from_db()
    assert complete.status == Training.Status.PUBLISHED
