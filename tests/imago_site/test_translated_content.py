"""Content that staff write per language: shown in the visitor's language, English otherwise."""

import pytest
from django.db import connection, transaction
from django.utils import translation

from faq.models import Question
from tests.factories import QuestionFactory, TrackFactory, TrainingFactory
from trainings.models import Track

pytestmark = pytest.mark.django_db


def test_a_text_reads_the_active_language_and_falls_back_to_english():
    track = TrackFactory(summary="Training for clinicians.", summary_es="Formación para clínicos.")

    with translation.override("es"):
        assert track.summary == "Formación para clínicos."
    with translation.override("de"):
        assert track.summary == "Training for clinicians."
    with translation.override("de-at"):
        assert track.summary == "Training for clinicians."
    assert track.summary == "Training for clinicians."


def test_writing_a_text_writes_english_whatever_language_is_active():
    track = TrackFactory(name="Clinical Track", name_de="Klinischer Ausbildungsweg")

    with translation.override("de"):
        track.name = "Clinical Track (new)"
        track.save()

    stored = Track.objects.values("name_en", "name_es", "name_de").get(pk=track.pk)
    assert stored == {
        "name_en": "Clinical Track (new)",
        "name_es": "",
        "name_de": "Klinischer Ausbildungsweg",
    }


def test_a_track_page_speaks_the_visitors_language_and_marks_english_fallbacks(client):
    TrackFactory(
        slug="clinical",
        name="Clinical Track",
        name_es="Formación clínica",
        summary="For psychotherapists and counsellors.",
        summary_es="Para psicoterapeutas y consejeros.",
        audience="People with a Master's degree.",
    )

    spanish = client.get("/es/tracks/clinical/").content.decode()
    german = client.get("/de/tracks/clinical/").content.decode()
    english = client.get("/tracks/clinical/").content.decode()

    assert "<h1>Formación clínica</h1>" in spanish
    assert '<p class="lead">Para psicoterapeutas y consejeros.</p>' in spanish
    assert '<p lang="en">People with a Master&#x27;s degree.</p>' in spanish
    assert '<h1 lang="en">Clinical Track</h1>' in german
    assert '<p class="lead" lang="en">For psychotherapists and counsellors.</p>' in german
    assert "<h1>Clinical Track</h1>" in english
    assert "Formación" not in english


def test_a_training_page_shows_its_translated_title_description_and_policy(client):
    TrainingFactory(
        slug="berlin-2027",
        title="Clinical Track in Berlin",
        title_de="Klinische Ausbildung in Berlin",
        description="Near the Spree.",
        description_de="Nahe der Spree.",
        refund_policy="Full refund until 30 days before.",
        refund_policy_de="Volle Erstattung bis 30 Tage vorher.",
    )

    german = client.get("/de/trainings/berlin-2027/").content.decode()
    spanish = client.get("/es/trainings/berlin-2027/").content.decode()

    assert "<h1>Klinische Ausbildung in Berlin</h1>" in german
    assert "Nahe der Spree." in german
    assert "Volle Erstattung bis 30 Tage vorher." in german
    assert '<h1 lang="en">Clinical Track in Berlin</h1>' in spanish
    assert "Klinische" not in spanish


def test_english_fallbacks_inside_sentences_links_and_forms_are_marked_too(client):
    training = TrainingFactory(
        slug="berlin-2027",
        title="Clinical Track in Berlin",
        refund_policy="Full refund until 30 days before.",
    )
    training.modules.update(title_en="Opening weekend", title_es="Fin de semana inicial")
    later = TrainingFactory(slug="berlin-2028", title="Clinical Track in Berlin, again")
    later.modules.update(title_en="Opening weekend")

    form = client.get("/es/trainings/berlin-2027/apply/").content.decode()
    spanish_page = client.get("/es/trainings/berlin-2027/").content.decode()
    untranslated_module = client.get("/es/trainings/berlin-2028/").content.decode()
    english_form = client.get("/trainings/berlin-2027/apply/").content.decode()

    assert '<span lang="en">Clinical Track in Berlin</span>' in form  # in "Solicitar plaza en …"
    assert '<div lang="en"><p>Full refund until 30 days before.</p></div>' in form
    assert "Fin de semana inicial" in spanish_page
    assert '<span lang="en">Opening weekend</span>' in untranslated_module
    assert 'lang="en"' not in english_form.split("<main")[1]  # English on an English page


def test_the_faq_search_stems_the_visitors_language_and_finds_untranslated_answers(client):
    QuestionFactory(
        question="What does the training cost?",
        question_de="Was kostet die Ausbildung?",
        answer="The fees depend on the country.",
        answer_de="Die Gebühren hängen vom Land ab.",
        slug="cost",
    )
    QuestionFactory(
        question="Can I study online?",
        answer="The first module is taught online.",
        slug="online",
    )

    german_match = client.get("/de/faq/", {"q": "Gebühr"}).content.decode()
    english_in_german = client.get("/de/faq/", {"q": "online"}).content.decode()
    german_in_english = client.get("/faq/", {"q": "Gebühr"}).content.decode()

    assert "Was kostet die Ausbildung?" in german_match
    assert "Can I study online?" not in german_match
    assert 'lang="en">Can I study online?</summary>' in english_in_german
    assert "What does the training cost?" not in german_in_english


def test_the_faq_search_is_served_by_the_index_of_each_language():
    QuestionFactory.create_batch(3)
    with translation.override("es"), transaction.atomic(), connection.cursor() as cursor:
        # Forbid the plans that need no condition (see tests/faq/test_search.py).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = Question.objects.matching("cuota").explain()
    assert "question_search_es" in plan
    assert "question_search_en" in plan


def test_staff_enter_a_translation_in_the_admin_and_the_page_shows_it(staff_client, client):
    track = TrackFactory(slug="clinical", name="Clinical Track")
    form = {
        "slug": "clinical",
        "name_en": "Clinical Track",
        "name_es": "Formación clínica",
        "name_de": "",
        "summary_en": track.summary,
        "audience_en": track.audience,
        "minimum_degree": track.minimum_degree,
        "position": "1",
        "is_listed": "on",
        # The documents the track asks for, an inline: none.
        "document_requirements-TOTAL_FORMS": "0",
        "document_requirements-INITIAL_FORMS": "0",
        # Its certificate, and the steps of its path (an inline): none.
        "certificate_share": "100",
        "certification_requirements-TOTAL_FORMS": "0",
        "certification_requirements-INITIAL_FORMS": "0",
        # Its review: the days promised for an answer, and the criteria (an inline): none.
        "answer_days": "21",
        "review_criteria-TOTAL_FORMS": "0",
        "review_criteria-INITIAL_FORMS": "0",
    }

    response = staff_client.post(f"/admin/trainings/track/{track.pk}/change/", form)

    assert response.status_code == 302
    assert "<h1>Formación clínica</h1>" in client.get("/es/tracks/clinical/").content.decode()
    assert (
        '<h1 lang="en">Clinical Track</h1>' in client.get("/de/tracks/clinical/").content.decode()
    )
