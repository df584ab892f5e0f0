"""Builds each test's world through the domain operations, the way the app itself does.

A factory call runs inside the test's application context when the test has pushed one for
this app (the objects stay attached to its session); otherwise it pushes a short context of
its own, commits, and hands back a detached object with its columns loaded — enough for
ids, emails and states in tests that then talk to the app through the test client.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from datetime import date, timedelta
from typing import Any, TypeVar

from flask import Flask, current_app, has_app_context

from tracker.accounts import operations as account_ops
from tracker.accounts.models import User
from tracker.commitments import operations as ops
from tracker.commitments.models import ActionPlan, Commitment, Milestone
from tracker.directory import operations as directory_ops
from tracker.directory.models import Unit
from tracker.extensions import db
from tracker.i18n import local_today
from tracker.workflow import COMPLETED, DRAFT, MONITORED, WITHDRAWN

from .helpers import PASSWORD

T = TypeVar("T")


class Factory:
    def __init__(self, app: Flask) -> None:
        self.app = app
        self._numbers = itertools.count(1)
        self._default_ids: dict[str, int] = {}
        self._plan_id: int | None = None

    # Plumbing ---------------------------------------------------------------------------
    def _run(self, build: Callable[[], T]) -> T:
        own_context = not (has_app_context() and current_app._get_current_object() is self.app)
        with self.app.app_context() if own_context else nullcontext():
            result = build()
            db.session.commit()
            if own_context:  # the objects outlive their session: load them now
                loaded = result.values() if isinstance(result, dict) else [result]
                for obj in loaded:
                    if isinstance(obj, db.Model):
                        db.session.refresh(obj)
        return result

    def _number(self) -> int:
        return next(self._numbers)

    @staticmethod
    def _attached(model: type[T], obj: Any) -> T:
        return db.session.get(model, getattr(obj, "id", obj))

    def _default(self, role: str) -> User:
        """The test's one ``<role>@example.test``, created when first needed."""
        if role not in self._default_ids:
            user = account_ops.create_user(f"{role}@example.test", role.title(), role, PASSWORD)
            self._default_ids[role] = user.id
        return db.session.get(User, self._default_ids[role])

    def _actor(self, actor: User | None) -> User:
        return self._attached(User, actor) if actor is not None else self._default("chair")

    def _default_plan_id(self) -> int:
        if self._plan_id is None:
            self._plan_id = self._new_plan(self._default("chair")).id
        return self._plan_id

    def _new_plan(self, actor: User, **fields: Any) -> ActionPlan:
        year = local_today().year
        data = {
            "title": f"Action plan {self._number()}",
            "period_start": date(year, 1, 1),
            "period_end": date(year + 1, 12, 31),
            "description": "",
            **fields,
        }
        return ops.create_plan(actor, data)

    def _new_unit(self, name: str | None = None, parent: Unit | None = None) -> Unit:
        data = {
            "name": name or f"Unit {self._number()}",
            "parent_id": parent.id if parent else None,
        }
        return directory_ops.create_unit(self._default("admin"), data)

    def _new_milestone(self, commitment: Commitment, actor: User, **fields: Any) -> Milestone:
        data = {
            "title": f"Milestone {self._number()}",
            "owner_id": None,
            "deadline": local_today() + timedelta(days=30),
            **fields,
        }
        return ops.add_milestone(commitment, actor, data)

    # Public factories -------------------------------------------------------------------
    def default_user(self, role: str) -> User:
        """``<role>@example.test``; the chair is whom factories act as unless told otherwise,
        the admin creates units."""
        return self._run(lambda: self._default(role))

    def default_users(self, roles: Iterable[str]) -> dict[str, User]:
        """Several of them at once (one commit)."""
        return self._run(lambda: {role: self._default(role) for role in roles})

    def user(
        self,
        role: str = "member",
        *,
        email: str | None = None,
        password: str = PASSWORD,
        name: str | None = None,
        language: str = "ka",
    ) -> User:
        n = self._number()
        email = email or f"{role}{n}@example.test"
        name = name or f"{role.title()} {n}"
        return self._run(lambda: account_ops.create_user(email, name, role, password, language))

    def unit(self, name: str | None = None, parent: Unit | None = None) -> Unit:
        return self._run(lambda: self._new_unit(name, parent))

    def plan(self, actor: User | None = None, **fields: Any) -> ActionPlan:
        return self._run(lambda: self._new_plan(self._actor(actor), **fields))

    def commitment(
        self,
        *,
        state: str = DRAFT,
        ready: bool | None = None,
        milestones: int | None = None,
        actor: User | None = None,
        **fields: Any,
    ) -> Commitment:
        """A commitment, taken to ``state`` through the real transitions.

        ``ready`` (the default for any state but draft) fills in what approval needs: an
        owner, a lead unit, dates and one milestone.
        """
        ready = state != DRAFT if ready is None else ready

        def build() -> Commitment:
            by = self._actor(actor)
            today = local_today()
            data: dict[str, Any] = {"title": f"Commitment {self._number()}"}
            if ready:
                data.update(
                    owner_id=account_ops.create_user(
                        f"owner{self._number()}@example.test", "Owner", "member", PASSWORD
                    ).id,
                    lead_unit_id=self._new_unit().id,
                    start_date=today - timedelta(days=30),
                    deadline=today + timedelta(days=90),
                )
            data.update(fields)
            data.setdefault("plan_id", self._default_plan_id())
            commitment = ops.create_commitment(by, data)
            for _ in range(milestones if milestones is not None else int(ready)):
                self._new_milestone(commitment, by, owner_id=commitment.owner_id)
            db.session.flush()
            self._advance(commitment, by, state)
            return commitment

        return self._run(build)

    @staticmethod
    def _advance(commitment: Commitment, actor: User, state: str) -> None:
        if state == WITHDRAWN:
            ops.transition_commitment(commitment, actor, WITHDRAWN, "Withdrawn by the factory")
        if state in (MONITORED, COMPLETED):
            ops.transition_commitment(commitment, actor, MONITORED)
        if state == COMPLETED:
            for milestone in commitment.milestones:
                ops.mark_milestone_done(
                    milestone, actor, {"evidence": "Report", "version": milestone.version}
                )
            if not commitment.completion_evidence:
                ops.update_commitment(
                    commitment,
                    actor,
                    {"completion_evidence": "Final report", "version": commitment.version},
                )
            ops.transition_commitment(commitment, actor, COMPLETED)

    def milestone(
        self, commitment: Commitment, actor: User | None = None, **fields: Any
    ) -> Milestone:
        return self._run(
            lambda: self._new_milestone(
                self._attached(Commitment, commitment), self._actor(actor), **fields
            )
        )

    def token(self, user: User) -> str:
        return self._run(lambda: account_ops.issue_token(self._attached(User, user)))
