"""Errors reach the staff: a server error and mail given up after its retries are mailed to
ADMINS over SMTP, without the personal data the request brought; Sentry, when a DSN is set,
gets no personal data either."""

import gzip
import http.server
import os
import subprocess
import sys
import threading

import brotli
import pytest
from django.test import Client

from applicants import tasks
from imago_site import mail
from tests.applicants.test_two_servers import ROOT, database_url
from tests.imago_site.test_logging import ANSWER, EMAIL, NAME, assert_nothing_personal

TOKEN = "NNe4vFMpNMWwRkSpTX8GCqBNqR4c0_Z8pT9AWa1otG4"
WEBMASTER = "webmaster@imago.example"


@pytest.fixture
def admins(settings):
    settings.ADMINS = [WEBMASTER]


@pytest.mark.django_db
@pytest.mark.urls("tests.imago_site.failing_urls")
def test_a_server_error_is_mailed_to_admins_without_personal_data(smtp_server, admins):
    response = Client(raise_request_exception=False).post(
        f"/fails/{TOKEN}/", {"name": NAME, "email": EMAIL, "motivation": ANSWER}
    )

    assert response.status_code == 500
    [report] = smtp_server.messages_to(WEBMASTER)
    text = report.as_string()
    assert report["Subject"].endswith("ERROR: Internal Server Error: /fails/[token]/")
    assert "POST /fails/[token]/" in text
    assert "RuntimeError: could not store the answers of [e-mail]" in text
    assert 'raise RuntimeError(f"could not store the answers of' in text  # the code's lines
    assert_nothing_personal(text, TOKEN)


@pytest.mark.django_db
def test_mail_given_up_after_its_retries_is_reported(smtp_server, admins, settings):
    settings.MAIL_RETRY_DELAYS = [60]

    mail.schedule_retry(tasks.send_status_links, (EMAIL,), attempt=1)

    [report] = smtp_server.messages_to(WEBMASTER)
    assert "Giving up send_status_links('…',) after 2 attempts." in report.get_content()
    assert_nothing_personal(report.as_string())


@pytest.mark.django_db
def test_local_development_mails_no_errors(smtp_server, admins, settings, client):
    settings.DEBUG = True
    settings.MAIL_RETRY_DELAYS = []

    mail.schedule_retry(tasks.send_status_links, (EMAIL,), attempt=0)

    assert smtp_server.messages_to(WEBMASTER) == []


class SentryIngest(http.server.BaseHTTPRequestHandler):
    """What a Sentry server receives: each envelope's body, uncompressed."""

    received = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            body = brotli.decompress(body)
        self.received.append(body.decode())
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


SENT_TO_SENTRY = f"""
import django
django.setup()
from django.conf import settings
from django.test import Client
import sentry_sdk

settings.ROOT_URLCONF = "tests.imago_site.failing_urls"
settings.ALLOWED_HOSTS = ["testserver"]
Client(raise_request_exception=False).post(
    "/fails/{TOKEN}/",
    {{"name": "{NAME}", "email": "{EMAIL}", "motivation": "{ANSWER}"}},
    HTTP_COOKIE="sessionid=personal-session-key",
)
sentry_sdk.flush(timeout=10)
"""


@pytest.mark.django_db
def test_with_a_sentry_dsn_errors_go_to_sentry_without_personal_data():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), SentryIngest)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    SentryIngest.received = []
    try:
        subprocess.run(
            [sys.executable, "-c", SENT_TO_SENTRY],
            cwd=ROOT,
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "tests.settings",
                "DATABASE_URL": database_url(),
                "SENTRY_DSN": f"http://public@127.0.0.1:{server.server_port}/1",
            },
            check=True,
            capture_output=True,
            timeout=60,
        )
    finally:
        server.shutdown()

    sent = "\n".join(SentryIngest.received)
    assert "RuntimeError" in sent and "could not store the answers of [e-mail]" in sent
    assert '"transaction":"/fails/{token}/"' in sent  # the route, not the address
    assert_nothing_personal(sent, TOKEN, "personal-session-key")
