"""A logging filter that keeps personal data and private links out of the logs.

The portal's own log calls name records by id, never by name or address. This filter is the
net under them, on every handler: e-mail addresses and link tokens (status, confirmation and
unsubscribe links) in a message or a traceback are replaced, wherever they come from: Django's
"Not Found: /applications/<token>/", a database error quoting a duplicate address, a task's
arguments.
"""

import logging
import re

EMAIL = re.compile(r"[^\s@<>()\[\]{}'\",;:]+@[^\s@<>()\[\]{}'\",;:]+")
# The portal's tokens: secrets.token_urlsafe(32), 43 characters of the URL-safe alphabet.
TOKEN = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])")


def hide(text):
    return TOKEN.sub("[token]", EMAIL.sub("[e-mail]", text))


class HidePersonalData(logging.Filter):
    def filter(self, record):
        message = record.getMessage()
        hidden = hide(message)
        if hidden != message:
            record.msg, record.args = hidden, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = hide(record.exc_text)
        return True
