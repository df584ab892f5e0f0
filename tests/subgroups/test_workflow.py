"""The subgroup workflow: proposed → active → completed, its guards and who may move it."""

from __future__ import annotations

import pytest

from tracker.accounts.models import User
from tracker.audit.models import AuditEntry
from tracker.errors import PermissionDenied, StaleVersion, TransitionRefused
from tracker.extensions import db
from tracker.subgroups import operations as ops
from tracker.subgroups.models import Subgroup
from tracker.subgroups.workflow import SUBGROUP_WORKFLOW
from tracker.workflow import COMPLETED, DRAFT, MONITORED, WITHDRAWN, available

from ..helpers import translated
from .conftest import GROUP_PEOPLE, MANAGERS, PEOPLE


def _load(subgroup_id: int) -> Subgroup:
    return db.session.get(Subgroup, subgroup_id)


def _as(people, who: str) -> User:
    return db.session.get(User, people[who].id)


def test_the_labels_are_the_subgroup_words(app) -> None:
    with app.test_request_context():
        labels = [SUBGROUP_WORKFLOW.label(s) for s in (DRAFT, MONITORED, COMPLETED, WITHDRAWN)]
    assert labels == [
        translated(app, word) for word in ("Proposed", "Active", "Completed", "Withdrawn")
    ]


# Guards --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("missing", "reason"),
    [
        ({"lead_id": None}, "A lead is required."),
        ({"member_ids": []}, "At least one member is required."),
        ({"commitment_ids": []}, "At least one linked commitment is required."),
        ({"deliverable_deadline": None}, "A deliverable deadline is required."),
    ],
)
def test_activation_needs_lead_member_commitment_and_deadline(
    app_ctx, make_subgroup, people, missing, reason
) -> None:
    group = _load(make_subgroup(**missing).id)
    version = group.version
    with pytest.raises(TransitionRefused) as refused:
        ops.transition_subgroup(group, _as(people, "chair"), MONITORED)
    assert refused.value.reasons == [translated(app_ctx, reason)]
    db.session.rollback()
    group = _load(group.id)
    assert (group.state, group.version) == (DRAFT, version)


def test_an_empty_proposal_lists_every_missing_thing(app_ctx, make_subgroup, people) -> None:
    group = _load(make_subgroup(ready=False).id)
    with pytest.raises(TransitionRefused) as refused:
        ops.transition_subgroup(group, _as(people, "chair"), MONITORED)
    assert len(refused.value.reasons) == 4


def test_completion_needs_the_deliverable_recorded(app_ctx, make_subgroup, people) -> None:
    group = _load(make_subgroup(MONITORED).id)
    chair = _as(people, "chair")
    with pytest.raises(TransitionRefused) as refused:
        ops.transition_subgroup(group, chair, COMPLETED)
    assert refused.value.reasons == [translated(app_ctx, "The deliverable must be recorded.")]
    db.session.rollback()
    group = _load(group.id)
    ops.update_subgroup(group, chair, {"deliverable_result": "   ", "version": group.version})
    with pytest.raises(TransitionRefused):
        ops.transition_subgroup(group, chair, COMPLETED)


def test_no_state_is_skipped(app_ctx, make_subgroup, people) -> None:
    group = _load(make_subgroup(deliverable_result="").id)
    with pytest.raises(TransitionRefused):
        ops.transition_subgroup(group, _as(people, "chair"), COMPLETED)
    assert _load(group.id).state == DRAFT


# Roles ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("who", PEOPLE)
def test_only_the_chair_and_admin_activate(app_ctx, make_subgroup, people, who) -> None:
    group = _load(make_subgroup().id)
    if who in MANAGERS:
        ops.transition_subgroup(group, _as(people, who), MONITORED, "Approved")
        assert group.state == MONITORED
        entry = AuditEntry.history("subgroup", group.id)[-1]
        assert (entry.action, entry.from_state, entry.to_state, entry.actor_id, entry.comment) == (
            "transition", DRAFT, MONITORED, people[who].id, "Approved"
        )
    else:
        with pytest.raises(PermissionDenied):
            ops.transition_subgroup(group, _as(people, who), MONITORED)
        db.session.rollback()
        assert _load(group.id).state == DRAFT


