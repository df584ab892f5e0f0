"""The e-mails: composed in the recipient's language with a plain-text and an HTML part,
each item with its link and the one-click unsubscribe link of its kind; sent over SMTP with
the standard library (``smtplib``, ``email.message``), or written to the outbox when no
server is configured.

Unsubscribe links are signed with ``SECRET_KEY`` (itsdangerous): a token names one user and
the kinds it turns off, and nothing else; no login is needed to use it. Every e-mail carries
``List-Unsubscribe`` and ``List-Unsubscribe-Post`` (RFC 8058), so a mail program's own
button works too.
"""

from __future__ import annotations

import contextlib
import smtplib
import ssl
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from typing import Any, Protocol

from flask import current_app, render_template, url_for
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import not_, select

from ..accounts.models import User
from ..audit.models import AuditEntry
from ..board.items import BoardFilters, BoardItem
from ..board.sources import SOURCES
from ..extensions import db
from ..municipalities import scope
from .kinds import Kind
from .messages import headline, subject
from .models import Notification, OutboxMessage

UNSUBSCRIBE_SALT = "notifications-unsubscribe"


# Signed unsubscribe tokens -------------------------------------------------------------------
def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(user_id: int, kinds: Iterable[Kind]) -> str:
    return _serializer().dumps({"u": user_id, "k": sorted(str(k) for k in set(kinds))})


def read_unsubscribe_token(token: str) -> tuple[int, list[Kind]] | None:
    """The user and kinds a token names, or None for anything not signed by this server."""
    try:
        data = _serializer().loads(token)
        return int(data["u"]), [Kind(k) for k in data["k"]]
    except (BadSignature, KeyError, TypeError, ValueError):
        return None


def absolute(path: str) -> str:
    return current_app.config["TRACKER_BASE_URL"] + path


def unsubscribe_url(user_id: int, kinds: Iterable[Kind]) -> str:
    return absolute(url_for("notifications.unsubscribe",
                            token=unsubscribe_token(user_id, kinds)))


# Composing --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Line:
    """One item of an e-mail, as the templates show it."""

    subject: str
    headline: str
    context: str
    due: date | None
    url: str
    kind_label: str
    unsubscribe: str
    #: What the date is: a deadline, or the day a meeting was held.
    when: str


def _line(n: Notification, today: date) -> Line:
    return Line(subject=subject(n), headline=headline(n, today), context=n.context,
                due=n.due, url=absolute(n.url), kind_label=str(Kind(n.kind).label),
                unsubscribe=unsubscribe_url(n.user_id, [Kind(n.kind)]),
                when=_("Meeting date") if n.subject_type == "meeting" else _("Deadline"))


def _message(user: User, title: str, template: str, kinds: Sequence[Kind],
             **context: Any) -> EmailMessage:
    config = current_app.config
    message = EmailMessage()
    message["Subject"] = title
    message["From"] = config["TRACKER_MAIL_FROM"]
    message["To"] = formataddr((user.name, user.email))
    message["Message-ID"] = make_msgid(domain=config["TRACKER_MAIL_FROM"].rpartition("@")[2]
                                       or "localhost")
    everything = unsubscribe_url(user.id, kinds)
    message["List-Unsubscribe"] = f"<{everything}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message["X-Tracker-User"] = str(user.id)
    values = {"user": user, "title": title, "unsubscribe_all": everything,
              "preferences_url": absolute(url_for("notifications.preferences")),
              "bell_url": absolute(url_for("notifications.index")), **context}
    message.set_content(render_template(f"notifications/mail/{template}.txt", **values))
    message.add_alternative(render_template(f"notifications/mail/{template}.html", **values),
                            subtype="html")
    return message


def compose(user: User, notifications: Sequence[Notification], today: date) -> EmailMessage:
    """One e-mail for everything a run has for this person, in their language."""
    with force_locale(user.language):
        lines = [_line(n, today) for n in notifications]
        if len(lines) == 1:
            title = f"{lines[0].headline} — {lines[0].subject}"
        else:
            title = ngettext("%(num)d new notification from the OGP tracker",
                             "%(num)d new notifications from the OGP tracker", len(lines))
        kinds = sorted({Kind(n.kind) for n in notifications})
        return _message(user, title[:250], "single", kinds, lines=lines)


@dataclass
class Digest:
    """A person's week: their overdue items, those due in the next 7 days, those done in
    the last 7, and the events of the week the digest stands for."""

    overdue: list[BoardItem]
    due_soon: list[BoardItem]
    done: list[BoardItem]
    events: list[Line]

    @property
    def empty(self) -> bool:
        return not (self.overdue or self.due_soon or self.done or self.events)


