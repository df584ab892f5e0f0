"""Reading the people of the records: lists and choices for forms, and what the minutes say
of each person (the meetings they chaired, kept the minutes of or attended, the action items
they own).

The people area sits at the meetings' layer (``tests/test_layering.py``): its model is
foundation, because the meetings refer to it, but what a person *did* is read off the
meetings, so these reads import the meetings' models.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from ..audit.models import AuditEntry
from ..directory.models import StaffMember
from ..extensions import db
from ..meetings.models import ActionItem, Attendee, Decision, Meeting
from ..paging import Page, Paging, paginate
from ..workflow.kinds import entries_of
from .models import Person, normal_name


def all_people() -> list[Person]:
    return list(db.session.execute(select(Person).order_by(Person.name, Person.id)).scalars())


def person_choices() -> list[tuple[str, str]]:
    """People of the records for a select: chairs, secretaries and owners without an
    account (a person linked to one is chosen as the account)."""
    return [("", "—")] + [(str(p.id), p.label) for p in all_people() if p.user_id is None]


def merge_choices() -> list[tuple[str, str]]:
    """Every person of the records (a merge may go into one linked to an account)."""
    return [("", "—")] + [(str(p.id), p.label) for p in all_people()]


# What the minutes say of people ---------------------------------------------------------------
@dataclass
class Record:
    """How often a person appears in the minutes, by role."""

    chaired: int = 0
    kept: int = 0  # the minutes, as secretary
    attended: int = 0  # meetings listed among the attendees
    action_items: int = 0

    @property
    def total(self) -> int:
        return self.chaired + self.kept + self.attended + self.action_items


def _counted(stmt) -> dict[int, int]:  # type: ignore[no-untyped-def]
    return {person_id: count for person_id, count in db.session.execute(stmt) if person_id}


def records_of(person_ids: list[int] | None = None) -> dict[int, Record]:
    """Each person's :class:`Record`, in four grouped counts whatever the number of people
    (``person_ids``: only these; None: everyone of the municipality)."""

    def only(column):  # type: ignore[no-untyped-def]
        return column.in_(person_ids) if person_ids is not None else column.is_not(None)

    counts = {
        "chaired": _counted(select(Meeting.chair_person_id, func.count(Meeting.id))
                            .where(only(Meeting.chair_person_id))
                            .group_by(Meeting.chair_person_id)),
        "kept": _counted(select(Meeting.secretary_person_id, func.count(Meeting.id))
                         .where(only(Meeting.secretary_person_id))
                         .group_by(Meeting.secretary_person_id)),
        "attended": _counted(select(Attendee.person_id,
                                    func.count(func.distinct(Attendee.meeting_id)))
                             .where(only(Attendee.person_id))
                             .group_by(Attendee.person_id)),
        "action_items": _counted(select(ActionItem.owner_person_id, func.count(ActionItem.id))
                                 .where(only(ActionItem.owner_person_id))
                                 .group_by(ActionItem.owner_person_id)),
    }
    records: dict[int, Record] = defaultdict(Record)
    for attribute, per_person in counts.items():
        for person_id, count in per_person.items():
            setattr(records[person_id], attribute, count)
    return records


@dataclass
class PersonRow:
    person: Person
    record: Record


# What a row of a list of people shows: the account and the staff entry with its unit.
PERSON_LOADING = (joinedload(Person.user),
                  joinedload(Person.staff_member).joinedload(StaffMember.unit))


def people_query(q: str = "") -> Select[tuple[Person]]:
    """The people of the records by name (the id breaks ties); ``q`` keeps those whose name
    or organisation contains it, compared as names are (Mtavruli, punctuation and spacing
    aside)."""
    stmt = select(Person).order_by(Person.name, Person.id)
    words = normal_name(q)
    if words:
        stmt = stmt.where(Person.key.contains(words, autoescape=True))
    return stmt


def list_people(q: str = "") -> list[PersonRow]:
    """The people of the records with their account, staff entry and record, in a fixed
    number of queries."""
    people = list(db.session.execute(people_query(q).options(*PERSON_LOADING)).scalars())
    records = records_of([p.id for p in people]) if normal_name(q) else records_of()
    return [PersonRow(p, records.get(p.id, Record())) for p in people]


def people_page(q: str, paging: Paging) -> Page[PersonRow]:
    """One page of :func:`list_people`: the records of that page's people only."""
    page = paginate(people_query(q), paging, load=PERSON_LOADING)
    records = records_of([p.id for p in page.items]) if page.items else {}
    return page.map(lambda p: PersonRow(p, records.get(p.id, Record())))


