"""One run: record what is due, then send what waits. ``flask notify run`` calls it, cron
every 15 minutes or an RQ worker (:mod:`.jobs`): the same function either way.

1. **Compute** (:mod:`.rules`) and **record** (:func:`.operations.record`) in one short
   transaction: an insert that ignores the unique key's conflicts, so a second run, or one
   on another server at the same moment, records nothing twice.
2. **Send**, one recipient at a time: the run *claims* the recipient's waiting e-mails with
   one conditional ``UPDATE`` (only rows still ``pending`` move to ``sending`` under this
   run's token: two runs never both get one), commits, sends one e-mail, and marks them
   ``sent`` — or, on failure, ``pending`` again after 5, 10, 20, 40 minutes, and ``failed``
   after the last attempt: in the run's report (and exit status) and on /admin/outbox.
   A run that dies mid-send leaves a claim that a later run takes over after
   :data:`STALE_CLAIM`.

Time is the run's ``now`` (``--now`` in tests and demos), never the clock read inside.
"""

from __future__ import annotations

import logging
import secrets
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from flask import Flask, current_app, has_request_context
from sqlalchemy import func, select, update

from ..accounts.models import User
from ..extensions import db
from ..municipalities import scope
from . import mail, rules
from .kinds import EmailState, Kind
from .models import Notification
from .operations import not_recorded, record, rows_for

log = logging.getLogger("tracker.notifications")

#: A claim older than this belongs to a run that died while sending.
STALE_CLAIM = timedelta(minutes=15)


@dataclass
class Report:
    """What a run did (or, dry, would do)."""

    recorded: int = 0
    by_kind: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    emails_sent: int = 0
    notifications_sent: int = 0
    retrying: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    transport: str = ""
    dry_run: bool = False

    def lines(self) -> list[str]:
        verb = "would record" if self.dry_run else "recorded"
        out = [f"{verb} {self.recorded} notification(s)"
               + (": " + ", ".join(f"{k} {n}" for k, n in sorted(self.by_kind.items()))
                  if self.by_kind else "")]
        if not self.dry_run:
            out.append(f"sent {self.emails_sent} e-mail(s) ({self.notifications_sent} "
                       f"notification(s)) by {self.transport}")
        out += [f"retrying later: {who}: {error}" for who, error in self.retrying]
        out += [f"FAILED (no more attempts): {who}: {error}" for who, error in self.failed]
        return out


@contextmanager
def working_context(app: Flask) -> Iterator[None]:
    """What a run needs outside a request: URLs for the links (``TRACKER_BASE_URL``) and
    every municipality's rows. A POST request context, so that SQLite takes its write lock
    at the start of each of the run's (short) transactions (tracker.database)."""
    if has_request_context():
        with scope.unrestricted():
            yield
        return
    with app.test_request_context("/", method="POST",
                                  base_url=app.config["TRACKER_BASE_URL"]), scope.unrestricted():
        yield


