import re
from urllib.parse import urlencode

import pytest
from django.db import connection, transaction
from django.test import Client

from faq.models import Question
from tests.factories import CategoryFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def search_page(client, query):
    response = client.get("/faq/?" + urlencode({"q": query}))
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def result_questions(html):
    """The questions listed as results, in the order of the page."""
    return re.findall(r"<summary>([^<]+)</summary>", html)


def test_search_lists_the_matching_questions_expanded(client):
    QuestionFactory(question="What is the tuition fee?", slug="tuition-fee")
    QuestionFactory(question="Where can I take the training?", answer="In many countries.")

    html = search_page(client, "tuition")

    assert result_questions(html) == ["What is the tuition fee?"]
    assert '<details id="tuition-fee" class="faq-item" open>' in html
    assert "One question matches “tuition”" in html
    assert html.count("<h1") == 1


def test_a_match_in_the_question_ranks_above_a_match_in_the_answer(client):
    QuestionFactory(
        question="How do I pay for the training?",
        answer="The supervision hours are paid separately from the modules.",
        position=1,
    )
    QuestionFactory(question="Is there supervision?", answer="Yes, in small groups.", position=2)

    html = search_page(client, "supervision")

    assert result_questions(html) == ["Is there supervision?", "How do I pay for the training?"]


def test_a_title_match_outranks_an_answer_that_repeats_the_word(client):
    QuestionFactory(
        question="How long does it take?",
        answer="Online, online, online: the online module is online and online again.",
        position=1,
    )
    QuestionFactory(question="Can I study online?", answer="Partly.", position=2)

    html = search_page(client, "online")

    assert result_questions(html)[0] == "Can I study online?"


@pytest.mark.parametrize(
    ("query", "stored"),
    [("fees", "What is the tuition fee?"), ("fee", "Are there reduced fees?")],
)
def test_search_finds_singular_and_plural_alike(client, query, stored):
    QuestionFactory(question=stored)

    assert result_questions(search_page(client, query)) == [stored]


def test_search_reads_phrases_and_exclusions_like_a_web_search(client):
    QuestionFactory(question="Is the first module online?", answer="Yes.")
    QuestionFactory(question="Is the training online?", answer="Only the first module.")

    assert result_questions(search_page(client, "online -training")) == [
        "Is the first module online?"
    ]


def test_search_never_shows_unpublished_questions(client):
    QuestionFactory(question="Published fee question?")
    QuestionFactory(question="Draft fee question?", answer="Fees.", is_published=False)

    html = search_page(client, "fee")

    assert result_questions(html) == ["Published fee question?"]
    assert "Draft fee question?" not in html


def test_a_search_without_results_says_so_and_offers_the_contact_form(client):
    QuestionFactory(question="What is the tuition fee?")

    html = search_page(client, "parking")

    assert "No question matches “parking”" in html
    assert (
        '<a class="btn btn-primary" href="/contact/?topic=general">Ask us your question</a>' in html
    )
    assert result_questions(html) == []


def test_a_search_of_only_common_words_finds_nothing_without_failing(client):
    QuestionFactory(question="What is the tuition fee?")

    assert "No question matches “the”" in search_page(client, "the")


def test_an_empty_search_shows_every_question(client):
    CategoryFactory(name="Practicalities")
    QuestionFactory(question="What is the tuition fee?")
    QuestionFactory(question="Where can I take the training?")

    html = search_page(client, "   ")

    assert result_questions(html) == ["What is the tuition fee?", "Where can I take the training?"]
    assert "match" not in html


def test_the_search_form_works_without_javascript(client):
    html = search_page(client, "fees")

    form = html[html.index("<form") : html.index("</form>")]
    assert 'method="get" action="/faq/"' in form
    assert '<label class="form-label" for="faq-search-q">' in form
    assert 'id="faq-search-q" name="q" value="fees"' in form


def test_search_results_are_not_indexed_by_search_engines(client):
    QuestionFactory(question="What is the tuition fee?")

    html = client.get("/faq/?q=fee").content.decode()

    assert '<meta name="robots" content="noindex">' in html
    assert "application/ld+json" not in html


HOSTILE_QUERIES = {
    "very long": "fee " * 5000,
    "sql": "'; DROP TABLE faq_question; --",
    "script": "<script>alert(1)</script>",
    "null byte": "fee\x00s",
    "only a null byte": "\x00",
    "control characters": "fee\x1b[31m\x07",
    "search syntax": '"unclosed & | ! ( ) :* <-> \\',
    "unicode": "Gebühren 費用 💶",
}


@pytest.mark.parametrize("query", HOSTILE_QUERIES.values(), ids=HOSTILE_QUERIES.keys())
def test_hostile_searches_are_answered_not_failed(client, query):
    QuestionFactory(question="What is the tuition fee?")

    html = search_page(client, query)

    assert "<h1>Frequently asked questions</h1>" in html
    assert "<script>alert" not in html
    assert Question.objects.count() == 1


def test_a_searched_script_is_shown_as_text(client):
    html = search_page(client, "<script>alert(1)</script>")

    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in html


def test_a_null_byte_is_ignored_rather_than_sent_to_the_database(client):
    QuestionFactory(question="What is the tuition fee?")

    assert result_questions(search_page(client, "tuition\x00")) == ["What is the tuition fee?"]


def test_a_very_long_search_is_shortened(client):
    html = search_page(client, "x" * 5000)

    assert 'value="' + "x" * 200 + '"' in html
    assert "x" * 201 not in html


def test_search_queries_do_not_grow_with_the_questions(count_queries):
    QuestionFactory()
    few = count_queries("/faq/?q=question")
    QuestionFactory.create_batch(20, category=CategoryFactory())

    assert count_queries("/faq/?q=question") == few


def test_search_is_served_by_the_full_text_index():
    QuestionFactory.create_batch(3)

    with transaction.atomic(), connection.cursor() as cursor:
        # With a few rows any plan is cheap; forbid the plans that need no condition, so the
        # planner shows whether the search condition can use the GIN index at all.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = Question.objects.published().matching("fees").explain()

    assert "question_search" in plan


@pytest.mark.parametrize("query", ["cost", "price", "how much is it", "Tuition?"])
def test_words_people_use_for_money_find_the_answer_on_fees(client, query):
    QuestionFactory(question="What are the fees?", answer="They depend on the country.")
    QuestionFactory(question="Where can I take the training?", answer="In many countries.")

    assert result_questions(search_page(client, query)) == ["What are the fees?"]


def test_spanish_and_german_words_for_the_price_find_their_answers(client):
    QuestionFactory(
        question="What are the fees?",
        question_es="¿Cuáles son las cuotas?",
        question_de="Wie hoch sind die Gebühren?",
        answer="They depend on the country.",
    )

    spanish = client.get("/es/faq/", {"q": "¿Cuánto cuesta?"}).content.decode()
    german = client.get("/de/faq/", {"q": "Was kostet die Ausbildung"}).content.decode()

    assert "¿Cuáles son las cuotas?" in spanish
    assert "Wie hoch sind die Gebühren?" in german


def test_staff_add_synonyms_in_the_admin_and_the_search_uses_them_at_once(staff_client):
    visitor = Client()  # without a session: served from the page cache where it can be
    QuestionFactory(question="How does supervision work?", answer="In small groups.")
    assert result_questions(search_page(visitor, "mentoring")) == []

    staff_client.post(
        "/admin/faq/synonyms/add/", {"language": "en", "words": "supervision, mentoring"}
    )

    assert result_questions(search_page(visitor, "mentoring")) == ["How does supervision work?"]
