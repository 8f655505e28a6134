"""The daily erasure of personal data the portal no longer needs (``imago_site.retention``).

The task queues its own next run a day later, so the worker runs it every day once it has been
queued: ``manage.py erase_expired_data --schedule`` queues it (again and again without
duplicates; run it on each release).
"""

import datetime
import logging

from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from imago_site import retention

logger = logging.getLogger(__name__)

EVERY = datetime.timedelta(days=1)


@task
def erase_expired_data_daily():
    """Erase what is due, then queue the next run for the same time tomorrow."""
    try:
        counts = retention.erase_expired_data()
        logger.info("Expired personal data erased: %s.", format_counts(counts))
    finally:
        schedule_daily_erasure(timezone.now() + EVERY)


def schedule_daily_erasure(run_after=None):
    """Queue the daily erasure for ``run_after`` (now when None), unless a run is already
    waiting. Returns whether one was queued."""
    waiting = DBTaskResult.objects.filter(
        task_path=erase_expired_data_daily.module_path, status=TaskResultStatus.READY
    )
    if waiting.exists():
        return False
    erase_expired_data_daily.using(run_after=run_after or timezone.now()).enqueue()
    return True


def format_counts(counts):
    return ", ".join(f"{count} {kind}" for kind, count in counts.items())
