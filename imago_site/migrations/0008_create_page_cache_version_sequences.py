"""The page cache's two versions (imago_site/pagecache.py), as PostgreSQL sequences.

Every app process reads both on each cached request, and every application takes a new live
version: a sequence is read with one cheap statement, and ``nextval`` neither waits for a
lock nor for the journal's flush, nor is undone by a rollback.
"""

from django.db import migrations

# Called once: until then ``last_value`` would not change with the first ``nextval``.
CREATE = """
CREATE SEQUENCE IF NOT EXISTS pagecache_content_version;
CREATE SEQUENCE IF NOT EXISTS pagecache_live_version;
SELECT setval('pagecache_content_version', 1, true);
SELECT setval('pagecache_live_version', 1, true);
"""
DROP = """
DROP SEQUENCE IF EXISTS pagecache_content_version;
DROP SEQUENCE IF EXISTS pagecache_live_version;
"""


class Migration(migrations.Migration):
    dependencies = [("imago_site", "0007_create_enquiries_group")]

    operations = [migrations.RunSQL(CREATE, reverse_sql=DROP)]
