"""What is due now, and to whom: the notifications a run records.

Two sources, each read whole by every run (what was recorded already is a conflict on the
unique key, not a second message):

- **the data as it stands** — the board's own sources (:data:`~tracker.board.sources.SOURCES`)
  say which dated items are live and not done, their ``due``, owner and page; a reminder
  goes at the last offset passed (``TRACKER_REMIND_DAYS``, 7 and 1 days by default), an
  overdue notice the day after the deadline, and the chair hears of an item overdue for
  more than ``TRACKER_ESCALATE_DAYS``; the version is the deadline, so a moved deadline
  re-arms them. Held meetings give the minutes to sign and the minutes still unapproved
  after ``TRACKER_MINUTES_DAYS``.
- **the audit trail** — every operation already writes one entry per change, whoever made
  it (a page, the API, an import, the CLI): an owner set (``assigned``), a commitment's
  transition (``state_changed``), minutes approved (``minutes_approved``). Reading it
  needs no hook in any area's operations. The version is the entry's id.

"Today" is the day of ``now`` in ``TRACKER_TIMEZONE``. Recipients are active accounts with
a role in the item's municipality (a person who may not read it is not told of it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import func, not_, select
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..accounts.roles import Role
from ..audit.models import AuditEntry
from ..board.items import BoardFilters, BoardItem, BoardSource
from ..board.sources import SOURCES
from ..directory.models import StaffMember
from ..extensions import db
from ..i18n import tracker_zone
from ..meetings.models import Meeting, Presence
from ..municipalities.models import Membership
from ..municipalities.scope import page_url
from ..workflow import COMPLETED, MONITORED
from .kinds import Kind
from .models import NotificationPreferences, NotifyCursor

#: The sources by the kind their items carry (``commitment``, ``milestone``…), which is
#: also the audit trail's name of their model.
SOURCE_OF: dict[str, BoardSource] = {source.kind: source for source in SOURCES}
#: The fields of an audited item that name its owner.
OWNER_FIELDS = ("owner_id", "owner_unit_id", "lead_id")
#: An audit entry is read again for this long: a transaction that took its id earlier may
#: commit later than one with a higher id, and the cursor must not pass it by.
AUDIT_LAG = timedelta(hours=1)


@dataclass(frozen=True)
class Due:
    """One notification to record: to whom, of which kind, about what, in which version."""

    user_id: int
    kind: Kind
    subject_type: str
    subject_id: int
    version: str
    municipality_id: int | None
    title: str = ""
    context: str = ""
    url: str = ""
    due: date | None = None
    data: dict[str, Any] | None = None

    @property
    def key(self) -> tuple[str, int, str, int, str]:
        return (self.subject_type, self.subject_id, self.kind.value, self.user_id, self.version)


def local_day(now: datetime) -> date:
    """The working group's day at ``now``."""
    return now.astimezone(tracker_zone()).date()


def _setting(name: str) -> Any:
    return current_app.config[name]


