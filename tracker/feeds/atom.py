"""The Atom feed (RFC 4287) of a municipality's public updates, read off the audit trail.

An entry is a state change of a public item (a commitment approved for monitoring or
completed, a subgroup activated or completed, a meeting held or its minutes approved) or a
milestone marked done. What a visitor may see is :mod:`tracker.disclosure.rules`'; what an
entry says is the item, the state it reached and when. No audit comment is ever read into
the feed: a transition's reason (a withdrawal's, a reopening's) is internal. Written with lxml, so
Georgian text is UTF-8 as is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask_babel import gettext as _
from lxml import etree
from sqlalchemy import ColumnElement, select

from ..audit.models import AuditEntry
from ..commitments.models import Commitment, Milestone
from ..commitments.workflow import COMMITMENT_WORKFLOW
from ..disclosure import rules
from ..extensions import db
from ..meetings.models import Meeting
from ..meetings.workflow import MEETING_WORKFLOW
from ..municipalities.models import Municipality
from ..subgroups.models import Subgroup
from ..subgroups.workflow import SUBGROUP_WORKFLOW
from ..workflow import COMPLETED, MONITORED
from .calendar import PageOf, absolute, meeting_title, public_page

ATOM = "http://www.w3.org/2005/Atom"
#: Entries in the feed: a reader polls it, it is not an archive.
LIMIT = 50
#: The states whose reaching is news: approved (held) and completed (minutes approved).
NEWS_STATES = (MONITORED, COMPLETED)


@dataclass(frozen=True)
class Update:
    key: str      # a stable id: the audit entry's
    at: datetime
    title: str
    url: str


@dataclass(frozen=True)
class _Kind:
    model: type[Any]
    visible: Callable[[], ColumnElement[bool]]
    title: Callable[[Any], str]
    labels: dict[str, Any]


KINDS: dict[str, _Kind] = {
    "commitment": _Kind(Commitment, rules.COMMITMENTS.visible, lambda c: c.title,
                        COMMITMENT_WORKFLOW.state_labels),
    "subgroup": _Kind(Subgroup, rules.SUBGROUPS.visible, lambda g: g.name,
                      SUBGROUP_WORKFLOW.state_labels),
    "meeting": _Kind(Meeting, rules.MEETINGS.visible, meeting_title,
                     MEETING_WORKFLOW.state_labels),
}


def _transitions(page: PageOf) -> list[Update]:
    updates: list[Update] = []
    for object_type, kind in KINDS.items():
        visible = select(kind.model.id).where(kind.visible())
        stmt = (select(AuditEntry.id, AuditEntry.at, AuditEntry.object_id, AuditEntry.to_state)
                .where(AuditEntry.object_type == object_type,
                       AuditEntry.action == "transition",
                       AuditEntry.to_state.in_(NEWS_STATES),
                       AuditEntry.object_id.in_(visible))
                .order_by(AuditEntry.id.desc()).limit(LIMIT))
        rows = db.session.execute(stmt).all()
        objects = {o.id: o for o in db.session.scalars(
            select(kind.model).where(kind.model.id.in_({r.object_id for r in rows})))}
        for entry_id, at, object_id, to_state in rows:
            obj = objects[object_id]
            title = _("%(item)s is now “%(state)s”", item=kind.title(obj),
                      state=kind.labels[to_state])
            updates.append(Update(f"audit-{entry_id}", at, title, page(object_type, obj)))
    return updates


def _milestones_done(page: PageOf) -> list[Update]:
    """Milestones marked done (an update setting ``done``), of public commitments."""
    visible = select(Milestone.id).where(rules.MILESTONES.visible())
    stmt = (select(AuditEntry)
            .where(AuditEntry.object_type == "milestone", AuditEntry.action == "update",
                   AuditEntry.object_id.in_(visible))
            .order_by(AuditEntry.id.desc()).limit(LIMIT * 4))
    entries = [e for e in db.session.scalars(stmt)
               if (e.changes or {}).get("done", [None, None])[1] is True][:LIMIT]
    milestones = {m.id: m for m in db.session.scalars(
        select(Milestone).where(Milestone.id.in_({e.object_id for e in entries})))}
    updates = []
    for entry in entries:
        m = milestones[entry.object_id]
        updates.append(Update(f"audit-{entry.id}", entry.at,
                              _("Milestone done: %(title)s", title=m.title),
                              page("milestone", m)))
    return updates


def updates(slug: str) -> list[Update]:
    """The newest public updates of the municipality entered, newest first, each linked to
    its page on the public site."""
    page = public_page(slug)
    found = _transitions(page) + _milestones_done(page)
    found.sort(key=lambda u: (u.at, u.key), reverse=True)
    return found[:LIMIT]


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def feed(municipality: Municipality, self_url: str, home_url: str) -> bytes:
    """The Atom document: the feed's id is its own URL, an entry's its audit row's."""
    shown = updates(municipality.slug)
    root = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})

    def child(parent: etree._Element, tag: str, text: str | None = None,
              **attributes: str) -> etree._Element:
        element = etree.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
        if text is not None:
            element.text = text
        return element

    child(root, "id", self_url)
    child(root, "title", _("%(municipality)s: OGP action plan updates",
                           municipality=municipality.name))
    newest = shown[0].at if shown else municipality.created_at
    child(root, "updated", _utc(newest))
    child(root, "link", rel="self", href=self_url, type="application/atom+xml")
    child(root, "link", rel="alternate", href=home_url)
    author = child(root, "author")
    child(author, "name", municipality.name)
    host = self_url.split("/")[2].split(":")[0]
    for update in shown:
        entry = child(root, "entry")
        child(entry, "id", f"tag:{host},2026:{municipality.slug}/{update.key}")
        child(entry, "title", update.title)
        child(entry, "updated", _utc(update.at))
        child(entry, "link", rel="alternate", href=absolute(update.url))
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")
