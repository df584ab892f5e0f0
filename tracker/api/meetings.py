"""Meetings, their minutes (attendees, agenda, decisions), action items and the minutes
search over JSON. Validation through the web forms, changes through the meeting operations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Blueprint, request
from flask_babel import gettext as _
from flask_login import current_user

from ..database import get_or_404
from ..errors import ValidationFailed
from ..forms import TrackerForm
from ..meetings import action_items as action_ops
from ..meetings import operations as ops
from ..meetings.archive import (
    ArchiveFilters,
    ArchivePage,
    ListedMeeting,
    meetings_page,
    search_archive,
)
from ..meetings.forms import (
    MINUTES_PARTS,
    ActionCloseForm,
    ActionItemForm,
    MeetingForm,
    meeting_data,
)
from ..meetings.kind import MEETING
from ..meetings.minutes import sign_minutes
from ..meetings.models import (
    ActionItem,
    ActionState,
    AgendaItem,
    Attendee,
    Decision,
    Meeting,
)
from ..meetings.protocol import clock
from ..municipalities.scope import page_url, slug_of
from ..paging import Paging, page_of
from .common import (
    commit,
    delete_version,
    form_from_json,
    iso,
    json_body,
    patch_data,
    ref,
)
from .kinds import register_kind_api, register_rows_api
from .meta import VERSION_QUERY, form_schema, op, path_id, register_spec

bp = Blueprint("meetings", __name__)
T = TypeVar("T")


# Rows into JSON -------------------------------------------------------------------------------
def group_json(meeting: Meeting | ListedMeeting) -> dict[str, Any]:
    """The working group is ``{"id": null}``; a subgroup is itself."""
    if meeting.subgroup is None:
        return {"id": None, "name": _("Working group")}
    return {"id": meeting.subgroup.id, "name": meeting.subgroup.name}


def attendee_json(a: Attendee) -> dict[str, Any]:
    return {
        "id": a.id,
        "municipality": slug_of(a.municipality_id),
        "meeting_id": a.meeting_id,
        "user": ref(a.user),
        "person": ref(a.person),
        "name": a.name,
        "display_name": a.display_name,
        "organisation": a.organisation,
        "position": a.position,
        "org_kind": a.org_kind,
        "presence": a.presence,
        "remote": a.remote,
        "version": a.version,
    }


def agenda_item_json(item: AgendaItem) -> dict[str, Any]:
    return {"id": item.id, "municipality": slug_of(item.municipality_id),
            "meeting_id": item.meeting_id, "position": item.position,
            "title": item.title, "discussion": item.discussion, "version": item.version}


def action_item_json(item: ActionItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "municipality": slug_of(item.municipality_id),
        "decision_id": item.decision_id,
        "meeting_id": item.decision.meeting_id,
        "title": item.title,
        "owner": ref(item.owner),
        "owner_unit": ref(item.owner_unit),
        "owner_person": ref(item.owner_person),
        "owner_text": item.owner_text,
        "owner_name": item.owner_name,
        "deadline": iso(item.deadline),
        "commitment": ref(item.commitment, "title"),
        "state": item.state,
        "note": item.note,
        "closed_at": iso(item.closed_at),
        "version": item.version,
        "url": page_url("meetings.detail", item, meeting_id=item.decision.meeting_id)
        + f"#action-{item.id}",
    }


def decision_json(d: Decision) -> dict[str, Any]:
    return {"id": d.id, "municipality": slug_of(d.municipality_id), "meeting_id": d.meeting_id,
            "number": d.number, "text": d.text,
            "version": d.version,
            "action_items": [action_item_json(a) for a in d.action_items]}


def meeting_json(m: Meeting, *, detail: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": m.id,
        "municipality": slug_of(m.municipality_id),
        "number": m.number,
        "group": group_json(m),
        "subgroup_id": m.subgroup_id,
        "state": m.state,
        "state_label": MEETING.workflow.label(m.state),
        "place": m.place,
        "date": iso(m.date),
        "start_time": clock(m.start_time) or None,
        "end_time": clock(m.end_time) or None,
        "chair": ref(m.chair),
        "secretary": ref(m.secretary),
        # An office held by someone without an account: the person of the records.
        "chair_person": ref(m.chair_person),
        "secretary_person": ref(m.secretary_person),
        "chair_name": m.chair_name,
        "secretary_name": m.secretary_name,
        "chair_signed_at": iso(m.chair_signed_at),
        "secretary_signed_at": iso(m.secretary_signed_at),
        "minutes_locked": m.minutes_locked,
        "version": m.version,
        "url": MEETING.url(m),
    }
    if detail:
        data.update(
            authority=m.authority,
            discussion=m.discussion,
            balance=m.balance,
            has_quorum=m.has_quorum,
            attendees=[attendee_json(a) for a in m.attendees],
            agenda=[agenda_item_json(i) for i in m.agenda],
            decisions=[decision_json(d) for d in m.decisions],
            transitions=MEETING.transitions_json(m, current_user),
            created_at=iso(m.created_at),
        )
    return data


def meeting_detail(m: Meeting) -> dict[str, Any]:
    return meeting_json(m, detail=True)


def _detail(meeting_id: int) -> dict[str, Any]:
    return meeting_detail(MEETING.get(meeting_id))


def _create(body: dict[str, Any]) -> Meeting:
    form = form_from_json(MeetingForm, body, ignore=("version",))
    return ops.create_meeting(current_user, meeting_data(form))


register_kind_api(bp, MEETING, meeting_detail, create=_create)


# The archive ----------------------------------------------------------------------------------
def _page(result: ArchivePage[T], to_json: Callable[[T], dict[str, Any]]) -> Any:
    """The shared page shape, with the message saying how the query was understood."""
    return result.as_json(to_json, message=result.query.message)


@bp.get("/meetings")
def list_():  # type: ignore[no-untyped-def]
    return _page(meetings_page(ArchiveFilters.from_args(request.args)), meeting_json)


@bp.get("/minutes/search")
def search():  # type: ignore[no-untyped-def]
    """The archive page's results, in its order: ranked when there is a query."""
    result = search_archive(ArchiveFilters.from_args(request.args))
    rank = {id(hit): position for position, hit in enumerate(result.hits, result.first)}
    return _page(result, lambda hit: {
        "id": hit.meeting.id,
        "municipality": slug_of(hit.meeting.municipality_id),
        "number": hit.meeting.number,
        "date": iso(hit.meeting.date),
        "group": group_json(hit.meeting),
        "state": hit.meeting.state,
        "rank": rank[id(hit)],
        "snippets": [str(s) for s in hit.snippets],
        "url": MEETING.url(hit.meeting),
    })


