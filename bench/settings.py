"""The portal's production settings, pointed at the benchmark's own database.

Only what the benchmark needs differs from production: its database, plain HTTP on the
loopback interface (no TLS in front of gunicorn here), a URLconf with a bare view to compare
against, and generous rate limits so that the load generator is not refused as a robot.
"""

import os
import re

os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-" + "0123456789abcdef" * 4)
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "false")
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")

from imago_site.settings import *  # noqa: F403
from imago_site.settings import ALLOWED_HOSTS, DATABASES

ROOT_URLCONF = "bench.urls"
# The test client (query counts, admin timings) and the load generator both call in.
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]

# A database of its own, on the same server as the portal's.
DATABASES["default"]["NAME"] = os.environ.get("BENCH_DATABASE_NAME", "imago_bench")
DATABASES["default"]["CONN_MAX_AGE"] = None  # one connection per worker, kept for good
DATABASES["default"]["CONN_HEALTH_CHECKS"] = False

# --- Rate limits, all in this one place ---------------------------------------------------
# The load generator sends thousands of forms a minute from one address. Every limit of the
# public forms is raised far out of its way: counts to a billion, time windows to one second,
# and "N/period" rates (the notation of rate-limiting packages) to a billion per second.
# Names are matched rather than listed, so that limits added later are covered too.
GENEROUS_COUNT = 10**9
for _name, _value in list(globals().items()):
    if not _name.isupper() or not re.search(r"RATE|LIMIT|MAX_PER", _name):
        continue
    if isinstance(_value, bool):
        continue
    if isinstance(_value, int | float):
        windowed = re.search(r"SECONDS|WINDOW|PERIOD|INTERVAL|TIMEOUT", _name)
        globals()[_name] = 1 if windowed else GENEROUS_COUNT
    elif isinstance(_value, str) and re.fullmatch(r"\d+/\d*[smhd]\w*", _value):
        globals()[_name] = f"{GENEROUS_COUNT}/s"
RATELIMIT_ENABLE = False  # django-ratelimit's switch, should the portal adopt it
