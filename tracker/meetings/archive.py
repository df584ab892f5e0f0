"""The minutes archive: filters plus Georgian full-text search over every meeting."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from markupsafe import Markup
from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from ..accounts.models import User
from ..extensions import db
from ..inputs import parse_day, query_int
from ..paging import Page, Paging
from ..people.models import Person
from ..search.index import Query, highlights, parse_query
from ..subgroups.models import subgroup_commitments
from ..text import strip_controls
from ..workflow import STATES
from .minutes import MEETING_INDEX
from .models import ActionItem, Attendee, Decision, Meeting

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


@dataclass
class ArchiveHit:
    meeting: Meeting
    snippets: list[Markup] = field(default_factory=list)
    present: int = 0


@dataclass(frozen=True)
class AttendeeLine:
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


@dataclass
class ArchiveResult(Page[ArchiveHit]):
    """A page of hits (:class:`tracker.paging.Page`) and the query as it was understood."""

    query: Query

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


LIST_LOADING = (
    joinedload(Meeting.subgroup),
    selectinload(Meeting.agenda),
    selectinload(Meeting.decisions),
    joinedload(Meeting.chair),
    joinedload(Meeting.secretary),
    joinedload(Meeting.chair_person),
    joinedload(Meeting.secretary_person),
)


def attendee_lines(meeting_ids: list[int]) -> dict[int, list[AttendeeLine]]:
    rows = db.session.execute(
        select(Attendee.meeting_id, Attendee.name, User.name, Attendee.organisation,
               Attendee.presence, Attendee.position)
        .outerjoin(User, User.id == Attendee.user_id)
        .where(Attendee.meeting_id.in_(meeting_ids))
        .order_by(Attendee.id)
    )
    lines: dict[int, list[AttendeeLine]] = {i: [] for i in meeting_ids}
    for meeting_id, name, user_name, organisation, presence, position in rows:
        lines[meeting_id].append(AttendeeLine(
            name or user_name or organisation, organisation, presence == "present",
            position or ""))
    return lines


def search_archive(filters: ArchiveFilters) -> ArchiveResult:
    query = parse_query(filters.q)
    paging = filters.paging
    if filters.q.strip() and not query.usable:
        # Nothing searchable in the query (a lone letter, only punctuation): say so.
        return ArchiveResult([], 0, paging, query)
    total, meetings = _page(filters, query, paging.per_page, paging.offset)
    people = attendee_lines([m.id for m in meetings])
    hits = [
        ArchiveHit(
            m,
            snippets(m, people[m.id], query) if query.usable else [],
            sum(1 for person in people[m.id] if person.present),
        )
        for m in meetings
    ]
    return ArchiveResult(hits, total, paging, query)


def _page(
    filters: ArchiveFilters, query: Query, per_page: int, offset: int
) -> tuple[int, list[Meeting]]:
    """The total and one page of meetings: ranked by the index's rule, newer first among
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
    return total, _load_page([row[0] for row in rows])


def _load_page(ids: list[int]) -> list[Meeting]:
    """The page's meetings with what a result list shows, in the order of ``ids``."""
    loaded = db.session.execute(
        select(Meeting).where(Meeting.id.in_(ids)).options(*LIST_LOADING)
    ).unique().scalars()
    by_id = {m.id: m for m in loaded}
    return [by_id[i] for i in ids if i in by_id]


def snippets(
    meeting: Meeting, people: list[AttendeeLine], query: Query, limit: int = 3
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


