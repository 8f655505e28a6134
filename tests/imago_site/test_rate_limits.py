"""Rate limits per e-mail address and per IP on the forms that store or send something: the
application form, "Lost your link?", the interest list and the contact form
(tests/faq/test_contact.py). The slots live in the shared cache, here Django's database cache."""

import os
import subprocess
import sys
import threading
import time
import types
from pathlib import Path

import psycopg2
import pytest
from django.db import connection, connections
from django_tasks_db.models import DBTaskResult

from applicants.models import Application
from imago_site import rate_limits
from imago_site.settings import redis_cache
from tests.applicants.test_apply import answers
from tests.factories import TrackFactory, TrainingFactory
from tests.smtp import free_port
from trainings.models import InterestSubscription

ROOT = Path(__file__).resolve().parents[2]
REFUSED = "This form has been sent too often from your e-mail address or your network"


@pytest.fixture(autouse=True)
def low_limits(settings):
    settings.RATE_LIMITS = {
        name: {"per_email": 2, "per_ip": 3, "seconds": 3600}
        for name in ("apply", "status_links", "interest", "contact")
    }
    return settings.RATE_LIMITS


@pytest.fixture
def trainings():
    track = TrackFactory(slug="pft")
    return [TrainingFactory(track=track, slug=f"pft-{n}", capacity=30) for n in range(5)]


def apply(client, training, ip, **changes):
    return client.post(f"/trainings/{training.slug}/apply/", answers(**changes), REMOTE_ADDR=ip)


def ask_links(client, email, ip):
    return client.post("/applications/lost-link/", {"email": email}, REMOTE_ADDR=ip)


def subscribe(client, email, ip, country="PT"):
    return client.post("/interest/", {"email": email, "country": country}, REMOTE_ADDR=ip)


def assert_refused_keeping_input(response, *typed):
    html = response.content.decode()
    assert response.status_code == 429
    assert REFUSED in html
    for value in typed:
        assert f'value="{value}"' in html


# --- The application form ---


@pytest.mark.django_db
def test_applications_are_limited_per_address_and_other_addresses_pass(client, trainings):
    for n, training in enumerate(trainings[:2]):
        assert apply(client, training, f"192.0.2.{n}", email="ana@example.org").status_code == 302

    refused = apply(client, trainings[2], "192.0.2.9", email="ANA@example.org", name="Ana Ruiz")
    other = apply(client, trainings[2], "192.0.2.9", email="ben@example.org")

    assert_refused_keeping_input(refused, "ANA@example.org", "Ana Ruiz")
    assert other.status_code == 302
    stored = Application.objects.values_list("email", "training__slug").order_by("pk")
    assert list(stored) == [
        ("ana@example.org", "pft-0"),
        ("ana@example.org", "pft-1"),
        ("ben@example.org", "pft-2"),
    ]


@pytest.mark.django_db
def test_a_limit_of_zero_refuses_every_submission(client, trainings, low_limits):
    low_limits["apply"] = {"per_email": 0, "per_ip": 3, "seconds": 3600}

    refused = apply(client, trainings[0], "192.0.2.1", email="ana@example.org", name="Ana Ruiz")

    assert_refused_keeping_input(refused, "ana@example.org", "Ana Ruiz")
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_applications_are_limited_per_ip_and_other_ips_pass(client, trainings):
    for n in range(3):
        response = apply(client, trainings[n], "198.51.100.7", email=f"p{n}@example.org")
        assert response.status_code == 302

    refused = apply(client, trainings[3], "198.51.100.7", email="p3@example.org")
    other = apply(client, trainings[3], "198.51.100.8", email="p3@example.org")

    assert_refused_keeping_input(refused, "p3@example.org")
    assert other.status_code == 302
    assert Application.objects.filter(email="p3@example.org").count() == 1


