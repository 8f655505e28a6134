import json
import re

import pytest
from django.template import Context, Template, TemplateSyntaxError

from faq.markdown import answer_text, render_answer
from tests.factories import CategoryFactory, QuestionFactory, TrackFactory, TrainingFactory

pytestmark = pytest.mark.django_db

HOSTILE_ANSWERS = {
    "script": "Before <script>alert(1)</script> after",
    "image": 'Look <img src="x" onerror="alert(1)"> here',
    "raw link": '<a href="javascript:alert(1)">click</a>',
    "block html": '<div onclick="alert(1)">\n<iframe src="https://evil.example"></iframe>\n</div>',
    "comment": "Hidden <!-- <script>alert(1)</script> --> text",
}
SCRIPT_LINKS = [
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click]( javascript:alert(1))",
    "[click](<javascript:alert(1)>)",
    "[click](java&#x09;script:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click][ref]\n\n[ref]: javascript:alert(1)",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
]


def faq_page(client, url="/faq/"):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def json_ld(html):
    """The JSON-LD documents of a page, parsed."""
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


def main_content(html):
    return html[html.index("<main") : html.index("</main>")]


# --- Markdown, rendered and sanitised ---


def test_answer_markdown_becomes_html():
    html = render_answer(
        "**Bold**, *italic* and `code`.\n\n"
        "- one\n- two\n\n"
        "1. first\n2. second\n\n"
        "> a quotation\n\n"
        "[Trainings](https://imago.example/trainings/) or [mail us](mailto:office@imago.example)"
    )

    assert "<strong>Bold</strong>, <em>italic</em> and <code>code</code>." in html
    assert "<ul>\n<li>one</li>\n<li>two</li>\n</ul>" in html
    assert "<ol>\n<li>first</li>\n<li>second</li>\n</ol>" in html
    assert "<blockquote>\n<p>a quotation</p>\n</blockquote>" in html
    assert '<a href="https://imago.example/trainings/" rel="noopener">Trainings</a>' in html
    assert '<a href="mailto:office@imago.example" rel="noopener">mail us</a>' in html


def test_answer_keeps_its_line_breaks():
    assert render_answer("First line\nsecond line") == "<p>First line<br>\nsecond line</p>"


def test_answer_can_link_to_the_portals_own_pages():
    html = render_answer("See [the trainings](/trainings/).")

    assert '<a href="/trainings/" rel="noopener">the trainings</a>' in html


@pytest.mark.parametrize("answer", HOSTILE_ANSWERS.values(), ids=HOSTILE_ANSWERS.keys())
def test_html_typed_into_an_answer_is_shown_as_text(answer):
    html = render_answer(answer)

    assert "<script" not in html and "<img" not in html and "<iframe" not in html
    assert "<div" not in html and "<!--" not in html and "<a href" not in html
    assert "&lt;" in html


@pytest.mark.parametrize("link", SCRIPT_LINKS)
def test_links_that_would_run_a_script_lose_their_address(link):
    html = render_answer(link)

    assert "href" not in html
    assert ">click</a>" in html


@pytest.mark.parametrize(
    "address", ["//evil.example/trainings/", "/\\evil.example/", "evil.html", "ftp://x.example/"]
)
def test_links_to_another_site_in_disguise_or_to_no_page_lose_their_address(address):
    html = render_answer(f"[click]({address})")

    assert "href" not in html and ">click</a>" in html


@pytest.mark.parametrize(
    "address",
    ["https://imago.example/a", "http://imago.example/", "mailto:x@imago.example", "/faq/"],
)
def test_links_to_web_pages_addresses_and_the_portals_paths_keep_theirs(address):
    assert f'href="{address}"' in render_answer(f"[click]({address})")


def test_markdown_beyond_the_safe_subset_keeps_only_its_text():
    html = render_answer(
        "# A heading\n\n![a picture](https://evil.example/x.png)\n\n    indented code\n\n"
        '[titled](https://imago.example "a title")\n\n---'
    )

    assert not re.search(r"<(h1|img|pre|hr)\b", html)
    assert "title=" not in html
    assert "A heading" in html and "<code>indented code" in html
    assert '<a href="https://imago.example" rel="noopener">titled</a>' in html


def test_answer_as_plain_text_drops_the_markup_but_not_the_words():
    text = answer_text("**Yes.** Read [the list](/trainings/):\n\n- one & two\n- <three>")

    assert text == "Yes. Read the list: one & two <three>"


def test_a_script_in_an_answer_is_inert_on_the_faq_page(client):
    QuestionFactory(
        question="Hostile?",
        answer='<script>alert(1)</script> <img src=x onerror="alert(2)"> [go](javascript:alert(3))',
    )

    html = main_content(faq_page(client))

    assert "<script" not in html and "<img" not in html and "javascript:" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- The FAQ page ---


