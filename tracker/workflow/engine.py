"""The workflow engine, built on ``transitions``.

``transitions`` owns the graph: which edges exist and that a trigger from the wrong state is
refused. It never rolls back, so the engine checks roles and guards *before* firing and runs
inside the request's database transaction; any error after that rolls the whole request back.

One ``Machine`` per kind, shared by all rows (``model=None``): list pages never build one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column
from transitions import Machine, MachineError

from ..audit.operations import record
from ..database import check_version
from ..errors import PermissionDenied, TransitionRefused, UnknownState
from ..extensions import db

if TYPE_CHECKING:
    from ..accounts.models import User

DRAFT, MONITORED, COMPLETED, WITHDRAWN = "draft", "monitored", "completed", "withdrawn"
STATES: tuple[str, ...] = (DRAFT, MONITORED, COMPLETED, WITHDRAWN)
# The two steps forward every kind takes (see :func:`forward`).
TO_MONITORED = (DRAFT, MONITORED)
TO_COMPLETED = (MONITORED, COMPLETED)

# A guard looks at the object (and the comment given) and returns why it refuses, or None.
Guard = Callable[[Any, str], "str | None"]
# Extra, object-scoped permission (e.g. "the subgroup's lead"), on top of the roles.
Permission = Callable[[Any, "User"], bool]


class StatefulMixin:
    """A ``state`` column; put :func:`state_constraint` in the model's ``__table_args__``."""

    state: Mapped[str] = mapped_column(String(20), default=DRAFT, index=True)

    # Pages ask these instead of comparing state strings.
    @property
    def is_draft(self) -> bool:
        return self.state == DRAFT

    @property
    def is_withdrawn(self) -> bool:
        return self.state == WITHDRAWN


def state_constraint() -> CheckConstraint:
    allowed = ", ".join(f"'{s}'" for s in STATES)
    return CheckConstraint(f"state IN ({allowed})", name="state")


@dataclass(frozen=True)
class Transition:
    name: str
    source: tuple[str, ...]
    dest: str
    roles: frozenset[str]
    label: Any
    guards: tuple[Guard, ...] = ()
    requires_comment: bool = False
    also_permitted: Permission | None = None
    style: str = "primary"


@dataclass
class Workflow:
    """The declaration of one kind's workflow."""

    kind: str
    transitions: tuple[Transition, ...]
    state_labels: dict[str, Any]
    machine: Machine = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.machine = Machine(
            model=None,
            states=list(STATES),
            initial=DRAFT,
            transitions=[
                {"trigger": t.name, "source": list(t.source), "dest": t.dest}
                for t in self.transitions
            ],
            auto_transitions=False,
        )

    def label(self, state: str) -> str:
        return str(self.state_labels.get(state, state))

    def outgoing(self, state: str) -> list[Transition]:
        return [t for t in self.transitions if state in t.source]

    def edge(self, source: str, dest: str) -> Transition | None:
        return next((t for t in self.outgoing(source) if t.dest == dest), None)


def withdraw_and_reopen(roles: frozenset[str]) -> tuple[Transition, Transition]:
    """The two exits every kind shares (PRODUCT.md): withdraw from draft or monitored, and
    reopen a completed item, each with a reason."""
    return (
        Transition(
            name="withdraw",
            source=(DRAFT, MONITORED),
            dest=WITHDRAWN,
            roles=roles,
            label=_l("Withdraw"),
            requires_comment=True,
            style="danger",
        ),
        Transition(
            name="reopen",
            source=(COMPLETED,),
            dest=MONITORED,
            roles=roles,
            label=_l("Reopen"),
            requires_comment=True,
            style="secondary",
        ),
    )


def requires(test: Callable[[Any], object], message: Any) -> Guard:
    """The common guard: refuse with ``message`` while ``test(obj)`` is falsy (a field
    that must be filled in, a list that must not be empty)."""

    def guard(obj: Any, _comment: str) -> str | None:
        return None if test(obj) else str(message)

    return guard


