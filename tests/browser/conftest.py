"""Browser tests: Playwright for Python driving Debian's Chromium against a live server."""

import os
from pathlib import Path

import pytest
from pytest_django.live_server_helper import LiveServer

from tests.factories import (
    ApplicationFactory,
    ContactMessageFactory,
    CostFactory,
    DocumentRequirementFactory,
    InstalmentFactory,
    QuestionFactory,
    RefundRuleFactory,
    TrackFactory,
    TrainerFactory,
    TrainingFactory,
    days_from_today,
    stored_document,
)
from trainings.models import Cost, Training

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))

# Playwright's sync API keeps an event loop in the test's thread; the test still talks to the
# database synchronously (factories), which Django would otherwise refuse.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM}: install it with 'apt-get install chromium'"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI must run the browser tests, never skip them
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        # Chromium as root needs --no-sandbox; the rest stop it calling home from a closed network.
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(
    params=[
        pytest.param(True, id="js"),
        pytest.param(
            False,
            id="no-js",
            # pytest-playwright's own marker: its ``new_context`` (and so ``context`` and
            # ``page``) passes these to browser.new_context().
            marks=pytest.mark.browser_context_args(java_script_enabled=False),
        ),
    ]
)
def javascript(request):
    """Whether the browser runs JavaScript. A journey that uses this fixture runs twice, with
    JavaScript and without it, since every page must work without it. Contexts made with
    ``new_context`` (a second person in the same journey) follow the same setting."""
    return request.param


def _pass_through(application):
    return application


@pytest.fixture(scope="session")
def live_server():
    """pytest-django's live server, but static files come through WhiteNoise as in production."""
    server = LiveServer("localhost", start=False)
    server.thread.static_handler = _pass_through
    server.start()
    yield server
    server.stop()


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def axe_source():
    """axe-core's script, pinned in package.json and installed by `make` (npm ci)."""
    if not AXE.exists():
        message = f"axe-core not found at {AXE}: install it with 'npm ci' (or 'make setup')"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI must run the accessibility tests, never skip them
        pytest.skip(message)
    return AXE.read_text()


def add_price_structure(training):
    """Instalments, refund rules and costs, with long descriptions, as a real training has."""
    # Before the second, third and fourth modules, and the balance before the last.
    for days in (110, 170, 230):
        InstalmentFactory(training=training, due_on=days_from_today(days), amount=1000)
    training.balance_due_on = days_from_today(235)
    training.save()
    RefundRuleFactory(training=training, until=days_from_today(20), percent=90)
    RefundRuleFactory(training=training, until=days_from_today(55), percent="37.5")
    CostFactory(
        training=training,
        description="20 hours of supervision in small groups and 5 individual hours",
        estimate=1200,
    )
    CostFactory(
        training=training,
        kind=Cost.Kind.CERTIFICATION,
        description="The review of your case study and recorded session",
        estimate=400,
    )
    CostFactory(training=training, kind=Cost.Kind.LODGING, description="A room", estimate=None)
    CostFactory(
        training=training,
        kind=Cost.Kind.MEALS,
        is_included=True,
        description="Lunch",
        estimate=None,
    )


@pytest.fixture
def world(live_server):
    """Enough of a catalogue for every page to show its content, not its empty state."""
    clinical = TrackFactory(clinical=True)
    pft = TrackFactory(facilitator=True)
    trainer = TrainerFactory(name="Maria Lopes", slug="maria-lopes", tracks=[clinical])
    open_training = TrainingFactory(
        title="Clinical Berlin",
        slug="clinical-berlin",
        track=clinical,
        trainers=[trainer],
        modules=4,
        fee=4900,
        early_bird_fee=4400,
        early_bird_deadline=days_from_today(7),
        deposit=900,
    )
    add_price_structure(open_training)
    online_module = TrackFactory(slug="online-first-module", name="Online first module")
    online_module.opens = clinical
    online_module.save()
    TrainingFactory(title="Online Europe", track=online_module, online=True, fee=850)
    TrainingFactory(title="Online Americas", track=online_module, online=True, currency="USD")
    TrainingFactory(
        title="PFT Lisbon",
        slug="pft-lisbon",
        track=pft,
        city="Lisbon",
        country="PT",
        latitude=38.72,
        longitude=-9.14,
        modules=2,
    )
    TrainingFactory(title="PFT Online", slug="pft-online", track=pft, online=True)
    TrainingFactory(
        title="Clinical Madrid",
        slug="clinical-madrid",
        track=clinical,
        applications_open=days_from_today(20),
        applications_close=days_from_today(50),
    )
    TrainingFactory(
        title="Clinical Paris",
        slug="clinical-paris",
        track=clinical,
        status=Training.Status.CANCELLED,
    )
    QuestionFactory(question="What are the fees?", slug="fees", topic="fees")
    QuestionFactory(question="Is there a training online?", slug="online", topic="online")
    # The Clinical Track's documents; the application has sent its CV, not yet its degree.
    cv = DocumentRequirementFactory(
        track=clinical, name="CV", explanation="Your training and work, in one or two pages."
    )
    DocumentRequirementFactory(track=clinical, name="Copy of your degree or licence")
    application = ApplicationFactory(training=open_training)
    stored_document(application, cv, "curriculum-vitae-of-a-long-name-2026-final.pdf")
    contact = ContactMessageFactory()
    return {"application": application, "contact": contact}
