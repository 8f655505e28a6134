"""The links in the portal's e-mails: status links, interest-list confirmation and unsubscribe
links. They cannot be guessed, the confirmation link expires, and a wrong, expired or tampered
one gets the same "not found" page."""

import datetime
import math
import re
from collections import Counter
from urllib.parse import quote

import pytest
from django.utils import timezone
from hypothesis import assume, given
from hypothesis import strategies as st

from tests.factories import ApplicationFactory, SubscriptionFactory
from trainings.models import InterestSubscription

pytestmark = pytest.mark.django_db


def entropy_bits(tokens):
    """Shannon entropy of the characters of ``tokens``, times the length of one token."""
    counts = Counter("".join(tokens))
    total = sum(counts.values())
    per_character = -sum(n / total * math.log2(n / total) for n in counts.values())
    return per_character * len(tokens[0])


def test_tokens_carry_at_least_200_random_bits():
    applications = ApplicationFactory.create_batch(20)
    subscriptions = SubscriptionFactory.create_batch(20)

    for tokens in ([a.token for a in applications], [s.token for s in subscriptions]):
        assert len(set(tokens)) == len(tokens)
        assert all(len(token) == 43 for token in tokens)
        # 64 symbols, about 6 bits each: a sample of 20 tokens shows close to that.
        assert entropy_bits(tokens) > 200


def tampered(token):
    """``token`` with its last character changed."""
    return token[:-1] + ("B" if token.endswith("A") else "A")


def expired_subscription():
    subscription = SubscriptionFactory(confirmed_at=None)
    InterestSubscription.objects.filter(pk=subscription.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=15)
    )
    return subscription


def test_a_confirmation_link_works_for_fourteen_days(client, settings):
    settings.INTEREST_CONFIRM_DAYS = 14
    fresh = SubscriptionFactory(confirmed_at=None)
    InterestSubscription.objects.filter(pk=fresh.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=13)
    )
    expired = expired_subscription()

    assert client.post(f"/interest/confirm/{fresh.token}/").status_code == 302
    assert client.post(f"/interest/confirm/{expired.token}/").status_code == 404
    assert client.get(f"/interest/confirm/{expired.token}/").status_code == 404
    fresh.refresh_from_db()
    expired.refresh_from_db()
    assert fresh.confirmed_at is not None
    assert expired.confirmed_at is None


def test_a_confirmed_subscription_keeps_its_links(client):
    subscription = SubscriptionFactory()
    InterestSubscription.objects.filter(pk=subscription.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=400)
    )

    assert client.get(f"/interest/confirm/{subscription.token}/").status_code == 200
    assert client.post(f"/interest/unsubscribe/{subscription.token}/").status_code == 302
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None


def test_asking_again_gives_the_confirmation_link_fourteen_new_days(client):
    expired = expired_subscription()

    client.post("/interest/", {"email": expired.email, "country": "DE"})

    assert client.post(f"/interest/confirm/{expired.token}/").status_code == 302
    assert InterestSubscription.objects.get().confirmed_at is not None


def test_a_wrong_expired_or_tampered_link_gets_one_and_the_same_not_found_page(client):
    application = ApplicationFactory(name="Ana Ruiz", email="ana@example.org")
    subscription = SubscriptionFactory(email="ben@example.org")
    expired = expired_subscription()
    wrong = [
        "/applications/nothing-like-a-token/",
        f"/applications/{tampered(application.token)}/",
        f"/applications/{application.token.upper()}/",
        f"/applications/{application.token}x/withdraw/",
        f"/applications/{subscription.token}/",
        f"/interest/confirm/{application.token}/",
        f"/interest/confirm/{expired.token}/",
        f"/interest/unsubscribe/{subscription.token[1:]}/",
        f"/interest/unsubscribe/{subscription.token}%00/",
    ]

    responses = [client.get(path) for path in wrong]

    assert {response.status_code for response in responses} == {404}
    # Apart from the links that repeat the address asked for (canonical, languages), the page
    # is the same.
    pages = {re.sub(r'(href|content)="[^"]*"', "", r.content.decode()) for r in responses}
    assert len(pages) == 1
    page = pages.pop()
    assert "We could not find that page" in page
    for secret in ("Ana Ruiz", "ana@example.org", "ben@example.org", expired.email):
        assert secret not in page
    assert "expired" not in page.lower()


@given(token=st.text(max_size=80))
def test_any_token_in_a_link_gets_the_not_found_page(client, token):
    assume(token not in {"", ".", "..", "lost-link"})

    for prefix in ("/applications/", "/interest/confirm/", "/interest/unsubscribe/"):
        response = client.get(f"{prefix}{quote(token, safe='')}/")
        assert response.status_code == 404
