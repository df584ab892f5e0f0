"""Operations on action items: work a decision assigns, tracked until done or cancelled.

They are added and edited with the minutes (same permission, same lock); closing and
reopening are the owner's and the chair's, also once the minutes are approved.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from ..accounts.models import User
from ..audit.operations import editable_values, record_creation, record_update
from ..database import check_version, utcnow
from ..errors import PermissionDenied, ValidationFailed
from ..extensions import db
from .minutes import minutes_changed, require_record
from .models import ActionItem, ActionState, Decision


def _validate_action(values: dict[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    if "title" in values and not values["title"]:
        errors["title"] = [_("This field is required.")]
    if "deadline" in values and not values["deadline"]:
        errors["deadline"] = [_("This field is required.")]
    if sum(1 for f in ("owner_id", "owner_unit_id", "owner_person_id") if values.get(f)) > 1:
        errors["owner_id"] = [_("Give either a person or a unit as the owner, not both.")]
    if errors:
        raise ValidationFailed(errors)


def add_action_item(decision: Decision, actor: User, data: dict[str, Any]) -> ActionItem:
    """Action items are tracked work: they may be added until the minutes are approved."""
    meeting = decision.meeting
    require_record(meeting, actor)
    values = editable_values(data, ActionItem.EDITABLE)
    _validate_action({"title": values.get("title"), "deadline": values.get("deadline"),
                      **values})
    item = ActionItem(decision=decision, **values)
    db.session.add(item)
    record_creation(item, actor, list(ActionItem.EDITABLE))
    minutes_changed(meeting, actor)
    return item


def update_action_item(item: ActionItem, actor: User, data: dict[str, Any]) -> ActionItem:
    require_record(item.decision.meeting, actor)
    check_version(item, data.get("version"))
    values = editable_values(data, ActionItem.EDITABLE)
    _validate_action({**{f: getattr(item, f) for f in ActionItem.EDITABLE}, **values})
    if record_update(item, actor, values):
        minutes_changed(item.decision.meeting, actor)
    return item


def close_action_item(item: ActionItem, actor: User, data: dict[str, Any]) -> ActionItem:
    """Open → done or cancelled, by its owner or the chair, even after the minutes are
    approved: the minutes record the task, the task's progress is tracked here."""
    if item.is_open and not item.may_close(actor):
        raise PermissionDenied(_("Only its owner or the chair can close this action item."))
    check_version(item, data.get("version"))
    state = data.get("state")
    if state not in (ActionState.DONE, ActionState.CANCELLED):
        raise ValidationFailed({"state": [_("Choose done or cancelled.")]})
    if not item.is_open:
        raise ValidationFailed({"state": [_("This action item is already closed.")]})
    note = (data.get("note") or "").strip()
    record_update(item, actor, {"state": state, "closed_at": utcnow(),
                                **({"note": note} if note else {})})
    db.session.flush()
    return item


def reopen_action_item(item: ActionItem, actor: User, data: dict[str, Any]) -> ActionItem:
    if not item.may_reopen(actor):
        raise PermissionDenied()
    check_version(item, data.get("version"))
    record_update(item, actor, {"state": ActionState.OPEN.value, "closed_at": None})
    db.session.flush()
    return item
