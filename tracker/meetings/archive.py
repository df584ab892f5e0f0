"""The minutes archive: filters plus Georgian full-text search over every meeting."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from operator import itemgetter
from typing import Any, NamedTuple, TypeVar

from markupsafe import Markup
from sqlalchemy import (
    CompoundSelect,
    Executable,
    Row,
    Select,
    bindparam,
    exists,
    func,
    literal_column,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import aliased, joinedload

from ..accounts.models import User
from ..extensions import db
from ..inputs import parse_day, query_int
from ..paging import Page, Paging
from ..people.models import Person
from ..search.index import Query, highlights, parse_query
from ..subgroups.models import Subgroup, subgroup_commitments
from ..text import strip_controls
from ..workflow import STATES
from .minutes import MEETING_INDEX
from .models import ActionItem, AgendaItem, Attendee, Decision, Meeting, Presence

PER_PAGE = 20  # a hit shows snippets of its minutes: fewer than the paging default
WORKING_GROUP = "wg"


def _as_text(number: int | None) -> str | None:
    return str(number) if number is not None else None


@dataclass
class ArchiveFilters:
    q: str = ""
    group: str | None = None           # "wg" (the working group) or a subgroup id
    date_from: date | None = None
    date_to: date | None = None
    attendee: str = ""
    commitment_id: int | None = None
    state: str | None = None
    paging: Paging = field(default_factory=lambda: Paging(per_page=PER_PAGE))

    @property
    def narrowing(self) -> bool:
        """Whether anything besides the text query restricts the results."""
        return bool(self.group or self.date_from or self.date_to or self.attendee
                    or self.commitment_id or self.state)

    @classmethod
    def from_args(cls, args: Any) -> ArchiveFilters:
        """Read query-string filters; a malformed date is a 422 with the field named."""
        group = str(args.get("group", "")).strip()
        state = args.get("state") or None
        return cls(
            q=strip_controls(str(args.get("q", "")))[:5000],
            group=group if group == WORKING_GROUP else _as_text(query_int(args, "group")),
            date_from=parse_day(str(args.get("from", "")), "from"),
            date_to=parse_day(str(args.get("to", "")), "to"),
            attendee=strip_controls(str(args.get("attendee", ""))).strip()[:200],
            commitment_id=query_int(args, "commitment"),
            state=state if state in STATES else None,
            paging=Paging.from_args(args, per_page=PER_PAGE),
        )


class SubgroupName(NamedTuple):
    id: int
    name: str


class AgendaLine(NamedTuple):
    title: str
    discussion: str


class DecisionLine(NamedTuple):
    text: str


class AttendeeLine(NamedTuple):
    """What a result list needs of an attendee: read as plain rows, not ORM objects (a page
    of minutes has hundreds of attendees and the list shows only their count)."""

    name: str
    organisation: str
    present: bool
    position: str = ""

    @property
    def text(self) -> str:
        """The line a snippet quotes: name — organisation, position."""
        where = ", ".join(p for p in (self.organisation, self.position) if p)
        return f"{self.name} — {where}" if where else self.name


@dataclass(slots=True)
class ListedMeeting:
    """A meeting as the result list shows it and its snippets quote it, read as plain rows
    (a handful of columns, then the page's agenda, decisions and attendees in one query)
    rather than as ORM objects with their relationships: the archive's answer has to stay
    close to the index lookup's time. Attribute names are the model's, so the
    template and the API read either. ``authority``, ``discussion`` and the agenda items'
    discussion are the minutes' text, read only when a query asks for snippets (empty
    otherwise)."""

    id: int
    municipality_id: int
    number: int
    date: date | None
    state: str
    place: str
    subgroup: SubgroupName | None
    chair_name: str
    secretary_name: str
    authority: str = ""
    discussion: str = ""
    agenda: list[AgendaLine] = field(default_factory=list)
    decisions: list[DecisionLine] = field(default_factory=list)


@dataclass
class ArchiveHit:
    meeting: ListedMeeting
    snippets: list[Markup] = field(default_factory=list)
    present: int = 0


T = TypeVar("T")


@dataclass
class ArchivePage(Page[T]):
    """A page of the archive (:class:`tracker.paging.Page`) and the query as it was
    understood."""

    query: Query


class ArchiveResult(ArchivePage[ArchiveHit]):
    """The archive's answer: a page of hits with their snippets."""

    @property
    def hits(self) -> list[ArchiveHit]:
        return self.items


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _filtered(stmt: Select[Any], filters: ArchiveFilters) -> Select[Any]:
    if filters.group == WORKING_GROUP:
        stmt = stmt.where(Meeting.subgroup_id.is_(None))
    elif filters.group:
        stmt = stmt.where(Meeting.subgroup_id == int(filters.group))
    if filters.date_from:
        stmt = stmt.where(Meeting.date >= filters.date_from)
    if filters.date_to:
        stmt = stmt.where(Meeting.date <= filters.date_to)
    if filters.state:
        stmt = stmt.where(Meeting.state == filters.state)
    if filters.attendee:
        pattern = _like(filters.attendee)
        # People without an account are found by their name in the records too, as
        # attendees and as chair or secretary.
        named = select(Person.id).where(Person.name.ilike(pattern, escape="\\"))
        stmt = stmt.where(
            or_(
                exists()
                .where(Attendee.meeting_id == Meeting.id)
                .where(
                    or_(
                        Attendee.name.ilike(pattern, escape="\\"),
                        Attendee.organisation.ilike(pattern, escape="\\"),
                        Attendee.user_id.in_(
                            select(User.id).where(User.name.ilike(pattern, escape="\\"))
                        ),
                        Attendee.person_id.in_(named),
                    )
                ),
                Meeting.chair_person_id.in_(named),
                Meeting.secretary_person_id.in_(named),
            )
        )
    if filters.commitment_id:
        stmt = stmt.where(
            or_(
                exists()
                .where(Decision.meeting_id == Meeting.id)
                .where(ActionItem.decision_id == Decision.id)
                .where(ActionItem.commitment_id == filters.commitment_id),
                exists()
                .where(subgroup_commitments.c.subgroup_id == Meeting.subgroup_id)
                .where(subgroup_commitments.c.commitment_id == filters.commitment_id),
            )
        )
    return stmt


