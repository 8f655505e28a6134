"""A real Redis server for tests: ``redis-server`` from the system (``apt-get install
redis-server``; `.ci/run` installs it in CI), started on a free port of 127.0.0.1 with nothing
kept on disk, and stopped after the test. Without it the tests that need it are skipped, except
in CI, where they must run."""

import os
import shutil
import socket
import subprocess
import time

import pytest

from tests.smtp import free_port


@pytest.fixture
def redis_url(tmp_path):
    """The address (``redis://127.0.0.1:<port>/0``) of a Redis server of this test's own."""
    binary = shutil.which("redis-server")
    if binary is None:
        message = "redis-server not found: install it with 'apt-get install redis-server'"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI must run the tests that need Redis, never skip them
        pytest.skip(message)
    port = free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


def wait_for_port(port, seconds=10):
    deadline = time.monotonic() + seconds
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
