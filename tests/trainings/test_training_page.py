import datetime
import json
import re

import icalendar
import pytest

from tests.factories import ApplicationFactory, TrainerFactory, TrainingFactory, days_from_today
from trainings.models import Training

pytestmark = pytest.mark.django_db


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_the_page_has_everything_to_decide(client):
    trainer = TrainerFactory(name="Ana Ruiz")
    training = TrainingFactory(
        title="Clinical Track Berlin 2027",
        modules=2,
        trainers=[trainer],
        fee=2400,
        early_bird_fee=2100,
        early_bird_deadline=days_from_today(20),
        payment_plan="Three instalments are possible.",
        contact_hours=132,
        refund_policy="Full refund until 30 days before the start.",
    )
    training.track.prerequisites = "A Master's degree in psychology."
    training.track.save()

    html = client.get(training.get_absolute_url()).content.decode()

    for expected in [
        "<h1>Clinical Track Berlin 2027</h1>",
        "Module 1",
        "Module 2",
        "Haus am See, Berlin, Germany",
        "English",
        "132",
        "Early-bird price EUR\u00a02,100 until "
        f"{days_from_today(20):%-d %B %Y}, then EUR\u00a02,400",
        "Three instalments are possible.",
        "Ana Ruiz",
        "A Master&#x27;s degree in psychology.",
        "Full refund until 30 days before the start.",
        f'href="/trainings/{training.slug}/apply/"',
        f'href="/trainings/{training.slug}/calendar.ics"',
    ]:
        assert expected in html, expected
    # With the zone's offset on the module's day: +1 in winter, +2 in summer.
    assert re.search(r"09:30–17:00 daily \(Europe/Berlin, UTC\+[12]\)", html)


def test_a_draft_training_is_not_found_anywhere(client):
    draft = TrainingFactory(status=Training.Status.DRAFT, title="Secret cohort")

    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(f"/trainings/{draft.slug}/calendar.ics").status_code == 404
    assert b"Secret cohort" not in client.get("/trainings.ics").content
    assert b"Secret cohort" not in client.get("/").content


def test_a_cancelled_training_says_so_and_points_to_open_cohorts(client):
    cancelled = TrainingFactory(status=Training.Status.CANCELLED)
    TrainingFactory(title="Open instead", track=cancelled.track)

    html = client.get(cancelled.get_absolute_url()).content.decode()

    assert "This training has been cancelled." in html
    assert "Open instead" in html
    assert "/apply/" not in html


def test_applications_not_yet_open_are_explained(client):
    training = TrainingFactory(applications_open=days_from_today(7))

    html = client.get(training.get_absolute_url()).content.decode()

    assert "Applications open on" in html
    assert "/apply/" not in html


def test_a_full_training_offers_the_waiting_list(client):
    training = TrainingFactory(capacity=1)
    ApplicationFactory(training=training)

    html = client.get(training.get_absolute_url()).content.decode()

    assert "Join the waiting list" in html


def test_json_ld_describes_the_course_and_the_event(client):
    trainer = TrainerFactory(name="Ana Ruiz")
    training = TrainingFactory(trainers=[trainer], modules=2, fee=2400)

    graph = json_ld(client.get(training.get_absolute_url()).content.decode())

    assert graph["@context"] == "https://schema.org"
    course, event = graph["@graph"]
    assert course["@type"] == "Course"
    assert course["name"] == training.title
    assert course["provider"]["name"] == "Imago International Training Institute"
    assert course["hasCourseInstance"]["courseMode"] == "onsite"
    assert course["hasCourseInstance"]["startDate"] == training.starts_on.isoformat()
    assert course["hasCourseInstance"]["instructor"][0]["name"] == "Ana Ruiz"
    assert course["offers"] | {"price": "2400.00", "priceCurrency": "EUR"} == course["offers"]
    assert event["@type"] == "EducationEvent"
    assert event["startDate"] == training.starts_on.isoformat()
    assert event["endDate"] == training.ends_on.isoformat()
    assert event["location"]["address"]["addressCountry"] == "DE"
    assert event["eventAttendanceMode"].endswith("OfflineEventAttendanceMode")


def test_json_ld_cannot_be_broken_out_of(client):
    training = TrainingFactory(description="</script><script>alert(1)</script>")

    html = client.get(training.get_absolute_url()).content.decode()

    assert "</script><script>alert(1)" not in html
    assert json_ld(html)["@graph"][0]["description"] == "</script><script>alert(1)</script>"


def test_the_calendar_of_one_training_has_its_modules_in_its_zone(client):
    training = TrainingFactory(modules=2, time_zone="America/Argentina/Buenos_Aires")

    response = client.get(f"/trainings/{training.slug}/calendar.ics")

    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 2
    first = events[0]
    start = first.decoded("dtstart")
    assert start.tzinfo.key == "America/Argentina/Buenos_Aires"
    assert start.time() == datetime.time(9, 30)
    assert start.date() == training.starts_on
    assert first["rrule"]["COUNT"] == [4]  # every day of the four-day module
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["America/Argentina/Buenos_Aires"]


def test_the_calendar_of_all_trainings_has_only_published_upcoming_ones(client):
    TrainingFactory(title="Berlin", modules=2)
    TrainingFactory(title="Lisbon", city="Lisbon", country="PT")
    TrainingFactory(title="Withdrawn", status=Training.Status.CANCELLED)

    calendar = icalendar.Calendar.from_ical(client.get("/trainings.ics").content)

    summaries = sorted(str(event["summary"]) for event in calendar.walk("VEVENT"))
    assert summaries == ["Berlin: Module 1", "Berlin: Module 2", "Lisbon: Module 1"]
    assert len({str(event["uid"]) for event in calendar.walk("VEVENT")}) == 3


def test_training_page_queries_do_not_grow_with_modules_or_trainers(count_queries):
    small = TrainingFactory(modules=1, trainers=[TrainerFactory()])
    large = TrainingFactory(modules=6, trainers=TrainerFactory.create_batch(8))
    ApplicationFactory.create_batch(5, training=large)

    assert count_queries(large.get_absolute_url()) == count_queries(small.get_absolute_url())


def test_the_page_leads_to_a_trainer_and_to_the_interest_list_when_closed(client):
    training = TrainingFactory(trainers=[TrainerFactory()], applications_open=days_from_today(3))

    html = client.get(training.get_absolute_url()).content.decode()

    assert f'href="/contact/?topic=trainer_near_me&amp;training={training.slug}"' in html
    assert f'href="/interest/?track={training.track.slug}&amp;country=DE"' in html
