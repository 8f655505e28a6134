"""The contact form: stored first, routed after the commit by the task worker, e-mailed over a
real SMTP conversation (``smtp_server``), and guarded against spam without outside services."""

import re
import time
from html import unescape

import pytest
from django.core import signing
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from faq.contact import tasks
from faq.contact.forms import START_MAX_AGE, start_token
from faq.contact.views import SENT_SALT
from faq.models import ContactMessage
from imago_site.settings import rate_limit
from tests.factories import (
    ContactMessageFactory,
    CoordinatorFactory,
    TrackFactory,
    TrainerFactory,
    TrainingFactory,
)
from tests.worker import run_worker

Topic = ContactMessage.Topic
INSTITUTE_EMAIL = "office@imago.example"
SITE_URL = "https://training.imago.example"
REFUSED = "We could not send your message. Please wait a moment and try again, or write to"
LIMITED = "This form has been sent too often from your e-mail address or your network"


@pytest.fixture(autouse=True)
def contact_settings(settings):
    settings.INSTITUTE_EMAIL = INSTITUTE_EMAIL
    settings.SITE_URL = SITE_URL
    settings.MAIL_RETRY_DELAYS = [3600]


def filled(**fields):
    """What a person sends: the form shown ten seconds ago, filled in."""
    return {
        "topic": Topic.GENERAL,
        "name": "Ana Ruiz",
        "email": "ana@example.org",
        "country": "DE",
        "city": "Leipzig",
        "message": "MESSAGE-4711 Is there a training in German next year?",
        "privacy_consent": "on",
        "started": start_token(time.time() - 10),
        "website": "",
        **fields,
    }


def send(client, remote_addr="198.51.100.7", **fields):
    return client.post("/contact/", filled(**fields), REMOTE_ADDR=remote_addr)


def body_of(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def hidden_value(html, name):
    return unescape(re.search(rf'name="{name}" value="([^"]*)"', html).group(1))


# --- The form ---


@pytest.mark.django_db
def test_form_offers_the_topics_the_privacy_notice_and_a_honeypot_people_skip(client):
    html = client.get("/contact/").content.decode()

    for label in (
        "A general question",
        "Connect me with a trainer near me",
        "The next online class",
        "Fees and financial questions",
    ):
        assert label in html
    assert 'href="/privacy/"' in html
    honeypot = re.search(r'<div id="div_id_website" class="([^"]*)">(.*?)</div>', html, re.S)
    assert "visually-hidden" in honeypot.group(1)
    assert "Leave this field empty" in honeypot.group(2)
    assert 'tabindex="-1"' in honeypot.group(2)
    assert 'autocomplete="off"' in honeypot.group(2)
    assert 'href="mailto:office@imago.example"' in html
    assert "style=" not in html
    assert "<script" not in html


@pytest.mark.django_db
def test_link_from_a_training_prefills_the_topic_and_says_what_it_is_about(client):
    training = TrainingFactory(title="Clinical Training Lisbon 2027")

    html = client.get(f"/contact/?topic=trainer_near_me&training={training.slug}").content.decode()

    assert f'About: <a href="{training.get_absolute_url()}">Clinical Training Lisbon 2027</a>' in (
        html
    )
    assert hidden_value(html, "training") == training.slug
    assert re.search(r'value="trainer_near_me"[^>]*checked', html)
    assert not re.search(r'value="general"[^>]*checked', html)


@pytest.mark.django_db
def test_link_from_a_track_says_it_is_about_the_track(client):
    track = TrackFactory(name="Professional Facilitator Training", slug="pft")

    html = client.get("/contact/?track=pft&topic=nonsense").content.decode()

    assert f'About: <a href="{track.get_absolute_url()}">Professional Facilitator Training</a>' in (
        html
    )
    assert re.search(r'value="general"[^>]*checked', html)


@pytest.mark.django_db
def test_a_draft_training_is_neither_shown_nor_stored(client, django_capture_on_commit_callbacks):
    draft = TrainingFactory(title="Secret Draft Cohort", status="draft")

    html = client.get(f"/contact/?training={draft.slug}").content.decode()
    with django_capture_on_commit_callbacks():
        send(client, training=draft.slug)

    assert "Secret Draft Cohort" not in html
    assert "About:" not in html
    message = ContactMessage.objects.get()
    assert message.training is None


@pytest.mark.django_db
def test_a_message_from_a_training_page_keeps_the_training_and_its_track(
    client, django_capture_on_commit_callbacks
):
    training = TrainingFactory()

    with django_capture_on_commit_callbacks():
        response = send(client, topic=Topic.TRAINER_NEAR_ME, training=training.slug)

    message = ContactMessage.objects.get()
    assert (message.training, message.track) == (training, training.track)
    sent_page = client.get(response["Location"]).content.decode()
    assert f'<a href="{training.get_absolute_url()}">{training.title}</a>' in sent_page


@pytest.mark.django_db
def test_invalid_input_keeps_what_was_typed_and_says_what_is_missing(client):
    response = send(client, email="not-an-address", privacy_consent="", city="Görlitz")

    html = response.content.decode()
    assert response.status_code == 200
    assert not ContactMessage.objects.exists()
    assert "Enter a valid email address." in html
    assert re.search(r'id="error_1_id_privacy_consent"', html)
    assert 'value="not-an-address"' in html
    assert 'value="Ana Ruiz"' in html
    assert 'value="Görlitz"' in html
    assert "MESSAGE-4711 Is there a training in German next year?</textarea>" in html
    assert REFUSED not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "Ana\r\nBcc: victim@example.org",
        # Unicode's own line breaks, which e-mail headers refuse as well.
        "Ana\u2028Ruiz",
        "Ana\u0085Ruiz",
    ],
)
def test_a_name_with_a_line_break_is_refused_next_to_the_field(client, name):
    html = send(client, name=name).content.decode()

    assert "Please write your name on one line." in html
    assert not ContactMessage.objects.exists()


