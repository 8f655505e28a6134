"""Errors that someone sees: server errors and mail given up after its retries reach the staff.

Every record logged at ERROR (Django's "Internal Server Error: /path" with its exception,
``imago_site.mail``'s "Giving up ...") goes by e-mail to ``ADMINS`` through :class:`ErrorMail`:
the message, the request's method and path, and the traceback's lines, without the frames'
variables (which hold what people typed) and through the log filter's :func:`hide` (no e-mail
address, no link token). Not with ``DJANGO_DEBUG``, whose pages show the error.

With ``SENTRY_DSN`` set, the same errors also go to Sentry (:func:`start_sentry`): without
personal data, local variables or request bodies, and every text of an event through
:func:`hide`.
"""

import logging
import traceback

from django.core import mail

from imago_site.log_filters import hide

SUBJECT_LENGTH = 150


def report(record):
    """The subject and the text of the error mail for ``record``."""
    message = record.getMessage()
    lines = [message]
    request = getattr(record, "request", None)
    if request is not None:
        lines.append(f"{request.method} {request.path}")
    if record.exc_info:
        lines += ["", "".join(traceback.format_exception(*record.exc_info))]
    first_line = (message.splitlines() or [""])[0]
    subject = f"{record.levelname}: {first_line}"[:SUBJECT_LENGTH]
    return hide(subject), hide("\n".join(lines))


class ErrorMail(logging.Handler):
    """Mail each record of ERROR and above to ``ADMINS`` (see the module's text)."""

    def __init__(self):
        super().__init__(level=logging.ERROR)

    def emit(self, record):
        try:
            subject, text = report(record)
            mail.mail_admins(subject, text)
        except OSError:
            # The mail server is out of reach; the console's log still has the error (and
            # Sentry, when set).
            return
        except Exception:
            self.handleError(record)


def scrubbed(value):
    """``value`` (an event's dict, list or text) with :func:`hide` applied to every text."""
    if isinstance(value, str):
        return hide(value)
    if isinstance(value, dict):
        return {key: scrubbed(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [scrubbed(item) for item in value]
    return value


def before_send(event, hint):
    return scrubbed(event)


def start_sentry(dsn, environment):
    """Send errors to the Sentry project of ``dsn``: no personal data (no user, no cookies,
    no request bodies, no local variables), no performance tracing."""
    import sentry_sdk

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        traces_sample_rate=0,
        before_send=before_send,
    )
