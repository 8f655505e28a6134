"""Running the task worker inside a test, as `manage.py db_worker --batch` does."""

import io
import signal

from django.core.management import call_command


def run_worker():
    """Run the task worker until no task is due, as ``manage.py db_worker --batch`` does."""
    # The worker installs its own Ctrl+C and SIGTERM handlers; pytest gets its own back.
    saved = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        call_command(
            "db_worker",
            batch=True,
            reload=False,
            interval=0,
            startup_delay=False,
            verbosity=0,
            stdout=io.StringIO(),
        )
    finally:
        for signum, handler in saved.items():
            signal.signal(signum, handler)