# --- A person sends a message; who answers it ---


@pytest.mark.django_db(transaction=True)
def test_a_person_filling_the_form_is_told_who_answers_and_both_sides_get_mail(
    client, smtp_server, settings
):
    settings.CONTACT_MIN_SECONDS = 1
    page = client.get("/contact/").content.decode()
    time.sleep(1.1)  # a person takes longer than the minimum to fill the form

    response = send(client, started=hidden_value(page, "started"))

    assert response.status_code == 302
    message = ContactMessage.objects.get()
    assert (message.email, message.country.code, message.city) == (
        "ana@example.org",
        "DE",
        "Leipzig",
    )
    assert message.status == ContactMessage.Status.NEW
    assert message.language == "en"
    assert message.privacy_notice_version == settings.PRIVACY_NOTICE_VERSION
    assert message.privacy_consent_at is not None
    assert message.ip == "198.51.100.7"
    assert message.routed_to == []  # routed by the worker, after the commit
    sent_page = client.get(response["Location"]).content.decode()
    assert "The institute&#x27;s office will answer you." in sent_page
    assert "We have sent a confirmation to the address you gave" in sent_page

    run_worker()

    message.refresh_from_db()
    assert message.routed_to == [INSTITUTE_EMAIL]
    [forwarded] = smtp_server.messages_to(INSTITUTE_EMAIL)
    assert forwarded["Reply-To"] == "ana@example.org"
    assert forwarded["Subject"] == "A general question: a message from Ana Ruiz (Germany)"
    body = body_of(forwarded)
    assert "MESSAGE-4711 Is there a training in German next year?" in body
    assert "Leipzig, Germany" in body
    assert f"{SITE_URL}/admin/faq/contactmessage/{message.pk}/change/" in body
    [acknowledgement] = smtp_server.messages_to("ana@example.org")
    assert acknowledgement["Subject"] == "We have received your message"
    assert acknowledgement["Content-Language"] == "en"
    ack_body = body_of(acknowledgement)
    # Nothing the sender typed goes back to an address nobody has confirmed, not even the name.
    assert ack_body.startswith("Hello,")
    assert "Ana Ruiz" not in acknowledgement.as_string()
    assert "The institute's office will answer you." in ack_body
    assert "MESSAGE-4711" not in acknowledgement.as_string()  # never echoed to any address
    assert len(smtp_server.messages) == 2
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()


