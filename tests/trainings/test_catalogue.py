import datetime
import re

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from tests.factories import (
    ApplicationFactory,
    TrackFactory,
    TrainerFactory,
    TrainingFactory,
    days_from_today,
)
from trainings.models import Training

pytestmark = pytest.mark.django_db


def titles(response):
    """Training titles in the order the catalogue lists them (main results first)."""
    return re.findall(
        r'<h3 class="h5 card-title"><a href="[^"]+">([^<]+)</a>', response.content.decode()
    )


def test_the_catalogue_lists_only_published_upcoming_trainings(client):
    TrainingFactory(title="Berlin spring")
    TrainingFactory(title="Draft cohort", status=Training.Status.DRAFT)
    TrainingFactory(title="Cancelled cohort", status=Training.Status.CANCELLED)
    TrainingFactory(
        title="Finished cohort",
        applications_open=days_from_today(-200),
        applications_close=days_from_today(-101),
    )

    assert titles(client.get("/trainings/")) == ["Berlin spring"]


def test_rows_show_dates_place_language_fee_and_availability(client):
    TrainingFactory(title="Madrid", city="Madrid", country="ES", language="es", fee=1800)

    html = client.get("/trainings/").content.decode()

    assert "Madrid, Spain" in html
    assert "Spanish" in html
    assert "EUR\u00a01,800" in html
    assert "availability-open" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("track=professional-facilitator", ["PFT Berlin"]),
        ("country=AR", ["Clinical Buenos Aires"]),
        ("format=online", ["Online first module"]),
        ("language=es", ["Clinical Buenos Aires"]),
        ("track=clinical&country=DE", ["Clinical Berlin"]),
        ("track=clinical&format=in_person&language=en", ["Clinical Berlin"]),
    ],
)
def test_filters_alone_and_combined(client, query, expected):
    pft = TrackFactory(slug="professional-facilitator", name="PFT")
    TrainingFactory(title="Clinical Berlin")
    TrainingFactory(title="PFT Berlin", track=pft)
    TrainingFactory(
        title="Clinical Buenos Aires",
        city="Buenos Aires",
        country="AR",
        language="es",
        latitude=-34.6,
        longitude=-58.4,
        time_zone="America/Argentina/Buenos_Aires",
    )
    TrainingFactory(title="Online first module", online=True)

    assert sorted(titles(client.get(f"/trainings/?{query}"))) == sorted(expected)


def test_starting_month_filter(client):
    TrainingFactory(title="Soon", starts_in=20)
    later = TrainingFactory(title="Later", starts_in=120)
    month = later.starts_on.strftime("%Y-%m")

    assert titles(client.get(f"/trainings/?month={month}")) == ["Later"]


def test_a_bad_filter_value_is_explained_and_ignored(client):
    TrainingFactory(title="Berlin")

    response = client.get("/trainings/?country=XX&format=teleport")

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert titles(response) == ["Berlin"]


def test_near_orders_by_true_distance_and_offers_online_trainings(client):
    for title, city, country, lat, lon in [
        ("Buenos Aires", "Buenos Aires", "AR", -34.61, -58.38),
        ("Berlin", "Berlin", "DE", 52.52, 13.40),
        ("Madrid", "Madrid", "ES", 40.42, -3.70),
    ]:
        TrainingFactory(title=title, city=city, country=country, latitude=lat, longitude=lon)
    TrainingFactory(title="Online module", online=True)

    response = client.get("/trainings/?near=Lisbon")

    html = response.content.decode()
    assert "Trainings nearest to Lisbon, Portugal" in html
    assert titles(response) == ["Madrid", "Berlin", "Buenos Aires", "Online module"]
    assert "Or start online, wherever you are" in html
    assert re.search(r"\(50\d km away\)", html)  # Lisbon to Madrid is about 500 km


def test_near_accepts_a_country(client):
    TrainingFactory(title="Berlin")
    TrainingFactory(
        title="Johannesburg", city="Johannesburg", country="ZA", latitude=-26.2, longitude=28.05
    )

    assert titles(client.get("/trainings/?near=South+Africa")) == ["Johannesburg", "Berlin"]


def test_an_unknown_place_gets_suggestions_and_still_the_trainings(client):
    TrainingFactory(title="Berlin")

    response = client.get("/trainings/?near=Lisbn")

    html = response.content.decode()
    assert "We could not find a place called “Lisbn”." in html
    assert "near=Lisbon" in html
    assert titles(response) == ["Berlin"]


def test_a_place_text_is_escaped(client):
    response = client.get("/trainings/", {"near": "<script>alert(1)</script>"})

    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_pagination_keeps_the_filters(client):
    for number in range(14):
        TrainingFactory(title=f"Cohort {number:02}", starts_in=30 + number)

    first = client.get("/trainings/?format=in_person")
    second = client.get("/trainings/?format=in_person&page=2")

    assert len(titles(first)) == 12
    assert titles(second) == ["Cohort 12", "Cohort 13"]
    assert 'href="?format=in_person&amp;page=2"' in first.content.decode()
    assert client.get("/trainings/?page=99").status_code == 200  # the last page, not an error


def test_availability_follows_seats_and_dates(client):
    full = TrainingFactory(title="Full", capacity=2)
    ApplicationFactory.create_batch(2, training=full)
    few = TrainingFactory(title="Few", capacity=5)
    ApplicationFactory.create_batch(3, training=few)
    ApplicationFactory(training=few, status="withdrawn")  # frees its seat
    TrainingFactory(title="Not yet", applications_open=days_from_today(5))

    html = client.get("/trainings/").content.decode()

    cards = dict(re.findall(r">([A-Za-z ]+)</a></h3>.*?availability-(\w+)", html, re.S))
    assert cards == {"Full": "waiting_list", "Few": "few_seats", "Not yet": "not_yet"}
    assert "2 seats left" in html
    assert "Few seats left" not in html  # the count says it, once
    opens = date_format(days_from_today(5), "DATE_FORMAT")
    assert f"Opens on {opens}" in html


