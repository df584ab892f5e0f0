"""The commitment workflow of PRODUCT.md: every transition's roles and guards, allowed and refused.

A refusal raises, names its reasons, and leaves the state, the version and the audit trail
as they were.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tracker.accounts.models import User
from tracker.audit.models import AuditEntry
from tracker.commitments import operations as ops
from tracker.commitments.models import Commitment
from tracker.errors import DomainError, PermissionDenied, TransitionRefused, UnknownState
from tracker.extensions import db
from tracker.workflow import COMPLETED, DRAFT, MONITORED, WITHDRAWN

from ..helpers import MANAGER_ROLES, translated

pytestmark = pytest.mark.usefixtures("app_ctx")

REASON = "Replaced by the national programme"

# (source, destination, comment): every edge PRODUCT.md declares.
EDGES = [
    pytest.param(DRAFT, MONITORED, "", id="monitor"),
    pytest.param(MONITORED, COMPLETED, "", id="complete"),
    pytest.param(DRAFT, WITHDRAWN, REASON, id="withdraw-draft"),
    pytest.param(MONITORED, WITHDRAWN, REASON, id="withdraw-monitored"),
    pytest.param(COMPLETED, MONITORED, REASON, id="reopen"),
]


def transition_entries(commitment: Commitment) -> int:
    return db.session.execute(
        select(func.count(AuditEntry.id)).where(
            AuditEntry.object_type == "commitment",
            AuditEntry.object_id == commitment.id,
            AuditEntry.action == "transition",
        )
    ).scalar_one()


def attempt(
    commitment: Commitment, actor: User, dest: str, comment: str = ""
) -> DomainError | None:
    """Fire a transition as a request would: commit on success, roll back on refusal.

    On refusal, also checks that nothing changed."""
    before = (commitment.state, commitment.version, transition_entries(commitment))
    try:
        ops.transition_commitment(commitment, actor, dest, comment)
    except DomainError as error:
        db.session.rollback()
        assert (commitment.state, commitment.version, transition_entries(commitment)) == before
        return error
    db.session.commit()
    return None


@pytest.fixture
def takeable(make_commitment, factory):
    """A commitment in ``source`` that meets every guard of the transitions out of it."""

    def build(source: str) -> Commitment:
        if source != MONITORED:
            return make_commitment(state=source, ready=True)
        commitment = make_commitment(state=MONITORED, completion_evidence="Final report")
        chair = factory.default_user("chair")
        for milestone in commitment.milestones:
            ops.mark_milestone_done(milestone, chair, {"evidence": "Report", "version": 1})
        db.session.commit()
        return commitment

    return build


def actor_for(role: str, commitment: Commitment, users: dict[str, User]) -> User:
    """The member who acts is the commitment's own owner: owning it grants no approval."""
    return db.session.get(User, commitment.owner_id) if role == "member" else users[role]


# Roles --------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", MANAGER_ROLES)
@pytest.mark.parametrize(("source", "dest", "comment"), EDGES)
def test_chair_and_admin_take_every_declared_transition(
    takeable, users, role: str, source: str, dest: str, comment: str
) -> None:
    commitment = takeable(source)
    actor = users[role]
    assert attempt(commitment, actor, dest, comment) is None
    assert commitment.state == dest
    entry = (
        db.session.execute(
            select(AuditEntry)
            .where(AuditEntry.action == "transition")
            .order_by(AuditEntry.id.desc())
        )
        .scalars()
        .first()
    )
    assert (entry.object_id, entry.actor_id, entry.from_state, entry.to_state) == (
        commitment.id,
        actor.id,
        source,
        dest,
    )
    assert entry.comment == (comment or None)


@pytest.mark.parametrize("role", ["secretary", "member", "observer"])
@pytest.mark.parametrize(("source", "dest", "comment"), EDGES)
def test_other_roles_are_refused_every_transition(
    takeable, users, role: str, source: str, dest: str, comment: str
) -> None:
    commitment = takeable(source)
    error = attempt(commitment, actor_for(role, commitment, users), dest, comment)
    assert isinstance(error, PermissionDenied)
    assert error.message


