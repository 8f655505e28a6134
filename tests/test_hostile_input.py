"""Random and hostile input at every public form and query parameter (hypothesis).

Whatever arrives, the portal answers with a page, never a server error; a submission it refuses
stores nothing; one it accepts stores exactly what was typed (less the spaces around it).
A null byte, which PostgreSQL cannot store in text, is refused next to its field in forms and
dropped from search terms.
"""

import itertools
import time
import uuid
from urllib.parse import quote_from_bytes

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from applicants import emails
from applicants.models import Application, Draft
from faq.contact.forms import start_token
from faq.models import ContactMessage
from tests.applicants.test_apply import answers
from tests.factories import QuestionFactory, TrackFactory, TrainerFactory, TrainingFactory
from trainings.models import InterestSubscription

pytestmark = pytest.mark.django_db

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE applicants_application; --",
    "' OR '1'='1",
    "Robert\x00Tables",
    "\x00",
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
    "%(name)s %s %n",
    "\u202eevil\u202c",
    "مرحبا بالعالم",
    "שלום עולם",
    "𝕴𝖒𝖆𝖌𝖔 🧑‍🤝‍🧑",
    "Zoë Ñúñez-Çelik",
    "ana@example.org\r\nBcc: victim@example.org",
    "../../etc/passwd",
    "-1",
    "9" * 40,
    "2026-13",
    " ",
    "",
]
# Things people type, however odd they look: they must be stored exactly.
ODD_BUT_VALID = [
    "<b>Ana</b> & \"Ben\" 'O'Brien'",
    "Robert'); DROP TABLE applicants_application;--",
    "مريم الحسيني",
    "דנה לוי",
    "\u202eAna\u202c",
    "𝕴𝖒𝖆𝖌𝖔 🧑‍🤝‍🧑",
    "{{ 7*7 }} {% now 'Y' %}",
    "Zoë Ñúñez-Çelik 李小龍",
]

any_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=300),
    # Very long input.
    st.builds(lambda piece, times: piece * times, st.text(min_size=1, max_size=3), st.just(3000)),
)


def typed(max_size, *, one_line=True, min_size=1):
    """Text a person may type into a field: anything but null bytes (and, on one line,
    control characters and line separators), without spaces around it."""
    excluded = ["Cs", "Cc", "Zl", "Zp"] if one_line else ["Cs"]
    alphabet = st.characters(exclude_categories=excluded, exclude_characters="\x00")
    text = st.text(alphabet, min_size=min_size, max_size=max_size).map(str.strip)
    return st.one_of(st.sampled_from(ODD_BUT_VALID), text).filter(
        lambda value: min_size <= len(value) <= max_size
    )


unique = itertools.count()


def fresh_email():
    return f"person{next(unique)}.{uuid.uuid4().hex[:8]}@example.org"


@pytest.fixture(autouse=True)
def generous_limits(settings):
    """The examples of one test come from one address: the rate limits are not under test."""
    settings.RATE_LIMITS = {
        name: {"per_email": 10_000, "per_ip": 10_000, "seconds": 3600}
        for name in ("apply", "drafts", "status_links", "interest", "contact")
    }


@pytest.fixture
def training():
    track = TrackFactory(slug="pft")
    TrainerFactory(country="DE", languages=["de", "en"])
    QuestionFactory(question="How much does the training cost?")
    return TrainingFactory(track=track, slug="pft-lisbon", country="PT", capacity=1000)


# --- The application form ---

APPLY_FIELDS = [name for name in answers() if name != "submission_key"]


@given(changes=st.dictionaries(st.sampled_from(APPLY_FIELDS), any_text, min_size=1, max_size=4))
def test_hostile_answers_to_the_application_form_store_nothing_or_what_was_typed(
    client, training, changes
):
    before = Application.objects.count()
    data = answers(**{"email": fresh_email(), **changes})

    response = client.post(f"/trainings/{training.slug}/apply/", data)

    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert Application.objects.count() == before
    else:
        stored = Application.objects.get(submission_key=data["submission_key"])
        for name in ("name", "email", "city", "profession", "motivation", "phone"):
            assert getattr(stored, name) == data[name].strip()