@dataclass
class People:
    """Who may be told: active accounts by id, the people of units and the chairs of
    municipalities, each read once a run."""

    users: dict[int, User] = field(default_factory=dict)
    unit_people: dict[int, set[int]] = field(default_factory=dict)
    chairs: dict[int, set[int]] = field(default_factory=dict)

    def load(self, user_ids: Iterable[int], unit_ids: Iterable[int],
             municipality_ids: Iterable[int] = ()) -> None:
        units = set(unit_ids) - set(self.unit_people)
        if units:
            rows = db.session.execute(
                select(StaffMember.unit_id, StaffMember.user_id)
                .where(StaffMember.unit_id.in_(sorted(units)), StaffMember.user_id.is_not(None)))
            for unit in units:
                self.unit_people[unit] = set()
            for unit, user in rows:
                self.unit_people[unit].add(user)
        places = set(municipality_ids) - set(self.chairs)
        if places:
            for place in places:
                self.chairs[place] = set()
            rows = db.session.execute(
                select(Membership.municipality_id, Membership.user_id)
                .where(Membership.municipality_id.in_(sorted(places)),
                       Membership.role == Role.CHAIR.value))
            for place, user in rows:
                self.chairs[place].add(user)
        wanted = (set(user_ids) | {u for s in self.unit_people.values() for u in s}
                  | {u for s in self.chairs.values() for u in s}) - set(self.users)
        if wanted:
            for user in db.session.scalars(
                    select(User).where(User.id.in_(sorted(wanted)), User.active.is_(True))):
                self.users[user.id] = user

    def owners(self, owner_id: int | None, owner_unit_id: int | None) -> set[int]:
        """A person, or the head and staff with accounts of an owning unit."""
        if owner_id is not None:
            return {owner_id}
        if owner_unit_id is not None:
            return set(self.unit_people.get(owner_unit_id, ()))
        return set()

    def who_may_read(self, user_ids: Iterable[int], municipality_id: int | None) -> list[int]:
        """Those of ``user_ids`` with an active account that may read the municipality."""
        return sorted(
            uid for uid in set(user_ids)
            if (user := self.users.get(uid)) is not None
            and (municipality_id is None or user.role_in(municipality_id) is not None)
        )


def _item_due(item: BoardItem, kind: Kind, user_id: int, version: str,
              data: dict[str, Any] | None = None) -> Due:
    return Due(user_id=user_id, kind=kind, subject_type=item.kind, subject_id=item.id,
               version=version, municipality_id=item.municipality_id, title=item.title[:300],
               context=(item.context or "")[:300], url=item.url, due=item.due, data=data)


# The data as it stands -------------------------------------------------------------------
def open_items(source: BoardSource, last_day: date) -> list[BoardItem]:
    """The source's live items not done and due by ``last_day``, as the board reads them."""
    ids = (source.rows(BoardFilters()).where(not_(source.done), source.due <= last_day)
           .with_only_columns(source.model.id, maintain_column_froms=True))
    return items_by_id(source, select(ids.subquery().c.id))


def items_by_id(source: BoardSource, ids: Any) -> list[BoardItem]:
    """Rows of the source's model by id (a list or a subquery), read as board items: live
    or not (a withdrawn commitment's owner is told of the withdrawal)."""
    label = str(source.label)
    stmt = select(source.model).where(source.model.id.in_(ids)).options(*source.load)
    return [source.item(row, label) for row in db.session.scalars(stmt).unique()]


def deadline_reminder(days_left: int, offsets: Iterable[int]) -> int | None:
    """The reminder due with ``days_left`` days to go: the smallest offset not yet under
    it (7 and 1: 3 days left is the 7-day reminder, 0 the 1-day one); None before the
    first."""
    fitting = [offset for offset in offsets if days_left <= offset]
    return min(fitting) if fitting and days_left >= 0 else None


def deadlines(today: date, people: People) -> Iterator[Due]:
    offsets = tuple(_setting("TRACKER_REMIND_DAYS"))
    escalate = int(_setting("TRACKER_ESCALATE_DAYS"))
    items = [item for source in SOURCES
             for item in open_items(source, today + timedelta(days=max(offsets, default=0)))]
    people.load((i.owner_id for i in items if i.owner_id),
                (i.owner_unit_id for i in items if i.owner_unit_id),
                {i.municipality_id for i in items if i.municipality_id})
    for item in items:
        days_left = (item.due - today).days
        owners = people.who_may_read(people.owners(item.owner_id, item.owner_unit_id),
                                     item.municipality_id)
        if days_left < 0:
            for uid in owners:
                yield _item_due(item, Kind.OVERDUE, uid, item.due.isoformat())
            if -days_left > escalate and item.municipality_id is not None:
                chairs = people.who_may_read(people.chairs.get(item.municipality_id, ()),
                                             item.municipality_id)
                for uid in chairs:
                    yield _item_due(item, Kind.ESCALATION, uid, item.due.isoformat())
            continue
        offset = deadline_reminder(days_left, offsets)
        if offset is not None:
            for uid in owners:
                yield _item_due(item, Kind.DUE_SOON, uid, f"{item.due.isoformat()}/{offset}",
                                {"offset": offset})


