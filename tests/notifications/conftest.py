"""A real SMTP server on loopback (aiosmtpd) for the notifications' tests, the app pointed
at it, and a fixed moment to run at (time is the run's ``now``, never the clock)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller
from flask import Flask

TBILISI = ZoneInfo("Asia/Tbilisi")
#: A Monday morning in Tbilisi: every test runs the notifications "now".
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=TBILISI)
TODAY = NOW.date()


def days(n: int) -> date:
    return TODAY + timedelta(days=n)


@dataclass
class Mailbox:
    """What the server received; ``fail`` answers the next that many DATA commands with a
    temporary failure (451), ``-1`` every one."""

    messages: list[EmailMessage] = field(default_factory=list)
    fail: int = 0

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.fail:
            self.fail -= 1 if self.fail > 0 else 0
            return "451 4.3.0 Try again later"
        message = message_from_bytes(envelope.content, policy=policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)  # type: ignore[arg-type]
        return "250 OK"

    def to(self, email: str) -> list[EmailMessage]:
        return [m for m in self.messages if email in m["X-Envelope-To"]]

    def recipients(self) -> list[str]:
        return sorted(m["X-Envelope-To"] for m in self.messages)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp(app: Flask) -> Iterator[Mailbox]:
    """An SMTP server on 127.0.0.1, the app's TRACKER_SMTP_* pointed at it (plain SMTP)."""
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    app.config.update(TRACKER_SMTP_HOST="127.0.0.1", TRACKER_SMTP_PORT=controller.port,
                      TRACKER_SMTP_TLS="none", TRACKER_MAIL_FROM="tracker@napiri.example",
                      TRACKER_BASE_URL="https://tracker.example")
    try:
        yield mailbox
    finally:
        controller.stop()


def text_of_mail(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of_mail(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("html",)).get_content()