@pytest.mark.parametrize("who", PEOPLE)
def test_the_chair_admin_or_the_groups_lead_complete(app_ctx, make_subgroup, people, who):
    group = _load(make_subgroup(MONITORED).id)
    ops.update_subgroup(
        group, _as(people, "insider"), {"deliverable_result": "Done", "version": group.version}
    )
    if who in (*MANAGERS, "lead"):
        ops.transition_subgroup(group, _as(people, who), COMPLETED)
        assert group.state == COMPLETED
    else:
        with pytest.raises(PermissionDenied):
            ops.transition_subgroup(group, _as(people, who), COMPLETED)
        db.session.rollback()
        assert _load(group.id).state == MONITORED


def test_the_lead_of_another_group_may_not_complete_this_one(
    app_ctx, make_subgroup, people, make_user
) -> None:
    other_lead = make_user("member")
    make_subgroup(lead_id=other_lead.id)
    group = _load(make_subgroup(MONITORED, deliverable_result="x").id)
    ops.update_subgroup(group, _as(people, "chair"),
                        {"deliverable_result": "Done", "version": group.version})
    with pytest.raises(PermissionDenied):
        ops.transition_subgroup(group, db.session.get(User, other_lead.id), COMPLETED)


@pytest.mark.parametrize("source", [DRAFT, MONITORED])
@pytest.mark.parametrize("who", PEOPLE)
def test_withdraw_needs_a_manager_and_a_reason(app_ctx, make_subgroup, people, source, who):
    group = _load(make_subgroup(source).id)
    if who not in MANAGERS:
        with pytest.raises(PermissionDenied):
            ops.transition_subgroup(group, _as(people, who), WITHDRAWN, "Because")
        return
    with pytest.raises(TransitionRefused) as refused:
        ops.transition_subgroup(group, _as(people, who), WITHDRAWN, "  ")
    assert refused.value.reasons == [translated(app_ctx, "A reason is required.")]
    db.session.rollback()
    group = _load(group.id)
    ops.transition_subgroup(group, _as(people, who), WITHDRAWN, "Merged into another group")
    assert group.state == WITHDRAWN
    assert AuditEntry.history("subgroup", group.id)[-1].comment == "Merged into another group"


@pytest.mark.parametrize("who", PEOPLE)
def test_reopen_needs_a_manager_and_a_reason(app_ctx, make_subgroup, people, who) -> None:
    group = _load(make_subgroup(COMPLETED).id)
    if who not in MANAGERS:
        with pytest.raises(PermissionDenied):
            ops.transition_subgroup(group, _as(people, who), MONITORED, "Because")
        return
    with pytest.raises(TransitionRefused):
        ops.transition_subgroup(group, _as(people, who), MONITORED, "")
    db.session.rollback()
    group = _load(group.id)
    ops.transition_subgroup(group, _as(people, who), MONITORED, "The rules need a fix")
    assert group.state == MONITORED


def test_a_withdrawn_group_is_read_only(app_ctx, make_subgroup, people) -> None:
    group = _load(make_subgroup(WITHDRAWN).id)
    for who in (*MANAGERS, *GROUP_PEOPLE):
        user = _as(people, who)
        assert not group.may_edit(user)
        assert available(SUBGROUP_WORKFLOW, group, user) == []
        with pytest.raises(PermissionDenied):
            ops.update_subgroup(group, user, {"deliverable_result": "x", "version": group.version})


def test_a_stale_version_changes_nothing(app_ctx, make_subgroup, people) -> None:
    group = _load(make_subgroup().id)
    with pytest.raises(StaleVersion):
        ops.transition_subgroup(group, _as(people, "chair"), MONITORED, "", group.version + 1)
    with pytest.raises(StaleVersion):
        ops.update_subgroup(group, _as(people, "chair"), {"name": "New", "version": 0})
    db.session.rollback()
    assert _load(group.id).state == DRAFT
