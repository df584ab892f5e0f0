"""The meetings area's contribution to the deadline board: open action items."""

from __future__ import annotations

from collections.abc import Iterator

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..board.items import BoardFilters, BoardItem
from ..commitments.models import Commitment
from ..extensions import db
from ..municipalities.scope import page_url
from .models import ActionItem, Decision, Meeting


def action_item_items(filters: BoardFilters) -> Iterator[BoardItem]:
    stmt = (
        select(ActionItem)
        .join(ActionItem.decision)
        .join(Decision.meeting)
        .outerjoin(ActionItem.commitment)
        .where(ActionItem.is_live)
        .options(
            joinedload(ActionItem.owner),
            joinedload(ActionItem.owner_unit),
            joinedload(ActionItem.owner_person),
            joinedload(ActionItem.decision).joinedload(Decision.meeting),
        )
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
    label = _("Action item")
    for item in db.session.execute(stmt).scalars():
        meeting: Meeting = item.decision.meeting
        url = page_url("meetings.detail", item, meeting_id=meeting.id) + f"#action-{item.id}"
        context = _("Meeting N%(number)d, decision %(decision)d",
                    number=meeting.number, decision=item.decision.number)
        yield BoardItem.of(item, "action_item", label, url, owner=item.owner,
                           unit=item.owner_unit, context=context,
                           owner_name=item.owner_person.name if item.owner_person
                           else item.owner_text)
