import html
import re

import pytest

from tests.factories import TrackFactory, TrainingFactory, days_from_today
from trainings.models import Training

pytestmark = pytest.mark.django_db

URL = "/eligibility/"
BACHELOR_IN_PSYCHOLOGY = "degree_level=bachelor&degree_field=psychology&has_licence=no"
MASTER_IN_PSYCHOLOGY = "degree_level=master&degree_field=psychology&has_licence=no"


@pytest.fixture
def tracks():
    """The institute's three tracks with their requirements, as staff set them up."""
    clinical = TrackFactory(clinical=True)
    facilitator = TrackFactory(facilitator=True)
    online = TrackFactory(slug="online-first-module", name="Online first module", opens=clinical)
    return clinical, facilitator, online


def titles(response):
    """Titles of the training cards, in the order of the page."""
    return re.findall(
        r'<h3 class="h5 card-title"><a href="[^"]+">([^<]+)</a>', response.content.decode()
    )


def apply_links(response):
    """The addresses of the "Apply with these answers" links, as a browser reads them."""
    return [
        html.unescape(href)
        for href in re.findall(
            r'<a class="btn[^"]*" href="([^"]+)">Apply with these answers',
            response.content.decode(),
        )
    ]


def section(response, heading_id):
    """The HTML of the section labelled by ``heading_id``, to check what is shown where."""
    page = response.content.decode()
    start = page.index(f'aria-labelledby="{heading_id}"')
    return page[start : page.find("</section>", start)]


def test_a_first_visit_shows_the_four_questions_without_errors(client, tracks):
    response = client.get(URL)

    page = response.content.decode()
    assert page.count("<h1") == 1
    assert re.search(r'<form[^>]* method="get"', page)
    assert "csrfmiddlewaretoken" not in page
    for name in ("degree_level", "degree_field", "country"):
        assert re.search(rf'<label\s+for="id_{name}"', page)
    assert re.search(r"<legend[^>]*>\s*Are you licensed to practise psychotherapy", page)
    assert re.search(r'type="radio"[^>]+name="has_licence" value="yes"', page)
    assert "This field is required" not in page
    assert "Your result" not in page


def test_an_eligible_clinician_sees_the_verdicts_and_trainings_of_every_track(client, tracks):
    clinical, facilitator, online = tracks
    TrainingFactory(title="Clinical Berlin", track=clinical)
    TrainingFactory(title="PFT Berlin", track=facilitator)
    TrainingFactory(title="Online start", track=online, online=True)

    response = client.get(f"{URL}?{MASTER_IN_PSYCHOLOGY}&country=DE")

    result = section(response, "result-title")
    assert 'role="status"' in result
    assert "Clinical Track: you can apply" in result
    assert "Your Master&#x27;s degree in psychology meets what Clinical Track asks for." in result
    assert "Professional Facilitator Training: you can apply" in result
    assert "Online first module: you can apply" in result
    assert titles(response) == ["Clinical Berlin", "PFT Berlin", "Online start"]
    assert "Trainings you can apply to next" in response.content.decode()
    # The answers stay in the form, to change one and check again.
    assert '<option value="master" selected>' in response.content.decode()
    assert "is open to you" not in response.content.decode()


def test_a_licence_qualifies_a_master_in_another_field(client, tracks):
    clinical, _facilitator, _online = tracks
    TrainingFactory(title="Clinical Berlin", track=clinical)

    response = client.get(
        f"{URL}?degree_level=master&degree_field=other&has_licence=yes&country=DE"
    )

    assert "Your licence to practise psychotherapy qualifies you for Clinical Track." in (
        response.content.decode()
    )
    assert titles(response) == ["Clinical Berlin"]


def test_a_bachelor_in_psychology_learns_why_and_is_offered_the_facilitator_training(
    client, tracks
):
    clinical, facilitator, online = tracks
    TrainingFactory(title="Clinical Berlin", track=clinical)
    TrainingFactory(title="Online start", track=online, online=True)
    pft = TrainingFactory(title="PFT Berlin", slug="pft-berlin", track=facilitator)

    response = client.get(f"{URL}?{BACHELOR_IN_PSYCHOLOGY}&country=DE")

    result = section(response, "result-title")
    assert "Clinical Track: not with these answers" in result
    assert (
        "Your highest degree is a Bachelor&#x27;s degree; a Master&#x27;s degree is missing."
        in (result)
    )
    assert "Online first module: not with these answers" in result
    offer = section(response, "offer-title")
    assert "Professional Facilitator Training is open to you" in offer
    assert "PFT Berlin" in offer
    assert apply_links(response) == [
        f"/trainings/{pft.slug}/apply/"
        "?degree_level=bachelor&degree_field=psychology&has_licence=no&country=DE"
    ]
    assert titles(response) == ["PFT Berlin"]


def test_the_offer_is_the_track_staff_chose_for_the_one_out_of_reach(client):
    clinical = TrackFactory(clinical=True)
    weekend = TrackFactory(slug="couples-weekend", name="Couples Weekend")
    clinical.offered_instead = weekend
    clinical.save()
    TrainingFactory(title="Weekend Berlin", track=weekend)
    TrainingFactory(title="PFT Berlin", track=TrackFactory(facilitator=True))

    response = client.get(f"{URL}?{BACHELOR_IN_PSYCHOLOGY}&country=DE")

    offer = section(response, "offer-title")
    assert "Couples Weekend is open to you" in offer
    assert "Weekend Berlin" in offer and "PFT Berlin" not in offer
    assert "PFT Berlin" in section(response, "next-title")


