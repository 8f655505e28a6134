"""Writing and sending the portal's e-mail from tasks without ever losing a message.

:func:`compose` writes a plain-text message from a template (links made absolute with
:func:`absolute`, as a task has no request). A task composes one message and hands it to
:func:`deliver`. If the mail server cannot be
reached, :func:`deliver` queues the same task again for later and re-raises, so the worker
records the failed attempt and a retry sends only the message that failed.
"""

import datetime
import logging
import re
import unicodedata

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone

logger = logging.getLogger(__name__)


def fits_one_line(text):
    """Whether ``text`` may go into an e-mail header: Python's e-mail package refuses control
    characters and line or paragraph separators there (a name goes into subjects)."""
    return not any(unicodedata.category(character) in ("Cc", "Zl", "Zp") for character in text)


def deliver(message, retry_task, *args, attempt):
    """Send ``message``. If the mail server cannot be reached, queue ``retry_task(*args)`` for
    later and re-raise, so the worker records the failed attempt."""
    try:
        message.send()
    except OSError:  # smtplib.SMTPException is an OSError, and so is a refused connection.
        schedule_retry(retry_task, args, attempt)
        raise


def schedule_retry(retry_task, args, attempt):
    """Queue attempt number ``attempt + 1`` of ``retry_task`` after the next delay of
    ``MAIL_RETRY_DELAYS``. When the delays run out, log an error and give up."""
    delays = settings.MAIL_RETRY_DELAYS
    if attempt >= len(delays):
        logger.error(
            "Giving up %s%r after %s attempts.", retry_task.name, loggable(args), attempt + 1
        )
        return
    if not retry_task.get_backend().supports_defer:
        logger.error("The task backend cannot run %s%r later.", retry_task.name, loggable(args))
        return
    run_after = timezone.now() + datetime.timedelta(seconds=delays[attempt])
    retry_task.using(run_after=run_after).enqueue(*args, attempt=attempt + 1)
    logger.warning(
        "Could not send %s%r; attempt %s is queued for %s.",
        retry_task.name,
        loggable(args),
        attempt + 2,
        run_after.isoformat(timespec="seconds"),
    )


def loggable(args):
    """A task's arguments as the log may show them: ids, but not an e-mail address."""
    return tuple(arg if isinstance(arg, int) else "…" for arg in args)


def site_url():
    """The portal's address without a trailing slash, e.g. ``https://training.imago.example``."""
    return settings.SITE_URL


def absolute(path):
    return site_url() + path


def compose(template, *, subject, to, language, context, reply_to=None):
    """A plain-text message from ``template``. The active language must already be set."""
    body = render_to_string(
        template, {"institute_email": settings.INSTITUTE_EMAIL, "site_url": site_url(), **context}
    )
    return EmailMessage(
        subject=subject,
        body=tidy(body),
        to=to,
        reply_to=reply_to,
        headers={
            "Content-Language": language,
            # RFC 3834: no out-of-office replies to a portal that nobody reads.
            "Auto-Submitted": "auto-generated",
        },
    )


def tidy(text):
    """Template tags leave blank lines behind. Keep at most one blank line between paragraphs."""
    return re.sub(r"\n\s*\n(\s*\n)+", "\n\n", text).strip() + "\n"


def unsubscribe_headers(message, url):
    """Let mail programs offer "unsubscribe" for ``message``, in one click (RFC 8058): they
    POST ``List-Unsubscribe=One-Click`` to ``url``, an absolute https address whose view
    takes that POST without a cookie or CSRF token. Returns ``message``."""
    message.extra_headers["List-Unsubscribe"] = f"<{url}>"
    message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return message