@pytest.mark.django_db(transaction=True)
def test_trainer_near_me_goes_to_the_countrys_coordinator_first(client, smtp_server):
    CoordinatorFactory(country="DE", name="Anna Koordinatorin")
    CoordinatorFactory(country="AT", email="coordinator.at@imago.example")
    TrainerFactory(country="DE", email="trainer.de@imago.example")

    response = send(client, topic=Topic.TRAINER_NEAR_ME)
    run_worker()

    message = ContactMessage.objects.get()
    assert message.routed_to == ["coordinator.de@imago.example"]
    assert [to for to, _ in smtp_server.recorder.received] == [
        ["coordinator.de@imago.example"],
        ["ana@example.org"],
    ]
    expected = "Anna Koordinatorin, our coordinator for Germany, will answer you."
    assert expected in body_of(smtp_server.messages_to("ana@example.org")[0])
    assert expected in client.get(response["Location"]).content.decode()


@pytest.mark.django_db(transaction=True)
def test_trainer_near_me_without_coordinator_goes_to_the_countrys_listed_trainers(
    client, smtp_server
):
    TrainerFactory(country="DE", name="Bea", email="bea@imago.example")
    TrainerFactory(country="DE", name="Carl", email="carl@imago.example")
    TrainerFactory(country="DE", email="")  # no address to write to
    TrainerFactory(country="DE", email="hidden@imago.example", is_listed=False)
    TrainerFactory(country="FR", email="france@imago.example")
    CoordinatorFactory(country="FR", email="coordinator.fr@imago.example")

    response = send(client, topic=Topic.TRAINER_NEAR_ME)
    run_worker()

    message = ContactMessage.objects.get()
    assert message.routed_to == ["bea@imago.example", "carl@imago.example"]
    for address, other in [("bea@imago.example", "carl"), ("carl@imago.example", "bea")]:
        [forwarded] = smtp_server.messages_to(address)
        assert forwarded["Reply-To"] == "ana@example.org"
        assert f"also sent to: {other}@imago.example" in body_of(forwarded)
    received = {address for to, _ in smtp_server.recorder.received for address in to}
    assert received == {"bea@imago.example", "carl@imago.example", "ana@example.org"}
    assert (
        "A trainer in Germany will answer you." in client.get(response["Location"]).content.decode()
    )


@pytest.mark.django_db(transaction=True)
def test_trainer_near_me_in_a_country_without_trainers_goes_to_the_institute(client, smtp_server):
    TrainerFactory(country="DE", email="trainer.de@imago.example")

    send(client, topic=Topic.TRAINER_NEAR_ME, country="KE")
    run_worker()

    assert ContactMessage.objects.get().routed_to == [INSTITUTE_EMAIL]
    assert len(smtp_server.messages_to(INSTITUTE_EMAIL)) == 1
    assert smtp_server.messages_to("trainer.de@imago.example") == []
    [acknowledgement] = smtp_server.messages_to("ana@example.org")
    assert "put you in touch with the nearest trainer" in body_of(acknowledgement)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("topic", [Topic.GENERAL, Topic.ONLINE_CLASS, Topic.FINANCES])
def test_other_topics_go_to_the_institute_even_where_a_coordinator_is(client, smtp_server, topic):
    CoordinatorFactory(country="DE")
    TrainerFactory(country="DE", email="trainer.de@imago.example")

    send(client, topic=topic)
    run_worker()

    assert ContactMessage.objects.get().routed_to == [INSTITUTE_EMAIL]
    assert [to for to, _ in smtp_server.recorder.received] == [
        [INSTITUTE_EMAIL],
        ["ana@example.org"],
    ]


