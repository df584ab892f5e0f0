"""One audited workflow engine for every kind of tracked object.

A kind (commitment, subgroup, meeting) *declares* its transitions, guards and permissions in
a :class:`Workflow`; :func:`fire` enforces and audits. Nothing else changes a state column.
"""

from .engine import (
    COMPLETED,
    DRAFT,
    MONITORED,
    STATES,
    TO_COMPLETED,
    TO_MONITORED,
    WITHDRAWN,
    Check,
    Guard,
    StatefulMixin,
    Transition,
    Workflow,
    available,
    check,
    fire,
    forward,
    requires,
    state_constraint,
    state_labels,
    withdraw_and_reopen,
)

__all__ = [
    "COMPLETED",
    "DRAFT",
    "MONITORED",
    "STATES",
    "TO_COMPLETED",
    "TO_MONITORED",
    "WITHDRAWN",
    "Check",
    "Guard",
    "StatefulMixin",
    "Transition",
    "Workflow",
    "available",
    "check",
    "fire",
    "forward",
    "requires",
    "state_constraint",
    "state_labels",
    "withdraw_and_reopen",
]
