"""A real SMTP server for tests. It is aiosmtpd on 127.0.0.1 and records every message it
accepts. The ``smtp_server`` fixture points the portal's mail at it."""

import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on (at the moment of asking)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Recorder:
    """The aiosmtpd handler. It keeps each accepted message as ``(recipients, message)``. It
    can refuse some recipients for now (``451``), as a busy or greylisting server does."""

    def __init__(self):
        self.received = []
        self.refused = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refused:
            return "451 4.7.1 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        self.received.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


class MailServer:
    """An SMTP server on a fixed port that a test can stop and start again. While it is
    stopped, nothing listens on the port and connections are refused."""

    def __init__(self):
        self.port = free_port()
        self.recorder = Recorder()
        self.controller = None

    def start(self):
        # A stopped Controller has closed its event loop, so every start needs a new one.
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None

    def refuse(self, address):
        self.recorder.refused.add(address.lower())

    def accept_all(self):
        self.recorder.refused.clear()

    @property
    def messages(self):
        """The messages received so far, as ``email.message.EmailMessage`` objects."""
        return [message for _, message in self.recorder.received]

    def messages_to(self, address):
        return [message for to, message in self.recorder.received if address in to]


@pytest.fixture
def smtp_server(settings):
    """A running :class:`MailServer`, with the portal's mail going to it over real SMTP.

    The test settings send mail to Django's in-memory outbox, so this fixture names the SMTP
    backend explicitly."""
    server = MailServer()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": server.port, "timeout": 5},
        }
    }
    server.start()
    yield server
    server.stop()
