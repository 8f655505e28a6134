"""The interest list: subscribing with double opt-in, unsubscribing, and the announcement of a
newly published training, sent over a real SMTP conversation (``smtp_server``) by the task
worker."""

import re

import pytest
from django.db import IntegrityError
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.applicants.test_eligibility_page import MASTER_IN_PSYCHOLOGY
from tests.factories import SubscriptionFactory, TrackFactory, TrainerFactory, TrainingFactory
from tests.worker import run_worker
from trainings.interest import tasks
from trainings.models import InterestNotification, InterestSubscription, Training

SITE_URL = "https://training.imago.example"
Status = Training.Status


@pytest.fixture(autouse=True)
def mail_settings(settings):
    settings.SITE_URL = SITE_URL


def body_of(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def subscribe_form(**changes):
    data = {"email": "ana@example.org", "country": "PT", "city": "Lisbon", "track": ""}
    data.update(changes)
    return data


def publish(staff_client, *trainings):
    """Publish drafts as staff do: with the training admin's action."""
    return staff_client.post(
        "/admin/trainings/training/",
        {
            "action": "publish",
            "_selected_action": [training.pk for training in trainings],
            # The factory's trainings have their refund policy in English only.
            "publish_anyway": "all",
        },
    )


# --- The page ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_form_is_prefilled_from_the_query_string(client):
    TrackFactory(slug="pft", name="Professional Facilitator Training")
    TrainingFactory(language="pt")

    response = client.get("/interest/?country=pt&track=pft&language=pt&online=1&city=Porto")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert re.search(r'<option value="PT" selected>Portugal</option>', html)
    assert re.search(
        r'<option value="pft" selected>Professional Facilitator Training</option>', html
    )
    assert re.search(r'name="languages" value="pt"[^>]* checked', html)
    assert not re.search(r'name="languages" value="en"[^>]* checked', html)
    assert re.search(r'<input type="checkbox" name="online"[^>]* checked', html)
    assert 'value="Porto"' in html
    assert "style=" not in html and "<script" not in html


@pytest.mark.django_db
def test_without_a_query_string_nothing_is_chosen(client):
    html = client.get("/interest/?online=0&track=no-such-track").content.decode()

    assert " selected>" not in html.replace('<option value="" selected>', "")
    assert not re.search(r'<input type="checkbox" name="online"[^>]* checked', html)


@pytest.mark.django_db
def test_a_country_is_needed_unless_only_online_trainings_are_wanted(client):
    response = client.post("/interest/", subscribe_form(country=""))

    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'id="error_\d+_id_country"[^>]*>.*Choose a country, or tick online', html)
    assert not InterestSubscription.objects.exists()

    response = client.post("/interest/", subscribe_form(country="", online="on"))

    assert response.status_code == 302
    subscription = InterestSubscription.objects.get()
    assert (subscription.country, subscription.wants_online) == ("", True)


@pytest.mark.django_db
def test_a_bad_address_is_refused_next_to_its_field(client):
    html = client.post("/interest/", subscribe_form(email="not-an-address")).content.decode()

    assert re.search(r'id="error_\d+_id_email"[^>]*>.*Enter a valid email address', html)
    assert not InterestSubscription.objects.exists()


@pytest.mark.django_db
def test_the_check_your_inbox_page_reads_the_same_for_new_and_known_addresses(client):
    SubscriptionFactory(email="known@example.org", country="PT", city="Lisbon")

    known = client.post("/interest/", subscribe_form(email="known@example.org"), follow=True)
    new = client.post("/interest/", subscribe_form(email="new@example.org"), follow=True)

    assert known.redirect_chain == new.redirect_chain == [("/interest/check-your-inbox/", 302)]
    assert known.content == new.content
    assert "Check your inbox" in new.content.decode()
    assert "new@example.org" not in new.content.decode()


