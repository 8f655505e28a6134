import pytest

from tests.factories import CategoryFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def test_faq_groups_published_questions_by_category_with_anchors(client):
    fees = CategoryFactory(name="Fees", position=2)
    joining = CategoryFactory(name="Joining", position=1)
    QuestionFactory(category=fees, question="What does it cost?", slug="cost")
    QuestionFactory(category=joining, question="Who can join?", slug="who")
    QuestionFactory(category=joining, question="Draft question?", is_published=False)

    html = client.get("/faq/").content.decode()

    assert html.index("Joining") < html.index("Who can join?") < html.index("Fees")
    assert html.index("Fees") < html.index("What does it cost?")
    assert '<details id="cost"' in html and '<details id="who"' in html
    assert "Draft question?" not in html


def test_contact_page_gives_the_institutes_address(client, settings):
    settings.INSTITUTE_EMAIL = "office@imago.example"

    html = client.get("/contact/").content.decode()

    assert 'href="mailto:office@imago.example"' in html