def test_a_track_that_offers_nothing_instead_makes_no_offer(client):
    facilitator = TrackFactory(facilitator=True)
    TrackFactory(slug="clinical-2", name="Second Clinical Track", minimum_degree="master")
    TrainingFactory(title="PFT Berlin", track=facilitator)

    response = client.get(f"{URL}?{BACHELOR_IN_PSYCHOLOGY}&country=DE")

    assert "Second Clinical Track: not with these answers" in response.content.decode()
    assert "is open to you" not in response.content.decode()
    assert titles(response) == ["PFT Berlin"]


def test_every_open_facilitator_cohort_is_offered_with_the_answers(client, tracks):
    _clinical, facilitator, _online = tracks
    for number in range(8):
        TrainingFactory(slug=f"pft-{number}", track=facilitator, starts_in=30 + number)

    response = client.get(f"{URL}?degree_level=none&degree_field=other&has_licence=no&country=DE")

    assert apply_links(response) == [
        f"/trainings/pft-{number}/apply/"
        "?degree_level=none&degree_field=other&has_licence=no&country=DE"
        for number in range(8)
    ]


def test_trainings_in_the_persons_country_come_first_then_the_nearest_abroad(client, tracks):
    clinical, _facilitator, _online = tracks
    for title, city, country, lat, lon, starts_in in [
        ("Madrid", "Madrid", "ES", 40.42, -3.70, 30),
        ("Toronto", "Toronto", "CA", 43.65, -79.38, 40),
        ("Chicago", "Chicago", "US", 41.88, -87.63, 90),
        ("New York", "New York", "US", 40.71, -74.01, 60),
        ("Boston", "Boston", "US", None, None, 120),  # no coordinates: in the country all the same
    ]:
        TrainingFactory(
            title=title,
            city=city,
            country=country,
            latitude=lat,
            longitude=lon,
            starts_in=starts_in,
            track=clinical,
        )
    TrainingFactory(title="Online start", track=clinical, online=True)

    response = client.get(f"{URL}?{MASTER_IN_PSYCHOLOGY}&country=US")

    # At home soonest first; then abroad from Washington, D.C.: Toronto is nearer than Madrid.
    assert titles(response) == [
        "New York",
        "Chicago",
        "Boston",
        "Toronto",
        "Madrid",
        "Online start",
    ]
    assert "Those in United States first" in response.content.decode()


def test_at_most_six_trainings_are_suggested_with_room_for_online_ones(client, tracks):
    clinical, _facilitator, _online = tracks
    for number in range(7):
        TrainingFactory(title=f"Berlin {number}", track=clinical, starts_in=30 + number)
    for number in range(3):
        TrainingFactory(
            title=f"Online {number}", track=clinical, online=True, starts_in=30 + number
        )

    response = client.get(f"{URL}?{MASTER_IN_PSYCHOLOGY}&country=DE")

    assert titles(response) == [
        "Berlin 0",
        "Berlin 1",
        "Berlin 2",
        "Berlin 3",
        "Online 0",
        "Online 1",
    ]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        (
            "degree_level=phd&degree_field=psychology&has_licence=no&country=DE",
            "degree_level",
            "Select a valid choice",
        ),
        (f"{MASTER_IN_PSYCHOLOGY}&country=XX", "country", "Select a valid choice"),
        (
            "degree_level=master&degree_field=psychology&has_licence=maybe&country=DE",
            "has_licence",
            "Select a valid choice",
        ),
        ("degree_level=master", "degree_field", "This field is required"),
    ],
)
def test_a_wrong_answer_is_explained_next_to_its_question(client, tracks, query, field, message):
    TrainingFactory(title="Clinical Berlin")

    response = client.get(f"{URL}?{query}")

    assert response.status_code == 200
    page = response.content.decode()
    start = page.index(f'id="div_id_{field}"')
    question = page[start : page.find('id="div_id_', start + 1)]
    assert message in question
    assert 'aria-invalid="true"' in question
    assert "Your result" not in page
    assert titles(response) == []


def test_drafts_and_closed_trainings_are_never_offered(client, tracks):
    clinical, facilitator, _online = tracks
    for track in (clinical, facilitator):
        TrainingFactory(title=f"Open {track.slug}", track=track)
        TrainingFactory(title="Draft", track=track, status=Training.Status.DRAFT)
        TrainingFactory(title="Cancelled", track=track, status=Training.Status.CANCELLED)
        TrainingFactory(
            title="Closed",
            track=track,
            applications_open=days_from_today(-60),
            applications_close=days_from_today(-1),
        )
        TrainingFactory(
            title="Not open yet",
            track=track,
            applications_open=days_from_today(10),
            starts_in=90,
        )

    eligible = client.get(f"{URL}?{MASTER_IN_PSYCHOLOGY}&country=DE")
    not_eligible = client.get(f"{URL}?{BACHELOR_IN_PSYCHOLOGY}&country=DE")

    assert titles(eligible) == ["Open clinical", "Open professional-facilitator"]
    assert titles(not_eligible) == ["Open professional-facilitator"]
    for response in (eligible, not_eligible):
        for title in ("Draft", "Cancelled", "Closed", "Not open yet"):
            assert f">{title}<" not in response.content.decode()


def test_queries_do_not_grow_with_the_number_of_trainings(count_queries, tracks):
    """One training of each kind (at home, abroad, online, of each track), then many."""
    clinical, facilitator, online = tracks
    url = f"{URL}?{MASTER_IN_PSYCHOLOGY}&country=DE"

    def add_trainings(count):
        for track in (clinical, facilitator):
            TrainingFactory.create_batch(count, track=track, modules=count)
            TrainingFactory.create_batch(
                count, track=track, modules=count, city="Madrid", country="ES"
            )
        TrainingFactory.create_batch(count, track=online, online=True, modules=count)

    add_trainings(1)
    few = count_queries(url)
    add_trainings(3)

    assert count_queries(url) == few