# Meetings -------------------------------------------------------------------------------------
@bp.patch("/meetings/<int:meeting_id>")
def update(meeting_id: int):  # type: ignore[no-untyped-def]
    meeting = get_or_404(Meeting, meeting_id, for_update=True)
    body = json_body()
    data = patch_data(MeetingForm, body, meeting)
    if data.get("number", 0) is None:
        raise ValidationFailed({"number": [_("This field is required.")]})
    ops.update_meeting(meeting, current_user, data)
    commit()
    return _detail(meeting_id)


@bp.post("/meetings/<int:meeting_id>/sign")
def sign(meeting_id: int):  # type: ignore[no-untyped-def]
    """``{"version": N}``, the version of the minutes the caller read: the caller signs as
    the meeting's chair or as its secretary (two people, two requests; the second signature
    approves the minutes)."""
    meeting = get_or_404(Meeting, meeting_id, for_update=True)
    body = json_body()
    if set(body) - {"version"}:
        raise ValidationFailed({"body": [_("Only a version may be given.")]})
    sign_minutes(meeting, current_user, body.get("version"))
    commit()
    return _detail(meeting_id)


# Attendees, agenda items, decisions -------------------------------------------------------------
PART_JSON = {"attendees": attendee_json, "agenda": agenda_item_json, "decisions": decision_json}
BY_LISTING = {part.listing: part for part in MINUTES_PARTS}
BY_KIND = {part.kind: part for part in MINUTES_PARTS}
LISTINGS = "any(" + ", ".join(BY_LISTING) + "):listing"
KINDS = "any(" + ", ".join(f"'{kind}'" for kind in BY_KIND) + "):kind"


@bp.get(f"/meetings/<int:meeting_id>/<{LISTINGS}>")
def parts(meeting_id: int, listing: str):  # type: ignore[no-untyped-def]
    """A part of one meeting's minutes, read with the meeting (a fixed number of queries)."""
    paging = Paging.from_args(request.args)
    rows = getattr(MEETING.get(meeting_id), listing)
    return page_of(rows, paging).as_json(PART_JSON[listing])


@bp.post(f"/meetings/<int:meeting_id>/<{LISTINGS}>")
def add_part(meeting_id: int, listing: str):  # type: ignore[no-untyped-def]
    meeting = get_or_404(Meeting, meeting_id, for_update=True)
    part = BY_LISTING[listing]
    row = part.add(meeting, current_user, form_from_json(part.form, json_body()).data)
    commit()
    return PART_JSON[listing](row), 201


@bp.get(f"/<{KINDS}>/<int:part_id>")
def get_part(kind: str, part_id: int):  # type: ignore[no-untyped-def]
    part = BY_KIND[kind]
    return PART_JSON[part.listing](get_or_404(part.model, part_id))


@bp.patch(f"/<{KINDS}>/<int:part_id>")
def update_part(kind: str, part_id: int):  # type: ignore[no-untyped-def]
    part = BY_KIND[kind]
    row = get_or_404(part.model, part_id, for_update=True)
    get_or_404(Meeting, row.meeting_id, for_update=True)  # the minutes change: lock them
    part.update(row, current_user, patch_data(part.form, json_body(), row))
    commit()
    return PART_JSON[part.listing](row)