@pytest.mark.django_db(transaction=True)
def test_the_message_is_kept_when_the_mail_server_is_down_and_goes_out_once_later(
    client, smtp_server
):
    CoordinatorFactory(country="DE")
    smtp_server.stop()

    response = send(client, topic=Topic.TRAINER_NEAR_ME)
    run_worker()

    assert response.status_code == 302
    message = ContactMessage.objects.get()
    assert message.routed_to == ["coordinator.de@imago.example"]
    failed = DBTaskResult.objects.filter(status="FAILED")
    assert sorted(failed.values_list("task_path", flat=True)) == [
        "faq.contact.tasks.forward_message",
        "faq.contact.tasks.send_acknowledgement",
    ]
    assert DBTaskResult.objects.filter(status="READY").count() == 2

    smtp_server.start()
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_worker()
    run_worker()  # nothing left to send twice

    assert len(smtp_server.messages_to("coordinator.de@imago.example")) == 1
    assert len(smtp_server.messages_to("ana@example.org")) == 1
    assert not DBTaskResult.objects.filter(status="READY").exists()


@pytest.mark.django_db(transaction=True)
def test_routing_twice_sends_nothing_twice(smtp_server):
    message = ContactMessageFactory()

    tasks.route_message.enqueue(message.pk)
    tasks.route_message.enqueue(message.pk)
    run_worker()

    assert len(smtp_server.messages_to(INSTITUTE_EMAIL)) == 1
    assert len(smtp_server.messages_to(message.email)) == 1


@pytest.mark.django_db
def test_the_acknowledgement_is_written_in_the_language_the_sender_used(smtp_server):
    message = ContactMessageFactory(language="de")

    tasks.send_acknowledgement.call(message.pk)

    [acknowledgement] = smtp_server.messages_to(message.email)
    assert acknowledgement["Content-Language"] == "de"


@pytest.mark.django_db
def test_the_sent_page_needs_its_signed_address(client):
    message = ContactMessageFactory()

    response = client.get(f"/contact/sent/{message.pk}/")
    forged = signing.dumps(message.pk, salt="another.salt")

    assert response.status_code == 302 and response["Location"] == "/contact/"
    assert client.get(f"/contact/sent/{forged}/")["Location"] == "/contact/"


@pytest.mark.django_db
def test_the_sent_page_shows_nothing_of_the_sender_and_is_not_cached(client):
    message = ContactMessageFactory(name="Ana Ruiz", email="ana@example.org", city="Görlitz")

    response = client.get(f"/contact/sent/{signing.dumps(message.pk, salt=SENT_SALT)}/")

    html = response.content.decode()
    assert response.status_code == 200 and message.get_topic_display() in html
    for personal in ["Ana Ruiz", "ana@example.org", "Görlitz"]:
        assert personal not in html
    assert "no-store" in response["Cache-Control"]


# --- Spam protection ---


def assert_refused(response):
    html = response.content.decode()
    assert response.status_code == 200
    assert f"{REFUSED} office@imago.example." in html
    assert not ContactMessage.objects.exists()
    return html


@pytest.mark.django_db
def test_a_filled_honeypot_is_refused_and_nothing_stored(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        html = assert_refused(send(client, website="https://cheap-pills.example"))

    assert callbacks == []
    assert "cheap-pills" not in html  # cleared, so a person whose browser filled it can send
    assert 'value="Ana Ruiz"' in html


@pytest.mark.django_db
def test_a_form_sent_too_fast_is_refused(client):
    page = client.get("/contact/").content.decode()

    assert_refused(send(client, started=hidden_value(page, "started")))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "started",
    [
        "",
        "1700000000",
        signing.dumps(time.time() - 60, salt="another.salt"),
        start_token(time.time() - 60)[:-2] + "xx",
        start_token(time.time() - START_MAX_AGE - 60),
    ],
    ids=["missing", "unsigned", "other-salt", "tampered", "too-old"],
)
def test_a_tampered_or_old_start_time_is_refused_and_a_new_one_given(client, started):
    html = assert_refused(send(client, started=started))

    renewed = hidden_value(html, "started")
    assert renewed != started
    assert signing.loads(renewed, salt="faq.contact.started") > time.time() - 5