# Guards ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("missing", "reason"),
    [
        ({"owner_id": None}, "A responsible owner (a person or a unit) is required."),
        ({"lead_unit_id": None}, "A lead unit is required."),
        ({"start_date": None}, "A start date is required."),
        ({"deadline": None}, "A deadline is required."),
        ({"milestones": 0}, "At least one milestone is required."),
    ],
)
def test_monitoring_requires_each_planning_fact(
    app_ctx, make_commitment, users, missing: dict, reason: str
) -> None:
    commitment = make_commitment(ready=True, **missing)
    error = attempt(commitment, users["chair"], MONITORED)
    assert isinstance(error, TransitionRefused)
    assert error.reasons == [translated(app_ctx, reason)]


def test_a_unit_may_be_the_responsible_owner(make_commitment, make_unit, users) -> None:
    commitment = make_commitment(ready=True, owner_id=None, owner_unit_id=make_unit().id)
    assert attempt(commitment, users["chair"], MONITORED) is None
    assert commitment.state == MONITORED


def test_a_bare_draft_gets_every_missing_fact_as_a_reason(app_ctx, make_commitment, users) -> None:
    error = attempt(make_commitment(), users["admin"], MONITORED)
    assert isinstance(error, TransitionRefused)
    assert error.reasons == [
        translated(app_ctx, message)
        for message in (
            "A responsible owner (a person or a unit) is required.",
            "A lead unit is required.",
            "A start date is required.",
            "A deadline is required.",
            "At least one milestone is required.",
        )
    ]


def test_completion_requires_every_milestone_done(
    app_ctx, make_commitment, make_milestone, users
) -> None:
    commitment = make_commitment(state=MONITORED, completion_evidence="Final report")
    make_milestone(commitment)
    error = attempt(commitment, users["chair"], COMPLETED)
    assert isinstance(error, TransitionRefused)
    assert error.reasons == [translated(app_ctx, "%(n)d milestone(s) are not done yet.", n=2)]


@pytest.mark.parametrize("evidence", ["", "   \n"])
def test_completion_requires_evidence(app_ctx, takeable, users, evidence: str) -> None:
    commitment = takeable(MONITORED)
    ops.update_commitment(
        commitment, users["chair"], {"completion_evidence": evidence, "version": commitment.version}
    )
    db.session.commit()
    error = attempt(commitment, users["chair"], COMPLETED)
    assert isinstance(error, TransitionRefused)
    assert error.reasons == [translated(app_ctx, "Completion evidence is required.")]


@pytest.mark.parametrize("comment", ["", "  \t "])
@pytest.mark.parametrize(
    ("source", "dest"), [(DRAFT, WITHDRAWN), (MONITORED, WITHDRAWN), (COMPLETED, MONITORED)]
)
def test_withdrawing_and_reopening_require_a_reason(
    app_ctx, takeable, users, source: str, dest: str, comment: str
) -> None:
    commitment = takeable(source)
    error = attempt(commitment, users["chair"], dest, comment)
    assert isinstance(error, TransitionRefused)
    assert error.reasons == [translated(app_ctx, "A reason is required.")]


# The graph ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("source", "dest"),
    [
        (DRAFT, COMPLETED),  # no skipping
        (DRAFT, DRAFT),
        (MONITORED, DRAFT),
        (MONITORED, MONITORED),
        (COMPLETED, DRAFT),
        (COMPLETED, WITHDRAWN),
        (WITHDRAWN, DRAFT),
        (WITHDRAWN, MONITORED),
        (WITHDRAWN, COMPLETED),
    ],
)
def test_undeclared_moves_are_refused_even_for_the_chair(
    takeable, users, source: str, dest: str
) -> None:
    commitment = takeable(source)
    error = attempt(commitment, users["chair"], dest, REASON)
    assert isinstance(error, TransitionRefused)
    assert len(error.reasons) == 1 and error.reasons[0]


@pytest.mark.parametrize("dest", ["bogus", "", "DRAFT", "to_completed", "proposed"])
def test_an_unknown_state_is_refused(takeable, users, dest: str) -> None:
    error = attempt(takeable(DRAFT), users["chair"], dest, REASON)
    assert isinstance(error, UnknownState)
    assert error.code == "unknown_state"


def test_a_stale_version_is_refused_before_anything_else(takeable, users) -> None:
    commitment = takeable(DRAFT)
    before = commitment.state
    with pytest.raises(DomainError) as raised:
        ops.transition_commitment(
            commitment, users["chair"], MONITORED, version=commitment.version - 1
        )
    assert raised.value.status == 409
    db.session.rollback()
    assert commitment.state == before
