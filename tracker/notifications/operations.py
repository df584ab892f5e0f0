"""Writing notifications: recording what is due (never twice), marking one read, a
person's preferences and the unsubscribe link's change."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..accounts.models import User
from ..database import utcnow
from ..errors import NotFound, PermissionDenied
from ..extensions import db
from ..municipalities import scope
from .kinds import Channel, EmailState, Kind
from .models import Notification, NotificationPreferences
from .rules import Due

KEY_COLUMNS = ("subject_type", "subject_id", "kind", "user_id", "version")
#: Rows a statement inserts at once (PostgreSQL takes 65,535 parameters a statement).
CHUNK = 500


def row_of(due: Due, preferences: NotificationPreferences, now: datetime) -> dict[str, Any] | None:
    """The row a due notification becomes under the recipient's preferences, or None when
    they turned its kind off."""
    channel = preferences.channel(due.kind)
    if channel == Channel.OFF:
        return None
    if due.kind == Kind.DIGEST:
        state, in_app = EmailState.PENDING, False
    elif channel == Channel.APP:
        state, in_app = EmailState.NONE, True
    else:
        state = EmailState.DIGEST if preferences.digest else EmailState.PENDING
        in_app = True
    return {
        "user_id": due.user_id, "kind": due.kind.value, "subject_type": due.subject_type,
        "subject_id": due.subject_id, "version": due.version,
        "municipality_id": due.municipality_id, "title": due.title, "context": due.context,
        "url": due.url, "due": due.due, "data": due.data, "in_app": in_app,
        "created_at": now, "email_state": state.value, "attempts": 0,
        "next_attempt_at": now if state == EmailState.PENDING else None,
    }


def rows_for(dues: Iterable[Due], now: datetime) -> list[dict[str, Any]]:
    """Every due notification as a row, under each recipient's preferences (read once)."""
    wanted = list({due.key: due for due in dues}.values())
    preferences = NotificationPreferences.for_users({due.user_id for due in wanted})
    return [row for due in wanted
            if (row := row_of(due, preferences[due.user_id], now)) is not None]


def _insert_ignoring_duplicates(rows: Sequence[dict[str, Any]]) -> Any:
    """``INSERT … ON CONFLICT DO NOTHING`` on the unique key, in the database's dialect,
    answering the ids of the rows it inserted."""
    dialect = db.session.get_bind().dialect.name
    make = {"postgresql": postgresql_insert, "sqlite": sqlite_insert}.get(dialect)
    if make is None:  # pragma: no cover - the tracker runs on these two
        return insert(Notification).values(list(rows)).returning(Notification.id)
    return (make(Notification).values(list(rows))
            .on_conflict_do_nothing(index_elements=list(KEY_COLUMNS))
            .returning(Notification.id))


def record(rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert the rows not recorded yet; a row whose key exists (an earlier run's, or a run
    at the same moment's) is left out by the database itself. The ids inserted."""
    inserted: list[int] = []
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start:start + CHUNK]
        inserted.extend(db.session.scalars(_insert_ignoring_duplicates(chunk)))
    return inserted


def not_recorded(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows whose key is not in the table (what a dry run would record)."""
    if not rows:
        return []
    key = tuple_(*(getattr(Notification, c) for c in KEY_COLUMNS))
    existing: set[tuple[Any, ...]] = set()
    for start in range(0, len(rows), CHUNK):
        chunk = [tuple(r[c] for c in KEY_COLUMNS) for r in rows[start:start + CHUNK]]
        existing.update(tuple(found) for found in db.session.execute(
            select(*(getattr(Notification, c) for c in KEY_COLUMNS)).where(key.in_(chunk))))
    return [r for r in rows if tuple(r[c] for c in KEY_COLUMNS) not in existing]


# A person's own ------------------------------------------------------------------------------
def mark_read(notification: Notification, actor: User) -> Notification:
    """The recipient read it (again: nothing changes). Anyone else's is not found."""
    if not notification.may_read(actor):
        raise NotFound()
    if notification.read_at is None:
        notification.read_at = utcnow()
    db.session.flush()
    return notification


def mark_all_read(actor: User, ids: Iterable[int]) -> int:
    """Every unread one of ``ids`` that is the actor's, at once; how many."""
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == actor.id, Notification.id.in_(sorted(set(ids))),
               Notification.read_at.is_(None))
        .values(read_at=utcnow()))
    return int(result.rowcount or 0)


def save_preferences(user: User, actor: User, channels: dict[str, str], digest: bool
                     ) -> NotificationPreferences:
    """A person chooses for themselves only."""
    if actor.id != user.id:
        raise PermissionDenied()
    preferences = db.session.get(NotificationPreferences, user.id)
    if preferences is None:
        preferences = NotificationPreferences(user_id=user.id)
        db.session.add(preferences)
    preferences.channels = {str(Kind(k)): str(Channel(v)) for k, v in channels.items()}
    preferences.digest = digest
    db.session.flush()
    return preferences


def unsubscribe(user: User, kinds: Iterable[Kind]) -> NotificationPreferences:
    """What an e-mail's signed link does, for its own user and kinds only: no more e-mail
    of those kinds (single messages stay in the app; the digest stops altogether)."""
    preferences = db.session.get(NotificationPreferences, user.id)
    if preferences is None:
        preferences = NotificationPreferences(user_id=user.id, channels={}, digest=False)
        db.session.add(preferences)
    channels = dict(preferences.channels or {})
    for kind in kinds:
        if kind == Kind.DIGEST:
            channels[kind.value] = Channel.OFF.value
        elif preferences.channel(kind) == Channel.EMAIL:
            channels[kind.value] = Channel.APP.value
    preferences.channels = channels
    # Pending e-mails of those kinds are not sent after all.
    with scope.unrestricted():
        db.session.execute(
            update(Notification)
            .where(Notification.user_id == user.id,
                   Notification.kind.in_([k.value for k in kinds]),
                   Notification.email_state.in_((EmailState.PENDING.value,
                                                 EmailState.DIGEST.value)))
            .values(email_state=EmailState.NONE.value))
    db.session.flush()
    return preferences
