"""Random walks through the commitment workflow, checked against the rules of PRODUCT.md.

Hypothesis fires random targets (unknown states included) as random roles, with random
comments and stale or fresh versions, while other rules change the data the guards look at.
A small model of the rules predicts every outcome; invariants tie the model to the database.
"""

from __future__ import annotations

from datetime import timedelta
from itertools import pairwise

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import func, select

from tracker.accounts.models import User
from tracker.audit.models import AuditEntry
from tracker.commitments import operations as ops
from tracker.commitments.models import Commitment, Milestone
from tracker.errors import (
    DomainError,
    PermissionDenied,
    StaleVersion,
    TransitionRefused,
    UnknownState,
)
from tracker.extensions import db
from tracker.i18n import local_today
from tracker.workflow import COMPLETED, DRAFT, MONITORED, STATES, WITHDRAWN

from ..helpers import MANAGER_ROLES, ROLES

# The declared edges, written out independently of tracker/commitments/workflow.py.
EDGES = {
    (DRAFT, MONITORED),
    (MONITORED, COMPLETED),
    (DRAFT, WITHDRAWN),
    (MONITORED, WITHDRAWN),
    (COMPLETED, MONITORED),
}
NEEDS_REASON = {(DRAFT, WITHDRAWN), (MONITORED, WITHDRAWN), (COMPLETED, MONITORED)}
TARGETS = st.sampled_from([*STATES, "bogus", "", "Draft", "to_completed"])
COMMENTS = st.sampled_from(["", "   ", "Agreed at the meeting"])
OPTIONAL = st.booleans()


def expected_refusal(c: Commitment, role: str, dest: str, comment: str, stale: bool) -> type | None:
    """What the rules say about this attempt: the error expected, or None for success."""
    if stale:
        return StaleVersion
    if dest not in STATES:
        return UnknownState
    edge = (c.state, dest)
    if edge not in EDGES:
        return TransitionRefused
    if role not in MANAGER_ROLES:
        return PermissionDenied
    blocked = False
    if edge == (DRAFT, MONITORED):
        facts = (
            c.owner_id or c.owner_unit_id,
            c.lead_unit_id,
            c.start_date,
            c.deadline,
            c.milestones,
        )
        blocked = not all(facts)
    elif edge == (MONITORED, COMPLETED):
        blocked = (
            not c.milestones
            or not all(m.done for m in c.milestones)
            or not c.completion_evidence.strip()
        )
    if edge in NEEDS_REASON and not comment.strip():
        blocked = True
    return TransitionRefused if blocked else None