# What the API's list of meetings (``meeting_json``) reads of each.
MEETING_LOADING = (
    joinedload(Meeting.subgroup),
    joinedload(Meeting.chair),
    joinedload(Meeting.secretary),
    joinedload(Meeting.chair_person),
    joinedload(Meeting.secretary_person),
)


def search_archive(filters: ArchiveFilters) -> ArchiveResult:
    """The archive's answer: how many meetings match, and one page of them, ranked, as
    :class:`ListedMeeting` rows with highlighted snippets."""
    query, total, ids = _matching(filters)
    return ArchiveResult(load_hits(ids, query), total, filters.paging, query)


def meetings_page(filters: ArchiveFilters) -> ArchivePage[Meeting]:
    """The same page, in the same order, as ORM meetings (the API's list of meetings
    shows their officers and signatures, no snippets)."""
    query, total, ids = _matching(filters)
    loaded = db.session.execute(
        select(Meeting).where(Meeting.id.in_(ids)).options(*MEETING_LOADING)
    ).unique().scalars()
    by_id = {m.id: m for m in loaded}
    return ArchivePage([by_id[i] for i in ids if i in by_id], total, filters.paging, query)


def _matching(filters: ArchiveFilters) -> tuple[Query, int, list[int]]:
    """The query as understood, the number of matches and the page's meeting ids."""
    query = parse_query(filters.q)
    paging = filters.paging
    if filters.q.strip() and not query.usable:
        # Nothing searchable in the query (a lone letter, only punctuation): say so.
        return query, 0, []
    total, ids = _page_ids(filters, query, paging.per_page, paging.offset)
    return query, total, ids


def _page_ids(
    filters: ArchiveFilters, query: Query, per_page: int, offset: int
) -> tuple[int, list[int]]:
    """The total and one page of meeting ids: ranked by the index's rule, newer first among
    equals (the index knows no municipality: the join to the meetings applies the request's
    scope and the filters)."""
    ids = _filtered(select(Meeting.id, func.count().over()), filters)
    newest = (Meeting.date.desc().nulls_last(), Meeting.id.desc())
    ranked = MEETING_INDEX.ranked(query) if query.usable else None
    if ranked is not None:
        ids = ids.join(ranked, ranked.c.object_id == Meeting.id).order_by(
            *MEETING_INDEX.order(ranked), *newest)
    else:
        ids = ids.order_by(*newest)
    # One pass finds, ranks and counts the matches (the total rides on every row).
    rows = db.session.execute(ids.limit(per_page).offset(offset)).all()
    if rows:
        total = rows[0][1]
    elif offset == 0:
        total = 0
    else:  # a page beyond the last: count without ranking
        count = _filtered(select(func.count(Meeting.id)), filters)
        if ranked is not None:
            count = count.join(ranked, ranked.c.object_id == Meeting.id)
        total = db.session.execute(count).scalar_one()
    return total, [row[0] for row in rows]


