"""The portal's production settings, pointed at the benchmark's own database.

Only what the benchmark needs differs from production: its database, plain HTTP on the
loopback interface (no TLS in front of gunicorn here), a URLconf with a bare view to compare
against, and generous rate limits so that the load generator is not refused as a robot.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-" + "0123456789abcdef" * 4)
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "false")
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")

from imago_site.settings import *  # noqa: F403
from imago_site.settings import ALLOWED_HOSTS, DATABASES, RATE_LIMITS

ROOT_URLCONF = "bench.urls"
# The test client (query counts, admin timings) and the load generator both call in.
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]

# A database of its own, on the same server as the portal's.
DATABASES["default"]["NAME"] = os.environ.get("BENCH_DATABASE_NAME", "imago_bench")
DATABASES["default"]["CONN_MAX_AGE"] = None  # one connection per worker, kept for good
DATABASES["default"]["CONN_HEALTH_CHECKS"] = False

# --- Rate limits, all in this one place ---------------------------------------------------
# The load generator sends thousands of forms a minute from one address, each from an e-mail
# address of its own. The public forms' limits per client IP (the contact form's too) are
# raised out of its way; those per e-mail address stay as in production. Both are counted.
UNLIMITED = 10**9
RATE_LIMITS = {form: {**limit, "per_ip": UNLIMITED} for form, limit in RATE_LIMITS.items()}

# The admin's application list is timed with the test client as a logged-in staff member;
# the two-step login in front of it is not what is measured.
STAFF_TWO_FACTOR = False