def forward(
    name: str,
    step: tuple[str, str],
    label: Any,
    roles: frozenset[str],
    *guards: Guard,
    also_permitted: Permission | None = None,
) -> Transition:
    """A step along draft → monitored → completed, with what it requires."""
    return Transition(
        name=name,
        source=(step[0],),
        dest=step[1],
        roles=roles,
        label=label,
        guards=guards,
        also_permitted=also_permitted,
    )


def state_labels(draft: Any, monitored: Any, completed: Any) -> dict[str, Any]:
    """A kind's words for the shared states; "withdrawn" reads the same for every kind."""
    return {DRAFT: draft, MONITORED: monitored, COMPLETED: completed, WITHDRAWN: _l("Withdrawn")}


def comment_required(obj: Any, comment: str) -> str | None:
    return None if comment.strip() else _("A reason is required.")


@dataclass
class Check:
    """The outcome of asking "may this user take this transition now?"."""

    transition: Transition
    permitted: bool
    reasons: list[str]

    @property
    def allowed(self) -> bool:
        return self.permitted and not self.reasons


def _permitted(transition: Transition, obj: Any, user: User) -> bool:
    if user.role_for(obj) in transition.roles:
        return True
    return transition.also_permitted is not None and transition.also_permitted(obj, user)


def _guard_reasons(transition: Transition, obj: Any, comment: str) -> list[str]:
    guards: Iterable[Guard] = transition.guards
    if transition.requires_comment:
        guards = (*guards, comment_required)
    return [str(reason) for guard in guards if (reason := guard(obj, comment))]


def check(workflow: Workflow, obj: Any, user: User, dest: str, comment: str = "") -> Check:
    """Explain whether ``user`` may move ``obj`` to ``dest``; changes nothing."""
    if dest not in STATES:
        raise UnknownState(_("There is no state called “%(state)s”.", state=dest))
    transition = workflow.edge(obj.state, dest)
    if transition is None:
        targets = [workflow.label(t.dest) for t in workflow.outgoing(obj.state)]
        reason = _(
            "“%(source)s” cannot move to “%(dest)s”.",
            source=workflow.label(obj.state),
            dest=workflow.label(dest),
        )
        if targets:
            reason += " " + _("From here it can move to: %(targets)s.", targets=", ".join(targets))
        raise TransitionRefused([reason])
    permitted = _permitted(transition, obj, user)
    return Check(transition, permitted, _guard_reasons(transition, obj, comment))


def available(workflow: Workflow, obj: Any, user: User) -> list[Check]:
    """The transitions from the current state that this user's role permits, with reasons
    why each is blocked right now (the comment is not known yet, so it is not checked)."""
    checks = []
    for transition in workflow.outgoing(obj.state):
        if not _permitted(transition, obj, user):
            continue
        reasons = [str(r) for g in transition.guards if (r := g(obj, ""))]
        checks.append(Check(transition, True, reasons))
    return checks


def fire(
    workflow: Workflow,
    obj: Any,
    user: User,
    dest: str,
    comment: str = "",
    version: int | str | None = None,
) -> Transition:
    """Move ``obj`` to ``dest`` and write its audit entry, or raise and change nothing.

    ``version``, when the client sent one, must be the row's current version. Call inside
    the request's transaction; this flushes, the caller commits.
    """
    if version not in (None, ""):
        check_version(obj, version)
    comment = comment.strip()
    outcome = check(workflow, obj, user, dest, comment)
    if not outcome.permitted:
        raise PermissionDenied(
            _(
                "Your role may not move this item to “%(dest)s”.",
                dest=workflow.label(dest),
            )
        )
    if outcome.reasons:
        raise TransitionRefused(outcome.reasons)
    source = obj.state
    try:
        workflow.machine.events[outcome.transition.name].trigger(obj)
    except MachineError as error:  # the graph disagrees: never persist a half-made change
        obj.state = source
        raise TransitionRefused([str(error)]) from error
    record(obj, user, "transition", from_state=source, to_state=obj.state, comment=comment)
    db.session.flush()
    return outcome.transition

