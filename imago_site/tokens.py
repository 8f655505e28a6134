"""The unguessable tokens of the private links in e-mails (status pages, confirmations)."""

import secrets


def new_token():
    """256 random bits, URL-safe: a link that cannot be guessed or enumerated."""
    return secrets.token_urlsafe(32)
