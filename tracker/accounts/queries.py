"""Reads for the administrators' pages: the users and the security log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, func, or_, select

from ..database import utcnow
from ..extensions import db
from ..i18n import tracker_zone
from ..inputs import parse_day
from ..paging import Page, Paging, paginate
from ..text import strip_controls
from .events import Event
from .models import SecurityEvent, User, UserSession
from .sessions import open_clause


@dataclass
class UserRow:
    user: User
    open_sessions: int
    last_seen: datetime | None


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def users_page(q: str, paging: Paging) -> Page[UserRow]:
    """Every account (the administrator's list), by name; ``q`` in the name or e-mail."""
    stmt: Select[Any] = select(User).order_by(User.name)
    if q:
        pattern = _like(q)
        stmt = stmt.where(or_(User.name.ilike(pattern, escape="\\"),
                              User.email.ilike(pattern, escape="\\")))
    page = paginate(stmt, paging)
    ids = [user.id for user in page.items]
    now = utcnow()
    counts: dict[int, tuple[int, datetime | None]] = {}
    if ids:
        rows = db.session.execute(
            select(UserSession.user_id, func.count(UserSession.id),
                   func.max(UserSession.last_seen_at))
            .where(UserSession.user_id.in_(ids), open_clause(now))
            .group_by(UserSession.user_id))
        counts = {user_id: (count, seen) for user_id, count, seen in rows}
    return page.map(lambda user: UserRow(user, *counts.get(user.id, (0, None))))


@dataclass
class EventFilters:
    kind: str = ""
    who: str = ""
    date_from: date | None = None
    date_to: date | None = None

    @classmethod
    def from_args(cls, args: Any) -> EventFilters:
        kind = str(args.get("kind", ""))
        return cls(
            kind=kind if kind in {e.value for e in Event} else "",
            who=strip_controls(str(args.get("who", ""))).strip()[:254],
            date_from=parse_day(strip_controls(str(args.get("from", ""))), "from"),
            date_to=parse_day(strip_controls(str(args.get("to", ""))), "to"),
        )

    @property
    def active(self) -> bool:
        return bool(self.kind or self.who or self.date_from or self.date_to)


def _start_of(day: date) -> datetime:
    """The instant a day begins in TRACKER_TIMEZONE (the log stores UTC)."""
    return datetime.combine(day, time.min, tzinfo=tracker_zone())


def events_page(filters: EventFilters, paging: Paging) -> Page[SecurityEvent]:
    """The security log, newest first, filtered by kind, by e-mail (as typed, or the
    account's), and by day in TRACKER_TIMEZONE."""
    stmt: Select[Any] = select(SecurityEvent).order_by(SecurityEvent.at.desc())
    if filters.kind:
        stmt = stmt.where(SecurityEvent.kind == filters.kind)
    if filters.who:
        stmt = stmt.where(SecurityEvent.email.ilike(_like(filters.who.casefold()), escape="\\"))
    if filters.date_from:
        stmt = stmt.where(SecurityEvent.at >= _start_of(filters.date_from))
    if filters.date_to:
        stmt = stmt.where(SecurityEvent.at < _start_of(filters.date_to + timedelta(days=1)))
    return paginate(stmt, paging)