def digest_of(user: User, today: date, events: Sequence[Notification],
              now_utc: Any) -> Digest:
    """Read from the board's sources under "only mine", in the municipalities the person
    may read; "done" is an item done now that changed in the last 7 days (audit trail)."""
    overdue: list[BoardItem] = []
    due_soon: list[BoardItem] = []
    done: list[BoardItem] = []
    week_ago = now_utc - timedelta(days=7)
    readable = user.readable_municipality_ids
    with scope.unrestricted():
        scope.restrict(readable)
        for source in SOURCES:
            rows = source.rows(BoardFilters(owner_id=user.id))
            open_ids = (rows.where(not_(source.done), source.due <= today + timedelta(days=7))
                        .with_only_columns(source.model.id, maintain_column_froms=True))
            touched = select(AuditEntry.object_id).where(
                AuditEntry.object_type == source.kind, AuditEntry.at >= week_ago)
            done_ids = (rows.where(source.done, source.model.id.in_(touched))
                        .with_only_columns(source.model.id, maintain_column_froms=True))
            label = str(source.label)
            for ids, into in ((open_ids, None), (done_ids, done)):
                stmt = (select(source.model).where(source.model.id.in_(ids.scalar_subquery()))
                        .options(*source.load))
                for row in db.session.scalars(stmt).unique():
                    item = source.item(row, label)
                    if into is done:
                        done.append(item)
                    elif item.due < today:
                        overdue.append(item)
                    else:
                        due_soon.append(item)
    for items in (overdue, due_soon, done):
        items.sort(key=lambda i: (i.due, i.kind, i.id))
    return Digest(overdue, due_soon, done, [_line(n, today) for n in events])


def compose_digest(user: User, digest: Digest, week: str, today: date) -> EmailMessage:
    with force_locale(user.language):
        title = _("Your week in the OGP tracker (%(week)s)", week=week)
        return _message(user, title, "digest", [Kind.DIGEST], digest=digest,
                        absolute=absolute, today=today)


# Sending --------------------------------------------------------------------------------------
class Transport(Protocol):
    name: str

    def send(self, message: EmailMessage) -> None: ...

    def close(self) -> None: ...


class SmtpTransport:
    """A real SMTP conversation (``TRACKER_SMTP_*``), one connection a run, opened when the
    first message goes and opened again after a failure."""

    name = "smtp"

    def __init__(self, config: dict[str, Any]) -> None:
        self.host: str = config["TRACKER_SMTP_HOST"]
        self.port: int = config["TRACKER_SMTP_PORT"]
        self.tls: str = config["TRACKER_SMTP_TLS"]
        self.user: str | None = config["TRACKER_SMTP_USER"]
        self.password: str | None = config["TRACKER_SMTP_PASSWORD"]
        self._smtp: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        context = ssl.create_default_context()
        smtp: smtplib.SMTP
        if self.tls == "ssl":
            smtp = smtplib.SMTP_SSL(self.host, self.port, timeout=30, context=context)
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=30)
            if self.tls == "starttls":
                smtp.starttls(context=context)
        if self.user:
            smtp.login(self.user, self.password or "")
        return smtp

    def send(self, message: EmailMessage) -> None:
        if self._smtp is None:
            self._smtp = self._connect()
        try:
            self._smtp.send_message(message)
        except (smtplib.SMTPServerDisconnected, smtplib.SMTPResponseException, OSError):
            self.close()  # the next message starts a new conversation
            raise

    def close(self) -> None:
        if self._smtp is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self._smtp.quit()
            self._smtp = None


class OutboxTransport:
    """No SMTP server configured: the e-mail is kept for the administrator
    (/admin/outbox), in the same transaction that marks it sent."""

    name = "outbox"

    def send(self, message: EmailMessage) -> None:
        text = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",))
        db.session.add(OutboxMessage(
            user_id=int(message["X-Tracker-User"]) if message["X-Tracker-User"] else None,
            recipient=str(message["To"])[:254], subject=str(message["Subject"])[:300],
            text=text.get_content() if text is not None else "",
            html=html.get_content() if html is not None else ""))

    def close(self) -> None:
        pass


def transport() -> Transport:
    config = current_app.config
    return SmtpTransport(config) if config["TRACKER_SMTP_HOST"] else OutboxTransport()