# --- Subscribing, confirming, unsubscribing ------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_subscribing_sends_the_confirmation_link_and_confirms_nothing_yet(client, smtp_server):
    track = TrackFactory(slug="clinical", name="Clinical Track")
    TrainingFactory(track=track, language="pt")
    TrainingFactory(track=track, language="es")

    response = client.post(
        "/interest/",
        subscribe_form(email="Ana@Example.org", track="clinical", languages=["pt", "es"]),
    )
    run_worker()

    assert response["Location"] == "/interest/check-your-inbox/"
    subscription = InterestSubscription.objects.get()
    assert subscription.email == "Ana@Example.org"
    assert (subscription.country, subscription.city) == ("PT", "Lisbon")
    assert (subscription.track, subscription.languages) == (track, ["es", "pt"])
    assert subscription.interface_language == "en"
    assert subscription.confirmed_at is None
    [message] = smtp_server.messages_to("Ana@Example.org")
    assert message["Subject"] == "Please confirm: news of Imago trainings"
    assert message["Content-Language"] == "en"
    body = body_of(message)
    assert f"{SITE_URL}/interest/confirm/{subscription.token}/" in body
    assert f"{SITE_URL}/interest/unsubscribe/{subscription.token}/" in body
    assert "Where: Lisbon, Portugal" in body
    assert "Track: Clinical Track" in body
    assert "Languages of instruction: Portuguese, Spanish" in body


@pytest.mark.django_db(transaction=True)
def test_the_same_choices_twice_make_one_subscription_and_resend_the_confirmation(
    client, smtp_server
):
    client.post("/interest/", subscribe_form(email="ana@example.org"))
    client.post("/interest/", subscribe_form(email="ANA@example.org", online="on"))
    run_worker()

    subscription = InterestSubscription.objects.get()
    assert subscription.wants_online  # the latest wish counts while unconfirmed
    messages = smtp_server.messages
    assert len(messages) == 2
    for message in messages:
        assert f"/interest/confirm/{subscription.token}/" in body_of(message)


@pytest.mark.django_db(transaction=True)
def test_asking_again_for_a_confirmed_subscription_changes_nothing_and_says_so(client, smtp_server):
    subscription = SubscriptionFactory(email="ana@example.org", country="PT", city="Lisbon")

    client.post("/interest/", subscribe_form(email="ana@example.org", city="", online="on"))
    run_worker()

    assert InterestSubscription.objects.get() == subscription
    subscription.refresh_from_db()
    assert (subscription.city, subscription.wants_online) == ("Lisbon", False)
    [message] = smtp_server.messages
    body = body_of(message)
    assert "already receives these announcements" in body
    assert "/interest/confirm/" not in body
    assert f"/interest/unsubscribe/{subscription.token}/" in body


@pytest.mark.django_db
def test_other_choices_make_another_subscription(client):
    TrackFactory(slug="clinical")
    client.post("/interest/", subscribe_form())
    client.post("/interest/", subscribe_form(track="clinical"))
    client.post("/interest/", subscribe_form(country="ES"))

    assert InterestSubscription.objects.count() == 3


@pytest.mark.django_db
def test_opening_the_confirmation_link_does_not_confirm_the_button_does(client):
    subscription = SubscriptionFactory(confirmed_at=None)
    url = f"/interest/confirm/{subscription.token}/"

    page = client.get(url)

    html = page.content.decode()
    assert html.count("<h1") == 1
    assert "Confirm your subscription" in html
    assert '<form method="post">' in html and "Yes, tell me about new trainings" in html
    assert '<meta name="robots" content="noindex">' in html
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None

    response = client.post(url)

    assert response["Location"] == url
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None
    assert "Your subscription is confirmed" in client.get(url).content.decode()


@pytest.mark.django_db
def test_confirming_twice_keeps_the_first_date(client):
    subscription = SubscriptionFactory(confirmed_at=None)
    client.post(subscription.get_confirm_url())
    subscription.refresh_from_db()
    first = subscription.confirmed_at

    client.post(subscription.get_confirm_url())

    subscription.refresh_from_db()
    assert subscription.confirmed_at == first