def meeting_due(meeting: Meeting, kind: Kind, user_id: int, version: str,
                data: dict[str, Any] | None = None) -> Due:
    return Due(user_id=user_id, kind=kind, subject_type="meeting", subject_id=meeting.id,
               version=version, municipality_id=meeting.municipality_id,
               title=(meeting.subgroup.name if meeting.subgroup else "")[:300],
               url=page_url("meetings.detail", meeting, meeting_id=meeting.id),
               due=meeting.date,
               data={"number": meeting.number, **(data or {})})


def held_meetings(today: date, people: People) -> Iterator[Due]:
    """Minutes waiting for a signature (the chair's and the secretary's who have not
    signed), and those still unapproved ``TRACKER_MINUTES_DAYS`` after the meeting (the
    secretary)."""
    late = int(_setting("TRACKER_MINUTES_DAYS"))
    meetings = list(db.session.scalars(
        select(Meeting).where(Meeting.state == MONITORED)
        .options(selectinload(Meeting.decisions), selectinload(Meeting.subgroup),
                 selectinload(Meeting.chair_person), selectinload(Meeting.secretary_person),
                 selectinload(Meeting.chair), selectinload(Meeting.secretary))))
    officers = {meeting.id: {cap: meeting.officer_user_id(cap) for cap in ("chair", "secretary")}
                for meeting in meetings}
    people.load((uid for o in officers.values() for uid in o.values() if uid), ())
    for meeting in meetings:
        version = meeting.date.isoformat() if meeting.date else "undated"
        if meeting.decisions and not meeting.officers_coincide:
            for capacity, uid in officers[meeting.id].items():
                if uid is None or getattr(meeting, f"{capacity}_signed_at") is not None:
                    continue
                for reader in people.who_may_read((uid,), meeting.municipality_id):
                    yield meeting_due(meeting, Kind.MINUTES_TO_SIGN, reader, version,
                                      {"capacity": capacity})
        secretary = officers[meeting.id]["secretary"]
        if meeting.date is not None and (today - meeting.date).days > late and secretary:
            for reader in people.who_may_read((secretary,), meeting.municipality_id):
                yield meeting_due(meeting, Kind.MINUTES_PENDING, reader, version)


# The audit trail --------------------------------------------------------------------------
def cursor() -> NotifyCursor:
    row = db.session.get(NotifyCursor, 1)
    if row is None:
        row = NotifyCursor(id=1, audit_id=0)
        db.session.add(row)
    return row


def new_entries(after: int) -> list[AuditEntry]:
    """The audit entries after ``after`` that may be events: creations and updates of
    dated items (an owner set), transitions of commitments and meetings."""
    stmt = (select(AuditEntry)
            .where(AuditEntry.id > after,
                   ((AuditEntry.object_type.in_(sorted(SOURCE_OF)))
                    & AuditEntry.action.in_(("create", "update", "transition")))
                   | ((AuditEntry.object_type == "meeting")
                      & (AuditEntry.action == "transition")
                      & (AuditEntry.to_state == COMPLETED)))
            .order_by(AuditEntry.id))
    return list(db.session.scalars(stmt))


def settled_entry(now: datetime) -> int:
    """The id up to which the audit trail is surely complete: entries written more than
    :data:`AUDIT_LAG` before ``now``."""
    found = db.session.scalar(
        select(func.max(AuditEntry.id)).where(AuditEntry.at <= now - AUDIT_LAG))
    return int(found or 0)