@pytest.mark.django_db
def test_a_submission_with_mistakes_takes_nothing_from_the_limit(client, trainings):
    for _attempt in range(3):
        assert apply(client, trainings[0], "192.0.2.1", motivation="").status_code == 200

    assert apply(client, trainings[0], "192.0.2.1").status_code == 302


# --- "Lost your link?" ---


def queued_tasks():
    """The tasks queued so far, in order, each as its path and arguments."""
    return [
        (task.task_path, task.args_kwargs["args"])
        for task in DBTaskResult.objects.order_by("enqueued_at")
    ]


@pytest.mark.django_db
def test_status_links_are_limited_per_address(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(2):
            assert ask_links(client, "ana@example.org", f"192.0.2.{n}").status_code == 302
        refused = ask_links(client, "Ana@Example.org", "192.0.2.9")
        other = ask_links(client, "ben@example.org", "192.0.2.9")

    assert_refused_keeping_input(refused, "Ana@Example.org")
    assert other.status_code == 302
    assert queued_tasks() == [
        ("applicants.tasks.send_status_links", ["ana@example.org"]),
        ("applicants.tasks.send_status_links", ["ana@example.org"]),
        ("applicants.tasks.send_status_links", ["ben@example.org"]),
    ]


@pytest.mark.django_db
def test_status_links_are_limited_per_ip(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            assert ask_links(client, f"p{n}@example.org", "198.51.100.7").status_code == 302
        refused = ask_links(client, "p3@example.org", "198.51.100.7")
        other = ask_links(client, "p3@example.org", "198.51.100.8")

    assert_refused_keeping_input(refused, "p3@example.org")
    assert other.status_code == 302
    assert queued_tasks() == [
        ("applicants.tasks.send_status_links", [f"p{n}@example.org"]) for n in range(4)
    ]


# --- The interest list ---


@pytest.mark.django_db
def test_subscriptions_are_limited_per_address(client):
    for n, country in enumerate(["PT", "ES"]):
        assert subscribe(client, "ana@example.org", f"192.0.2.{n}", country).status_code == 302

    refused = subscribe(client, "ana@example.org", "192.0.2.9", "FR")
    other = subscribe(client, "ben@example.org", "192.0.2.9", "FR")

    assert_refused_keeping_input(refused, "ana@example.org")
    assert other.status_code == 302
    stored = InterestSubscription.objects.values_list("email", "country").order_by("pk")
    assert [(email, str(country)) for email, country in stored] == [
        ("ana@example.org", "PT"),
        ("ana@example.org", "ES"),
        ("ben@example.org", "FR"),
    ]


@pytest.mark.django_db
def test_subscriptions_are_limited_per_ip(client):
    for n in range(3):
        assert subscribe(client, f"p{n}@example.org", "2001:db8::1").status_code == 302

    # The same /64 network counts as the same address; another network does not.
    refused = subscribe(client, "p3@example.org", "2001:db8::ffff")
    other = subscribe(client, "p3@example.org", "2001:db8:0:1::1")

    assert_refused_keeping_input(refused, "p3@example.org")
    assert other.status_code == 302
    assert InterestSubscription.objects.filter(email="p3@example.org").count() == 1


@pytest.mark.django_db
def test_a_submission_refused_for_its_ip_takes_nothing_from_its_address(client, low_limits):
    low_limits["status_links"].update(per_email=1, per_ip=1)
    assert ask_links(client, "ana@example.org", "198.51.100.7").status_code == 302

    assert ask_links(client, "ben@example.org", "198.51.100.7").status_code == 429
    assert ask_links(client, "ben@example.org", "198.51.100.8").status_code == 302
    assert ask_links(client, "ben@example.org", "198.51.100.9").status_code == 429


# --- The window and the client's address ---


@pytest.mark.django_db
def test_the_limit_frees_up_when_the_window_has_passed(client, low_limits):
    low_limits["status_links"]["seconds"] = 1
    for n in range(2):
        assert ask_links(client, "ana@example.org", f"192.0.2.{n}").status_code == 302
    assert ask_links(client, "ana@example.org", "192.0.2.9").status_code == 429

    time.sleep(2.1)

    assert ask_links(client, "ana@example.org", "192.0.2.9").status_code == 302


@pytest.mark.django_db
def test_a_proxy_header_counts_only_when_a_setting_names_it(client, settings):
    for n in range(3):
        response = client.post(
            "/applications/lost-link/",
            {"email": f"p{n}@example.org"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_REAL_IP=f"203.0.113.{n}",
        )
        assert response.status_code == 302
    # Untrusted, the header changed nothing: the proxy's address has had its three.
    assert ask_links(client, "p3@example.org", "10.0.0.1").status_code == 429

    settings.CLIENT_IP_HEADER = "X-Real-IP"
    trusted = client.post(
        "/applications/lost-link/",
        {"email": "p3@example.org"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_REAL_IP="203.0.113.50",
    )

    assert trusted.status_code == 302


@pytest.mark.django_db
def test_the_client_ip_is_the_last_entry_a_trusted_proxy_appended(rf, settings):
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    garbage = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="not an address")

    assert rate_limits.client_ip(request) == "203.0.113.9"
    assert rate_limits.client_ip(garbage) is None


# --- Several app processes ---

SECOND_PROCESS = """
import sys
import django
from django.conf import settings

settings.DATABASES["default"]["NAME"] = sys.argv[1]
django.setup()
from imago_site import rate_limits

for _attempt in range(2):
    print(rate_limits.allow("status_links", email="ana@example.org", ip="192.0.2.77"))
"""


@pytest.mark.django_db(transaction=True)
def test_the_limit_is_shared_with_another_process(client):
    assert ask_links(client, "ana@example.org", "192.0.2.1").status_code == 302

    other_process = subprocess.run(
        [sys.executable, "-c", SECOND_PROCESS, connection.settings_dict["NAME"]],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "STATUS_LINKS_MAX_PER_EMAIL": "2",
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    # The other process took the second slot and was refused a third; so is this one.
    assert other_process.stdout.split() == ["True", "False"]
    assert ask_links(client, "ana@example.org", "192.0.2.99").status_code == 429


# --- Submissions at the same moment ---


def at_once(count, submit, hold_writes=False):
    """``submit(number)`` called by ``count`` threads at the same moment, each with its own
    database connection; what each returned. With ``hold_writes``, the cache's table takes no
    write until every thread has read it, so that their writes come together too."""
    start = threading.Barrier(count)
    results = [None] * count

    def run(number):
        try:
            connection.ensure_connection()  # so that they all start their queries together
            start.wait()
            results[number] = submit(number)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(number,)) for number in range(count)]
    if hold_writes:
        lock = psycopg2.connect(**connection.get_connection_params())
        with lock.cursor() as cursor:
            cursor.execute("LOCK TABLE imago_cache IN SHARE MODE")
    for thread in threads:
        thread.start()
    if hold_writes:
        time.sleep(0.5)
        lock.close()
    for thread in threads:
        thread.join()
    return results


def interest_from(ip):
    return lambda number: rate_limits.allow("interest", email=f"p{number}@example.org", ip=ip)


def ip_only(ip):
    return lambda _number: rate_limits.allow("interest", email="", ip=ip)


@pytest.mark.django_db(transaction=True)
def test_submissions_at_the_same_moment_never_pass_more_than_the_limit(low_limits):
    low_limits["interest"].update(per_email=5, per_ip=3)

    passed = at_once(8, interest_from("192.0.2.5"), hold_writes=True)

    assert passed.count(True) == 3
    assert not rate_limits.allow("interest", email="late@example.org", ip="192.0.2.5")


def expired_entries():
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM imago_cache WHERE expires < now()")
        return cursor.fetchone()[0]


def wait_for_the_next_period(seconds):
    """Sleep until a new period of ``seconds`` has just begun."""
    time.sleep(seconds - time.time() % seconds + 0.05)


@pytest.mark.django_db(transaction=True)
def test_slots_free_again_after_the_window_are_taken_by_no_more_than_the_limit(low_limits):
    low_limits["interest"].update(per_email=5, per_ip=3, seconds=1)
    wait_for_the_next_period(1)
    for number in range(3):
        assert interest_from("192.0.2.5")(number)
    assert not interest_from("192.0.2.5")(3)

    time.sleep(2.2)
    # The slots' entries have expired but are still in the table: an "add" of the same keys
    # would read them and update them, which two processes could both do.
    assert expired_entries() >= 3
    wait_for_the_next_period(1)
    passed = at_once(8, ip_only("192.0.2.5"), hold_writes=True)

    assert passed.count(True) == 3


@pytest.mark.django_db(transaction=True)
def test_a_slot_taken_after_its_window_ended_is_not_taken_twice(low_limits):
    """Near the end of a period, one submission reads slot 0 free and waits to write it (the
    cache's table is locked); in the next period another reads it free too, before the first
    one's write, and waits as well. Once both are written, only one of them may pass."""
    low_limits["interest"].update(per_ip=1, seconds=2)
    results = {}

    def submit(name):
        results[name] = rate_limits.allow("interest", email="", ip="192.0.2.5")
        connections.close_all()

    other = psycopg2.connect(**connection.get_connection_params())
    with other.cursor() as cursor:
        cursor.execute("LOCK TABLE imago_cache IN SHARE MODE")
    time.sleep(2 - time.time() % 2 + 1.7)  # the last 0.3 seconds of a period
    late = threading.Thread(target=submit, args=("late",))
    late.start()
    time.sleep(0.5)  # into the next period
    timely = threading.Thread(target=submit, args=("timely",))
    timely.start()
    time.sleep(0.3)
    other.rollback()
    other.close()
    late.join()
    timely.join()

    assert sorted(results.values()) == [False, True]


@pytest.mark.django_db(transaction=True)
def test_a_cache_that_reads_but_takes_no_writes_lets_the_submission_through(
    low_limits, cache_taking_no_writes, caplog
):
    low_limits["interest"].update(per_email=2, per_ip=20)
    with cache_taking_no_writes():
        assert rate_limits.allow("interest", email="ana@example.org", ip="192.0.2.5")
    assert "Rate limit of the interest form not checked" in caplog.text

    # Once the cache takes writes again, the limit counts as before.
    assert rate_limits.allow("interest", email="ana@example.org", ip="192.0.2.5")
    assert rate_limits.allow("interest", email="ana@example.org", ip="192.0.2.5")
    assert not rate_limits.allow("interest", email="ana@example.org", ip="192.0.2.5")


@pytest.mark.django_db
def test_a_limit_above_the_slots_read_never_lets_more_through(low_limits):
    low_limits["interest"].update(per_email=5, per_ip=rate_limits.SLOTS_READ + 36)

    passed = [interest_from("192.0.2.5")(number) for number in range(130)]

    # Near such a limit, a submission may be refused while a slot is free (a few at most).
    assert 95 <= passed.count(True) <= 100
    assert interest_from("192.0.2.6")(0)


@pytest.mark.django_db
def test_a_submission_reads_the_slots_of_its_address_and_network_at_once():
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert rate_limits.allow("interest", email="once@example.org", ip="192.0.2.5")

    # One read of both, then one slot taken of each (and, now and then, the table counted).
    reads = [query for query in queries if query["sql"].startswith('SELECT "cache_key"')]
    writes = [query for query in queries if query["sql"].startswith("INSERT")]
    assert (len(reads), len(writes)) == (1, 2)


@pytest.mark.django_db
def test_a_shared_cache_that_cannot_be_reached_lets_the_form_through_with_a_warning(
    client, settings, trainings, caplog
):
    # A Redis address where nothing listens: every connection is refused.
    settings.CACHES = {"default": redis_cache(f"redis://127.0.0.1:{free_port()}/0")}

    response = apply(client, trainings[0], "192.0.2.1")

    assert response.status_code == 302
    assert Application.objects.get().email == "ana@example.org"
    [warning] = [record for record in caplog.records if record.name == "imago_site.rate_limits"]
    assert warning.levelname == "WARNING"
    assert warning.getMessage() == "Rate limit of the apply form not checked: cache unavailable."


@pytest.mark.django_db
def test_each_form_counts_its_own_submissions(low_limits):
    low_limits["apply"].update(per_email=2)

    assert rate_limits.allow("apply", email="ana@example.org", ip="")
    assert rate_limits.allow("apply", email="ana@example.org", ip="")
    assert not rate_limits.allow("apply", email="ana@example.org", ip="")

    # The same address has written to no other form yet.
    assert rate_limits.allow("contact", email="ana@example.org", ip="")
    assert rate_limits.allow("interest", email="ana@example.org", ip="")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("limits", "second_address", "ran_out"),
    [
        ({"per_email": 1, "per_ip": 20}, "ana@example.org", "email"),
        ({"per_email": 20, "per_ip": 1}, "bea@example.org", "ip"),
    ],
)
def test_a_refusal_is_logged_with_its_form_and_what_ran_out(
    low_limits, caplog, limits, second_address, ran_out
):
    low_limits["interest"].update(limits)
    assert rate_limits.allow("interest", email="ana@example.org", ip="192.0.2.5")

    assert not rate_limits.allow("interest", email=second_address, ip="192.0.2.5")

    [refusal] = [record for record in caplog.records if record.name == "imago_site.rate_limits"]
    assert refusal.levelname == "INFO"
    assert refusal.getMessage() == f"Rate limit reached on the interest form (per {ran_out})."


def test_cache_keys_hold_a_hash_only_the_portal_can_make(settings):
    settings.SECRET_KEY = "one-secret-" + "x" * 50
    key = rate_limits.slot_prefix("apply", "email", "ana@example.org")
    settings.SECRET_KEY = "another-secret-" + "x" * 50
    key_under_another_secret = rate_limits.slot_prefix("apply", "email", "ana@example.org")

    # Whoever reads the cache can neither see the address nor hash a guessed one to find it.
    assert key.startswith("ratelimit:apply:email:")
    assert "ana" not in key
    assert key != key_under_another_secret


def test_a_proxy_list_without_spaces_gives_its_last_entry(rf, settings):
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4,203.0.113.9")

    assert rate_limits.client_ip(request) == "203.0.113.9"


def test_a_request_that_did_not_pass_the_proxy_is_counted_by_its_own_address(rf, settings):
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"

    assert rate_limits.client_ip(rf.get("/", REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"


class Clock:
    """The rate limits' clock (their ``time.time()``), set by hand: each reading is given once,
    the last one from then on. The cache keeps the real time."""

    def __init__(self, monkeypatch, *readings):
        self.readings = list(readings)
        monkeypatch.setattr(rate_limits, "time", types.SimpleNamespace(time=self.read))

    def read(self):
        return self.readings.pop(0) if len(self.readings) > 1 else self.readings[0]

    def set(self, *readings):
        self.readings = list(readings)


HOUR = 3600
# A period's start, in whole hours of the real present: the cache's entries live an hour.
PERIOD_START = float(int(time.time()) // HOUR * HOUR)


@pytest.mark.django_db
def test_a_slot_taken_late_in_a_period_is_still_held_early_in_the_next(low_limits, monkeypatch):
    low_limits["interest"].update(per_email=5, per_ip=1, seconds=HOUR)
    clock = Clock(monkeypatch, PERIOD_START + HOUR - 5)
    assert rate_limits.allow("interest", email="", ip="192.0.2.5")

    clock.set(PERIOD_START + HOUR + 5)  # ten seconds later, in the next period

    assert not rate_limits.allow("interest", email="", ip="192.0.2.5")


@pytest.mark.django_db
def test_a_slot_is_free_again_once_the_window_has_passed_to_the_second(low_limits, monkeypatch):
    low_limits["interest"].update(per_email=5, per_ip=1, seconds=HOUR)
    clock = Clock(monkeypatch, PERIOD_START + 10)
    assert rate_limits.allow("interest", email="", ip="192.0.2.5")

    clock.set(PERIOD_START + HOUR + 9)
    assert not rate_limits.allow("interest", email="", ip="192.0.2.5")
    clock.set(PERIOD_START + HOUR + 10)
    assert rate_limits.allow("interest", email="", ip="192.0.2.5")


@pytest.mark.django_db
def test_a_slot_taken_by_another_submission_since_the_read_is_passed_over(monkeypatch):
    # Slots are tried in their order, the first taken meanwhile by another process.
    monkeypatch.setattr(rate_limits.random, "shuffle", lambda slots: None)
    prefix = rate_limits.slot_prefix("interest", "ip", "192.0.2.5")
    read = rate_limits.read_slots([(prefix, 3)], HOUR)[0]
    now, slots, _taken_at = read
    assert rate_limits.cache().add(slots[0][0], now, timeout=HOUR + 1)

    assert rate_limits.take_slot(prefix, 3, HOUR, read) == slots[1][0]


@pytest.mark.django_db
def test_a_slot_written_as_its_period_ends_is_given_back_for_one_of_the_next(monkeypatch):
    """Read free in the last moment of a period, written as the next begins: another
    submission of the new period may have read it free too. It is given back, and a slot of
    the new period taken instead: one slot, not two."""
    prefix = rate_limits.slot_prefix("interest", "ip", "192.0.2.5")
    end = PERIOD_START + HOUR
    period = int(PERIOD_START // HOUR)
    # Read before the end, checked once written exactly at the end; read and checked again.
    Clock(monkeypatch, end - 0.01, end, end + 0.01)

    key = rate_limits.take_slot(prefix, 1, HOUR)

    assert key == rate_limits.slot_key(prefix, 0, period + 1)
    assert rate_limits.cache().get(rate_limits.slot_key(prefix, 0, period)) is None


@pytest.mark.django_db
def test_without_an_address_only_the_network_is_counted(low_limits):
    low_limits["interest"].update(per_email=1, per_ip=3)

    passed = [rate_limits.allow("interest", email=blank, ip="192.0.2.5") for blank in ("", None)]

    assert passed == [True, True]


@pytest.mark.django_db
def test_without_a_network_only_the_address_is_counted(low_limits):
    low_limits["interest"].update(per_email=3, per_ip=1)

    passed = [
        rate_limits.allow("interest", email=f"{name}@example.org", ip=blank)
        for name, blank in (("ana", ""), ("bea", None))
    ]

    assert passed == [True, True]


@pytest.mark.django_db
def test_addresses_that_differ_only_in_case_share_a_limit_and_no_others(low_limits):
    low_limits["interest"].update(per_email=1, per_ip=20)
    assert rate_limits.allow("interest", email="Strasse@Example.org", ip="")

    assert not rate_limits.allow("interest", email=" strasse@example.ORG ", ip="")
    # Upper case would make these two one address; they are two people's.
    assert rate_limits.allow("interest", email="straße@example.org", ip="")


def test_a_limit_above_the_slots_read_looks_at_that_many_of_its_slots_at_random(db):
    most = rate_limits.SLOTS_READ * 4

    reads = [rate_limits.read_slots([("ratelimit:test", most)], HOUR)[0][1] for _ in range(2)]

    for slots in reads:
        assert len(slots) == rate_limits.SLOTS_READ
        assert set(slots) <= set(range(most))
    assert set(reads[0]) != set(reads[1])
