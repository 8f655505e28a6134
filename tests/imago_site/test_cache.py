"""The shared cache in PostgreSQL: Django's database cache in a table that writes no journal,
with what the rate limits build on: of several processes adding a new key, exactly one wins,
in one statement, and a write that fails answers False, as for a key already there, and leaves
the key absent."""

import datetime

import pytest
from django.core.cache import caches
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from imago_site.cache import DatabaseCache
from tests.threads import run_at_once

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache():
    return caches["default"]


def stored_expiry(key):
    with connection.cursor() as cursor:
        cursor.execute("SELECT expires FROM imago_cache WHERE cache_key = %s", [key])
        return cursor.fetchone()[0]


def test_set_replaces_and_get_reads_it(cache):
    cache.set("greeting", {"en": "hello"}, timeout=60)
    cache.set("greeting", {"es": "hola"}, timeout=60)

    assert cache.get("greeting") == {"es": "hola"}


def test_add_keeps_a_live_entry_and_replaces_an_expired_one(cache):
    assert cache.add("slot", "first", timeout=60) is True
    assert cache.add("slot", "second", timeout=60) is False
    assert cache.get("slot") == "first"

    cache.set("old-slot", "expired", timeout=60)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE imago_cache SET expires = %s WHERE cache_key LIKE %s",
            [timezone.now() - datetime.timedelta(minutes=1), "%old-slot"],
        )
    assert cache.add("old-slot", "fresh", timeout=60) is True
    assert cache.get("old-slot") == "fresh"


def test_an_add_is_one_statement(cache):
    cache.add("warm-up", 1, timeout=60)
    cache.adds_since_count = 0
    with CaptureQueriesContext(connection) as queries:
        assert cache.add("one-statement", 1, timeout=60) is True
        assert cache.add("one-statement", 2, timeout=60) is False

    # The savepoints are the test's transaction's; outside one, there are none.
    statements = [query["sql"].split()[0] for query in queries]
    assert [word for word in statements if word not in {"SAVEPOINT", "RELEASE"}] == ["INSERT"] * 2


def test_an_add_inside_a_transaction_that_fails_leaves_it_usable(cache):
    cache.set("there", 1, timeout=60)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL lock_timeout = '50ms'")
        # The key's row locked by another connection: the add waits, then fails.
        other = connections.create_connection("default")
        try:
            other.set_autocommit(False)
            with other.cursor() as locker:
                locker.execute(
                    "UPDATE imago_cache SET value = value WHERE cache_key = %s",
                    [cache.make_key("there")],
                )
            assert cache.add("there", 2, timeout=60) is False
        finally:
            other.rollback()
            other.close()
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def test_timeouts_are_stored_as_expiry_times(cache):
    cache.set("short", 1, timeout=30)
    cache.set("forever", 1, timeout=None)

    short = stored_expiry(cache.make_key("short"))
    assert timezone.now() + datetime.timedelta(seconds=25) < short
    assert short < timezone.now() + datetime.timedelta(seconds=35)
    assert stored_expiry(cache.make_key("forever")).year == 9999


def test_touch_still_works(cache):
    cache.set("touched", 1, timeout=30)

    assert cache.touch("touched", timeout=3600) is True
    assert stored_expiry(cache.make_key("touched")) > timezone.now() + datetime.timedelta(
        minutes=50
    )


def test_a_write_inside_a_transaction_leaves_it_usable(cache):
    with transaction.atomic():
        cache.set("inside", "kept")
        # Django's database cache writes behind a savepoint: the transaction goes on.
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            assert cursor.fetchone() == (1,)

    assert cache.get("inside") == "kept"


@pytest.mark.django_db(transaction=True)
def test_exactly_one_of_many_simultaneous_adds_wins(cache):
    results = run_at_once(8, lambda number: caches["default"].add("contested", number, 60))

    assert sorted(results) == [False] * 7 + [True]


@pytest.mark.django_db(transaction=True)
def test_a_write_that_fails_answers_false_and_leaves_the_key_absent(cache, cache_taking_no_writes):
    with cache_taking_no_writes():
        assert cache.add("unwritten", 1, timeout=60) is False
        assert cache.get("unwritten") is None

    assert cache.add("unwritten", 1, timeout=60) is True


def test_expired_entries_are_removed_once_the_table_is_over_its_cap():
    small = DatabaseCache("imago_cache", {"OPTIONS": {"MAX_ENTRIES": 5}})
    for number in range(10):
        small.set(f"stale-{number}", number, timeout=60)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE imago_cache SET expires = %s",
            [timezone.now() - datetime.timedelta(minutes=1)],
        )

    small.set("live", "kept", timeout=60)

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM imago_cache")
        assert cursor.fetchone()[0] == 1
    assert small.get("live") == "kept"


def test_adds_count_the_table_now_and_then_and_remove_expired_entries():
    small = DatabaseCache("imago_cache", {"OPTIONS": {"MAX_ENTRIES": 60}})
    for number in range(20):
        small.set(f"stale-{number}", number, timeout=60)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE imago_cache SET expires = %s",
            [timezone.now() - datetime.timedelta(minutes=1)],
        )

    for number in range(DatabaseCache.ADDS_PER_COUNT - 1):
        assert small.add(f"fresh-{number}", number, timeout=60)
    assert entries() == 20 + DatabaseCache.ADDS_PER_COUNT - 1  # over the cap, not yet counted
    assert small.add("counted", "kept", timeout=60)

    assert entries() == DatabaseCache.ADDS_PER_COUNT
    assert small.get("counted") == "kept"


def entries():
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM imago_cache")
        return cursor.fetchone()[0]


def test_the_table_writes_no_journal():
    with connection.cursor() as cursor:
        cursor.execute("SELECT relpersistence FROM pg_class WHERE relname = 'imago_cache'")
        assert cursor.fetchone() == ("u",)
