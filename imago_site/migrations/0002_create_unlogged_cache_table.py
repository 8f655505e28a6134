"""The shared cache's table (settings.CACHES, imago_site/cache.py), made UNLOGGED.

PostgreSQL writes no journal for an unlogged table, so a cache write does not wait for the
disk: every form sent writes rate-limit slots and the page cache's content version. What the
table holds may be lost in a crash of the database server, which for a cache only means that
rate limits start counting afresh and pages are rendered anew. The columns are those of
Django's ``createcachetable``; a table that command made before is switched in place.
"""

from django.db import migrations

CREATE = """
CREATE UNLOGGED TABLE IF NOT EXISTS imago_cache (
    cache_key varchar(255) NOT NULL PRIMARY KEY,
    value text NOT NULL,
    expires timestamp with time zone NOT NULL
);
CREATE INDEX IF NOT EXISTS imago_cache_expires ON imago_cache (expires);
ALTER TABLE imago_cache SET UNLOGGED;
"""


class Migration(migrations.Migration):
    dependencies = [("imago_site", "0001_create_staff_groups")]

    operations = [
        migrations.RunSQL(CREATE, reverse_sql="ALTER TABLE imago_cache SET LOGGED;"),
    ]
