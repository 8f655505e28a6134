import re

import pytest
from playwright.sync_api import expect

from tests.factories import TrainingFactory
from tests.worker import run_worker
from trainings.models import InterestSubscription

pytestmark = pytest.mark.usefixtures("javascript")


def link_in(message, pattern):
    body = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(pattern, body).group(0)


def test_a_visitor_far_from_every_training_subscribes_and_confirms_from_the_mail(
    page, new_context, live_server, smtp_server, settings
):
    settings.SITE_URL = live_server.url  # the links in the mail lead to this server
    TrainingFactory(title="Clinical Berlin")

    page.goto(live_server.url)
    page.get_by_label("Find a training near you").fill("Nairobi")
    page.get_by_label("Find a training near you").press("Enter")
    expect(
        page.get_by_role("heading", name="Nothing close enough to Nairobi, Kenya?")
    ).to_be_visible()
    page.get_by_role("link", name="Tell me when there is a training near me").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Tell me when there is a training near me"
    )
    expect(page.get_by_label("Country")).to_have_value("KE")
    expect(page.get_by_label("Also tell me about online trainings")).to_be_checked()
    page.get_by_label("Your e-mail address").fill("wanjiru@example.org")
    page.get_by_label("City").fill("Nairobi")
    page.get_by_role("button", name="Tell me about new trainings").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    subscription = InterestSubscription.objects.get()
    assert subscription.confirmed_at is None
    assert smtp_server.messages == []  # sent by the task worker, not by the page

    run_worker()
    [message] = smtp_server.messages_to("wanjiru@example.org")
    confirm_url = link_in(message, rf"{re.escape(live_server.url)}/interest/confirm/\S+")

    # The reader opens the link from their mail program: a new browser window, no cookies.
    inbox = new_context().new_page()
    inbox.goto(confirm_url)
    expect(inbox.get_by_role("heading", level=1)).to_have_text("Confirm your subscription")
    inbox.get_by_role("button", name="Yes, tell me about new trainings").click()

    expect(inbox.get_by_role("heading", level=1)).to_have_text("Your subscription is confirmed")
    expect(inbox.get_by_role("main")).to_contain_text("Nairobi, Kenya")
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None
    assert subscription.email == "wanjiru@example.org"
    assert (subscription.country.code, subscription.city) == ("KE", "Nairobi")
    assert subscription.wants_online