def test_a_training_not_open_yet_gives_the_day_in_the_pages_language(client):
    opens = days_from_today(30)
    later = TrainingFactory(title="Not yet", applications_open=opens, starts_in=90)

    english = client.get(later.get_absolute_url()).content.decode()
    with translation.override("es"):
        spanish = client.get(later.get_absolute_url()).content.decode()
        in_spanish = date_format(opens, "DATE_FORMAT")
    in_english = date_format(opens, "DATE_FORMAT")

    assert f"Applications open on {in_english}." in english
    assert f"Opens on {in_english}" in english
    # Machine-readable dates (JSON-LD, datetime attributes) stay ISO; what people read does not.
    visible = re.sub(r"<script.*?</script>|datetime=\"[^\"]*\"", "", english, flags=re.S)
    assert opens.isoformat() not in visible
    assert in_spanish in spanish and in_spanish != in_english


@pytest.mark.parametrize("url", ["/trainings/", "/trainings/?near=Lisbon&format=", "/"])
def test_catalogue_queries_do_not_grow_with_the_rows(url, count_queries):
    trainer = TrainerFactory()
    TrainingFactory(modules=3, trainers=[trainer])
    TrainingFactory(online=True)
    few = count_queries(url)

    for _ in range(30):
        ApplicationFactory(training=TrainingFactory(modules=3, trainers=[trainer]))
    TrainingFactory.create_batch(4, online=True)

    assert count_queries(url) == few


def test_home_shows_the_next_trainings_and_a_place_search(client):
    TrainingFactory(title="Berlin spring")

    html = client.get("/").content.decode()

    assert "Berlin spring" in html
    assert 'action="/trainings/"' in html and 'name="near"' in html


def test_track_page_lists_its_upcoming_trainings(client):
    pft = TrackFactory(slug="professional-facilitator", name="PFT")
    TrainingFactory(title="PFT Lisbon", track=pft)
    TrainingFactory(title="Clinical Berlin")

    response = client.get("/tracks/professional-facilitator/")

    assert titles(response) == ["PFT Lisbon"]


def test_dates_follow_the_modules(db):
    training = TrainingFactory(modules=3, starts_in=30)

    first = training.modules.get(number=1)
    last = training.modules.get(number=3)
    assert (training.starts_on, training.ends_on) == (first.start_date, last.end_date)
    last.delete()
    training.refresh_from_db()
    assert training.ends_on == training.modules.get(number=2).end_date


def test_saving_an_out_of_date_copy_keeps_the_dates(db):
    training = TrainingFactory(starts_in=30)
    stale = Training.objects.get(pk=training.pk)
    training.modules.update(start_date=days_from_today(40), end_date=days_from_today(42))

    stale.title = "Renamed"
    stale.save()

    stale.refresh_from_db()
    assert stale.starts_on == days_from_today(40)


def test_a_training_is_open_by_its_own_zones_calendar(db):
    training = TrainingFactory(time_zone="Pacific/Kiritimati")  # UTC+14
    local_today = timezone.now().astimezone(training.zone).date()

    assert training.today() == local_today
    assert isinstance(training.today(), datetime.date)


def test_a_search_near_a_place_offers_the_interest_list_for_its_country(client):
    TrainingFactory(title="Berlin")

    html = client.get("/trainings/?near=Nairobi").content.decode()

    assert 'href="/interest/?country=KE&amp;online=1"' in html


def test_a_closed_training_and_a_track_page_lead_to_the_interest_list(client):
    closed = TrainingFactory(applications_open=days_from_today(4), country="PT", city="Lisbon")

    closed_page = client.get(f"/trainings/{closed.slug}/apply/").content.decode()
    track_page = client.get(closed.track.get_absolute_url()).content.decode()

    assert f'href="/interest/?track={closed.track.slug}&amp;country=PT"' in closed_page
    assert f'href="/interest/?track={closed.track.slug}"' in track_page


def test_the_offer_to_hear_of_a_nearer_training_shows_only_when_none_is_close(client):
    TrainingFactory(title="Nairobi", city="Nairobi", country="KE", latitude=-1.29, longitude=36.82)
    TrainingFactory(title="Berlin")

    near = client.get("/trainings/?near=Nairobi").content.decode()
    far = client.get("/trainings/?near=Lisbon").content.decode()

    assert "Nothing close enough" not in near
    assert "Nothing close enough to Lisbon, Portugal?" in far


def test_online_starts_are_offered_in_hours_that_suit_the_place(client):
    for title, zone, starts_in in [
        ("Online for the Americas", "America/Argentina/Buenos_Aires", 20),
        ("Online for Europe", "Europe/Berlin", 30),
        ("Online for Africa", "Africa/Nairobi", 90),
        ("Online for Asia", "Asia/Singapore", 10),
    ]:
        TrainingFactory(title=title, online=True, time_zone=zone, starts_in=starts_in)

    def offered(near):
        html = client.get(f"/trainings/?near={near}").content.decode()
        section = html.split('id="online-title"')[1]
        return re.findall(r'card-title"><a href="[^"]+">([^<]+)</a>', section)

    assert offered("Nairobi") == ["Online for Africa", "Online for Europe", "Online for Asia"]
    assert offered("Buenos Aires")[0] == "Online for the Americas"
    assert offered("Melbourne")[0] == "Online for Asia"
