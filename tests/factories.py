"""Builds each test's world through the domain operations, the way the app itself does.

A factory call runs inside the test's application context when the test has pushed one for
this app (the objects stay attached to its session); otherwise it pushes a short context of
its own, commits, and hands back a detached object with its columns loaded — enough for
ids, emails and states in tests that then talk to the app through the test client.

One ``Factory`` for every kind (users, units with their staff, plans, commitments,
milestones, subgroups, meetings with their minutes, action items, people of the records):
the area conftest files only name its methods (``make_meeting``…) or fill in their own
people.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import nullcontext
from datetime import date, time, timedelta
from typing import Any, TypeVar

from flask import Flask, current_app, has_app_context

from tracker.accounts import operations as account_ops
from tracker.accounts import tokens as token_ops
from tracker.accounts.models import User
from tracker.commitments import operations as ops
from tracker.commitments.models import ActionPlan, Commitment, Milestone
from tracker.directory import operations as directory_ops
from tracker.directory.models import StaffMember, Unit
from tracker.extensions import db
from tracker.i18n import local_today
from tracker.meetings import action_items as action_ops
from tracker.meetings import minutes as minutes_ops
from tracker.meetings import operations as meeting_ops
from tracker.meetings.models import ActionItem, Meeting
from tracker.municipalities import scope
from tracker.municipalities.models import Municipality
from tracker.municipalities.operations import create_municipality
from tracker.people import operations as people_ops
from tracker.people.models import Person
from tracker.progress import operations as progress_ops
from tracker.progress.evidence import Upload
from tracker.progress.models import Assessment, ProgressReport, ReportRequest
from tracker.subgroups import operations as subgroup_ops
from tracker.subgroups.models import Subgroup
from tracker.workflow import COMPLETED, DRAFT, MONITORED, WITHDRAWN

from .helpers import CITY, PASSWORD

T = TypeVar("T")

WORKING_GROUP_PLACE = "ნაპირის მერია, სხდომათა დარბაზი"


CITY_NAME = "ნაპირი"


class Factory:
    """Builds in one municipality: ``CITY`` by default, another through ``elsewhere``."""

    def __init__(self, app: Flask, slug: str = CITY, name: str = CITY_NAME,
                 numbers: Iterator[int] | None = None) -> None:
        self.app = app
        self.slug = slug
        self.name = name
        self._numbers = numbers or itertools.count(1)
        self._default_ids: dict[str, int] = {}
        self._plan_id: int | None = None
        self._municipality_id: int | None = None
        self._others: dict[str, Factory] = {}

    def elsewhere(self, slug: str = "town", name: str = "ზეგანი") -> Factory:
        """A factory for a second municipality on the same database: its default users are
        ``<role>.<slug>@example.test``; the administrator is the instance's one."""
        if slug not in self._others:
            self._others[slug] = Factory(self.app, slug, name, self._numbers)
        return self._others[slug]

    # Plumbing ---------------------------------------------------------------------------
    def _municipality(self) -> Municipality:
        if self._municipality_id is None:
            existing = Municipality.by_slug(self.slug)
            found = existing or create_municipality(self.slug, self.name)
            self._municipality_id = found.id
        return db.session.get(Municipality, self._municipality_id)

    def municipality(self) -> Municipality:
        """This factory's municipality (created when first needed)."""
        return self._run(self._municipality)

    def _run(self, build: Callable[[], T]) -> T:
        own_context = not (has_app_context() and current_app._get_current_object() is self.app)
        with self.app.app_context() if own_context else nullcontext():
            with scope.entered(self._municipality()):
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
            user = account_ops.find_user(self._default_email(role)) or account_ops.create_user(
                self._default_email(role), role.title(), role, PASSWORD,
                municipality=self._municipality(),
            )
            self._default_ids[role] = user.id
        return db.session.get(User, self._default_ids[role])

    def _default_email(self, role: str) -> str:
        if self.slug == CITY or role in ("admin", "coordinator"):
            return f"{role}@example.test"
        return f"{role}.{self.slug}@example.test"

    def _actor(self, actor: User | str | None) -> User:
        """A user attached to this session: the one given, a role's default user, or the
        chair (whom factories act as unless told otherwise)."""
        if isinstance(actor, str):
            return self._default(actor)
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

    def _new_unit(
        self, name: str | None = None, parent: Unit | int | None = None, **fields: Any
    ) -> Unit:
        data = {
            "name": name or f"Unit {self._number()}",
            "parent_id": getattr(parent, "id", parent),
            **fields,
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
        return self._run(lambda: account_ops.create_user(
            email, name, role, password, language, municipality=self._municipality()
        ))

    def grant(self, user: User, role: str) -> User:
        """Give ``user`` (of any municipality) a role in this factory's municipality."""
        def build() -> User:
            attached = self._attached(User, user)
            account_ops.grant_role(attached, self._municipality(), role)
            return attached

        return self._run(build)

    def unit(
        self,
        name: str | None = None,
        parent: Unit | int | None = None,
        *,
        staff: Sequence[dict[str, Any]] = (),
        **fields: Any,
    ) -> Unit:
        """A unit created by the admin (``kind``, ``hotline``, ``functions``… as fields),
        with ``staff`` (one dict of fields a person) added in order."""

        def build() -> Unit:
            unit = self._new_unit(name, parent, **fields)
            for person in staff:
                directory_ops.add_staff(unit, self._default("admin"), person)
            return unit

        return self._run(build)

    def staff(self, unit: Unit | int, **fields: Any) -> StaffMember:
        """A person on a unit's staff (``user_id`` links an account), added by the admin."""
        data = {"name": f"Staff member {self._number()}", **fields}
        return self._run(
            lambda: directory_ops.add_staff(
                self._attached(Unit, unit), self._default("admin"), data
            )
        )

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
        return self._run(
            lambda: self._new_commitment(self._actor(actor), state, ready, milestones, **fields)
        )

    def _new_commitment(
        self,
        by: User,
        state: str = DRAFT,
        ready: bool | None = None,
        milestones: int | None = None,
        **fields: Any,
    ) -> Commitment:
        ready = state != DRAFT if ready is None else ready
        today = local_today()
        data: dict[str, Any] = {"title": f"Commitment {self._number()}"}
        if ready:
            data.update(
                owner_id=account_ops.create_user(
                    f"owner{self._number()}@example.test", "Owner", "member", PASSWORD,
                    municipality=self._municipality(),
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

    def subgroup(
        self,
        state: str = DRAFT,
        *,
        ready: bool | None = None,
        lead: User | None = None,
        members: Sequence[User] = (),
        commitments: Sequence[Commitment] = (),
        actor: User | None = None,
        **fields: Any,
    ) -> Subgroup:
        """A subgroup taken to ``state`` through the real transitions (by the chair).

        ``ready`` (the default for any state but draft) gives it what activation needs: a
        lead (a new member unless ``lead``), an approved commitment unless ``commitments``,
        a deliverable and its deadline in 20 days. A ``deliverable_result`` is recorded once
        the group is active; completing records one if none was given.
        """
        ready = state != DRAFT if ready is None else ready

        def build() -> Subgroup:
            by = self._actor(actor)
            data: dict[str, Any] = {
                "name": f"Subgroup {self._number()}",
                "lead_id": lead.id if lead else None,
                "member_ids": [m.id for m in members],
                "commitment_ids": [c.id for c in commitments],
            }
            if ready:
                if lead is None:
                    data["lead_id"] = account_ops.create_user(
                        f"lead{self._number()}@example.test", "Lead", "member", PASSWORD,
                        municipality=self._municipality(),
                    ).id
                if not commitments:
                    data["commitment_ids"] = [self._new_commitment(by, MONITORED).id]
                data["deliverable"] = "Draft petition rules"
                data["deliverable_deadline"] = local_today() + timedelta(days=20)
            data.update(fields)
            result = data.pop("deliverable_result", None)
            group = subgroup_ops.create_subgroup(by, data)
            if state in (MONITORED, COMPLETED):
                subgroup_ops.transition_subgroup(group, by, MONITORED)
            if result:
                subgroup_ops.update_subgroup(
                    group, by, {"deliverable_result": result, "version": group.version}
                )
            if state == COMPLETED:
                if not group.deliverable_result:
                    subgroup_ops.update_subgroup(
                        group, by, {"deliverable_result": "Rules adopted", "version": group.version}
                    )
                subgroup_ops.transition_subgroup(group, by, COMPLETED)
            if state == WITHDRAWN:
                subgroup_ops.transition_subgroup(group, by, WITHDRAWN, "No longer needed")
            return group

        return self._run(build)

    def meeting(
        self,
        state: str = DRAFT,
        *,
        ready: bool | None = None,
        actor: User | str = "secretary",
        chair: User | str = "chair",
        secretary: User | str = "secretary",
        attendees: Sequence[dict[str, Any]] | None = None,
        agenda: Sequence[str] | None = None,
        decisions: Sequence[str] | None = None,
        action: dict[str, Any] | None = None,
        **fields: Any,
    ) -> Meeting:
        """A meeting taken to ``state`` through the real operations, recorded by ``actor``.

        ``ready`` (the default for any state but draft) fills in what holding and approving
        need: date, chair, secretary, the two of them present, one agenda item, one decision.
        ``action`` adds an action item to the first decision. Approval is the secretary's
        signature, then the chair's.
        """
        ready = state != DRAFT if ready is None else ready

        def build() -> Meeting:
            by = self._actor(actor)
            people = {"chair": self._actor(chair), "secretary": self._actor(secretary)}
            data: dict[str, Any] = {"place": WORKING_GROUP_PLACE, **fields}
            if ready:
                data.setdefault("date", local_today() - timedelta(days=7))
                data.setdefault("start_time", time(14, 0))
                data.setdefault("chair_id", people["chair"].id)
                data.setdefault("secretary_id", people["secretary"].id)
            meeting = meeting_ops.create_meeting(by, data)
            if attendees is None and ready:
                rows = [
                    {"user_id": p.id, "name": p.name, "organisation": "ნაპირის მერია"}
                    for p in dict.fromkeys(people.values())
                ]
            else:
                rows = list(attendees or ())
            for row in rows:
                minutes_ops.add_attendee(meeting, by, row)
            default_agenda = ["მიმდინარე საკითხები"] if ready else []
            for title in agenda if agenda is not None else default_agenda:
                minutes_ops.add_agenda_item(meeting, by, {"title": title})
            default_decisions = ["ანგარიში მომზადდეს ერთ თვეში."] if ready else []
            for text in decisions if decisions is not None else default_decisions:
                minutes_ops.add_decision(meeting, by, {"text": text})
            if action is not None:
                self._new_action_item(meeting, by, title="ანგარიშის მომზადება", **action)
            self._advance_meeting(meeting, by, people, state)
            db.session.flush()
            return meeting

        return self._run(build)

    @staticmethod
    def _advance_meeting(meeting: Meeting, by: User, people: dict[str, User], state: str) -> None:
        if state == WITHDRAWN:
            meeting_ops.transition_meeting(meeting, people["chair"], WITHDRAWN, "გაუქმდა")
        if state in (MONITORED, COMPLETED):
            meeting_ops.transition_meeting(meeting, by, MONITORED)
        if state == COMPLETED:
            minutes_ops.sign_minutes(meeting, people["secretary"], meeting.version)
            if not meeting.signed_by_both:
                minutes_ops.sign_minutes(meeting, people["chair"], meeting.version)

    def _new_action_item(self, meeting: Meeting, by: User, **fields: Any) -> ActionItem:
        data = {"title": "დავალება", "deadline": local_today() + timedelta(days=10), **fields}
        return action_ops.add_action_item(meeting.decisions[0], by, data)

    def action_item(
        self, meeting: Meeting, actor: User | str = "secretary", **fields: Any
    ) -> ActionItem:
        """An action item on the meeting's first decision, due in ten days."""
        return self._run(
            lambda: self._new_action_item(
                self._attached(Meeting, meeting), self._actor(actor), **fields
            )
        )

    def person(self, name: str | None = None, actor: User | str = "secretary",
               **fields: Any) -> Person:
        """A person of the records (``organisation``, ``position``, ``user_id``,
        ``staff_member_id`` as fields), added by the secretary."""
        data = {"name": name or f"Person {self._number()}", **fields}
        return self._run(lambda: people_ops.create_person(self._actor(actor), data))

    def token(self, user: User, name: str = "test", **options: Any) -> str:
        """A new API token for ``user`` (``days=N`` for another lifetime)."""
        return self._run(
            lambda: token_ops.issue_token(self._attached(User, user), name, **options)[1])

    # Progress (tracker/progress) ---------------------------------------------------------
    def report(
        self,
        commitment: Commitment | int,
        *,
        actor: User | str | None = None,
        files: Sequence[tuple[str, bytes]] = (),
        **fields: Any,
    ) -> ProgressReport:
        """A progress report filed through ``file_report`` (by the chair unless ``actor``);
        ``status`` on_track by default, a reason given when it is not; ``files`` as
        (name, bytes) pairs."""
        data: dict[str, Any] = {"text": f"Progress {self._number()}", "status": "on_track",
                                "reason": "", "links": [], "milestone_ids": [], **fields}
        if data["status"] != "on_track" and not data["reason"]:
            data["reason"] = "მიზეზი"
        return self._run(lambda: progress_ops.file_report(
            self._attached(Commitment, commitment), self._actor(actor), data,
            [Upload(name, content) for name, content in files]))

    def report_request(self, commitment: Commitment | int, *, actor: User | str | None = None,
                       **fields: Any) -> ReportRequest:
        """The chair (unless ``actor``) asks the commitment's owner for a report."""
        return self._run(lambda: progress_ops.request_report(
            self._attached(Commitment, commitment), self._actor(actor),
            {"deadline": local_today() + timedelta(days=14), "note": "", **fields}))

    def assessment(self, commitment: Commitment | int, *, actor: User | str | None = None,
                   **fields: Any) -> Assessment:
        """An IRM assessment recorded through ``record_assessment`` (by the chair)."""
        def build() -> Assessment:
            data: dict[str, Any] = {
                "verifiable": True, "relevance": ["civic_participation"],
                "potential": "modest", "completion": "limited", "opened_government": None,
                "source": "", "assessed_on": local_today(), **fields,
            }
            return progress_ops.record_assessment(
                self._attached(Commitment, commitment), self._actor(actor), data)

        return self._run(build)