def assert_limited(response, *typed):
    html = response.content.decode()
    assert response.status_code == 429
    assert LIMITED in html
    assert REFUSED not in html
    for value in typed:
        assert f'value="{value}"' in html


@pytest.mark.django_db
def test_an_address_is_refused_after_five_messages_an_hour_while_others_pass(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        for n in range(5):
            response = send(client, email="ana@example.org", remote_addr=f"192.0.2.{n}")
            assert response.status_code == 302

        refused = send(client, email="Ana@Example.org", remote_addr="198.51.100.1")
        other = send(client, email="ben@example.org", remote_addr="198.51.100.1")

    assert_limited(refused, "Ana@Example.org", "Ana Ruiz")
    assert "MESSAGE-4711 Is there a training in German next year?</textarea>" in (
        refused.content.decode()
    )
    assert other.status_code == 302
    assert ContactMessage.objects.count() == 6
    assert not ContactMessage.objects.filter(email="Ana@Example.org").exists()


@pytest.mark.django_db
def test_an_ip_address_is_refused_after_ten_messages_an_hour_while_others_pass(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        for n in range(10):
            response = send(client, email=f"p{n}@example.org", remote_addr="198.51.100.7")
            assert response.status_code == 302

        refused = send(client, email="new@example.org", remote_addr="198.51.100.7")
        other = send(client, email="new@example.org", remote_addr="198.51.100.8")

    assert_limited(refused, "new@example.org")
    assert other.status_code == 302
    assert ContactMessage.objects.filter(email="new@example.org").get().ip == "198.51.100.8"


@pytest.mark.django_db
def test_an_ipv6_network_counts_as_one_address_as_on_the_other_forms(
    client, settings, django_capture_on_commit_callbacks
):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "contact": {"per_email": 5, "per_ip": 2, "seconds": 3600},
    }
    with django_capture_on_commit_callbacks():
        for n in range(2):
            assert (
                send(
                    client, email=f"p{n}@example.org", remote_addr=f"2001:db8::{n + 1}"
                ).status_code
                == 302
            )

        refused = send(client, email="new@example.org", remote_addr="2001:db8::ffff")
        other = send(client, email="new@example.org", remote_addr="2001:db8:0:1::1")

    assert_limited(refused, "new@example.org")
    assert other.status_code == 302


@pytest.mark.django_db
def test_a_message_refused_as_spam_takes_nothing_from_the_limit(
    client, settings, django_capture_on_commit_callbacks
):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "contact": {"per_email": 1, "per_ip": 1, "seconds": 3600},
    }
    assert_refused(send(client, website="https://cheap-pills.example"))

    with django_capture_on_commit_callbacks():
        assert send(client).status_code == 302

    assert_limited(send(client, remote_addr="198.51.100.99"))
    assert ContactMessage.objects.count() == 1


def test_the_limits_are_read_from_the_contact_variables(monkeypatch):
    monkeypatch.setenv("CONTACT_MAX_PER_EMAIL", "2")
    monkeypatch.setenv("CONTACT_MAX_PER_IP", "4")
    monkeypatch.setenv("CONTACT_RATE_SECONDS", "60")

    assert rate_limit("CONTACT", per_email=5, per_ip=10) == {
        "per_email": 2,
        "per_ip": 4,
        "seconds": 60,
    }


@pytest.mark.django_db
def test_every_topic_and_status_can_be_stored():
    for topic in Topic.values:
        ContactMessageFactory(topic=topic)
    for status in ContactMessage.Status.values:
        ContactMessageFactory(status=status)

    assert ContactMessage.objects.count() == len(Topic.values) + len(ContactMessage.Status.values)
