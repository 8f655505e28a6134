"""Deployment settings and the security headers of every public page and error page."""

import secrets
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core import signing
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from applicants.certificates.models import Certificate
from applicants.invoices import issuing
from applicants.reviews import reviewing
from applicants.views.apply import RECEIVED_SALT
from faq.contact.views import SENT_SALT
from tests.factories import (
    ApplicationFactory,
    ContactMessageFactory,
    DocumentRequirementFactory,
    DraftFactory,
    SubscriptionFactory,
    TrainerFactory,
    TrainingFactory,
    accepted,
    stored_document,
)
from tests.imago_site.test_settings import PROJECT_DIR, environment, load_settings

PRODUCTION = {
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
    "DJANGO_ALLOWED_HOSTS": "training.imago.example",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://training.imago.example",
    "DJANGO_BEHIND_HTTPS_PROXY": "1",
}


def public_url_names(patterns=None, namespace=""):
    """Every named address of the site but the admin's, as ``namespace:name``."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    names = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= public_url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(namespace + pattern.name)
    return names


@pytest.fixture
def public_urls(db):
    """An address for every public URL name, with real objects behind it."""
    trainer = TrainerFactory(slug="maria-lopes")
    training = TrainingFactory(slug="clinical-berlin", trainers=[trainer])
    application = ApplicationFactory(training=training)
    subscription = SubscriptionFactory(confirmed_at=None)
    contact = ContactMessageFactory()
    requirement = DocumentRequirementFactory(track=training.track)
    document = stored_document(application, requirement)
    draft = DraftFactory(training=training)
    paying = accepted(training=TrainingFactory(slug="pft-berlin", deposit=500))
    invoice = issuing.issue_due_invoices(paying)[0]
    certificate = Certificate.objects.create(
        application=paying,
        training=paying.training,
        name=paying.name,
        title=paying.training.title,
        track=paying.training.track.name,
        starts_on=paying.training.starts_on,
        ends_on=paying.training.ends_on,
        hours=120,
        language="en",
        issued_on=paying.training.ends_on,
    )
    certificate.refresh_from_db(fields=["number"])
    reviewer = get_user_model().objects.create_user("reviewer", is_staff=True)
    [assignment] = reviewing.assign(application, [reviewer])
    by_token = {"token": application.token}
    kwargs = {
        "trainings:detail": {"slug": training.slug},
        "trainings:training_calendar": {"slug": training.slug},
        "trainings:track": {"slug": training.track.slug},
        "trainings:trainer": {"slug": trainer.slug},
        "trainings:interest_confirm": {"token": subscription.token},
        "trainings:interest_unsubscribe": {"token": subscription.token},
        "applicants:apply": {"slug": training.slug},
        "applicants:status": by_token,
        "applicants:received": {"signed": signing.dumps([training.pk, 0], salt=RECEIVED_SALT)},
        "applicants:confirm": {"token": application.confirmation_token},
        "applicants:draft": {"token": draft.token},
        "applicants:draft_saved": {"slug": training.slug},
        "applicants:withdraw": by_token,
        "applicants:export": by_token,
        "applicants:billing": {"token": paying.token},
        "applicants:invoice": {"token": paying.token, "number": invoice.number},
        "applicants:certificate": {"token": paying.token, "number": certificate.number},
        "certificates:verify": {"code": certificate.code},
        "applicants:supervision": {"token": paying.token},
        "applicants:attendance": {"module_id": training.modules.first().pk},
        "applicants:review": {"pk": assignment.pk},
        "applicants:review_document": {"pk": assignment.pk, "document_pk": document.pk},
        "applicants:stop_reminders": by_token,
        "applicants:stop_draft_reminders": {"token": draft.token},
        "applicants:request_deletion": by_token,
        "applicants:document": {**by_token, "pk": document.pk},
        "applicants:upload_document": {**by_token, "requirement_id": requirement.pk},
        "applicants:remove_document": {**by_token, "pk": document.pk},
        "faq:contact_sent": {"token": signing.dumps(contact.pk, salt=SENT_SALT)},
        "handbook_image": {"name": "contact-messages.png"},
    }
    return {name: reverse(name, kwargs=kwargs.get(name)) for name in sorted(public_url_names())}


def assert_security_headers(response):
    csp = response.headers["Content-Security-Policy"]
    directives = dict(directive.partition(" ")[::2] for directive in csp.split("; "))
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe" not in csp  # neither 'unsafe-inline' nor 'unsafe-eval' nor unsafe-hashes
    sources = " ".join(directives.values()).split()
    assert all(source in {"'self'", "'none'", "data:"} for source in sources), csp
    assert response.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    permissions = response.headers["Permissions-Policy"]
    for feature in ["camera", "microphone", "geolocation", "payment", "usb"]:
        assert f"{feature}=()" in permissions


def test_check_deploy_reports_nothing_with_production_variables():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=PROJECT_DIR,
        env=environment(**PRODUCTION),
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_cookies_are_secure_http_only_and_same_site():
    result = load_settings(
        show="s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.CSRF_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, s.CSRF_COOKIE_SAMESITE",
        **PRODUCTION,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True", "True", "Lax", "Lax"]


# Addresses that only take a form's POST answer a GET with 405, headers and all.
POST_ONLY = {
    "applicants:request_deletion",
    "applicants:upload_document",
    "applicants:remove_document",
}
# Staff's pages outside the admin send a stranger to the admin's login.
STAFF_ONLY = {
    "applicants:attendance_list",
    "applicants:attendance",
    "applicants:reviews",
    "applicants:review",
    "applicants:review_document",
    "handbook",
    "handbook_image",
}


def test_every_public_page_sends_the_security_headers(public_urls):
    client = Client()
    assert len(public_urls) >= 25  # every name of the public site, not a handful
    for name, url in public_urls.items():
        response = client.get(url, secure=True)
        expected = 405 if name in POST_ONLY else 302 if name in STAFF_ONLY else 200
        assert response.status_code == expected, f"{name} {url}: {response.status_code}"
        assert_security_headers(response)


def test_pages_in_other_languages_send_the_headers(public_urls):
    client = Client()
    for url in [public_urls["trainings:home"], public_urls["faq:list"]]:
        for prefix in ["/es", "/de"]:
            response = client.get(prefix + url, secure=True)
            assert response.status_code == 200
            assert_security_headers(response)


def test_a_missing_page_sends_the_headers_with_its_404(db):
    response = Client().get("/no-such-page/", secure=True)

    assert response.status_code == 404
    assert "We could not find that page" in response.text
    assert_security_headers(response)


def test_a_form_without_its_csrf_token_gets_a_403_page_with_the_headers(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("faq:contact"), {"name": "Ana"}, secure=True)

    assert response.status_code == 403
    assert "The form could not be sent" in response.text
    assert "<style" not in response.text
    assert_security_headers(response)


@pytest.mark.urls("tests.imago_site.failing_urls")
def test_a_server_error_sends_the_500_page_with_the_headers(db):
    client = Client(raise_request_exception=False)
    response = client.get("/fails/", secure=True)

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text
    assert "Traceback" not in response.text
    assert_security_headers(response)


def test_cookies_carry_secure_http_only_and_same_site(db, settings):
    # What production's variables give (see the test above); the suite itself runs on HTTP.
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    client = Client()

    client.get(reverse("faq:contact"), secure=True)
    csrf = client.cookies[settings.CSRF_COOKIE_NAME]
    get_user_model().objects.create_user("editor", password="pw", is_staff=True)
    client.post(reverse("admin:login"), {"username": "editor", "password": "pw"}, secure=True)
    session = client.cookies[settings.SESSION_COOKIE_NAME]

    for cookie in (csrf, session):
        assert cookie["secure"] is True
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"
