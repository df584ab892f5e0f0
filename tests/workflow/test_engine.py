"""The shared workflow engine, on a small workflow of its own and on the commitment one."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from tracker.audit.models import AuditEntry
from tracker.commitments.workflow import COMMITMENT_WORKFLOW
from tracker.errors import PermissionDenied, TransitionRefused, UnknownState
from tracker.extensions import db
from tracker.municipalities import scope
from tracker.workflow import (
    COMPLETED,
    DRAFT,
    MONITORED,
    STATES,
    WITHDRAWN,
    Transition,
    Workflow,
    available,
    check,
    fire,
)


@dataclass
class Thing:
    """The least an object needs to be driven by the engine and audited."""

    id: int = 7
    state: str = DRAFT
    title: str = ""
    lead_id: int | None = None
    audit_type = "thing"

    @property
    def municipality_id(self) -> int | None:
        """A thing of the municipality the test works in."""
        return scope.current_id()


def needs_title(thing: Thing, _comment: str) -> str | None:
    return None if thing.title else "A title is required."


THING_WORKFLOW = Workflow(
    kind="thing",
    state_labels={DRAFT: "Proposed", MONITORED: "Active"},
    transitions=(
        Transition(
            name="start",
            source=(DRAFT,),
            dest=MONITORED,
            roles=frozenset({"chair"}),
            label="Start",
            guards=(needs_title,),
            also_permitted=lambda thing, user: user.id == thing.lead_id,
        ),
        Transition(
            name="stop",
            source=(DRAFT, MONITORED),
            dest=WITHDRAWN,
            roles=frozenset({"chair"}),
            label="Stop",
            requires_comment=True,
        ),
    ),
)


@dataclass
class Person:
    id: int
    role: str

    def role_for(self, _row: object) -> str:
        return self.role


CHAIR, MEMBER = Person(1, "chair"), Person(2, "member")


@pytest.mark.parametrize("workflow", [THING_WORKFLOW, COMMITMENT_WORKFLOW], ids=lambda w: w.kind)
def test_the_machine_has_only_the_declared_triggers(workflow: Workflow) -> None:
    assert set(workflow.machine.events) == {t.name for t in workflow.transitions}
    assert not [name for name in workflow.machine.events if name.startswith("to_")]


def test_an_attached_model_gets_no_to_state_shortcuts() -> None:
    thing = Thing()
    machine = COMMITMENT_WORKFLOW.machine
    machine.add_model(thing, initial=DRAFT)
    try:
        assert hasattr(thing, "monitor")
        assert [s for s in STATES if hasattr(thing, f"to_{s}")] == []
    finally:
        machine.remove_model(thing)


@pytest.mark.parametrize(
    ("user", "lead_id", "permitted"),
    [(CHAIR, None, True), (MEMBER, None, False), (MEMBER, MEMBER.id, True)],
    ids=["by-role", "refused", "by-object-permission"],
)
def test_check_answers_permission_without_changing_anything(
    user: Person, lead_id: int | None, permitted: bool
) -> None:
    thing = Thing(title="Ready", lead_id=lead_id)
    outcome = check(THING_WORKFLOW, thing, user, MONITORED)
    assert (outcome.permitted, outcome.allowed, outcome.reasons) == (permitted, permitted, [])
    assert thing.state == DRAFT


@pytest.mark.parametrize(
    ("dest", "title", "comment", "reasons"),
    [
        (MONITORED, "", "", ["A title is required."]),
        (MONITORED, "Ready", "", []),
        (WITHDRAWN, "", "", ["A reason is required."]),
        (WITHDRAWN, "", "   ", ["A reason is required."]),
        (WITHDRAWN, "", "No longer needed", []),
    ],
)
def test_check_lists_the_guards_reasons(
    app, dest: str, title: str, comment: str, reasons: list[str]
) -> None:
    with app.test_request_context():
        app.config["BABEL_DEFAULT_LOCALE"] = "en"
        outcome = check(THING_WORKFLOW, Thing(title=title), CHAIR, dest, comment)
    assert outcome.reasons == reasons
    assert outcome.allowed is not reasons


def test_available_offers_permitted_steps_with_their_reasons() -> None:
    thing = Thing()
    offered = {c.transition.name: c.reasons for c in available(THING_WORKFLOW, thing, CHAIR)}
    # The reason for "stop" is asked for when it is taken, not before.
    assert offered == {"start": ["A title is required."], "stop": []}
    assert available(THING_WORKFLOW, thing, MEMBER) == []
    assert [c.transition.name for c in available(THING_WORKFLOW, Thing(lead_id=2), MEMBER)] == [
        "start"
    ]


def test_check_refuses_unknown_states_and_undeclared_edges() -> None:
    with pytest.raises(UnknownState):
        check(THING_WORKFLOW, Thing(), CHAIR, "archived")
    with pytest.raises(TransitionRefused) as refused:
        check(THING_WORKFLOW, Thing(), CHAIR, COMPLETED)
    (reason,) = refused.value.reasons
    assert "Proposed" in reason and "Active" in reason  # says where it can go instead


def test_fire_moves_and_audits(app_ctx, users) -> None:
    thing = Thing(title="Ready")
    transition = fire(THING_WORKFLOW, thing, users["chair"], MONITORED, "Go")
    db.session.commit()
    assert (transition.name, thing.state) == ("start", MONITORED)
    entries = db.session.execute(select(AuditEntry).where(AuditEntry.object_type == "thing"))
    assert [
        (e.object_id, e.actor_id, e.action, e.from_state, e.to_state, e.comment)
        for e in entries.scalars()
    ] == [(thing.id, users["chair"].id, "transition", DRAFT, MONITORED, "Go")]


@pytest.mark.parametrize(
    ("thing", "role", "dest", "error"),
    [
        (Thing(title="Ready"), "member", MONITORED, PermissionDenied),
        (Thing(), "chair", MONITORED, TransitionRefused),
        (Thing(title="Ready"), "chair", COMPLETED, TransitionRefused),
        (Thing(title="Ready"), "chair", "archived", UnknownState),
    ],
)
def test_a_refused_fire_changes_nothing(
    app_ctx, users, thing: Thing, role: str, dest: str, error: type
) -> None:
    with pytest.raises(error):
        fire(THING_WORKFLOW, thing, users[role], dest)
    assert thing.state == DRAFT
    assert not [obj for obj in db.session.new if isinstance(obj, AuditEntry)]
