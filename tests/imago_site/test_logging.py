"""No personal data in the logs or in error reports: the portal's own log calls name records by
id, the log handler hides addresses and link tokens whoever logs them, and Django's error
reports hide what was posted to the public forms."""

import contextlib
import io
import logging
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.views.debug import SafeExceptionReporterFilter

from applicants import tasks
from faq.contact.forms import start_token
from imago_site.log_filters import HidePersonalData
from tests.applicants.test_apply import answers
from tests.applicants.test_two_servers import ROOT, database_url, wait_for
from tests.factories import ApplicationFactory, TrackFactory, TrainingFactory
from tests.smtp import free_port
from tests.worker import run_worker

NAME = "Zelda Quetzalcoatl"
EMAIL = "zelda.quetzal@example.org"
ANSWER = "MOTIVATION-TEXT-8841"


@pytest.fixture
def training(db):
    return TrainingFactory(track=TrackFactory(slug="pft"), slug="pft-lisbon")


def assert_nothing_personal(text, *also):
    for secret in (NAME, EMAIL, "zelda", ANSWER, *also):
        assert secret.lower() not in text.lower()


def contact_form(**fields):
    return {
        "topic": "general",
        "name": NAME,
        "email": EMAIL,
        "country": "DE",
        "message": ANSWER,
        "privacy_consent": "on",
        "started": start_token(time.time() - 10),
        "website": "",
        **fields,
    }


@pytest.mark.django_db
def test_submissions_and_refusals_log_no_personal_data(
    client, training, settings, caplog, django_capture_on_commit_callbacks
):
    settings.RATE_LIMITS = {
        name: {"per_email": 1, "per_ip": 100, "seconds": 3600}
        for name in ("apply", "status_links", "interest", "contact")
    }
    caplog.set_level(logging.DEBUG)
    url = f"/trainings/{training.slug}/apply/"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, answers(name=NAME, email=EMAIL, motivation=ANSWER))
        client.post(url, answers(name=NAME, email=EMAIL, motivation=ANSWER))  # limited
        client.post(url, answers(name=NAME, email="not an address", motivation=ANSWER))
        client.post("/applications/lost-link/", {"email": EMAIL})
        client.post("/applications/lost-link/", {"email": EMAIL})  # limited
        client.post("/interest/", {"email": EMAIL, "country": "PT", "city": ANSWER})
        client.post("/interest/", {"email": EMAIL, "country": "ES", "city": ANSWER})
        client.post("/contact/", contact_form())
        client.post("/contact/", contact_form())  # limited
        client.post("/contact/", contact_form(website="spam"))  # honeypot

    # Each refusal is logged, naming the form and the reason, never who was refused.
    logged = [(r.name, r.levelname, r.getMessage()) for r in caplog.records]
    assert [line for line in logged if not line[0].startswith("django.")] == [
        ("imago_site.rate_limits", "INFO", "Rate limit reached on the apply form (per email)."),
        (
            "imago_site.rate_limits",
            "INFO",
            "Rate limit reached on the status_links form (per email).",
        ),
        ("imago_site.rate_limits", "INFO", "Rate limit reached on the interest form (per email)."),
        ("imago_site.rate_limits", "INFO", "Rate limit reached on the contact form (per email)."),
        ("faq.contact.forms", "INFO", "Contact message refused: honeypot filled in."),
    ]
    assert [line for line in logged if line[0] == "django.request"] == [
        ("django.request", "WARNING", f"Too Many Requests: {path}")
        for path in (url, "/applications/lost-link/", "/interest/", "/contact/")
    ]
    assert_nothing_personal(caplog.text, "192.0.2", "127.0.0.1")
    for record in caplog.records:
        assert_nothing_personal(repr(record.args), "192.0.2", "127.0.0.1")


@pytest.mark.django_db(transaction=True)
def test_a_mail_that_cannot_be_sent_is_logged_without_its_address(smtp_server, settings, caplog):
    settings.MAIL_RETRY_DELAYS = [3600]
    ApplicationFactory(name=NAME, email=EMAIL, motivation=ANSWER)
    smtp_server.stop()
    caplog.set_level(logging.DEBUG)

    tasks.send_status_links.enqueue(EMAIL)
    run_worker()

    assert "Could not send send_status_links('…',)" in caplog.text
    assert_nothing_personal(caplog.text)


@pytest.fixture
def console():
    """What the portal's configured log handler writes."""
    handler = next(
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, HidePersonalData) for f in handler.filters)
    )
    written = io.StringIO()
    earlier = handler.setStream(written)
    yield written
    handler.setStream(earlier)


def test_the_log_handler_hides_addresses_and_link_tokens_whoever_logs_them(console):
    token = "NNe4vFMpNMWwRkSpTX8GCqBNqR4c0_Z8pT9AWa1otG4"
    try:
        raise ValueError(f'duplicate key value: Key (lower(email))=({EMAIL}) exists: "{token}"')
    except ValueError:
        logging.getLogger("django.db").exception("Database error for %s", EMAIL)
    logging.getLogger("django.request").warning("Not Found: /applications/%s/nope/", token)

    logged = console.getvalue()
    assert "Database error for [e-mail]" in logged
    assert "Key (lower(email))=([e-mail]) exists" in logged
    assert "Not Found: /applications/[token]/nope/" in logged
    assert EMAIL not in logged
    assert token not in logged


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/trainings/pft-lisbon/apply/", answers(name=NAME, email=EMAIL, motivation=ANSWER)),
        ("/contact/", contact_form()),
        ("/interest/", {"email": EMAIL, "country": "PT", "city": ANSWER}),
        ("/applications/lost-link/", {"email": EMAIL}),
    ],
)
def test_error_reports_hide_everything_posted_to_a_public_form(client, training, path, data):
    request = client.post(path, data).wsgi_request

    reported = SafeExceptionReporterFilter().get_post_parameters(request)

    assert set(reported) == set(data)
    assert_nothing_personal(repr(dict(reported)))


def test_the_development_servers_request_lines_hide_link_tokens():
    token = "NNe4vFMpNMWwRkSpTX8GCqBNqR4c0_Z8pT9AWa1otG4"
    [handler] = [
        handler
        for handler in logging.getLogger("django.server").handlers
        if any(isinstance(f, HidePersonalData) for f in handler.filters)
    ]
    written = io.StringIO()
    earlier = handler.setStream(written)
    try:
        # As runserver's request handler logs each request.
        logging.getLogger("django.server").info(
            '"%s" %s %s', f"GET /applications/{token}/ HTTP/1.1", "200", "5120"
        )
    finally:
        handler.setStream(earlier)

    assert '"GET /applications/[token]/ HTTP/1.1" 200 5120' in written.getvalue()
    assert token not in written.getvalue()


@pytest.mark.django_db
def test_gunicorns_access_log_hides_link_tokens(tmp_path):
    token = "NNe4vFMpNMWwRkSpTX8GCqBNqR4c0_Z8pT9AWa1otG4"
    access_log = tmp_path / "access.log"
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "imago_site.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--logger-class",
            "imago_site.access_log.Logger",
            "--access-logfile",
            str(access_log),
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "DATABASE_URL": database_url(),
            "DJANGO_SETTINGS_MODULE": "tests.settings",
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz")
        with contextlib.suppress(urllib.error.HTTPError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/applications/{token}/", timeout=10)
    finally:
        server.terminate()
        server.wait(timeout=30)

    logged = access_log.read_text()
    assert "GET /applications/[token]/" in logged
    assert token not in logged
