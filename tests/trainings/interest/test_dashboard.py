"""The interest list's panel on the admin's front page: confirmed demand per country."""

import pytest
from django.utils import timezone

from tests.factories import SubscriptionFactory
from trainings.interest import dashboard

pytestmark = pytest.mark.django_db
INDEX = "/admin/"


def test_demand_counts_confirmed_active_subscriptions_per_country_largest_first(client, staff):
    SubscriptionFactory.create_batch(3, country="DE")
    SubscriptionFactory.create_batch(2, country="MX")
    SubscriptionFactory(country="", wants_online=True)
    SubscriptionFactory(country="FR", confirmed_at=None)  # not confirmed
    SubscriptionFactory(country="FR", unsubscribed_at=timezone.now())  # ended

    assert dashboard.demand_by_country() == [
        {"country": "DE", "subscribers": 3},
        {"country": "MX", "subscribers": 2},
        {"country": "", "subscribers": 1},
    ]
    page = client.get(INDEX).content.decode()
    assert "Demand from the interest list" in page
    assert '<th scope="row">Germany</th><td>3</td>' in page
    assert '<th scope="row">Mexico</th><td>2</td>' in page
    assert '<th scope="row">Online only</th><td>1</td>' in page
    assert "France" not in page
    assert 'href="/admin/trainings/interestsubscription/demand/"' in page


def test_only_the_fifteen_largest_countries_are_shown():
    codes = ["AR", "AT", "BE", "BR", "CA", "CH", "CL", "CO", "DE", "DK", "ES", "FI", "FR"]
    codes += ["GB", "IE", "IT", "MX"]
    for count, code in enumerate(codes, start=1):
        SubscriptionFactory.create_batch(count, country=code)

    shown = dashboard.demand_by_country()

    assert [row["country"] for row in shown] == list(reversed(codes))[:15]
