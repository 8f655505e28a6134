"""A Redis that takes connections but never answers (hung, or its network gone quiet) slows the
portal down by a moment, and stops nothing: pages are served and applications stored."""

import socket
import time

import pytest

from applicants.models import Application
from imago_site.settings import redis_cache
from tests.applicants.test_apply import answers
from tests.factories import TrainingFactory

pytestmark = pytest.mark.django_db
# Without timeouts, redis-py waits five seconds a call, and a form sent makes several.
PATIENCE_SECONDS = 3


@pytest.fixture
def silent_redis(settings):
    """A listening socket that nobody reads: connections open, and no reply ever comes."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    settings.CACHES = {"default": redis_cache(f"redis://127.0.0.1:{server.getsockname()[1]}/0")}
    yield
    server.close()


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def test_pages_are_served_when_redis_never_answers(client, silent_redis):
    TrainingFactory(title="Clinical Track Lisbon")

    response, seconds = timed(lambda: client.get("/trainings/"))

    assert response.status_code == 200
    assert "Clinical Track Lisbon" in response.content.decode()
    assert seconds < PATIENCE_SECONDS


def test_an_application_is_stored_when_redis_never_answers(client, silent_redis):
    training = TrainingFactory()

    response, seconds = timed(lambda: client.post(f"/trainings/{training.slug}/apply/", answers()))

    assert response.status_code == 302
    assert Application.objects.get(training=training).email == "ana@example.org"
    assert seconds < PATIENCE_SECONDS