def _new_owner(entry: AuditEntry) -> tuple[str, Any] | None:
    """The owner an entry gave its item (``owner_id``, ``owner_unit_id`` or a subgroup's
    ``lead_id``, set to someone), or None."""
    for name in OWNER_FIELDS:
        change = (entry.changes or {}).get(name)
        if isinstance(change, list) and len(change) == 2 and change[1] is not None:
            return name, change[1]
    return None


def events(entries: list[AuditEntry], people: People) -> Iterator[Due]:
    by_kind: dict[str, set[int]] = defaultdict(set)
    meetings: set[int] = set()
    for entry in entries:
        if entry.object_type == "meeting":
            meetings.add(entry.object_id)
        else:
            by_kind[entry.object_type].add(entry.object_id)
    items = {(item.kind, item.id): item
             for kind, ids in by_kind.items()
             for item in items_by_id(SOURCE_OF[kind], sorted(ids))}
    loaded_meetings = {
        m.id: m for m in db.session.scalars(
            select(Meeting).where(Meeting.id.in_(sorted(meetings)))
            .options(selectinload(Meeting.attendees), selectinload(Meeting.subgroup)))
    } if meetings else {}
    present = {mid: [a.user_id for a in m.attendees
                     if a.user_id is not None and a.presence == Presence.PRESENT]
               for mid, m in loaded_meetings.items()}
    people.load([*(i.owner_id for i in items.values() if i.owner_id),
                 *(uid for ids in present.values() for uid in ids)],
                (i.owner_unit_id for i in items.values() if i.owner_unit_id))
    for entry in entries:
        version = f"a{entry.id}"
        if entry.object_type == "meeting":
            meeting = loaded_meetings.get(entry.object_id)
            if meeting is None or meeting.state != COMPLETED:
                continue
            for uid in people.who_may_read(present.get(meeting.id, ()), meeting.municipality_id):
                yield meeting_due(meeting, Kind.MINUTES_APPROVED, uid, version)
            continue
        item = items.get((entry.object_type, entry.object_id))
        if item is None:
            continue
        owners = people.owners(item.owner_id, item.owner_unit_id) - {entry.actor_id}
        if entry.action == "transition":
            if entry.object_type != "commitment":
                continue
            data = {"from": entry.from_state, "to": entry.to_state}
            for uid in people.who_may_read(owners, item.municipality_id):
                yield _item_due(item, Kind.STATE_CHANGED, uid, version, data)
            continue
        given = _new_owner(entry)
        if given is None or item.done or not _still_owner(item, *given):
            continue
        for uid in people.who_may_read(owners, item.municipality_id):
            yield _item_due(item, Kind.ASSIGNED, uid, version)


def _still_owner(item: BoardItem, field_name: str, value: Any) -> bool:
    """The owner the entry set is the item's owner still (a later change tells the next)."""
    if field_name == "owner_unit_id":
        return item.owner_id is None and item.owner_unit_id == value
    return item.owner_id == value


# The weekly digest --------------------------------------------------------------------------
def digest_week(now: datetime) -> str:
    """The ISO week whose digest is due at ``now``: a week's digest goes from its
    ``TRACKER_DIGEST_WEEKDAY`` at ``TRACKER_DIGEST_HOUR`` (Monday 08:00 by default) on."""
    local = now.astimezone(tracker_zone())
    shifted = local - timedelta(days=int(_setting("TRACKER_DIGEST_WEEKDAY")),
                                hours=int(_setting("TRACKER_DIGEST_HOUR")))
    year, week, _day = shifted.isocalendar()
    return f"{year}-W{week:02d}"


def digests(now: datetime, people: People) -> Iterator[Due]:
    week = digest_week(now)
    chosen = db.session.scalars(
        select(NotificationPreferences.user_id).where(NotificationPreferences.digest.is_(True)))
    user_ids = list(chosen)
    people.load(user_ids, ())
    for uid in user_ids:
        if uid in people.users:
            yield Due(user_id=uid, kind=Kind.DIGEST, subject_type="user", subject_id=uid,
                      version=week, municipality_id=None)
