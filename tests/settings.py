"""The production settings, with test values for what a deployment must provide itself.

Only variables are set here: the code under test is the code that runs in production.
"""

import atexit
import os
import shutil
import tempfile

# Applicants' documents go to a folder of this test run's own, removed when it ends (by the
# process that made it: servers that tests start inherit the variable and share the folder).
if not os.environ.get("DJANGO_DOCUMENTS_ROOT"):
    os.environ["DJANGO_DOCUMENTS_ROOT"] = tempfile.mkdtemp(prefix="imago-test-documents-")
    atexit.register(shutil.rmtree, os.environ["DJANGO_DOCUMENTS_ROOT"], ignore_errors=True)

os.environ.setdefault("DJANGO_SECRET_KEY", "test-suite-only-" + "0123456789abcdef" * 4)
# The test client and the browser tests' live server speak plain HTTP on 127.0.0.1.
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "false")
# Admin tests log staff in directly; the tests of the second login step turn it on
# (tests/imago_site/test_two_factor.py), and a test proves production has it on.
os.environ.setdefault("DJANGO_STAFF_TWO_FACTOR", "false")

from imago_site.settings import *  # noqa: F403

# A fast hasher: the suite creates users, and the slow default costs seconds for nothing.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Two suites may run at once against one server (two checkouts, say) when each names its own.
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME", "test_imago")}  # noqa: F405
