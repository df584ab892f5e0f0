"""The meetings area's contribution to the deadline board: the decisions' action items."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from ..accounts.models import User
from ..board.items import BoardFilters, BoardItem, BoardSource, shown
from ..commitments.models import Commitment
from ..directory.models import Unit
from ..municipalities.scope import page_url
from ..people.models import Person
from .models import ActionItem, Decision, Meeting


def _action_items(filters: BoardFilters) -> Select[Any]:
    stmt = (
        select(ActionItem)
        .outerjoin(ActionItem.commitment)
        .where(ActionItem.is_live)
    )
    if filters.owner_id:
        stmt = stmt.where(ActionItem.owner_id == filters.owner_id)
    in_unit = filters.unit_condition(
        (ActionItem.owner_unit_id, Commitment.lead_unit_id), (ActionItem.owner_id,)
    )
    if in_unit is not None:
        stmt = stmt.where(in_unit)
    if filters.plan_id:
        stmt = stmt.where(Commitment.plan_id == filters.plan_id)
    return stmt


def _action_item(item: ActionItem, label: str) -> BoardItem:
    meeting: Meeting = item.decision.meeting
    url = page_url("meetings.detail", item, meeting_id=meeting.id) + f"#action-{item.id}"
    context = _("Meeting N%(number)d, decision %(decision)d",
                number=meeting.number, decision=item.decision.number)
    return BoardItem.of(item, "action_item", label, url, owner=item.owner,
                        unit=item.owner_unit, context=context,
                        owner_name=item.owner_person.name if item.owner_person
                        else item.owner_text, owner_unit_id=item.owner_unit_id)


ACTION_ITEMS = BoardSource(
    kind="action_item", label=_l("Action item"), model=ActionItem, rows=_action_items,
    due=ActionItem.deadline, done=ActionItem.is_done,
    load=(
        shown(ActionItem.owner, User.name),
        shown(ActionItem.owner_unit, Unit.name),
        shown(ActionItem.owner_person, Person.name),
        # The decision's and the meeting's numbers, not the minutes' text.
        joinedload(ActionItem.decision).load_only(Decision.number, Decision.meeting_id)
        .joinedload(Decision.meeting).load_only(Meeting.number, Meeting.municipality_id),
    ),
    item=_action_item,
)
