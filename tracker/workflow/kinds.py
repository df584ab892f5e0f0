"""A tracked kind, declared once: what every kind shares, said in one place.

A *kind* is a model with a workflow (commitment, subgroup, meeting; later issues add more).
Each area declares its kind once, in its ``kind.py``: the model, the workflow, how a page
loads one, whose audit entries make its history, and where its pages and API live. From
that declaration the shared parts are built for every kind alike:

- the web routes to change state and to comment (:mod:`tracker.workflow.views`),
- the API routes ``…/{id}/transition``, ``…/{id}/history``, ``…/{id}/comments`` and their
  OpenAPI paths (:mod:`tracker.api.kinds`),
- the history timeline with every id read as a name (:mod:`tracker.audit.timeline`),
- load-or-404 and the ``transitions`` block of the JSON.

An area's own ``views.py`` keeps only its own pages.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from flask import url_for
from sqlalchemy import or_, select

from ..audit.models import AuditEntry
from ..audit.timeline import TimelineEntry, timeline
from ..database import get_or_404, loaded
from ..errors import NotFound
from ..extensions import db
from ..municipalities.scope import page_url
from .engine import Workflow, available, fire

if TYPE_CHECKING:
    from ..accounts.models import User

# The operation that changes a kind's state: (object, actor, to, comment, version).
TransitionOperation = Callable[[Any, "User", str, str, Any], Any]

_KINDS: dict[str, Kind] = {}


@dataclass(frozen=True, eq=False)
class Kind:
    """The declaration of one tracked kind. Only what differs is given: the audit type
    comes from the model, the blueprint is named like the collection, the id in its URLs
    is ``<name>_id``."""

    model: type[Any]
    workflow: Workflow
    #: The URL segment of its pages and of its API collection, e.g. ``"commitments"``.
    collection: str
    #: Labels of its fields (and those of the rows in its history) for the timeline.
    field_labels: Mapping[str, Any] = field(default_factory=dict)
    #: The loader options of its page (what it shows, loaded with it in a fixed number
    #: of queries).
    page: Callable[[], tuple[Any, ...]] = tuple
    #: The audit entries of its history: its own, and those of the rows it owns
    #: (a commitment's milestones, a meeting's action items). Default: its own.
    history_of: Callable[[Any], list[AuditEntry]] | None = None
    #: The state-changing operation, when the kind does more than :func:`fire`
    #: (a meeting clears its signatures when reopened).
    transition_operation: TransitionOperation | None = None

    @property
    def name(self) -> str:
        """The audit type, and the API's ``kind`` value, e.g. ``"commitment"``."""
        return str(self.model.audit_type)

    @property
    def blueprint(self) -> str:
        """The web blueprint that holds its pages."""
        return self.collection

    @property
    def id_arg(self) -> str:
        """The name of the id in its pages' URLs."""
        return f"{self.name}_id"

    def __post_init__(self) -> None:
        if self.name in _KINDS:
            raise ValueError(f"kind {self.name!r} is declared twice")
        _KINDS[self.name] = self

    # Loading -------------------------------------------------------------------------------
    def get(self, ident: int, *, for_update: bool = False) -> Any:
        """The row, or :class:`NotFound` (a 404 on the web and in the API). A row about to
        change is locked (PostgreSQL) and loaded plainly; a page's is loaded with what it
        shows."""
        if for_update:
            return get_or_404(self.model, ident, for_update=True)
        stmt = select(self.model).where(self.model.id == ident).options(*self.page())
        obj = db.session.execute(stmt).unique().scalar_one_or_none()
        if obj is None:
            raise NotFound()
        return loaded(obj)

    # Pages ---------------------------------------------------------------------------------
    @property
    def detail_endpoint(self) -> str:
        return f"{self.blueprint}.detail"

    def url(self, obj_or_id: Any, anchor: str = "") -> str:
        """Its page: given the row, in the row's municipality; given an id, in the
        request's."""
        suffix = f"#{anchor}" if anchor else ""
        if hasattr(obj_or_id, "municipality_id"):
            return page_url(self.detail_endpoint, obj_or_id, **{self.id_arg: obj_or_id.id}) + suffix
        return url_for(self.detail_endpoint, **{self.id_arg: obj_or_id}) + suffix

    # State ---------------------------------------------------------------------------------
    def transition(self, obj: Any, actor: User, to: str, comment: str = "",
                   version: Any = None) -> Any:
        if self.transition_operation is not None:
            return self.transition_operation(obj, actor, to, comment, version)
        fire(self.workflow, obj, actor, to, comment, version)
        return obj

    def transitions_json(self, obj: Any, user: User) -> list[dict[str, Any]]:
        """The ``transitions`` block of the JSON: where this user may move it, and why not yet."""
        return [
            {
                "to": check.transition.dest,
                "label": str(check.transition.label),
                "allowed": check.allowed,
                "reasons": check.reasons,
            }
            for check in available(self.workflow, obj, user)
        ]

    # History -------------------------------------------------------------------------------
    def history(self, obj: Any) -> list[AuditEntry]:
        if self.history_of is not None:
            return self.history_of(obj)
        return AuditEntry.history(self.name, obj.id)

    def timeline(self, obj: Any) -> list[TimelineEntry]:
        return timeline(self.history(obj), self.field_labels)


def all_kinds() -> tuple[Kind, ...]:
    return tuple(_KINDS.values())


def entries_of(*owners: tuple[str, list[int]]) -> list[AuditEntry]:
    """The audit entries of several objects at once, in order: ``(audit_type, ids)`` pairs.
    A kind's history (its own row and the rows it owns) is one query."""
    conditions = [
        (AuditEntry.object_type == audit_type) & AuditEntry.object_id.in_(ids)
        for audit_type, ids in owners
        if ids
    ]
    if not conditions:
        return []
    stmt = select(AuditEntry).where(or_(*conditions)).order_by(AuditEntry.id)
    return list(db.session.execute(stmt).scalars())
