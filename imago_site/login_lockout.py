"""The admin login's lockout (django-axes), with a second, higher limit per username.

Axes counts wrong passwords per username and client address (``AXES_FAILURE_LIMIT``): an
attacker cannot lock a staff member out from elsewhere. Guessing one account from many
addresses is slowed by a second count, of the username's failures from every address within the
cool-off time: at ``LOGIN_FAILURE_LIMIT_PER_USERNAME`` the account is paused for everybody
until the cool-off is over (or ``manage.py axes_reset_username`` lifts it).
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


def failures_of_username(username):
    """Wrong passwords for ``username`` from any address within the cool-off time."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.filter(username=username, attempt_time__gte=since)
    return attempts.aggregate(failures=Sum("failures_since_start"))["failures"] or 0


class LockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None):
        failures = super().get_failures(request, credentials)
        username = get_client_username(request, credentials)
        limit = settings.LOGIN_FAILURE_LIMIT_PER_USERNAME
        if username and failures_of_username(username) >= limit:
            # The lockout page says that the account, not the address, is paused.
            request.axes_username_locked = True
            return max(failures, get_failure_limit(request, credentials))
        return failures
