"""The database restarting under load loses no confirmed application.

The portal runs in gunicorn against a throwaway PostgreSQL cluster of its own; threads send
applications while the cluster is stopped and started again. Every application answered with a
confirmation must be in the database afterwards, every other answer must be the page asking
to send again (503), and sending again stores the application once.
"""

import http.client
import os
import re
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote, urlencode

import psycopg2
import pytest

from imago_site.devdb import Cluster
from tests.applicants.test_apply import answers
from tests.smtp import free_port

ROOT = Path(__file__).resolve().parents[2]
THREADS = 6
CREATE_TRAINING = """
from tests.factories import TrackFactory, TrainingFactory
print(TrainingFactory(track=TrackFactory(slug="pft"), capacity=10_000).slug)
"""


class Portal:
    """The portal in gunicorn, on the cluster at ``socket_dir``."""

    def __init__(self, socket_dir, log):
        self.port = free_port()
        self.log = log
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DATABASE_URL": f"postgres://imago@{quote(str(socket_dir), safe='')}/imago",
            "APPLY_MAX_PER_IP": "1000000",
        }
        self.server = None

    def manage(self, *args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return result.stdout.strip()

    def start(self):
        self.server = subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "imago_site.wsgi"),
                *("--bind", f"127.0.0.1:{self.port}", "--workers", "2", "--threads", "4"),
                *("--graceful-timeout", "1", "--log-level", "info", "--no-control-socket"),
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=self.log.open("w"),
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if self.request("GET", "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise AssertionError("gunicorn did not answer")

    def stop(self):
        if self.server:
            self.server.terminate()
            self.server.wait(timeout=10)

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.headers, response.read().decode()
        finally:
            connection.close()


class Applicant:
    """One browser: it opens the form once, then sends applications."""

    def __init__(self, portal, path):
        self.portal, self.path = portal, path
        status, headers, html = portal.request("GET", path)
        assert status == 200
        self.cookie = re.search(r"csrftoken=([^;]+)", headers["Set-Cookie"]).group(1)
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def send(self, data):
        body = urlencode({**data, "csrfmiddlewaretoken": self.token})
        status, headers, page = self.portal.request(
            "POST",
            self.path,
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={self.cookie}",
            },
        )
        return status, headers["Location"], page


@pytest.fixture
def cluster(cluster_root):
    cluster = Cluster(cluster_root)
    cluster.start()
    return cluster


@pytest.fixture
def portal(cluster, tmp_path):
    portal = Portal(cluster.socket_dir, tmp_path / "gunicorn.log")
    portal.manage("migrate", "--no-input", "--verbosity=0")
    portal.start()
    yield portal
    portal.stop()


def test_a_database_restart_under_load_loses_no_confirmed_application(cluster, portal):
    slug = portal.manage("shell", "--no-imports", "-c", CREATE_TRAINING)
    path = f"/trainings/{slug}/apply/"
    applicants = [Applicant(portal, path) for _thread in range(THREADS)]
    answered = []  # (e-mail, status, location, page), every answer in order
    stopping = threading.Event()

    def keep_applying(number, applicant):
        """Apply again and again; after the page asking to try again, wait a moment and send
        the same form again, as a person would, until it is confirmed."""
        sent = 0
        while not stopping.is_set():
            sent += 1
            data = answers(email=f"load-{number}-{sent}@example.org")
            while True:
                status, location, page = applicant.send(data)
                answered.append((data["email"], status, location, page))
                if status != 503:
                    break
                time.sleep(0.25)

    threads = [
        threading.Thread(target=keep_applying, args=(number, applicant))
        for number, applicant in enumerate(applicants)
    ]
    for thread in threads:
        thread.start()
    time.sleep(1.5)
    cluster.stop()
    time.sleep(1.5)
    cluster.start()
    time.sleep(1.5)
    stopping.set()
    for thread in threads:
        thread.join(timeout=30)

    statuses = Counter(status for _email, status, _location, _page in answered)
    confirmed = {email: location for email, status, location, _page in answered if status == 302}
    asked_to_retry = [page for _email, status, _location, page in answered if status == 503]
    database = psycopg2.connect(host=str(cluster.socket_dir), dbname="imago", user="imago")
    try:
        with database.cursor() as cursor:
            cursor.execute("SELECT email, token FROM applicants_application")
            stored = cursor.fetchall()
    finally:
        database.close()

    # Only confirmations and the page asking to send again: never a server error.
    assert set(statuses) == {302, 503}, statuses
    assert all("Please try again in a moment" in page for page in asked_to_retry)
    # Every confirmed application is stored, once; its sender was sent on to the "check your
    # inbox" page (the status link now travels by e-mail only, so the address names none).
    assert {email for email, _token in stored} == set(confirmed)
    assert all(location.startswith("/applications/received/") for location in confirmed.values())
    assert len(stored) == len({email for email, _token in stored}) == len(confirmed)