def load_person(person_id: int) -> Person | None:
    """A person with the links their page shows."""
    stmt = (
        select(Person)
        .where(Person.id == person_id)
        .options(joinedload(Person.user),
                 joinedload(Person.staff_member).joinedload(StaffMember.unit))
    )
    return db.session.execute(stmt).unique().scalar_one_or_none()


@dataclass
class Appearance:
    """One meeting a person is named in, and as what."""

    meeting: Meeting
    chair: bool = False
    secretary: bool = False
    attendance: list[Attendee] = field(default_factory=list)


def appearances(person: Person) -> list[Appearance]:
    """The meetings that name ``person``, newest first, with their roles (two queries)."""
    attended = select(Attendee.meeting_id).where(Attendee.person_id == person.id)
    meetings = db.session.execute(
        select(Meeting)
        .where(or_(Meeting.chair_person_id == person.id,
                   Meeting.secretary_person_id == person.id,
                   Meeting.id.in_(attended)))
        .options(joinedload(Meeting.subgroup))
        .order_by(Meeting.date.desc().nulls_last(), Meeting.id.desc())
    ).scalars().all()
    rows = db.session.execute(
        select(Attendee).where(Attendee.person_id == person.id).order_by(Attendee.id)
    ).scalars().all()
    by_meeting: dict[int, list[Attendee]] = defaultdict(list)
    for row in rows:
        by_meeting[row.meeting_id].append(row)
    return [
        Appearance(m, chair=m.chair_person_id == person.id,
                   secretary=m.secretary_person_id == person.id,
                   attendance=by_meeting.get(m.id, []))
        for m in meetings
    ]


def owned_action_items(person: Person) -> list[ActionItem]:
    """The action items ``person`` owns, by deadline, with their meeting."""
    stmt = (
        select(ActionItem)
        .where(ActionItem.owner_person_id == person.id)
        .options(joinedload(ActionItem.decision).joinedload(Decision.meeting))
        .order_by(ActionItem.deadline, ActionItem.id)
    )
    return list(db.session.execute(stmt).scalars())


def person_history(person: Person) -> list[AuditEntry]:
    return entries_of((Person.audit_type, [person.id]))


def officed_meetings(person: Person) -> list[int]:
    """The meetings ``person`` chaired or kept the minutes of."""
    return list(db.session.execute(
        select(Meeting.id).where(or_(Meeting.chair_person_id == person.id,
                                     Meeting.secretary_person_id == person.id))
    ).scalars())


def shared_meetings(keep: Person, other: Person) -> list[Meeting]:
    """Meetings where merging ``other`` into ``keep`` would make one person hold two places:
    chair and secretary at once, or two lines of the attendance. A place names the merged
    person by either row or by an account either is linked to; a meeting that named
    ``keep`` twice already is not the merge's doing and is left out."""
    people = {keep.id, other.id}
    accounts = {u for u in (keep.user_id, other.user_id) if u is not None}
    before = ({keep.id}, {keep.user_id} - {None})

    def merged(person_id: int | None, user_id: int | None) -> bool:
        return person_id in people or user_id in accounts

    def kept(person_id: int | None, user_id: int | None) -> bool:
        return person_id in before[0] or user_id in before[1]

    named = or_(Attendee.person_id.in_(people), Attendee.user_id.in_(accounts))
    candidates = db.session.execute(
        select(Meeting)
        .where(or_(Meeting.chair_person_id.in_(people), Meeting.secretary_person_id.in_(people),
                   Meeting.chair_id.in_(accounts), Meeting.secretary_id.in_(accounts),
                   Meeting.id.in_(select(Attendee.meeting_id).where(named))))
        .options(selectinload(Meeting.attendees))
        .order_by(Meeting.date, Meeting.id)
    ).scalars().all()
    clashes = []
    for meeting in candidates:
        offices = [(meeting.chair_person_id, meeting.chair_id),
                   (meeting.secretary_person_id, meeting.secretary_id)]
        lines = [(a.person_id, a.user_id) for a in meeting.attendees]
        for places in (offices, lines):
            now = [place for place in places if merged(*place)]
            if len(now) > 1 and any(not kept(*place) for place in now):
                clashes.append(meeting)
                break
    return clashes