@given(changes=st.dictionaries(st.sampled_from(APPLY_FIELDS), any_text, min_size=1, max_size=4))
def test_hostile_answers_saved_to_finish_later_are_kept_as_typed_or_sent_back(
    client, training, changes
):
    before = Draft.objects.count()
    data = {**answers(**{"email": fresh_email(), **changes}), "save_draft": "1"}

    response = client.post(f"/trainings/{training.slug}/apply/", data)

    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert Draft.objects.count() == before
    else:
        # As typed, less the null characters PostgreSQL cannot store; checked when sent.
        draft = Draft.objects.get(submission_key=data["submission_key"])
        for name in ("name", "city", "profession", "motivation", "phone", "degree_year"):
            assert draft.answers.get(name, "") == data[name].replace("\x00", "")
        emails.draft_link(draft).message()


@given(
    name=typed(200),
    city=typed(120),
    profession=typed(200),
    institution=typed(200, min_size=0),
    motivation=typed(5000, one_line=False),
    needs=typed(2000, one_line=False, min_size=0),
)
def test_any_answer_a_person_types_is_stored_exactly(
    client, training, name, city, profession, institution, motivation, needs
):
    data = answers(
        email=fresh_email(),
        name=name,
        city=city,
        profession=profession,
        degree_institution=institution,
        motivation=motivation,
        accessibility_needs=needs,
    )

    response = client.post(f"/trainings/{training.slug}/apply/", data)

    assert response.status_code == 302
    stored = Application.objects.get(submission_key=data["submission_key"])
    assert (
        stored.name,
        stored.city,
        stored.profession,
        stored.degree_institution,
        stored.motivation,
        stored.accessibility_needs,
    ) == (name, city, profession, institution, motivation, needs)
    # The e-mails about it can be written, whatever the name.
    emails.staff_new_application(stored).message()
    emails.application_received(stored).message()


def test_a_null_byte_is_refused_next_to_its_field_and_nothing_typed_is_lost(client, training):
    response = client.post(
        f"/trainings/{training.slug}/apply/",
        answers(name="Ana\x00Ruiz", motivation="I want to work with couples.\x00"),
    )

    html = response.content.decode()
    assert response.status_code == 200
    summary, form = html.split("answers need your attention", 1)[1].split("</div>", 1)
    assert summary.count("Null characters are not allowed.") == 2  # at the top
    assert form.count("Null characters are not allowed.") == 2  # and beside each field
    assert "I want to work with couples." in html
    assert not Application.objects.exists()


def test_a_name_on_two_lines_is_refused(client, training):
    response = client.post(
        f"/trainings/{training.slug}/apply/", answers(name="Ana\r\nBcc: victim@example.org")
    )

    assert "Please write your name on one line." in response.content.decode()
    assert not Application.objects.exists()


def assert_the_page(response):
    """The page itself, not an error page: in the portal's layout with its heading, or the
    calendar file."""
    body = response.content.decode()
    assert response.status_code == 200
    if response["Content-Type"].startswith("text/calendar"):
        assert body.startswith("BEGIN:VCALENDAR")
    else:
        assert '<main id="main"' in body
        assert "<h1" in body


# --- The eligibility check, "Lost your link?", contact and interest list ---


@given(
    query=st.dictionaries(
        st.sampled_from(["degree_level", "degree_field", "has_licence", "country"]), any_text
    )
)
def test_hostile_answers_to_the_eligibility_check_get_a_page(client, training, query):
    response = client.get("/eligibility/", query)

    assert_the_page(response)


@given(email=any_text)
def test_hostile_addresses_asking_for_status_links_get_a_page(
    client, django_capture_on_commit_callbacks, email
):
    with django_capture_on_commit_callbacks() as queued:
        response = client.post("/applications/lost-link/", {"email": email})

    assert response.status_code in (200, 302)
    assert len(queued) == (1 if response.status_code == 302 else 0)


CONTACT_FIELDS = ["topic", "name", "email", "country", "city", "message", "training", "track"]