@pytest.mark.django_db
def test_unsubscribing_takes_the_link_then_one_button(client):
    subscription = SubscriptionFactory()
    url = f"/interest/unsubscribe/{subscription.token}/"

    html = client.get(url).content.decode()

    assert "Stop hearing about new trainings?" in html
    assert html.count("<h1") == 1
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is None

    response = client.post(url)

    assert response["Location"] == url
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None
    assert not subscription.is_confirmed
    assert "You are unsubscribed" in client.get(url).content.decode()
    # An ended subscription cannot be confirmed back to life through its old link.
    client.post(subscription.get_confirm_url())
    assert (
        "This subscription has ended" in client.get(subscription.get_confirm_url()).content.decode()
    )
    assert not InterestSubscription.objects.confirmed().exists()


@pytest.mark.django_db
def test_confirming_needs_the_pages_csrf_token_and_unsubscribing_takes_one_click():
    subscription = SubscriptionFactory(confirmed_at=None)
    other_site = Client(enforce_csrf_checks=True)

    confirm = other_site.post(subscription.get_confirm_url())
    subscription.refresh_from_db()
    assert confirm.status_code == 403
    assert subscription.confirmed_at is None
    # A mail program's one-click unsubscribe (RFC 8058) has no cookie: the token is enough.
    unsubscribe = other_site.post(
        subscription.get_unsubscribe_url(),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    subscription.refresh_from_db()
    assert unsubscribe.status_code == 302
    assert subscription.unsubscribed_at is not None


@pytest.mark.django_db
def test_after_unsubscribing_the_same_choices_can_be_subscribed_again(client):
    old = SubscriptionFactory(email="ana@example.org", country="PT", city="")
    old.unsubscribe()

    client.post("/interest/", subscribe_form(email="ana@example.org"))

    new = InterestSubscription.objects.active().get()
    assert new != old
    assert new.token != old.token
    assert new.confirmed_at is None


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("page", ["confirm", "unsubscribe"])
def test_a_wrong_token_is_not_found_and_says_nothing_more(client, method, page):
    subscription = SubscriptionFactory(confirmed_at=None)

    for token in ["no-such-token", subscription.token[:-1], subscription.token + "x"]:
        response = getattr(client, method)(f"/interest/{page}/{token}/")

        html = response.content.decode()
        assert response.status_code == 404
        assert "We could not find that page" in html
        assert subscription.email not in html
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None and subscription.unsubscribed_at is None


# --- What the database holds ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_database_holds_one_active_subscription_per_address_and_choices():
    SubscriptionFactory(email="ana@example.org", track=None, languages=[])

    with pytest.raises(IntegrityError):
        SubscriptionFactory(email="ANA@example.org", track=None, languages=[])


@pytest.mark.django_db
def test_an_ended_subscription_does_not_block_a_new_one():
    SubscriptionFactory(email="ana@example.org", unsubscribed_at=timezone.now())

    SubscriptionFactory(email="ana@example.org")

    assert InterestSubscription.objects.count() == 2


@pytest.mark.django_db
def test_the_database_refuses_no_country_without_online():
    with pytest.raises(IntegrityError):
        SubscriptionFactory(country="", wants_online=False)


@pytest.mark.django_db
def test_tokens_are_long_and_unguessable():
    first, second = SubscriptionFactory(), SubscriptionFactory()

    assert len(first.token) >= 40
    assert first.token != second.token


# --- Announcing a published training -------------------------------------------------------------


@pytest.fixture
def berlin_clinical_german(db):
    """A draft: the Clinical Track in Berlin, taught in German."""
    return TrainingFactory(
        title="Clinical Berlin 2027",
        track=TrackFactory(slug="clinical", name="Clinical Track"),
        language="de",
        status=Status.DRAFT,
    )


@pytest.mark.django_db(transaction=True)
def test_publishing_mails_each_matching_confirmed_subscription_once(
    staff_client, smtp_server, berlin_clinical_german
):
    training = berlin_clinical_german
    clinical = training.track
    pft = TrackFactory(slug="pft")
    matching = [
        SubscriptionFactory(email="exact@example.org", track=clinical, languages=["de"]),
        SubscriptionFactory(email="two@example.org", languages=["de", "en"]),
        SubscriptionFactory(email="any@example.org"),
        SubscriptionFactory(email="online-too@example.org", wants_online=True, city="Hamburg"),
    ]
    not_matching = [
        SubscriptionFactory(email="unconfirmed@example.org", confirmed_at=None),
        SubscriptionFactory(email="ended@example.org", unsubscribed_at=timezone.now()),
        SubscriptionFactory(email="austria@example.org", country="AT"),
        SubscriptionFactory(email="pft@example.org", track=pft),
        SubscriptionFactory(email="english@example.org", languages=["en"]),
        SubscriptionFactory(email="online-only@example.org", country="", wants_online=True),
    ]

    response = publish(staff_client, training)
    run_worker()

    assert response.status_code == 302
    training.refresh_from_db()
    assert training.status == Status.PUBLISHED
    assert sorted(address for to, _ in smtp_server.recorder.received for address in to) == sorted(
        subscription.email for subscription in matching
    )
    for subscription in matching:
        [message] = smtp_server.messages_to(subscription.email)
        assert message["Subject"] == "New training: Clinical Berlin 2027"
        body = body_of(message)
        assert f"{SITE_URL}{training.get_absolute_url()}" in body
        assert f"{SITE_URL}/interest/unsubscribe/{subscription.token}/" in body
        assert "Place: Berlin, Germany" in body
        assert "Language of instruction: German" in body
    for subscription in not_matching:
        assert smtp_server.messages_to(subscription.email) == []
    notifications = InterestNotification.objects.filter(training=training)
    assert {n.subscription_id for n in notifications} == {s.pk for s in matching}
    assert all(n.sent_at is not None for n in notifications)
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()


@pytest.mark.django_db(transaction=True)
def test_an_online_training_reaches_those_who_want_online_trainings(staff_client, smtp_server):
    training = TrainingFactory(online=True, language="es", status=Status.DRAFT)
    wanted = [
        SubscriptionFactory(email="online-only@example.org", country="", wants_online=True),
        SubscriptionFactory(email="mexico-too@example.org", country="MX", wants_online=True),
        SubscriptionFactory(email="spanish@example.org", wants_online=True, languages=["es"]),
    ]
    SubscriptionFactory(email="in-person@example.org", country="MX")
    SubscriptionFactory(email="german@example.org", wants_online=True, languages=["de"])
    SubscriptionFactory(email="other-track@example.org", wants_online=True, track=TrackFactory())

    publish(staff_client, training)
    run_worker()

    recipients = sorted(address for to, _ in smtp_server.recorder.received for address in to)
    assert recipients == sorted(subscription.email for subscription in wanted)
    assert "Place: Online" in body_of(smtp_server.messages[0])


@pytest.mark.django_db(transaction=True)
def test_publishing_again_or_announcing_twice_sends_nothing_new(
    staff_client, smtp_server, berlin_clinical_german
):
    training = berlin_clinical_german
    subscription = SubscriptionFactory()
    publish(staff_client, training)
    run_worker()
    assert len(smtp_server.messages) == 1

    publish(staff_client, training)  # already published: the action leaves it alone
    tasks.announce_training.enqueue(training.pk)
    tasks.announce_training.enqueue(training.pk)
    run_worker()

    assert len(smtp_server.messages) == 1
    assert InterestNotification.objects.get().subscription == subscription
    # A subscription confirmed since then hears of it; the first still only once.
    late = SubscriptionFactory(email="late@example.org")
    tasks.announce_training.enqueue(training.pk)
    run_worker()
    assert [to for to, _ in smtp_server.recorder.received] == [[subscription.email], [late.email]]


@pytest.mark.django_db(transaction=True)
def test_a_send_that_failed_is_retried_without_recording_it_again(
    staff_client, smtp_server, settings, berlin_clinical_german
):
    settings.MAIL_RETRY_DELAYS = [3600]
    subscription = SubscriptionFactory()
    smtp_server.stop()

    publish(staff_client, berlin_clinical_german)
    run_worker()

    [failed] = DBTaskResult.objects.filter(status="FAILED")
    assert failed.task_path == "trainings.interest.tasks.send_announcement"
    [retry] = DBTaskResult.objects.filter(status="READY")
    notification = InterestNotification.objects.get()
    assert retry.args_kwargs == {"args": [notification.pk], "kwargs": {"attempt": 1}}
    assert notification.sent_at is None

    smtp_server.start()
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    tasks.announce_training.enqueue(berlin_clinical_german.pk)  # staff or a rerun: no effect
    run_worker()
    run_worker()

    assert len(smtp_server.messages_to(subscription.email)) == 1
    notification = InterestNotification.objects.get()
    assert notification.sent_at is not None


@pytest.mark.django_db
def test_the_database_never_records_one_training_twice_for_one_subscription(
    berlin_clinical_german,
):
    subscription = SubscriptionFactory()
    InterestNotification.objects.create(subscription=subscription, training=berlin_clinical_german)

    with pytest.raises(IntegrityError):
        InterestNotification.objects.create(
            subscription=subscription, training=berlin_clinical_german
        )


@pytest.mark.django_db
def test_an_announcement_for_an_ended_subscription_or_a_cancelled_training_is_not_sent(
    smtp_server, berlin_clinical_german
):
    training = berlin_clinical_german
    Training.objects.filter(pk=training.pk).update(status=Status.PUBLISHED)
    ended, cancelled_for = SubscriptionFactory(), SubscriptionFactory()
    first = InterestNotification.objects.create(subscription=ended, training=training)
    second = InterestNotification.objects.create(subscription=cancelled_for, training=training)
    ended.unsubscribe()

    tasks.send_announcement.call(first.pk)
    Training.objects.filter(pk=training.pk).update(status=Status.CANCELLED)
    tasks.send_announcement.call(second.pk)

    assert smtp_server.messages == []
    assert not InterestNotification.objects.filter(sent_at__isnull=False).exists()


@pytest.mark.django_db
def test_a_draft_is_not_announced(smtp_server, berlin_clinical_german):
    SubscriptionFactory()

    tasks.announce_training.call(berlin_clinical_german.pk)

    assert not InterestNotification.objects.exists()
    assert smtp_server.messages == []


@pytest.mark.django_db
def test_the_announcement_is_written_in_the_subscribers_language(
    smtp_server, berlin_clinical_german
):
    Training.objects.filter(pk=berlin_clinical_german.pk).update(status=Status.PUBLISHED)
    subscription = SubscriptionFactory(interface_language="de")
    notification = InterestNotification.objects.create(
        subscription=subscription, training=berlin_clinical_german
    )

    tasks.send_announcement.call(notification.pk)

    [message] = smtp_server.messages
    assert message["Content-Language"] == "de"


@pytest.mark.django_db
def test_the_form_offers_the_languages_taught_and_ticks_those_the_visitor_follows(client):
    TrainingFactory(language="pt")
    TrainerFactory(languages=["sw", "en"])
    TrainingFactory(language="fr", status=Status.DRAFT)
    client.get(f"/eligibility/?{MASTER_IN_PSYCHOLOGY}&country=PT&languages=pt")

    html = client.get("/interest/").content.decode()

    offered = re.findall(r'name="languages" value="([^"]+)"', html)
    assert sorted(offered) == ["en", "pt", "sw"]
    assert re.search(r'name="languages" value="pt"[^>]* checked', html)
    assert not re.search(r'name="languages" value="sw"[^>]* checked', html)


@pytest.mark.django_db
def test_the_languages_ticked_on_the_form_are_remembered_for_the_visit(client):
    TrainingFactory(language="pt")
    TrainingFactory(language="es")

    client.post("/interest/", subscribe_form(languages=["es"]))

    assert client.session["followed_languages"] == ["es"]
    html = client.get("/interest/").content.decode()
    assert re.search(r'name="languages" value="es"[^>]* checked', html)
