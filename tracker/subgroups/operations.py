"""Operations on thematic subgroups (web views and API call these)."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from ..accounts.models import User
from ..audit.operations import apply_changes, editable_values, record, record_creation
from ..commitments.models import Commitment
from ..database import check_version
from ..errors import PermissionDenied, ValidationFailed
from ..extensions import db
from ..workflow import COMPLETED, fire
from .models import Subgroup
from .workflow import SUBGROUP_WORKFLOW

# Who is in the group and what it serves: decided by the chair.
MEMBERSHIP_FIELDS = ("name", "unit_id", "lead_id", "deliverable", "deliverable_deadline")


def _check_unique_name(name: str, subgroup_id: int | None) -> None:
    stmt = select(Subgroup.id).where(Subgroup.name == name)
    if subgroup_id is not None:
        stmt = stmt.where(Subgroup.id != subgroup_id)
    if db.session.execute(stmt).first():
        raise ValidationFailed({"name": [_("A subgroup with this name already exists.")]})


def _users(ids: list[int]) -> list[User]:
    users = list(db.session.execute(
        select(User).where(User.id.in_(ids), User.in_scope())
    ).scalars())
    if len(users) != len(set(ids)):
        raise ValidationFailed({"member_ids": [_("Not a valid choice.")]})
    return users


def _commitments(ids: list[int]) -> list[Commitment]:
    rows = list(db.session.execute(select(Commitment).where(Commitment.id.in_(ids))).scalars())
    if len(rows) != len(set(ids)):
        raise ValidationFailed({"commitment_ids": [_("Not a valid choice.")]})
    return rows


def _set_links(group: Subgroup, data: dict[str, Any]) -> dict[str, list[Any]]:
    changes: dict[str, list[Any]] = {}
    if "member_ids" in data:
        old = sorted(u.id for u in group.members)
        group.members = _users(list(data["member_ids"] or []))
        new = sorted(u.id for u in group.members)
        if old != new:
            changes["member_ids"] = [old, new]
    if "commitment_ids" in data:
        old = sorted(c.id for c in group.commitments)
        group.commitments = _commitments(list(data["commitment_ids"] or []))
        new = sorted(c.id for c in group.commitments)
        if old != new:
            changes["commitment_ids"] = [old, new]
    return changes


def create_subgroup(actor: User, data: dict[str, Any]) -> Subgroup:
    if not Subgroup.may_create(actor):
        raise PermissionDenied()
    values = editable_values(data, MEMBERSHIP_FIELDS)
    _check_unique_name(values["name"], None)
    group = Subgroup(**values)
    db.session.add(group)
    _set_links(group, data)
    record_creation(group, actor, list(MEMBERSHIP_FIELDS))
    return group


def update_subgroup(group: Subgroup, actor: User, data: dict[str, Any]) -> Subgroup:
    """The chair shapes a group (name, lead, members, links, deliverable); its lead and
    members record what was delivered. A refusal rolls the whole request back."""
    if not group.may_edit(actor):
        raise PermissionDenied()
    check_version(group, data.get("version"))
    values = editable_values(data, (*MEMBERSHIP_FIELDS, "deliverable_result"))
    if "name" in values:
        _check_unique_name(values["name"], group.id)
    changes = apply_changes(group, values)
    changes.update(_set_links(group, data))
    if changes and group.state == COMPLETED:
        raise PermissionDenied(_("This subgroup is completed; reopen it to change it."))
    if set(changes) - {"deliverable_result"} and not group.may_manage_membership(actor):
        raise PermissionDenied(_("Only the chair changes a subgroup's lead, members and links."))
    if changes:
        record(group, actor, "update", changes=changes)
    db.session.flush()
    return group


def transition_subgroup(
    group: Subgroup, actor: User, to: str, comment: str = "", version: Any = None
) -> Subgroup:
    fire(SUBGROUP_WORKFLOW, group, actor, to, comment, version)
    return group