def contact_form(**fields):
    return {
        "topic": "general",
        "name": "Ana Ruiz",
        "email": fresh_email(),
        "country": "DE",
        "city": "Leipzig",
        "message": "Is there a training in German next year?",
        "privacy_consent": "on",
        "started": start_token(time.time() - 10),
        "website": "",
        **fields,
    }


@given(changes=st.dictionaries(st.sampled_from(CONTACT_FIELDS), any_text, min_size=1, max_size=4))
@example(changes={"training": "Robert\x00Tables"})
@example(changes={"track": "\x00"})
def test_hostile_contact_messages_store_nothing_or_what_was_typed(client, training, changes):
    before = ContactMessage.objects.count()
    data = contact_form(**changes)

    response = client.post("/contact/", data)

    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert ContactMessage.objects.count() == before
    else:
        stored = ContactMessage.objects.latest("pk")
        for name in ("name", "email", "city", "message"):
            assert getattr(stored, name) == data[name].strip()


@given(name=typed(150), city=typed(120, min_size=0), message=typed(5000, one_line=False))
def test_any_contact_message_a_person_types_is_stored_exactly(client, name, city, message):
    data = contact_form(name=name, city=city, message=message)

    response = client.post("/contact/", data)

    assert response.status_code == 302
    stored = ContactMessage.objects.latest("pk")
    assert (stored.name, stored.email, stored.city, stored.message) == (
        name,
        data["email"],
        city,
        message,
    )


INTEREST_FIELDS = ["email", "country", "city", "track", "language", "online"]


@given(changes=st.dictionaries(st.sampled_from(INTEREST_FIELDS), any_text, min_size=1, max_size=4))
def test_hostile_subscriptions_store_nothing_or_what_was_typed(client, training, changes):
    before = InterestSubscription.objects.count()
    data = {"email": fresh_email(), "country": "PT", "city": "Lisbon", **changes}

    response = client.post("/interest/", data)

    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert InterestSubscription.objects.count() == before
    else:
        stored = InterestSubscription.objects.latest("pk")
        assert (stored.email, stored.city) == (data["email"].strip(), data["city"].strip())


@given(city=typed(120, min_size=0))
def test_any_city_a_subscriber_types_is_stored_exactly(client, city):
    email = fresh_email()

    response = client.post("/interest/", {"email": email, "country": "PT", "city": city})

    assert response.status_code == 302
    assert InterestSubscription.objects.get(email=email).city == city


# --- Every query parameter ---

QUERY_PARAMETERS = {
    "/trainings/": ["near", "track", "country", "format", "language", "month", "page", "search"],
    "/es/trainings/": ["near", "country", "page"],
    "/faq/": ["q"],
    "/de/faq/": ["q"],
    "/faculty/": ["country", "language"],
    "/contact/": ["topic", "training", "track"],
    "/interest/": ["country", "city", "track", "language", "online"],
    "/trainings/pft-lisbon/apply/": ["degree_level", "degree_field", "has_licence", "country"],
    "/eligibility/": ["degree_level", "degree_field", "has_licence", "country"],
    "/": ["q"],
    "/trainings.ics": ["track"],
}


@st.composite
def page_and_query(draw):
    path = draw(st.sampled_from(sorted(QUERY_PARAMETERS)))
    names = st.sampled_from(QUERY_PARAMETERS[path])
    return path, draw(st.dictionaries(names, any_text, max_size=4))


@given(page=page_and_query())
@example(page=("/contact/", {"training": "pft\x00", "track": "\x00"}))
def test_hostile_query_parameters_get_the_page(client, training, page):
    path, query = page

    response = client.get(path, query)

    assert_the_page(response)


@given(path=st.sampled_from(sorted(QUERY_PARAMETERS)), raw=st.binary(max_size=200))
def test_query_strings_that_are_not_even_text_get_the_page(client, training, path, raw):
    response = client.get(f"{path}?{quote_from_bytes(raw, safe='=&')}")

    assert_the_page(response)


@given(q=any_text)
def test_any_search_of_the_faq_shows_the_questions_or_says_none_match(client, training, q):
    response = client.get("/faq/", {"q": q})

    html = response.content.decode()
    assert response.status_code == 200
    assert "\x00" not in html
