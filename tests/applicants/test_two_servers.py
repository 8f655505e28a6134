"""Two app servers, one database: the last seats are still never given twice, the public
forms' rate limits count the submissions of both, and a page either server keeps shows a change
made through the other at once.

Each server is a gunicorn of its own (two sync workers each) on its own port, as behind a load
balancer; the applications arrive at both at once through real HTTP. Each test runs twice: with
the shared cache in the database, and in a real Redis server (``CACHE_URL``).
"""

import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from applicants.models import Application
from imago_site.settings import redis_cache
from tests.applicants.test_apply import answers
from tests.factories import TrainingFactory
from tests.redis import redis_url  # noqa: F401  (a real Redis server, for shared_cache)
from tests.smtp import free_port
from trainings.models import Training

ROOT = Path(__file__).resolve().parents[2]
Status = Application.Status


def database_url():
    """The test database, as DATABASE_URL for a process of its own."""
    db = connection.settings_dict
    host = urllib.parse.quote(db["HOST"] or "", safe="")
    password = f":{urllib.parse.quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{db['USER']}{password}@{host}{port}/{db['NAME']}"


@pytest.fixture(params=["database", "redis"])
def shared_cache(request, settings):
    """The variables that give both servers the same shared cache: the database's cache table,
    or a Redis server of the test's own, which this test's process uses too."""
    if request.param == "database":
        return {}
    url = request.getfixturevalue("redis_url")
    settings.CACHES = {"default": redis_cache(url)}
    return {"CACHE_URL": url}


@pytest.fixture
def two_servers(request, shared_cache):
    """Two gunicorn servers on the test database and one shared cache; ``request.param``: more
    variables for both, and ``workers``, each server's number of processes (2)."""
    ports = [free_port(), free_port()]
    variables = dict(getattr(request, "param", {}))
    workers = variables.pop("workers", "2")
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "PYTHONPATH": str(ROOT),
        **shared_cache,
        **variables,
    }
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    servers = [
        subprocess.Popen(
            [gunicorn, "imago_site.wsgi", "--workers", workers, "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    try:
        for port in ports:
            wait_for(f"http://127.0.0.1:{port}/healthz")
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def form_session(url):
    """An opener holding the CSRF cookie, and the form's token, from one GET of the form."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirect()
    )
    html = opener.open(url, timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    key = re.search(r'name="submission_key" value="([^"]+)"', html).group(1)
    return opener, token, key


def apply(session, url, number):
    """POST an application with the form ``session`` fetched; the status and redirect."""
    opener, token, key = session
    form = answers(
        name=f"Applicant {number}",
        email=f"applicant{number}@example.org",
        submission_key=key,
        csrfmiddlewaretoken=token,
    )
    try:
        opener.open(url, urllib.parse.urlencode(form).encode(), timeout=60)
    except urllib.error.HTTPError as response:
        return response.code, response.headers.get("Location", "")
    return 200, ""


def apply_at_once(servers, path, count):
    """``count`` applications sent together, alternately to each server; their answers."""
    urls = [f"{servers[number % 2]}{path}" for number in range(count)]
    # Every form is fetched first, so that the submissions really arrive together.
    sessions = [form_session(url) for url in urls]
    results = [None] * count
    barrier = threading.Barrier(count)

    def send(number):
        barrier.wait()
        results[number] = apply(sessions[number], urls[number], number)

    threads = [threading.Thread(target=send, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


# All 30 come from this machine's one address: its limit is raised out of the way here.
@pytest.mark.parametrize("two_servers", [{"APPLY_MAX_PER_IP": "1000"}], indirect=True)
@pytest.mark.django_db(transaction=True)
def test_applications_for_the_last_seats_across_two_servers_never_overbook(two_servers):
    training = TrainingFactory(capacity=10)

    results = apply_at_once(two_servers, f"/trainings/{training.slug}/apply/", 30)

    assert all(status == 302 and "/received/" in where for status, where in results), results
    applications = Application.objects.filter(training=training)
    assert applications.count() == 30
    assert applications.filter(status=Status.SUBMITTED).count() == 10
    # Positions on the waiting list count those who confirmed their address.
    applications.update(confirmed_at=timezone.now())
    waitlisted = applications.filter(status=Status.WAITLISTED)
    assert sorted(a.waitlist_position for a in waitlisted) == list(range(1, 21))


@pytest.mark.parametrize("two_servers", [{"APPLY_MAX_PER_IP": "4"}], indirect=True)
@pytest.mark.django_db(transaction=True)
def test_the_rate_limit_of_one_address_counts_the_applications_to_both_servers(two_servers):
    training = TrainingFactory(capacity=20)

    results = apply_at_once(two_servers, f"/trainings/{training.slug}/apply/", 7)

    statuses = sorted(status for status, _where in results)
    assert statuses == [302] * 4 + [429] * 3, results
    assert Application.objects.filter(training=training).count() == 4


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode()


# One process a server, so that the page each keeps is the one the next request finds.
@pytest.mark.parametrize("two_servers", [{"workers": "1"}], indirect=True)
@pytest.mark.django_db(transaction=True)
def test_a_change_through_one_server_shows_at_once_on_the_other(two_servers):
    training = TrainingFactory(capacity=3, title="Clinical Berlin")
    page = f"/trainings/{training.slug}/"
    for server in two_servers:  # each server renders the page and keeps it
        fetch(server + page)
    # Changed behind the page cache's back (an update sends no signal): a kept page still
    # shows the old title, which proves it is kept.
    Training.objects.filter(pk=training.pk).update(title_en="Changed unseen")
    kept = [fetch(server + page) for server in two_servers]

    [(status, _where)] = apply_at_once(two_servers[:1], f"/trainings/{training.slug}/apply/", 1)
    after_application = fetch(two_servers[1] + page)
    training.refresh_from_db()
    training.title_en = "Clinical Berlin, spring cohort"
    training.save()  # as the admin saves it, from a third process
    after_edit = [fetch(server + page) for server in two_servers]

    assert all("Clinical Berlin" in html and "Changed unseen" not in html for html in kept)
    assert all("3 seats left" in html for html in kept)
    assert status == 302
    assert "2 seats left" in after_application
    # The seats were filled in; the rest of the kept page was not rendered afresh.
    assert "Changed unseen" not in after_application
    assert all("Clinical Berlin, spring cohort" in html for html in after_edit)