def load_hits(ids: list[int], query: Query) -> list[ArchiveHit]:
    """The hits of a page of meeting ids, in their order: the listed meetings, how many
    attended, and — for a usable query — the snippets. Two queries whatever the page: the
    meetings' columns, then their agenda, decisions and attendees together; the minutes'
    text is read only when there are snippets to cut from it."""
    if not ids:
        return []
    quoted = query.usable
    meetings, parts = _statements(with_text=quoted)
    by_id: dict[int, ListedMeeting] = {}
    for (meeting_id, municipality_id, number, day, state, place, subgroup_id, subgroup,
         chair, secretary, *minutes) in _rows(meetings, ids):
        by_id[meeting_id] = ListedMeeting(
            meeting_id, municipality_id, number, day, state, place,
            SubgroupName(subgroup_id, subgroup) if subgroup_id is not None else None,
            chair, secretary, *minutes)
    people: dict[int, list[AttendeeLine]] = {i: [] for i in by_id}
    # Each kind in its own order (agenda position, decision number, attendee id): sorted
    # here, where it costs less than a sort of the union in SQL.
    for meeting_id, kind, _order, a, b, c, d, e in sorted(_rows(parts, ids),
                                                          key=itemgetter(1, 2)):
        if kind == _AGENDA:
            by_id[meeting_id].agenda.append(AgendaLine(a, b))
        elif kind == _DECISION:
            by_id[meeting_id].decisions.append(DecisionLine(a))
        else:  # an attendee: name, organisation, position, account's name, presence
            people[meeting_id].append(
                AttendeeLine(a or d or b, b, e == Presence.PRESENT, c or ""))
    return [
        ArchiveHit(m, snippets(m, people[m.id], query) if quoted else [],
                   sum(1 for p in people[m.id] if p.present))
        for m in (by_id[i] for i in ids if i in by_id)
    ]


_AGENDA, _DECISION, _ATTENDEE = 0, 1, 2


@cache
def _statements(with_text: bool) -> tuple[Select[Any], CompoundSelect[Any]]:
    """The two statements that read a page's rows, built once (a select of a dozen columns
    and five joins costs more to build than SQLite takes to run it); both take the page's
    ids as ``:ids``. The request's scope is added when they run, as to any statement.

    The first reads the meetings, the second their agenda items, decisions and attendees
    as one result: (meeting, kind, order within the kind, then the kind's own columns).
    ``with_text``: the minutes' text too (authority, discussion, the agenda's discussion),
    which only snippets need."""
    ids = bindparam("ids", expanding=True)
    # The chair's and the secretary's names: an office is held by the account, else by the
    # person of the records (``Meeting.officer``).
    chair_user, secretary_user = aliased(User), aliased(User)
    chair_person, secretary_person = aliased(Person), aliased(Person)
    minutes = (Meeting.authority, Meeting.discussion) if with_text else ()
    meetings = (
        select(
            Meeting.id, Meeting.municipality_id, Meeting.number, Meeting.date, Meeting.state,
            Meeting.place, Subgroup.id, Subgroup.name,
            func.coalesce(chair_user.name, chair_person.name, ""),
            func.coalesce(secretary_user.name, secretary_person.name, ""),
            *minutes,
        )
        .outerjoin(Subgroup, Subgroup.id == Meeting.subgroup_id)
        .outerjoin(chair_user, chair_user.id == Meeting.chair_id)
        .outerjoin(chair_person, chair_person.id == Meeting.chair_person_id)
        .outerjoin(secretary_user, secretary_user.id == Meeting.secretary_id)
        .outerjoin(secretary_person, secretary_person.id == Meeting.secretary_person_id)
        .where(Meeting.id.in_(ids))
    )
    blank = literal_column("''")
    agenda = select(
        AgendaItem.meeting_id, literal_column(str(_AGENDA)), AgendaItem.position,
        AgendaItem.title, AgendaItem.discussion if with_text else blank, blank, blank, blank,
    ).where(AgendaItem.meeting_id.in_(ids))
    decisions = select(
        Decision.meeting_id, literal_column(str(_DECISION)), Decision.number, Decision.text,
        blank, blank, blank, blank,
    ).where(Decision.meeting_id.in_(ids))
    attendees = select(
        Attendee.meeting_id, literal_column(str(_ATTENDEE)), Attendee.id, Attendee.name,
        Attendee.organisation, Attendee.position, func.coalesce(User.name, ""),
        Attendee.presence,
    ).outerjoin(User, User.id == Attendee.user_id).where(Attendee.meeting_id.in_(ids))
    return meetings, union_all(agenda, decisions, attendees)


def _rows(statement: Executable, ids: list[int]) -> Sequence[Row[Any]]:
    # All at once: iterating a result fetches row by row.
    return db.session.execute(statement, {"ids": ids}).all()


def snippets(
    meeting: ListedMeeting, people: list[AttendeeLine], query: Query, limit: int = 3
) -> list[Markup]:
    """Highlighted passages from the parts of the minutes that match, best first: the
    parts of the search document (``minutes.meeting_document``) a reader recognises."""
    sources: list[str] = []
    sources += [d.text for d in meeting.decisions]
    sources += [f"{a.title} {a.discussion}".strip() for a in meeting.agenda]
    sources.append(meeting.discussion)
    sources += [p.text for p in people]
    sources += [meeting.place, meeting.authority,
                meeting.subgroup.name if meeting.subgroup else "",
                meeting.chair_name or "", meeting.secretary_name or ""]
    return highlights(sources, query, limit)
