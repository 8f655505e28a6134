import contextlib
import fcntl
import os
import shutil
import tempfile
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from imago_site import pagecache
from imago_site.devdb import Cluster
from tests.factories import STAFF_PASSWORD

# Property-based tests (hypothesis): enough examples to find hostile input, few enough to keep
# the suite quick. Each example makes real requests against PostgreSQL, so no deadline; the
# client and database fixtures are shared by the examples of one test on purpose.
hypothesis_settings.register_profile(
    "portal",
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
    print_blob=True,
    # Explicitly: Hypothesis's own default turns derandomize on wherever CI is set, even empty.
    derandomize=False,
)
# In CI (CI set, as .ci/run is run) the same examples every time, so a red run is red again on
# a rerun and on a developer's machine with CI=true; the failure prints its @reproduce_failure
# blob. Locally the examples vary, and a failure prints the seed that brings it back (README).
hypothesis_settings.register_profile(
    "ci", parent=hypothesis_settings.get_profile("portal"), derandomize=True
)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "portal")


MUTATION_DATABASES = 2
# The lock files of the mutation databases this process holds, open until it ends.
_held_locks = []


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """In a mutation run (README, "Tests") mutmut tests two mutants at once, each in a process
    of its own: each process takes a test database of its own, free while no other holds its
    lock. The lock lasts as long as the process, so a mutant killed for its time frees it."""
    if "MUTANT_UNDER_TEST" not in os.environ:
        return
    test = settings.DATABASES["default"]["TEST"]
    for slot in range(MUTATION_DATABASES):
        lock = open(Path(tempfile.gettempdir()) / f"{test['NAME']}_{slot}.lock", "w")  # noqa: SIM115
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            continue
        _held_locks.append(lock)
        test["NAME"] = f"{test['NAME']}_{slot}"
        return
    raise RuntimeError(f"More mutants at once than the {MUTATION_DATABASES} test databases.")


@pytest.fixture(autouse=True)
def fresh_rate_limits(request, django_db_blocker):
    """Rate-limit counts live in the cache table, which a transactional test or the browser
    tests' live server commit and nothing else empties: each such test leaves none behind,
    nor content types cached under the ids its flush took away."""
    yield
    marker = request.node.get_closest_marker("django_db")
    committed = (marker and marker.kwargs.get("transaction")) or {
        "live_server",
        "transactional_db",
    } & set(request.fixturenames)
    if committed:
        with django_db_blocker.unblock():
            caches["default"].clear()
        # The flush after such a test writes the content types anew, under new ids.
        ContentType.objects.clear_cache()


@pytest.fixture
def cache_taking_no_writes(transactional_db):
    """A context manager inside which the shared cache's table reads but takes no writes:
    another connection holds it in SHARE mode, and this one waits a fifth of a second for a
    lock before its write fails."""

    @contextlib.contextmanager
    def taking_no_writes():
        other = psycopg2.connect(**connection.get_connection_params())
        with other.cursor() as cursor:
            cursor.execute("LOCK TABLE imago_cache IN SHARE MODE")
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '200ms'")
        try:
            yield
        finally:
            other.rollback()
            other.close()
            with connection.cursor() as cursor:
                cursor.execute("RESET lock_timeout")

    return taking_no_writes


@pytest.fixture(autouse=True)
def fresh_page_cache():
    """Each test starts with no kept page or kept object. The page cache's versions are
    sequences, which a test's rollback does not take back: a page or object kept by an earlier
    test, from data rolled back since, would otherwise be served to the next under the same
    version."""
    yield
    pagecache.local_pages.pages.clear()
    pagecache.known_addresses.pages.clear()
    pagecache.kept_objects.pages.clear()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in English: a request of an earlier test leaves its language active in
    the thread, and the pages read translated content in the active language."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def cluster_root():
    """A new folder for a throwaway PostgreSQL cluster, stopped and removed afterwards.

    It lives in /var/tmp because pytest's own temporary folders are private to the user that
    runs the suite, and a suite run by root runs the server as another user.
    """
    parent = Path(tempfile.mkdtemp(prefix="imago-devdb-test-", dir="/var/tmp"))
    parent.chmod(0o755)
    root = parent / "cluster"
    yield root
    Cluster(root).stop()
    shutil.rmtree(parent, ignore_errors=True)


@pytest.fixture
def documents_folder():
    """The folder where applicants' documents are stored (this test run's own, see
    tests/settings.py), emptied for the test."""
    folder = Path(settings.DOCUMENTS_ROOT)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    return folder


@pytest.fixture
def officer(db):
    """A superuser, "officer", who logs in with ``STAFF_PASSWORD``."""
    return get_user_model().objects.create_superuser(
        "officer", "officer@imago.example", STAFF_PASSWORD
    )


@pytest.fixture
def count_queries(client):
    """How many SQL queries a GET of ``url`` makes; compare small and large data sets with it."""

    def count(url):
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    return count


# A real SMTP server for the e-mail tests; see tests/smtp.py.
from tests.smtp import smtp_server  # noqa: E402, F401


@pytest.fixture
def staff(client):
    """A superuser, logged in with the ``client`` fixture."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_superuser("boss", "boss@imago.example", "pw")
    client.force_login(user)
    return user


@pytest.fixture
def staff_client(client, staff):
    return client
