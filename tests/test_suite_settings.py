"""How the test suite itself runs: a hanging test fails instead of holding the run, and the
property-based tests try the same examples on every CI run."""

import os
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]


def test_every_test_has_a_time_limit_that_ends_a_hang(pytestconfig):
    assert pytestconfig.pluginmanager.hasplugin("timeout")
    # Generous beside the slowest journey (about a minute), short beside CI's 90 minutes.
    assert 60 <= float(pytestconfig.getini("timeout")) <= 600
    # A hang inside a database call or Playwright's socket never returns to Python's signal
    # handler; only the watching thread ends it.
    assert pytestconfig.getini("timeout_method") == "thread"


def test_a_test_waiting_forever_fails_with_the_stack_where_it_waits(tmp_path):
    (tmp_path / "test_hang.py").write_text(
        "import threading\n\n\n"
        "def test_waits_forever():\n"
        "    lock = threading.Lock()\n"
        "    lock.acquire()\n"
        "    lock.acquire()\n"
    )
    # The portal's own configuration, with the limit shortened from minutes to a second and
    # the browser's screenshots kept away from this run's test-results/.
    run = subprocess.run(
        [
            *(sys.executable, "-m", "pytest", str(tmp_path / "test_hang.py")),
            *("-c", str(ROOT / "pyproject.toml"), "-o", "timeout=1"),
            f"--output={tmp_path / 'results'}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert run.returncode != 0
    assert "timeout method: thread" in run.stdout
    assert "+ Timeout +" in run.stderr + run.stdout
    assert 'test_hang.py", line 7, in test_waits_forever' in run.stderr + run.stdout


def test_property_tests_run_the_ci_profile_exactly_when_ci_is_set():
    expected = "ci" if os.environ.get("CI") else "portal"

    assert settings.get_current_profile_name() == expected
    assert settings().derandomize is bool(os.environ.get("CI"))
    # Either way nothing is kept between runs, and a failure prints how to bring it back.
    assert settings().database is None
    assert settings().print_blob


def examples_tried(profile):
    tried = []

    @settings(profile)
    @given(st.text(), st.integers())
    def record(text, number):
        tried.append((text, number))

    record()
    return tried


def test_the_ci_profile_tries_the_same_examples_on_every_run():
    ci = settings.get_profile("ci")

    first, second = examples_tried(ci), examples_tried(ci)

    assert len(first) == ci.max_examples == settings.get_profile("portal").max_examples
    assert first == second
