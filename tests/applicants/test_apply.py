import re
import time
import uuid

import pytest
from django.contrib.sessions.models import Session
from django.utils.formats import date_format
from django_tasks_db.models import DBTaskResult

from applicants.models import Application
from applicants.views.apply import CARRIED_SESSION_KEY
from tests.factories import (
    ApplicationFactory,
    DocumentRequirementFactory,
    TrackFactory,
    TrainingFactory,
    days_from_today,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinical():
    TrackFactory(clinical=True)
    return TrainingFactory(title="Clinical Berlin", slug="clinical-berlin", capacity=2)


@pytest.fixture
def pft():
    track = TrackFactory(facilitator=True)
    return TrainingFactory(title="PFT Lisbon", slug="pft-lisbon", track=track)


def answers(**changes):
    data = {
        "name": "Ana Ruiz",
        "email": "ana@example.org",
        "phone": "",
        "country": "AR",
        "city": "Buenos Aires",
        "language": "en",
        "profession": "Clinical psychologist",
        "degree_level": "master",
        "degree_field": "psychology",
        "degree_institution": "UBA",
        "degree_year": "2012",
        "has_licence": "no",
        "licence_country": "",
        "licence_body": "",
        "years_of_practice": "9",
        "motivation": "I want to work with couples.",
        "attended_workshop": "yes",
        "wants_financial_assistance": "no",
        "financial_note": "",
        "accessibility_needs": "",
        "heard_from": "colleague",
        "privacy_consent": "on",
        "policy_consent": "on",
        "submission_key": str(uuid.uuid4()),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_form_shows_the_training_and_its_policy(client, clinical):
    html = client.get("/trainings/clinical-berlin/apply/").content.decode()

    assert "Apply for Clinical Berlin" in html
    assert "Full refund until 30 days before the start." in html
    assert 'name="submission_key"' in html
    assert 'name="review_anyway"' not in html


def test_an_eligible_person_applies_and_is_asked_to_confirm_their_address(client, clinical):
    response = client.post("/trainings/clinical-berlin/apply/", answers())

    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"].startswith("/applications/received/")
    assert application.token not in response["Location"]
    assert application.confirmation_token not in response["Location"]
    assert application.status == "submitted"
    assert application.policy_text == clinical.refund_policy
    assert application.privacy_notice_version == "2026-12"
    assert application.confirmed_at is None
    page = client.get(response["Location"]).content.decode()
    assert "Check your inbox" in page
    assert "Thank you for applying to Clinical Berlin" in page
    deadline = application.confirm_by.astimezone(clinical.zone)
    assert f"Confirm by {deadline:%-d %B %Y, %H:%M} (Europe/Berlin, UTC+" in page
    # The page shows nothing of the application: the same page answers an address that had
    # already applied.
    assert "Clinical psychologist" not in page
    assert "ana@example.org" not in page


def test_errors_appear_next_to_the_fields_and_nothing_typed_is_lost(client, clinical):
    response = client.post(
        "/trainings/clinical-berlin/apply/",
        answers(email="not-an-address", has_licence="yes", policy_consent=None),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert not Application.objects.exists()
    assert "Enter a valid email address." in html
    assert "Tell us which country licensed you to practise." in html
    assert 'value="not-an-address"' in html
    assert "I want to work with couples." in html
    assert 'aria-invalid="true"' in html


def test_a_double_click_stores_one_application(client, clinical):
    data = answers()

    first = client.post("/trainings/clinical-berlin/apply/", data)
    second = client.post("/trainings/clinical-berlin/apply/", data)

    assert Application.objects.count() == 1
    assert without_time(client.get(first["Location"])) == without_time(
        client.get(second["Location"])
    )


def test_the_same_address_again_gets_its_link_not_a_second_application(
    client, clinical, django_capture_on_commit_callbacks
):
    ApplicationFactory(training=clinical, email="ana@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/trainings/clinical-berlin/apply/", answers(email="ANA@example.org")
        )

    assert Application.objects.count() == 1
    assert response.status_code == 302
    assert "Check your inbox" in client.get(response["Location"]).content.decode()
    [queued] = DBTaskResult.objects.filter(task_path="applicants.tasks.send_status_links")
    assert queued.args_kwargs["args"] == ["ana@example.org"]


def without_time(response):
    """A page's HTML without what differs from one second to the next: the CSRF token and the
    deadline's minute."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
    return re.sub(r"Confirm by [^<]+\.", "Confirm by …", html)


def test_a_full_training_takes_the_application_onto_the_waiting_list(client, clinical):
    ApplicationFactory.create_batch(2, training=clinical)

    client.post("/trainings/clinical-berlin/apply/", answers())

    application = Application.objects.get(email="ana@example.org")
    assert application.status == "waitlisted"
    page = client.get(application.get_absolute_url()).content.decode()
    assert "You are number 1 on the waiting list" in page


@pytest.mark.parametrize("field", ["country", "licence_country"])
@pytest.mark.parametrize("code", ["XX", "ke", "Kenya"])
def test_a_country_that_is_not_one_is_refused_beside_its_field(client, pft, field, code):
    response = client.post(
        "/trainings/pft-lisbon/apply/",
        answers(**{"has_licence": "yes", "licence_country": "KE", field: code}),
    )

    assert response.status_code == 200
    errors = re.findall(r'id="error_1_id_(\w+)"', response.text)
    assert errors == [field] and "Select a valid choice" in response.text
    assert not Application.objects.exists()


def test_a_form_sent_back_for_a_mistake_still_shows_the_seats(client, clinical):
    ApplicationFactory.create_batch(2, training=clinical)

    html = client.post("/trainings/clinical-berlin/apply/", answers(city="")).content.decode()

    assert "All seats are taken: your application will join the waiting list" in html
    assert 'value="Buenos Aires"' not in html and 'value="Clinical psychologist"' in html


def test_a_submission_is_stored_in_one_transaction_of_few_statements(client, pft):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.post("/trainings/pft-lisbon/apply/", answers(email="warm@example.org"))
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/trainings/pft-lisbon/apply/", answers())

    assert response.status_code == 302 and Application.objects.filter(email="ana@example.org")
    statements = [
        query["sql"] for query in queries if not query["sql"].startswith(("SAVEPOINT", "RELEASE"))
    ]
    # The content version (the training and the documents it asks for are kept in the
    # process while it is unchanged); the rate limits' read and two slots; the lock, the seat
    # count, the application, its event and its e-mail's task (the live version follows the
    # commit, which the test never reaches). The seats are counted once, under the lock.
    assert len(statements) <= 9
    assert not any("trainings_documentrequirement" in sql for sql in statements)
    assert sum("COUNT(" in sql for sql in statements) == 1
    # Once the rate limits are counted, two savepoints: the view's transaction (here inside the
    # test's) and the one that lets the unique constraints tell a form sent twice. Taking the
    # seat adds none of its own.
    sql = [query["sql"] for query in queries]
    last_cache_write = max(n for n, text in enumerate(sql) if "imago_cache" in text)
    assert sum(text.startswith("SAVEPOINT") for text in sql[last_cache_write:]) == 2


def test_a_submission_after_a_staff_edit_applies_to_the_training_as_edited(client, pft):
    client.post("/trainings/pft-lisbon/apply/", answers(email="first@example.org"))

    pft.refund_policy = "Half refunded until the first module."
    pft.save()
    client.post("/trainings/pft-lisbon/apply/", answers(email="second@example.org"))
    DocumentRequirementFactory(track=pft.track, name="CV", is_required=True)
    refused = client.post("/trainings/pft-lisbon/apply/", answers(email="third@example.org"))

    second = Application.objects.get(email="second@example.org")
    assert second.policy_text == "Half refunded until the first module."
    assert refused.status_code == 200 and "Please add this document." in refused.text
    assert not Application.objects.filter(email="third@example.org").exists()


def test_a_closed_training_says_why_and_points_to_open_cohorts(client, clinical):
    closed = TrainingFactory(
        slug="closed", track=clinical.track, applications_open=days_from_today(5)
    )
    TrainingFactory(title="PFT Porto", slug="pft-porto", track=TrackFactory(facilitator=True))
    why = f"Applications open on {date_format(closed.applications_open, 'DATE_FORMAT')}."

    get = client.get("/trainings/closed/apply/")
    post = client.post("/trainings/closed/apply/", answers(motivation="Kept for later."))

    html = get.content.decode()
    assert why in html
    offered = html.split("Open for applications now", 1)[1]
    assert f'href="{clinical.get_absolute_url()}"' in offered
    assert "Clinical Berlin" in offered
    assert "PFT Porto" not in html  # another track's cohort is no cohort of this one
    assert 'name="submission_key"' not in html
    assert post.status_code == 200 and why in post.content.decode()
    assert not Application.objects.exists()
    assert client.session[CARRIED_SESSION_KEY]["answers"]["motivation"] == "Kept for later."


def test_a_non_eligible_person_is_offered_the_pft_with_their_answers(client, clinical, pft):
    refused = client.post(
        "/trainings/clinical-berlin/apply/",
        answers(degree_level="bachelor", motivation="Carried over, every word."),
    )

    html = refused.content.decode()
    assert not Application.objects.exists()
    assert "You do not meet the requirements of Clinical Track" in html
    assert "Master" in html
    assert 'href="/trainings/pft-lisbon/apply/"' in html
    assert 'name="review_anyway"' in html

    pft_form = client.get("/trainings/pft-lisbon/apply/").content.decode()
    assert "Carried over, every word." in pft_form
    assert 'value="ana@example.org"' in pft_form

    sent = client.post(
        "/trainings/pft-lisbon/apply/",
        answers(degree_level="bachelor", motivation="Carried over, every word."),
    )
    application = Application.objects.get()
    assert sent.status_code == 302
    assert (application.training, application.is_eligible) == (pft, True)


def test_answers_carried_to_another_form_leave_the_private_ones_behind(client, clinical, pft):
    client.post(
        "/trainings/clinical-berlin/apply/",
        answers(
            degree_level="bachelor",
            wants_financial_assistance="yes",
            financial_note="Debts since the divorce.",
            accessibility_needs="I use a wheelchair after an illness.",
        ),
    )

    response = client.get("/trainings/pft-lisbon/apply/")
    pft_form = response.content.decode()
    stored = str(Session.objects.get().get_decoded())
    assert 'value="Buenos Aires"' in pft_form
    assert response.context["form"].initial["city"] == "Buenos Aires"
    for private in ("financial_note", "accessibility_needs"):
        assert private not in response.context["form"].initial
        assert private not in stored
    assert "Debts since" not in pft_form and "wheelchair" not in pft_form


def test_carried_answers_are_forgotten_after_two_hours(client, clinical, pft):
    client.post("/trainings/clinical-berlin/apply/", answers(degree_level="bachelor"))
    session = client.session
    session[CARRIED_SESSION_KEY]["until"] = int(time.time()) - 1  # as two hours later
    session.save()

    pft_form = client.get("/trainings/pft-lisbon/apply/").content.decode()

    assert "Buenos Aires" not in pft_form
    assert CARRIED_SESSION_KEY not in client.session


def test_a_refusal_offers_the_trainings_of_the_track_staff_chose(client, clinical, pft):
    weekend = TrainingFactory(
        title="Weekend Lisbon",
        slug="weekend-lisbon",
        track=TrackFactory(slug="couples-weekend", name="Couples Weekend"),
    )
    clinical.track.offered_instead = weekend.track
    clinical.track.save()

    html = client.post(
        "/trainings/clinical-berlin/apply/", answers(degree_level="bachelor")
    ).content.decode()

    assert "Couples Weekend is open to you." in html
    assert 'href="/trainings/weekend-lisbon/apply/"' in html
    assert 'href="/trainings/pft-lisbon/apply/"' not in html


def test_a_track_that_offers_nothing_instead_still_offers_a_review(client, pft):
    TrainingFactory(
        title="Second Clinical Berlin",
        slug="second-clinical-berlin",
        track=TrackFactory(slug="clinical-2", name="Second Clinical", minimum_degree="master"),
    )

    html = client.post(
        "/trainings/second-clinical-berlin/apply/", answers(degree_level="bachelor")
    ).content.decode()

    assert "You do not meet the requirements of Second Clinical" in html
    assert "is open to you" not in html and "pft-lisbon" not in html
    assert 'name="review_anyway"' in html


def test_a_person_may_ask_for_review_anyway(client, clinical):
    client.post("/trainings/clinical-berlin/apply/", answers(degree_level="bachelor"))

    client.post(
        "/trainings/clinical-berlin/apply/", answers(degree_level="bachelor", review_anyway="on")
    )

    application = Application.objects.get()
    assert application.is_eligible is False
    assert any("Master" in reason for reason in application.eligibility_reasons)


def test_the_eligibility_check_prefills_the_form(client, pft):
    html = client.get(
        "/trainings/pft-lisbon/apply/?degree_level=bachelor&degree_field=education"
        "&has_licence=no&country=KE"
    ).content.decode()

    assert '<option value="bachelor" selected>' in html
    assert '<option value="education" selected>' in html
    assert '<option value="KE" selected>' in html
    assert re.search(r'name="has_licence" value="no"[^>]*checked', html)


@pytest.mark.parametrize(("prefix", "language"), [("", "en"), ("/es", "es"), ("/de", "de")])
def test_the_form_offers_to_write_in_the_language_the_page_is_read_in(
    client, clinical, prefix, language
):
    html = client.get(f"{prefix}/trainings/clinical-berlin/apply/").content.decode()

    [selected] = re.findall(r'<option value="(\w\w)" selected>', html)
    assert selected == language


def test_the_country_lists_ask_in_words_in_the_pages_language(client, clinical):
    english = client.get("/trainings/clinical-berlin/apply/").content.decode()
    spanish = client.get("/es/trainings/clinical-berlin/apply/").content.decode()

    assert english.count('<option value="" selected>Choose a country</option>') == 2
    assert "---------" not in english
    assert '<option value="" selected>Elige un país</option>' in spanish


def test_the_financial_note_says_once_who_sees_it(client, clinical):
    html = client.get("/trainings/clinical-berlin/apply/").content.decode()

    assert "(seen only by staff)" in html
    assert "Seen only by staff." not in html


def test_countries_are_named_as_people_write_them(client, clinical):
    english = client.get("/trainings/clinical-berlin/apply/").content.decode()
    german = client.get("/de/trainings/clinical-berlin/apply/").content.decode()

    assert '<option value="BS">Bahamas</option>' in english
    assert '<option value="NR">Nauru</option>' in english
    assert '<option value="US">United States</option>' in english
    assert "Naoero" not in english and "(The)" not in english
    assert '<option value="US">Vereinigte Staaten</option>' in german


def test_a_form_sent_back_starts_with_a_summary_that_links_to_each_answer(client, clinical):
    response = client.post(
        "/trainings/clinical-berlin/apply/", answers(name="", email="not an address")
    )
    html = response.content.decode()

    assert re.search(r"<title>Error: Apply: Clinical Berlin", html)
    summary = html.split('class="alert alert-danger error-summary"')[1].split("</div>")[0]
    assert 'tabindex="-1" autofocus' in summary
    assert "2 answers need your attention" in summary
    links = re.findall(r'<a class="alert-link" href="#([^"]+)">([^<]+)</a>', summary)
    assert [text.split(":")[0] for _target, text in links] == ["Full name", "E-mail"]
    for target, _text in links:
        assert f'id="{target}"' in html
    assert "Error:" not in client.get("/trainings/clinical-berlin/apply/").content.decode()


def parts_of(html):
    """The form's parts, in order: each fieldset's id and what its legend says, without tags."""
    return [
        (part_id, " ".join(re.sub(r"<[^>]+>", " ", legend).split()))
        for part_id, legend in re.findall(
            r'<fieldset id="([^"]+)"\s+class="form-part"\s*>\s*<legend>(.*?)</legend>', html, re.S
        )
    ]


def test_the_form_comes_in_numbered_parts_listed_above_it(client, clinical):
    html = client.get("/trainings/clinical-berlin/apply/").content.decode()

    assert parts_of(html) == [
        ("part-about-you", "1. Part 1 of 4: About you"),
        ("part-qualifications", "2. Part 2 of 4: Your qualifications"),
        ("part-training", "3. Part 3 of 4: The training"),
        ("part-agreement", "4. Part 4 of 4: Payment and agreement"),
    ]
    overview = html.split('<nav class="form-parts')[1].split("</nav>")[0]
    assert "Your application in 4 parts" in overview
    assert re.findall(r'<li><a href="#([^"]+)">([^<]+)</a></li>', overview) == [
        ("part-about-you", "About you"),
        ("part-qualifications", "Your qualifications"),
        ("part-training", "The training"),
        ("part-agreement", "Payment and agreement"),
    ]
    # Still one form, sent at once.
    assert html.count("<form ") == 1 and html.count('name="submission_key"') == 1


def test_a_refused_form_keeps_its_parts_and_offers_a_review_after_them(client, clinical):
    html = client.post(
        "/trainings/clinical-berlin/apply/", answers(degree_level="bachelor")
    ).content.decode()

    assert [part_id for part_id, _legend in parts_of(html)] == [
        "part-about-you",
        "part-qualifications",
        "part-training",
        "part-agreement",
    ]
    assert html.index('id="part-agreement"') < html.index('name="review_anyway"')
    assert 'value="UBA"' in html  # what was typed comes back in its part