@bp.delete(f"/<{KINDS}>/<int:part_id>")
def remove_part(kind: str, part_id: int):  # type: ignore[no-untyped-def]
    """The version the client saw comes as ``?version=N`` (or in a JSON body)."""
    part = BY_KIND[kind]
    row = get_or_404(part.model, part_id, for_update=True)
    get_or_404(Meeting, row.meeting_id, for_update=True)  # the minutes change: lock them
    part.remove(row, current_user, {"version": delete_version()})
    commit()
    return "", 204


# Action items ---------------------------------------------------------------------------------
register_rows_api(
    bp, name="action_item", parent=(Decision, "decisions", "action_items"), model=ActionItem,
    path="action-items", to_json=action_item_json, form=ActionItemForm,
    add=action_ops.add_action_item,
    # A new action item changes its decision's minutes: the meeting is locked too.
    lock=lambda decision: get_or_404(Meeting, decision.meeting_id, for_update=True),
)


@bp.patch("/action-items/<int:item_id>")
def update_action_item(item_id: int):  # type: ignore[no-untyped-def]
    """Edit the fields; or ``{"state": "done"|"cancelled", "note", "version"}`` to close it,
    ``{"state": "open", "version"}`` to reopen it."""
    item = get_or_404(ActionItem, item_id, for_update=True)
    body = json_body()
    state = body.get("state")
    if state == ActionState.OPEN:
        if set(body) - {"state", "version"}:
            raise ValidationFailed({"state": [_("Reopen with the state and version only.")]})
        action_ops.reopen_action_item(item, current_user, body)
    elif "state" in body:
        form = form_from_json(ActionCloseForm, body)
        action_ops.close_action_item(item, current_user, form.data)
    else:
        action_ops.update_action_item(item, current_user, patch_data(ActionItemForm, body, item))
    commit()
    return action_item_json(item)


# OpenAPI --------------------------------------------------------------------------------------
def meetings_spec() -> tuple[dict[str, Any], dict[str, Any]]:
    def update_schema(form_class: type[TrackerForm], required: tuple[str, ...] = ()) -> Any:
        schema = form_schema(form_class)
        schema["required"] = list(required)
        return schema

    action_update = update_schema(ActionItemForm, ("version",))
    action_update["properties"].update(
        state={"type": "string", "enum": [s.value for s in ActionState]},
        note={"type": "string"},
    )
    schemas: dict[str, Any] = {
        "MeetingCreate": form_schema(MeetingForm, without=("version",)),
        "MeetingUpdate": update_schema(MeetingForm, ("version",)),
        "Sign": {"type": "object", "additionalProperties": False, "required": ["version"],
                 "properties": {"version": {"type": "integer"}}},
        "ActionItemCreate": form_schema(ActionItemForm, without=("version",)),
        "ActionItemUpdate": action_update,
    }
    filters = "q, group (wg or a subgroup id), from, to (DD/MM/YYYY or YYYY-MM-DD), " \
              "attendee, commitment, state"
    paths: dict[str, Any] = {
        "/meetings": {
            "get": op(f"List meetings, newest first or ranked by q ({filters})", paged=True),
            "post": op("Create a meeting", "MeetingCreate", 201),
        },
        "/meetings/{id}": {
            "parameters": path_id(),
            "patch": op("Edit a meeting (version required; 403 once minutes are approved)",
                        "MeetingUpdate"),
        },
        "/meetings/{id}/sign": {
            "parameters": path_id(),
            "post": op("Sign the minutes as the meeting's chair or as its secretary (two "
                       "different people; the second signature approves the minutes)", "Sign"),
        },
        "/minutes/search": {
            "get": op(f"Search the minutes archive ({filters}): ranked hits with snippets",
                      paged=True)
        },
        "/decisions/{id}/action-items": {
            "parameters": path_id(),
            "get": op("Action items of a decision", paged=True),
            "post": op("Add an action item", "ActionItemCreate", 201),
        },
        "/action-items/{id}": {
            "parameters": path_id(),
            "get": op("An action item"),
            "patch": op("Edit an action item, or close it (state done/cancelled) or reopen "
                        "it (state open)", "ActionItemUpdate"),
        },
        "/action-items/{id}/history": {"parameters": path_id(),
                                       "get": op("Audit entries", paged=True)},
    }
    for part in MINUTES_PARTS:
        name, listing, kind = part.model.__name__, part.listing, part.kind
        schemas[f"{name}Create"] = form_schema(part.form)
        schemas[f"{name}Update"] = update_schema(part.form)
        paths[f"/meetings/{{id}}/{listing}"] = {
            "parameters": path_id(),
            "get": op(f"{name}s of a meeting", paged=True),
            "post": op(f"Add: {name} (403 once minutes are approved)", f"{name}Create", 201),
        }
        paths[f"/{kind}/{{id}}"] = {
            "parameters": [*path_id(), VERSION_QUERY],
            "get": op(name),
            "patch": op(f"Edit: {name}", f"{name}Update"),
            "delete": op(f"Remove: {name} (?version= required, or a JSON body "
                         '{"version": N})', ok=204),
        }
    return paths, schemas


register_spec(meetings_spec)
