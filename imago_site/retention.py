"""Erasing the personal data the portal no longer needs.

Each app says, in its ``AppConfig.ready()``, which of its data is due for erasure and how it is
erased (:func:`register`): applications, contact messages, interest subscriptions. This module
adds the finished background tasks, whose arguments may hold an e-mail address ("send my links
to ..."), deleted ``RETENTION_TASK_DAYS`` after they ran, and the visitors' expired sessions.
The daily task (``imago_site.tasks.erase_expired_data_daily``) and ``manage.py
erase_expired_data`` run every rule, in one transaction. The periods are settings, in days
(README, "Retention").
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from imago_site.audit import forget


def delete(queryset):
    """Erase by deleting the rows, and their names and values in the admin's log; returns how
    many rows there were."""
    pks = list(queryset.values_list("pk", flat=True))
    forget(queryset.model, pks)
    queryset.model.objects.filter(pk__in=pks).delete()
    return len(pks)


@dataclass(frozen=True)
class Rule:
    """``due()``: the rows whose period is over, now. ``erase(rows)``: erases them and returns
    how many it erased."""

    due: Callable[[], QuerySet]
    erase: Callable[[QuerySet], int] = delete


# Each kind of data (what the command's report calls it) with its rule.
RULES = {}


def register(kind, due, erase=delete):
    """Erase what ``due()`` returns with ``erase`` (deleting it, unless told otherwise) on
    every run; registering a kind again replaces its rule."""
    RULES[kind] = Rule(due, erase)


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def expired_task_results():
    return DBTaskResult.objects.finished().filter(
        finished_at__lt=days_ago(settings.RETENTION_TASK_DAYS)
    )


def expired_sessions():
    """Visitors' sessions past their expiry date, which Django never reads again but keeps
    (what ``manage.py clearsessions`` deletes)."""
    return Session.objects.filter(expire_date__lt=timezone.now())


def expired_data():
    """What is due for erasure now, by kind: querysets, in the order they are erased."""
    return {kind: rule.due() for kind, rule in RULES.items()}


def erase_expired_data(dry_run=False):
    """Erase what is due, in one transaction; returns how many of each kind. With
    ``dry_run``, only counts."""
    if dry_run:
        return {kind: rule.due().count() for kind, rule in RULES.items()}
    with transaction.atomic():
        return {kind: rule.erase(rule.due()) for kind, rule in RULES.items()}
