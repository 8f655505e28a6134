"""Middleware of the portal's own.

``PermissionsPolicyMiddleware`` sends the ``Permissions-Policy`` header.

``AdminNoIndexMiddleware`` asks search engines not to index the admin, whose address is kept
out of robots.txt (which anyone may read).

``DatabaseUnavailableMiddleware``: when the database is briefly out of reach (a restart, a
failover), a page that says so. A request that needs the database while it cannot be reached
gets a 503 page asking to send the form again in a moment (the browser's Back button keeps what
was typed), with a ``Retry-After`` header, rather than the generic error page. Nothing the portal
confirmed is lost: a confirmation is shown only after the commit, and an application sent again
is stored once (its submission key).
"""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 10


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning("Database unavailable during %s %s.", request.method, request.path)
        try:
            response = render(request, "503.html", status=503)
        except (OperationalError, InterfaceError):  # the page itself needed the database
            response = HttpResponse(
                "Please try again in a moment.\n", status=503, content_type="text/plain"
            )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response


class PermissionsPolicyMiddleware:
    """Send the ``Permissions-Policy`` header (Django has no setting for it): the portal uses
    no camera, microphone, location or other powerful browser feature, so it switches them off
    for itself and for anything it might ever embed."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allowed)})"
            for feature, allowed in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


class AdminNoIndexMiddleware:
    """``X-Robots-Tag: noindex, nofollow`` on every page of the admin, its login included. A
    ``Disallow`` in robots.txt would publish the admin's address, however it is chosen
    (``DJANGO_ADMIN_URL``), to anyone who reads the file."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = f"/{settings.ADMIN_URL}"

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.prefix):
            response.headers["X-Robots-Tag"] = "noindex, nofollow"
        return response