def run(now: datetime | None = None, *, dry_run: bool = False) -> Report:
    """Record what is due at ``now`` and send what waits (``dry_run``: say what would be
    recorded, change nothing, send nothing)."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    report = Report(dry_run=dry_run)
    with working_context(app):
        try:
            _record(now, report, dry_run)
            if not dry_run:
                _deliver(now, report)
        finally:
            db.session.rollback()
    return report


def due_now(now: datetime) -> list[rules.Due]:
    """Everything due at ``now``, from the data and from the audit trail after the cursor."""
    today = rules.local_day(now)
    people = rules.People()
    entries = rules.new_entries(rules.cursor().audit_id)
    return [*rules.deadlines(today, people), *rules.held_meetings(today, people),
            *rules.events(entries, people), *rules.digests(now, people)]


def _record(now: datetime, report: Report, dry_run: bool) -> None:
    rows = rows_for(due_now(now), now)
    if dry_run:
        new = not_recorded(rows)
        db.session.rollback()
        report.recorded = len(new)
        for row in new:
            report.by_kind[row["kind"]] += 1
        return
    inserted = record(rows)
    cursor = rules.cursor()
    cursor.audit_id = max(cursor.audit_id, rules.settled_entry(now))
    db.session.commit()
    report.recorded = len(inserted)
    if inserted:
        for kind, count in db.session.execute(
                select(Notification.kind, func.count())
                .where(Notification.id.in_(sorted(inserted)))
                .group_by(Notification.kind)):
            report.by_kind[kind] = count
    db.session.rollback()


def _retry_delay(attempts: int) -> timedelta:
    minutes = int(current_app.config["TRACKER_MAIL_RETRY_MINUTES"])
    return timedelta(minutes=minutes * 2 ** max(attempts - 1, 0))


def _claim(user_id: int, now: datetime) -> list[Notification]:
    """This run's claim on the person's waiting e-mails, committed before anything is sent."""
    token = secrets.token_hex(16)
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == user_id,
               Notification.email_state == EmailState.PENDING.value,
               Notification.next_attempt_at <= now)
        .values(email_state=EmailState.SENDING.value, claim=token, claimed_at=now)
        .execution_options(synchronize_session=False))
    db.session.commit()
    return list(db.session.scalars(
        select(Notification).where(Notification.claim == token)
        .order_by(Notification.kind, Notification.due, Notification.id)))


def _waiting(now: datetime) -> list[int]:
    """Recipients with e-mails to send now (after taking back claims of dead runs)."""
    db.session.execute(
        update(Notification)
        .where(Notification.email_state == EmailState.SENDING.value,
               Notification.claimed_at < now - STALE_CLAIM)
        .values(email_state=EmailState.PENDING.value, claim=None)
        .execution_options(synchronize_session=False))
    db.session.commit()
    return list(db.session.scalars(
        select(Notification.user_id).distinct()
        .where(Notification.email_state == EmailState.PENDING.value,
               Notification.next_attempt_at <= now)
        .order_by(Notification.user_id)))


def _digest_events(user_id: int) -> list[Notification]:
    """The person's notifications kept for their digest."""
    return list(db.session.scalars(
        select(Notification).where(Notification.user_id == user_id,
                                   Notification.email_state == EmailState.DIGEST.value)
        .order_by(Notification.created_at, Notification.id)))


def _deliver(now: datetime, report: Report) -> None:
    sender = mail.transport()
    report.transport = sender.name
    today = rules.local_day(now)
    try:
        for user_id in _waiting(now):
            claimed = _claim(user_id, now)
            if not claimed:
                continue  # another run took them
            user = db.session.get(User, user_id)
            digests = [n for n in claimed if n.kind == Kind.DIGEST]
            singles = [n for n in claimed if n.kind != Kind.DIGEST]
            if singles:
                _send(sender, user, singles, now, report,
                      lambda u=user, s=singles: mail.compose(u, s, today))
            for digest in digests:
                events = _digest_events(user_id)
                content = mail.digest_of(user, today, events, now)
                if content.empty:  # nothing to tell this week: no e-mail
                    _settle(digest, EmailState.SENT, now)
                    db.session.commit()
                    continue
                _send(sender, user, [digest, *events], now, report,
                      lambda u=user, c=content, d=digest: mail.compose_digest(
                          u, c, d.version, today))
    finally:
        sender.close()


def _settle(n: Notification, state: EmailState, now: datetime, error: str | None = None) -> None:
    n.email_state = state.value
    n.claim = None
    if state == EmailState.SENT:
        n.sent_at = now
        n.last_error = None
    else:
        n.last_error = (error or "")[:500]


def _send(sender: mail.Transport, user: User, batch: list[Notification], now: datetime,
          report: Report, compose: object) -> None:
    """Send one e-mail for ``batch`` and settle each of its notifications."""
    if not user.active:
        for n in batch:
            _settle(n, EmailState.NONE, now, "the account is deactivated")
        db.session.commit()
        return
    try:
        message = compose()  # type: ignore[operator]
        sender.send(message)
    except Exception as error:  # any failure is retried, then reported
        db.session.rollback()
        reason = f"{type(error).__name__}: {error}"[:500]
        attempts = max(n.attempts for n in batch) + 1
        final = attempts >= int(current_app.config["TRACKER_MAIL_ATTEMPTS"])
        for n in batch:
            if n.kind == Kind.DIGEST or n.email_state != EmailState.DIGEST.value:
                n.attempts = attempts
                if final:
                    _settle(n, EmailState.FAILED, now, reason)
                else:
                    _settle(n, EmailState.PENDING, now, reason)
                    n.next_attempt_at = now + _retry_delay(attempts)
        db.session.commit()
        (report.failed if final else report.retrying).append((user.email, reason))
        log.log(logging.ERROR if final else logging.WARNING,
                "notification e-mail to %s %s: %s", user.email,
                "failed for good" if final else "failed, retrying later", reason)
        return
    for n in batch:
        _settle(n, EmailState.SENT, now)
    db.session.commit()
    report.emails_sent += 1
    report.notifications_sent += len(batch)
