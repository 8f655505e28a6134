"""How long a staff member stays logged in (OWASP ASVS 3.3.2, level 2).

A staff session ends ``STAFF_SESSION_HOURS`` after the login, however busy, and after
``STAFF_IDLE_MINUTES`` without a request; the next request then leads to the login page, which
brings the person back to where they were. Public visitors have no login: their sessions (a
language, answers carried to another form) are left alone.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.translation import gettext as _

STARTED_KEY = "staff_session_started"
SEEN_KEY = "staff_session_seen"
# The time of the last request is written at most this often, not on every page.
SEEN_PRECISION = 60


def start(sender, request, user, **kwargs):
    """On login (``user_logged_in``, connected in ``ImagoSiteConfig.ready``): the clock starts."""
    now = int(time.time())
    request.session[STARTED_KEY] = now
    request.session[SEEN_KEY] = now


def is_over(session, now):
    started, seen = session.get(STARTED_KEY, now), session.get(SEEN_KEY, now)
    return (
        now - started > settings.STAFF_SESSION_HOURS * 3600
        or now - seen > settings.STAFF_IDLE_MINUTES * 60
    )


class StaffSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            if is_over(request.session, now):
                logout(request)
                messages.info(request, _("You were logged out after a while; log in again."))
                return redirect_to_login(request.get_full_path(), reverse("admin:login"))
            request.session.setdefault(STARTED_KEY, now)
            if now - request.session.get(SEEN_KEY, 0) >= SEEN_PRECISION:
                request.session[SEEN_KEY] = now
        return self.get_response(request)
