"""Dates and money in the visitor's language."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from trainings.templatetags.trainings_tags import date_range, money, zone_on

MARCH_3, MARCH_7 = datetime.date(2027, 3, 3), datetime.date(2027, 3, 7)
MAY_2, NEXT_JAN_5 = datetime.date(2027, 5, 2), datetime.date(2028, 1, 5)


@pytest.mark.parametrize(
    ("language", "one_month", "one_year", "two_years"),
    [
        ("en", "3–7 March 2027", "3 March – 2 May 2027", "3 March 2027 – 5 January 2028"),
        ("de", "3.–7. März 2027", "3. März – 2. Mai 2027", "3. März 2027 – 5. Januar 2028"),
        (
            "es",
            "3–7 de marzo de 2027",
            "3 de marzo – 2 de mayo de 2027",
            "3 de marzo de 2027 – 5 de enero de 2028",
        ),
    ],
)
def test_date_ranges_read_naturally_in_each_language(language, one_month, one_year, two_years):
    with translation.override(language):
        assert date_range(MARCH_3, MARCH_7) == one_month
        assert date_range(MARCH_3, MAY_2) == one_year
        assert date_range(MARCH_3, NEXT_JAN_5) == two_years
        assert date_range(MARCH_3, MARCH_3) == date_range(MARCH_3, None)


@pytest.mark.parametrize(
    ("language", "whole", "with_cents"),
    [
        ("en", "EUR\u00a02,400", "EUR\u00a01,234.50"),
        ("de", "2.400\u00a0EUR", "1.234,50\u00a0EUR"),
        # Spanish groups thousands with a space (RAE), as Django's formats for "es" do.
        ("es", "2\u00a0400\u00a0EUR", "1\u00a0234,50\u00a0EUR"),
    ],
)
def test_money_follows_the_languages_order_and_separators(language, whole, with_cents):
    with translation.override(language):
        assert money(Decimal("2400.00"), "EUR") == whole
        assert money(Decimal("1234.5"), "EUR") == with_cents
        assert money(None, "EUR") == ""


@pytest.mark.django_db
def test_a_training_page_shows_its_fee_and_dates_in_the_visitors_language(client):
    from tests.factories import TrainingFactory

    TrainingFactory(slug="berlin", currency="EUR", fee=Decimal("2400"))

    english = client.get("/trainings/berlin/").content.decode()
    german = client.get("/de/trainings/berlin/").content.decode()

    assert "EUR\u00a02,400" in english
    assert "2.400\u00a0EUR" in german


@pytest.mark.parametrize(
    ("zone", "day", "shown"),
    [
        ("Europe/Berlin", datetime.date(2027, 1, 15), "Europe/Berlin, UTC+1"),
        ("Europe/Berlin", datetime.date(2027, 7, 15), "Europe/Berlin, UTC+2"),
        ("America/Argentina/Buenos_Aires", MARCH_3, "America/Argentina/Buenos_Aires, UTC\u22123"),
        ("Asia/Kolkata", MARCH_3, "Asia/Kolkata, UTC+5:30"),
        ("UTC", MARCH_3, "UTC"),
        ("Africa/Johannesburg", None, "Africa/Johannesburg"),
    ],
)
def test_a_zone_is_shown_with_its_offset_on_the_day(zone, day, shown):
    assert zone_on(zone, day) == shown