def test_questions_are_ordered_by_category_then_position(client):
    later = CategoryFactory(name="Practicalities", position=2)
    first = CategoryFactory(name="About Imago", position=1)
    QuestionFactory(category=later, question="Where?", position=1)
    QuestionFactory(category=first, question="Why second?", position=2)
    QuestionFactory(category=first, question="What is Imago?", position=1)
    QuestionFactory(category=later, question="How much?", position=0)

    html = main_content(faq_page(client))

    order = [
        "About Imago",
        "What is Imago?",
        "Why second?",
        "Practicalities",
        "How much?",
        "Where?",
    ]
    positions = [html.index(text) for text in order]
    assert positions == sorted(positions)


def test_every_answer_opens_without_javascript_and_has_a_link_to_itself(client):
    QuestionFactory(question="Can I train online?", slug="online", answer="Yes, *partly*.")

    html = faq_page(client)

    assert '<details id="online" class="faq-item">' in html
    assert "<summary>Can I train online?</summary>" in html
    assert "<p>Yes, <em>partly</em>.</p>" in html
    assert (
        '<a href="/faq/#online" aria-label="Link to this answer: Can I train online?">'
        "Link to this answer</a>"
    ) in html
    assert html.count("<h1") == 1


def test_a_video_answer_is_a_plain_link_loaded_only_on_request(client):
    QuestionFactory(question="With video?", video_url="https://videos.example/v")
    QuestionFactory(question="Without video?", slug="no-video")

    html = main_content(faq_page(client))

    link = '<a href="https://videos.example/v" aria-label="Watch the video answer: With video?">'
    assert html.count(link) == 1
    assert "<iframe" not in html and "<video" not in html and "<embed" not in html


def test_a_question_cannot_break_out_of_the_link_labels(client):
    QuestionFactory(question='Say "hi" <b>now</b>?', slug="quote", video_url="https://v.example/")

    html = main_content(faq_page(client))

    assert "<b>" not in html
    assert 'aria-label="Link to this answer: Say &quot;hi&quot; &lt;b&gt;now&lt;/b&gt;?"' in html
    assert 'aria-label="Watch the video answer: Say &quot;hi&quot; &lt;b&gt;now&lt;/b&gt;?"' in html


@pytest.mark.parametrize("address", ["javascript:alert(1)", "http://[broken/video"])
def test_a_video_address_that_is_not_a_web_page_is_not_linked(client, address):
    QuestionFactory(question="Odd video?", video_url=address)

    html = main_content(faq_page(client))

    assert address not in html and "Watch the video answer" not in html


def test_unpublished_questions_are_hidden_from_the_page_and_its_structured_data(client):
    QuestionFactory(question="Published question?")
    QuestionFactory(question="Draft question?", answer="A draft answer.", is_published=False)

    html = faq_page(client)

    assert "Published question?" in html
    assert "Draft question?" not in html and "A draft answer." not in html
    names = [entity["name"] for entity in json_ld(html)[0]["mainEntity"]]
    assert names == ["Published question?"]


def test_faq_page_describes_its_questions_as_a_faqpage(client):
    QuestionFactory(
        question="What is the tuition fee?",
        slug="tuition-fee",
        answer="Each training shows **its own** fee.\n\n- early bird\n- instalments",
    )
    QuestionFactory(question="Where?", slug="where", answer="In [38 countries](/trainings/).")

    (data,) = json_ld(faq_page(client))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "FAQPage"
    assert data["mainEntity"] == [
        {
            "@type": "Question",
            "@id": "http://testserver/faq/#tuition-fee",
            "name": "What is the tuition fee?",
            "acceptedAnswer": {
                "@type": "Answer",
                "text": "Each training shows its own fee. early bird instalments",
            },
        },
        {
            "@type": "Question",
            "@id": "http://testserver/faq/#where",
            "name": "Where?",
            "acceptedAnswer": {"@type": "Answer", "text": "In 38 countries."},
        },
    ]


def test_structured_data_cannot_end_its_script_element(client):
    QuestionFactory(
        question="</script><script>alert(1)</script>?",
        answer="Fine & <b>bold</b> </script><script>alert(2)</script>",
    )

    html = faq_page(client)
    (data,) = json_ld(html)

    assert "<script>alert" not in html
    assert data["mainEntity"][0]["name"] == "</script><script>alert(1)</script>?"
    assert data["mainEntity"][0]["acceptedAnswer"]["text"] == (
        "Fine & <b>bold</b> </script><script>alert(2)</script>"
    )


def test_faq_page_without_questions_says_so_and_has_no_structured_data(client):
    QuestionFactory(is_published=False)

    html = faq_page(client)

    assert "No questions are published yet." in html
    assert json_ld(html) == []


