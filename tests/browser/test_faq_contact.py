import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from faq.models import ContactMessage
from tests.factories import QuestionFactory

pytestmark = pytest.mark.usefixtures("javascript")


def test_a_visitor_searches_the_faq_and_writes_to_the_institute(page, live_server, settings):
    settings.CONTACT_MIN_SECONDS = 1
    QuestionFactory(
        question="What are the fees?",
        slug="fees",
        answer="It depends on the country. [Write to us](/contact/?topic=finances) for details.",
        topic="fees",
    )
    QuestionFactory(question="Is there a training online?", slug="online", topic="online")

    page.goto(f"{live_server.url}/faq/")
    page.get_by_role("searchbox").fill("fee")
    page.get_by_role("button", name=re.compile("Search")).click()

    expect(page.get_by_text("What are the fees?")).to_be_visible()
    expect(page.get_by_text("Is there a training online?")).to_have_count(0)
    page.get_by_role("link", name="Write to us").click()

    expect(page.get_by_role("radio", name="Fees and financial questions")).to_be_checked()
    page.get_by_label(re.compile(r"Your name")).fill("Ana Ruiz")
    page.get_by_label(re.compile(r"Your e-mail")).fill("ana@example.org")
    page.get_by_role("combobox", name=re.compile(r"Country where")).select_option(label="Kenya")
    page.get_by_label(re.compile(r"Your message")).fill("Is a payment plan possible?")
    page.get_by_label(re.compile("privacy notice")).check()
    page.wait_for_timeout(1100)  # a person takes longer than the form's minimum time
    page.get_by_role("button", name=re.compile("Send")).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("sent|Thank", re.I))
    message = ContactMessage.objects.get()
    assert message.topic == "finances"
    assert message.message == "Is a payment plan possible?"
    assert mail.outbox == []  # routed by a task after the commit, never inside the request