class CommitmentWorkflowMachine(RuleBasedStateMachine):
    # Set by the test: users and reference rows shared by every example (fixtures do not
    # reset between Hypothesis examples, so each example starts a commitment of its own).
    actors: dict[str, User]
    owner: User
    unit_id: int
    plan_id: int

    @initialize()
    def new_commitment(self) -> None:
        self.chair = self.actors["chair"]
        self.commitment = ops.create_commitment(
            self.chair, {"plan_id": self.plan_id, "title": "Random walk"}
        )
        db.session.commit()
        self.fired: list[tuple[str, str]] = []

    # Helpers ------------------------------------------------------------------------------
    def _entries(self, *columns):
        return select(*columns).where(
            AuditEntry.object_type == "commitment", AuditEntry.object_id == self.commitment.id
        )

    def _audit(self) -> int:
        """Every audit entry of this commitment, whatever its action."""
        return db.session.execute(self._entries(func.count(AuditEntry.id))).scalar_one()

    def _edit(self, **values) -> None:
        ops.update_commitment(
            self.commitment, self.chair, {**values, "version": self.commitment.version}
        )
        db.session.commit()

    @property
    def _open(self) -> bool:
        return self.commitment.state in (DRAFT, MONITORED)

    # Data the guards look at --------------------------------------------------------------
    @precondition(lambda self: self.commitment.state != WITHDRAWN)
    @rule(
        owner=st.sampled_from(["person", "unit", "both", "none"]),
        unit=OPTIONAL,
        start=OPTIONAL,
        deadline=OPTIONAL,
        days=st.integers(0, 400),
    )
    def plan(self, owner: str, unit: bool, start: bool, deadline: bool, days: int) -> None:
        today = local_today()
        self._edit(
            owner_id=self.owner.id if owner in ("person", "both") else None,
            owner_unit_id=self.unit_id if owner in ("unit", "both") else None,
            lead_unit_id=self.unit_id if unit else None,
            start_date=today if start else None,
            deadline=today + timedelta(days=days) if deadline else None,
        )

    @precondition(lambda self: self.commitment.state != WITHDRAWN)
    @rule(missing=st.sampled_from([None, "owner", "unit", "start", "deadline", "milestone"]))
    def plan_nearly_everything(self, missing: str | None) -> None:
        """All that approval needs but ``missing``: random planning alone rarely gets there,
        nor to a draft that lacks just one thing."""
        self.plan(
            owner="none" if missing == "owner" else "person",
            unit=missing != "unit",
            start=missing != "start",
            deadline=missing != "deadline",
            days=90,
        )
        if self._open and not self.commitment.milestones and missing != "milestone":
            self.add_milestone()

    @precondition(lambda self: self.commitment.state != WITHDRAWN)
    @rule(evidence=st.sampled_from(["", "  ", "Published report"]))
    def record_evidence(self, evidence: str) -> None:
        self._edit(completion_evidence=evidence)

    @precondition(lambda self: self._open)
    @rule()
    def add_milestone(self) -> None:
        ops.add_milestone(
            self.commitment,
            self.chair,
            {"title": "Step", "owner_id": None, "deadline": local_today() + timedelta(days=10)},
        )
        db.session.commit()

    @precondition(lambda self: self._open and self._open_milestones)
    @rule(data=st.data())
    def finish_milestone(self, data: st.DataObject) -> None:
        self._finish(data.draw(st.sampled_from(self._open_milestones)))

    @property
    def _open_milestones(self) -> list[Milestone]:
        return [m for m in self.commitment.milestones if not m.done]

    def _finish(self, milestone: Milestone) -> None:
        ops.mark_milestone_done(
            milestone, self.chair, {"evidence": "Done", "version": milestone.version}
        )
        db.session.commit()

    @precondition(lambda self: self.commitment.state == MONITORED)
    @rule()
    def deliver_everything(self) -> None:
        """All that completion needs at once, for the same reason."""
        for milestone in self._open_milestones:
            self._finish(milestone)
        self.record_evidence("Published report")

    # Transitions ------------------------------------------------------------------------------
    @rule(
        role=st.sampled_from(ROLES),
        dest=TARGETS,
        comment=COMMENTS,
        stale=st.integers(0, 3).map(lambda n: n == 0),
    )
    def attempt_anything(self, role: str, dest: str, comment: str, stale: bool) -> None:
        self._attempt(role, dest, comment, stale)

    @precondition(lambda self: self.commitment.state != WITHDRAWN)
    @rule(data=st.data(), role=st.sampled_from(MANAGER_ROLES), comment=COMMENTS)
    def attempt_a_declared_step(self, data: st.DataObject, role: str, comment: str) -> None:
        """Walks get further when a manager tries an edge out of the current state, mostly
        onward (guards may still refuse it)."""
        declared = sorted(dest for source, dest in EDGES if source == self.commitment.state)
        onward = [dest for dest in declared if dest != WITHDRAWN]  # withdrawn ends the walk
        dest = data.draw(st.one_of(st.sampled_from(onward), st.sampled_from(declared)))
        self._attempt(role, dest, comment, stale=False)

    def _attempt(self, role: str, dest: str, comment: str, stale: bool) -> None:
        c = self.commitment
        expected = expected_refusal(c, role, dest, comment, stale)
        before = (c.state, c.version, self._audit())
        version = c.version - 1 if stale else c.version
        try:
            ops.transition_commitment(c, self.actors[role], dest, comment, version)
        except DomainError as error:
            event(f"refused: {type(error).__name__}")
            assert type(error) is expected, (error, expected)
            assert error.message
            # The refusal itself changed nothing, even before the rollback…
            assert c.state == before[0]
            assert not [o for o in db.session.new if isinstance(o, AuditEntry)]
            db.session.rollback()
            # …and nothing reached the database.
            assert (c.state, c.version, self._audit()) == before
            return
        assert expected is None, f"{before[0]} → {dest} by {role} should have been refused"
        db.session.commit()
        assert (before[0], c.state) in EDGES
        self.fired.append((before[0], c.state))
        event(f"moved: {before[0]} → {c.state}")
        assert self._audit() == before[2] + 1

    # Invariants -----------------------------------------------------------------------------
    @invariant()
    def state_is_stored_and_known(self) -> None:
        stored = db.session.execute(
            select(Commitment.state).where(Commitment.id == self.commitment.id)
        ).scalar_one()
        assert stored == self.commitment.state
        assert stored in STATES

    @invariant()
    def every_transition_has_exactly_one_audit_entry(self) -> None:
        entries = db.session.execute(
            self._entries(AuditEntry.from_state, AuditEntry.to_state)
            .where(AuditEntry.action == "transition")
            .order_by(AuditEntry.id)
        ).all()
        assert [tuple(e) for e in entries] == self.fired

    @invariant()
    def the_state_follows_the_path_walked(self) -> None:
        path = [DRAFT] + [dest for _source, dest in self.fired]
        assert all((a, b) in EDGES for a, b in pairwise(path))
        assert self.commitment.state == path[-1]


def test_random_walks_follow_the_declared_workflow(
    app_ctx, users, make_user, make_unit, make_plan
) -> None:
    class Machine(CommitmentWorkflowMachine):
        actors = users
        owner = make_user("member")
        unit_id = make_unit().id
        plan_id = make_plan().id

    run_state_machine_as_test(
        Machine,
        settings=settings(
            max_examples=30,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