def test_faq_page_queries_do_not_grow_with_the_questions(count_queries):
    QuestionFactory()
    few = count_queries("/faq/")
    for category in CategoryFactory.create_batch(4):
        QuestionFactory.create_batch(5, category=category, video_url="https://videos.example/v")

    assert count_queries("/faq/") == few


# --- Answers in context, chosen by topic ---


def render(source, **context):
    return Template("{% load faq_tags %}" + source).render(Context(context))


def test_answers_of_a_topic_render_as_details_linking_to_the_faq():
    QuestionFactory(
        question="What is the tuition fee?", slug="tuition-fee", topic="fees", answer="**Varies.**"
    )
    QuestionFactory(question="Where?", topic="locations")
    QuestionFactory(question="Draft fee question?", topic="fees", is_published=False)

    html = render('{% faq_answers "fees" heading="About the fees" level=3 %}')

    assert '<h3 class="h5">About the fees</h3>' in html
    assert '<details class="faq-item">' in html and "<strong>Varies.</strong>" in html
    assert (
        '<a href="/faq/#tuition-fee" aria-label="This answer in the FAQ: What is the tuition fee?">'
    ) in html
    assert "Where?" not in html and "Draft fee question?" not in html


def test_a_topic_without_published_answers_renders_nothing():
    QuestionFactory(topic="fees", is_published=False)

    assert render('{% faq_answers "fees" heading="About the fees" %}').strip() == ""


def test_answers_of_a_topic_cost_one_query(django_assert_num_queries):
    QuestionFactory.create_batch(20, topic="finances")

    with django_assert_num_queries(1):
        html = render('{% faq_answers "finances" %}')

    assert html.count("<details") == 20


@pytest.mark.parametrize(
    "call", ['{% faq_answers "fee" %}', '{% faq_answers "fees" heading="Fees" level=1 %}']
)
def test_a_mistyped_topic_or_heading_level_is_an_error(call):
    with pytest.raises(TemplateSyntaxError):
        render(call)


@pytest.fixture
def clinical():
    return TrackFactory(clinical=True)


def test_training_page_answers_fee_questions_beside_the_fee(client, clinical):
    training = TrainingFactory(track=clinical, fee=2400)
    QuestionFactory(question="What is the tuition fee?", topic="fees")
    QuestionFactory(question="Fee draft?", topic="fees", is_published=False)
    QuestionFactory(question="Can I study online?", topic="online")

    html = faq_page(client, training.get_absolute_url())

    fee_cell = html[html.index("EUR\u00a02,400") : html.index("Applications</dt>")]
    assert "<summary>What is the tuition fee?</summary>" in fee_cell
    assert "Fee draft?" not in html and "Can I study online?" not in html


def test_training_page_queries_do_not_grow_with_the_fee_answers(count_queries, clinical):
    training = TrainingFactory(track=clinical)
    QuestionFactory(topic="fees")
    few = count_queries(training.get_absolute_url())
    QuestionFactory.create_batch(20, topic="fees")

    assert count_queries(training.get_absolute_url()) == few


ELIGIBILITY = "/eligibility/?degree_level={}&degree_field=psychology&has_licence=no&country=DE"


def test_eligibility_result_answers_the_no_masters_question_when_clinical_is_out_of_reach(
    client, clinical
):
    TrackFactory(facilitator=True)
    QuestionFactory(question="No Master's degree?", topic="no_masters")
    QuestionFactory(question="No Master's draft?", topic="no_masters", is_published=False)
    QuestionFactory(question="What is the tuition fee?", topic="fees")

    html = faq_page(client, ELIGIBILITY.format("bachelor"))

    result = html[html.index('id="result-title"') :]
    assert "<summary>No Master&#x27;s degree?</summary>" in result
    assert "No Master&#x27;s draft?" not in html and "What is the tuition fee?" not in html


def test_eligibility_result_leaves_the_no_masters_answers_out_for_a_masters(client, clinical):
    QuestionFactory(question="No Master's degree?", topic="no_masters")

    html = faq_page(client, ELIGIBILITY.format("master"))

    assert "With these answers you can apply to: Clinical Track." in html
    assert "No Master&#x27;s degree?" not in html


def test_application_form_answers_financial_questions_before_the_form(client, clinical):
    training = TrainingFactory(track=clinical)
    QuestionFactory(question="What if money keeps me from training?", topic="finances")
    QuestionFactory(question="Finance draft?", topic="finances", is_published=False)
    QuestionFactory(question="What is the tuition fee?", topic="fees")

    html = faq_page(client, f"/trainings/{training.slug}/apply/")

    answer = html.index("<summary>What if money keeps me from training?</summary>")
    assert answer < html.index("Would you like to ask for financial assistance?")
    assert "Finance draft?" not in html and "What is the tuition fee?" not in html
