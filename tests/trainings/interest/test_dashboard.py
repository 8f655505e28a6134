"""The interest list's panel on the admin's front page: confirmed demand per country."""

import re

import pytest
from django.utils import timezone

from tests.factories import SubscriptionFactory, TrackFactory
from trainings.interest import dashboard

pytestmark = pytest.mark.django_db
INDEX = "/admin/"


def test_demand_counts_confirmed_active_subscriptions_per_country_and_track(client, staff):
    clinical = TrackFactory(slug="clinical", name="Clinical Track", position=1)
    facilitator = TrackFactory(slug="pft", name="Facilitator Training", position=2)
    SubscriptionFactory.create_batch(2, country="DE", track=clinical)
    SubscriptionFactory(country="DE", track=facilitator)
    SubscriptionFactory(country="DE")  # any track
    SubscriptionFactory.create_batch(2, country="MX", track=facilitator)
    SubscriptionFactory(country="", wants_online=True)
    SubscriptionFactory(country="FR", confirmed_at=None)  # not confirmed
    SubscriptionFactory(country="FR", unsubscribed_at=timezone.now())  # ended

    assert dashboard.demand_by_country() == [
        {
            "country": "DE",
            "subscribers": 4,
            "tracks": {clinical.pk: 2, facilitator.pk: 1, None: 1},
        },
        {"country": "MX", "subscribers": 2, "tracks": {facilitator.pk: 2}},
        {"country": "", "subscribers": 1, "tracks": {None: 1}},
    ]
    page = client.get(INDEX).content.decode()
    assert "Demand from the interest list" in page
    assert (
        '<th scope="row">Germany</th><td>4</td><td class="dashboard-split">'
        "Clinical Track: 2; Facilitator Training: 1; Any track: 1</td>"
    ) in page
    assert (
        '<th scope="row">Mexico</th><td>2</td><td class="dashboard-split">'
        "Facilitator Training: 2</td>"
    ) in page
    assert '<th scope="row">Online only</th><td>1</td><td class="dashboard-split">Any' in page
    assert "France" not in page
    # The chart's legend names each track, in the catalogue's order.
    chart = page.split('<section class="module" aria-labelledby="dashboard-demand">')[1]
    chart = chart.split("</svg>")[0]
    legend = re.findall(r'font-size="12" fill="currentColor">([^<]+)</text>', chart)[:3]
    assert legend == ["Clinical Track", "Facilitator Training", "Any track"]
    assert 'href="/admin/trainings/interestsubscription/demand/"' in page


def test_only_the_fifteen_largest_countries_are_shown():
    codes = ["AR", "AT", "BE", "BR", "CA", "CH", "CL", "CO", "DE", "DK", "ES", "FI", "FR"]
    codes += ["GB", "IE", "IT", "MX"]
    for count, code in enumerate(codes, start=1):
        SubscriptionFactory.create_batch(count, country=code)

    shown = dashboard.demand_by_country()

    assert [row["country"] for row in shown] == list(reversed(codes))[:15]
    assert [row["subscribers"] for row in shown] == list(range(17, 2, -1))


def test_the_legend_of_one_track_is_left_out(client, staff):
    SubscriptionFactory.create_batch(2, country="DE")

    page = client.get(INDEX).content.decode()

    assert "Any track: 2" in page
    chart = page.split('aria-labelledby="dashboard-demand">')[1].split("</svg>")[0]
    assert "Any track" not in chart
