"""iCalendar (RFC 5545) feeds, written with the ``icalendar`` library.

Deadlines come from the board's own sources (:data:`tracker.board.sources.SOURCES`): what a
dated item is, its ``due`` and its page are declared there once, and are read here the same
way. A deadline is an all-day event on its date; a meeting with a start time is a timed
event in ``TRACKER_TIMEZONE`` (``TZID`` and the zone's ``VTIMEZONE``), one without a time an
all-day event. Every event has a stable ``UID`` (``kind-id@host``) so a calendar that
subscribes updates its events instead of adding copies, and a ``URL`` back to its page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import request, url_for
from flask_babel import gettext as _
from icalendar import Calendar, Event
from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import selectinload

from ..board.items import BoardFilters, BoardItem, BoardSource
from ..board.sources import SOURCES
from ..extensions import db
from ..i18n import tracker_zone
from ..meetings.models import Meeting
from ..municipalities.scope import page_url

PRODID = "-//OGP Action-Plan Tracker//feeds//EN"

#: Where an event links: ``(kind, row) -> path``.
PageOf = Callable[[str, Any], str]


def private_page(kind: str, row: Any) -> str:
    """The tracker's own page of a row (behind the login): a person's feed links there."""
    if kind == "meeting":
        return page_url("meetings.detail", row, meeting_id=row.id)
    raise ValueError(f"a {kind}'s page is its board item's")  # pragma: no cover


def public_page(slug: str) -> PageOf:
    """The public site's page of a row of municipality ``slug``: a commitment's (a
    milestone's on it), a subgroup's, a meeting's (an action item's on its meeting's)."""
    def page(kind: str, row: Any) -> str:
        if kind == "commitment":
            return url_for("public.commitment", slug=slug, commitment_id=row.id)
        if kind == "milestone":
            return url_for("public.commitment", slug=slug,
                           commitment_id=row.commitment_id) + f"#milestone-{row.id}"
        if kind == "subgroup":
            return url_for("public.subgroup", slug=slug, subgroup_id=row.id)
        if kind == "meeting":
            return url_for("public.meeting", slug=slug, meeting_id=row.id)
        if kind == "action_item":
            return url_for("public.meeting", slug=slug, meeting_id=row.decision.meeting_id)
        raise ValueError(f"no public page for a {kind}")
    return page


def absolute(url: str) -> str:
    """A page's URL as a calendar needs it: with the scheme and host of this request."""
    return request.host_url.rstrip("/") + url


def uid(kind: str, ident: int) -> str:
    """The stable identity of an event: the same item is the same event in every fetch."""
    return f"{kind}-{ident}@{request.host.split(':')[0]}"


def deadlines(filters: BoardFilters,
              condition: Callable[[BoardSource], ColumnElement[bool] | None],
              page: PageOf | None = None) -> list[BoardItem]:
    """Every live dated item of the board's sources under ``filters`` (done ones too: a
    calendar shows the past), narrowed by ``condition`` (a source's visibility, or None),
    as the board reads them; linked to ``page`` when given (the board's link otherwise)."""
    items: list[BoardItem] = []
    for source in SOURCES:
        stmt = source.rows(filters)
        extra = condition(source)
        if extra is not None:
            stmt = stmt.where(extra)
        ids = stmt.with_only_columns(source.model.id.label("id"),
                                     maintain_column_froms=True).subquery()
        label = str(source.label)
        rows = db.session.scalars(
            select(source.model).where(source.model.id.in_(select(ids.c.id))).options(*source.load)
        ).unique()
        for row in rows:
            item = source.item(row, label)
            items.append(item if page is None else replace(item, url=page(source.kind, row)))
    items.sort(key=lambda i: (i.due, i.kind, i.id))
    return items


def _stamp(event: Event, kind: str, ident: int, url: str, now: datetime) -> None:
    event.add("uid", uid(kind, ident))
    event.add("dtstamp", now)
    event.add("url", absolute(url))


def deadline_event(item: BoardItem, now: datetime, *, with_owner: bool) -> Event:
    """An all-day event on the item's due date; ``with_owner`` for the owner's own feed
    (a public feed names no staff)."""
    event = Event()
    _stamp(event, item.kind, item.id, item.url, now)
    event.add("summary", f"{item.kind_label}: {item.title}")
    event.add("dtstart", item.due)
    event.add("dtend", item.due + timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    lines = [line for line in (
        item.context,
        _("Done") if item.done else None,
        (item.owner_name or None) if with_owner else None,
    ) if line]
    if lines:
        event.add("description", "\n".join(lines))
    event.add("categories", [item.kind])
    return event


def meeting_title(meeting: Meeting) -> str:
    title = _("Meeting N%(number)d", number=meeting.number)
    return f"{title} — {meeting.subgroup.name}" if meeting.subgroup is not None else title


def meeting_event(meeting: Meeting, now: datetime, page: PageOf) -> Event:
    """The meeting at its date (and times, in TRACKER_TIMEZONE), its place and agenda."""
    event = Event()
    _stamp(event, "meeting", meeting.id, page("meeting", meeting), now)
    event.add("summary", meeting_title(meeting))
    if meeting.date is None:  # pragma: no cover - :func:`meetings` reads dated ones only
        raise ValueError("an undated meeting has no place in a calendar")
    if meeting.start_time is None:
        event.add("dtstart", meeting.date)
        event.add("dtend", meeting.date + timedelta(days=1))
    else:
        zone = tracker_zone()
        start = datetime.combine(meeting.date, meeting.start_time, tzinfo=zone)
        event.add("dtstart", start)
        if meeting.end_time is not None and meeting.end_time > meeting.start_time:
            event.add("dtend", datetime.combine(meeting.date, meeting.end_time, tzinfo=zone))
    if meeting.place:
        event.add("location", meeting.place)
    agenda = [f"{n}. {item.title}" for n, item in enumerate(meeting.agenda, 1)]
    if agenda:
        event.add("description", "\n".join(agenda))
    event.add("categories", ["meeting"])
    return event


def meetings(condition: ColumnElement[bool]) -> list[Meeting]:
    """The dated meetings the feed shows, with their agenda and subgroup."""
    stmt = (select(Meeting).where(Meeting.date.is_not(None), condition)
            .options(selectinload(Meeting.agenda), selectinload(Meeting.subgroup))
            .order_by(Meeting.date, Meeting.id))
    return list(db.session.scalars(stmt))


def calendar(name: str, events: Iterable[Event]) -> bytes:
    """The feed: its name, the events, and the VTIMEZONE of every TZID they use."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", tracker_zone().key)
    for event in events:
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def now_utc() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def no_condition(_source: BoardSource) -> None:
    return None


def events_of(items: Iterable[BoardItem], meetings_shown: Iterable[Meeting], *,
              with_owner: bool, page: PageOf = private_page) -> list[Event]:
    now = now_utc()
    return [*(meeting_event(m, now, page) for m in meetings_shown),
            *(deadline_event(i, now, with_owner=with_owner) for i in items)]

