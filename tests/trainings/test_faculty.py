import re

import pytest

from tests.factories import TrackFactory, TrainerFactory, TrainingFactory
from trainings.models import Training

pytestmark = pytest.mark.django_db


def trainer_names(response):
    return re.findall(
        r'<h2 class="h5 card-title"><a href="[^"]+">([^<]+)</a>', response.content.decode()
    )


def test_faculty_filters_by_country_and_language(client):
    TrainerFactory(name="Ana", country="AR", languages=["es", "en"])
    TrainerFactory(name="Bernd", country="DE", languages=["de", "en"])
    TrainerFactory(name="Hidden", country="DE", languages=["de"], is_listed=False)

    assert trainer_names(client.get("/faculty/")) == ["Ana", "Bernd"]
    assert trainer_names(client.get("/faculty/?country=DE")) == ["Bernd"]
    assert trainer_names(client.get("/faculty/?language=es")) == ["Ana"]
    assert trainer_names(client.get("/faculty/?country=DE&language=es")) == []
    assert trainer_names(client.get("/faculty/?language=en")) == ["Ana", "Bernd"]


def test_each_card_names_the_languages_the_trainer_teaches_in(client):
    TrainerFactory(name="Ana", country="AR", languages=["es", "en"])

    english = client.get("/faculty/").content.decode()
    german = client.get("/de/faculty/").content.decode()

    assert re.search(r"Languages: (Spanish, English|English, Spanish)</p>", english)
    assert re.search(r"Sprachen: (Spanisch, Englisch|Englisch, Spanisch)</p>", german)


def test_trainer_page_shows_upcoming_public_trainings_only(client):
    trainer = TrainerFactory(
        name="Ana", email="ana@imago.example", is_contact_public=False, languages=["es"]
    )
    TrainingFactory(title="Buenos Aires 2027", trainers=[trainer])
    TrainingFactory(title="Draft cohort", trainers=[trainer], status=Training.Status.DRAFT)

    html = client.get(trainer.get_absolute_url()).content.decode()

    assert "<h1>Ana</h1>" in html
    assert "Buenos Aires 2027" in html
    assert "Draft cohort" not in html
    assert "Spanish" in html
    assert "ana@imago.example" not in html


def test_a_public_contact_is_shown(client):
    trainer = TrainerFactory(email="ana@imago.example", is_contact_public=True)

    assert (
        'href="mailto:ana@imago.example"' in client.get(trainer.get_absolute_url()).content.decode()
    )


def test_an_unlisted_trainer_is_not_found(client):
    assert client.get(TrainerFactory(is_listed=False).get_absolute_url()).status_code == 404


def test_faculty_queries_do_not_grow_with_the_trainers(count_queries):
    tracks = [TrackFactory(slug="clinical"), TrackFactory(slug="pft")]
    TrainerFactory(tracks=tracks)
    few = count_queries("/faculty/")
    trainer = TrainerFactory(tracks=tracks)
    TrainingFactory(trainers=[trainer])
    one_trainer = count_queries(trainer.get_absolute_url())

    TrainerFactory.create_batch(30, tracks=tracks)
    TrainingFactory.create_batch(5, trainers=[trainer], modules=2)

    assert count_queries("/faculty/") == few
    assert count_queries(trainer.get_absolute_url()) == one_trainer


def test_a_long_faculty_comes_in_pages_that_keep_the_filters(client):
    for number in range(30):
        TrainerFactory(name=f"Trainer {number:02}", country="DE", languages=["de"])
    TrainerFactory(name="Ana", country="AR", languages=["es"])

    first = client.get("/faculty/?country=DE")
    second = client.get("/faculty/?country=DE&page=2")

    assert trainer_names(first) == [f"Trainer {number:02}" for number in range(24)]
    assert trainer_names(second) == [f"Trainer {number:02}" for number in range(24, 30)]
    assert 'href="?country=DE&amp;page=2" rel="next"' in first.content.decode()
    assert "30 trainers" in first.content.decode()
    assert "Ana" not in second.content.decode()
