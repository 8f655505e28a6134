"""The shared cache in PostgreSQL, when no Redis is named (settings, "Cache").

Django's database cache, with two changes:

- ``add``, on which every rate limit's slot is taken (``imago_site.rate_limits``), is a single
  ``INSERT ... ON CONFLICT`` statement. Django's own counts the table, then reads the key and
  writes it in a transaction: five statements for what PostgreSQL decides in one, as
  atomically, since the row of a key being added is locked until the winner commits.
- Keys are not checked for memcached: the portal's are its own, short and plain, and a rate
  limit reads dozens at once, each of which Django would go through character by character.
"""

import base64
import contextlib
import datetime
import pickle

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import DatabaseError, connections, router, transaction
from django.utils import timezone


class DatabaseCache(DjangoDatabaseCache):
    # The table is counted (and culled when over MAX_ENTRIES) on every set, as Django does, but
    # on every this many adds only: between two counts it may grow by as many entries a process.
    ADDS_PER_COUNT = 50

    def __init__(self, table, params):
        super().__init__(table, params)
        self.adds_since_count = 0

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        """Store ``value`` under ``key`` unless a live entry is there; whether it was stored.
        An expired entry is replaced. A write that fails (the table locked past
        ``lock_timeout``, say) answers False, as Django's does, and leaves the key as it was."""
        key = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self._table)
        now = timezone.now().replace(microsecond=0)
        expires = (
            datetime.datetime.max
            if timeout is None
            else datetime.datetime.fromtimestamp(timeout, tz=datetime.UTC)
        )
        encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
        # Inside a transaction, a savepoint lets a failed write leave it usable.
        savepoint = (
            transaction.atomic(using=db) if connection.in_atomic_block else contextlib.nullcontext()
        )
        try:
            with savepoint, connection.cursor() as cursor:
                self.count_now_and_then(db, cursor, now)
                cursor.execute(
                    f"INSERT INTO {table} (cache_key, value, expires) VALUES (%s, %s, %s) "
                    "ON CONFLICT (cache_key) DO UPDATE "
                    "SET value = EXCLUDED.value, expires = EXCLUDED.expires "
                    f"WHERE {table}.expires < %s RETURNING 1",
                    [
                        key,
                        encoded,
                        connection.ops.adapt_datetimefield_value(expires.replace(microsecond=0)),
                        connection.ops.adapt_datetimefield_value(now),
                    ],
                )
                return cursor.fetchone() is not None
        except DatabaseError:
            return False

    def validate_key(self, key):
        pass

    def count_now_and_then(self, db, cursor, now):
        self.adds_since_count += 1
        if self.adds_since_count < self.ADDS_PER_COUNT:
            return
        self.adds_since_count = 0
        cursor.execute(f"SELECT COUNT(*) FROM {connections[db].ops.quote_name(self._table)}")
        entries = cursor.fetchone()[0]
        if entries > self._max_entries:
            self._cull(db, cursor, now, entries)
