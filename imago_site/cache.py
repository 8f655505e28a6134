"""The shared cache in PostgreSQL: Django's database cache, each write one statement.

Django's own database cache counts the whole table, then reads the entry and inserts or
updates it inside a transaction: five statements for every write. The rate limits and the
page cache's content version write on every form sent, so here a write is a single
``INSERT ... ON CONFLICT``, which PostgreSQL runs atomically: of two processes adding the same
key at the same moment, exactly one succeeds. The table is counted, and expired or surplus
entries removed, on one write in ``CULL_EVERY`` rather than on each.
"""

import base64
import itertools
import pickle
from contextlib import nullcontext
from datetime import UTC, datetime

from django.core.cache.backends import db as django_db
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.db import connections, router, transaction
from django.utils.timezone import now as tz_now

CULL_EVERY = 100


class DatabaseCache(django_db.DatabaseCache):
    writes = itertools.count(1)

    def _base_set(self, mode, key, value, timeout=DEFAULT_TIMEOUT):
        if mode == "touch":
            return super()._base_set(mode, key, value, timeout)
        timeout = self.get_backend_timeout(timeout)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self._table)
        now = tz_now().replace(microsecond=0)
        expires = datetime.max if timeout is None else datetime.fromtimestamp(timeout, tz=UTC)
        encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
        # "add" replaces an entry only once it has expired; "set" replaces it always.
        only_expired = f"WHERE {table}.expires < %s" if mode == "add" else ""
        statement = (
            f"INSERT INTO {table} (cache_key, value, expires) VALUES (%s, %s, %s) "
            "ON CONFLICT (cache_key) DO UPDATE "
            f"SET value = EXCLUDED.value, expires = EXCLUDED.expires {only_expired}"
        )
        expires = connection.ops.adapt_datetimefield_value(expires.replace(microsecond=0))
        params = [key, encoded, expires]
        if mode == "add":
            params.append(connection.ops.adapt_datetimefield_value(now))
        # Inside a transaction a failed statement would spoil the rest of it: keep it behind a
        # savepoint there. Alone, the statement is its own transaction. A write that fails
        # raises, as Redis's does, where Django's database cache would answer False, the same
        # as "already there": the rate limits and the page cache go on without the cache.
        guard = transaction.atomic(using=db) if connection.in_atomic_block else nullcontext()
        with guard, connection.cursor() as cursor:
            if next(self.writes) % CULL_EVERY == 0:
                self.cull(db, cursor, now)
            cursor.execute(statement, params)
            return cursor.rowcount == 1

    def cull(self, db, cursor, now):
        cursor.execute(f"SELECT COUNT(*) FROM {connections[db].ops.quote_name(self._table)}")
        count = cursor.fetchone()[0]
        if count > self._max_entries:
            self._cull(db, cursor, now, count)
