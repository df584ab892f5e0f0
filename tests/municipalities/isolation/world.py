"""Two municipalities side by side, each with one object of every kind that has an id.

``city`` (the tests' municipality, ``factory``) and ``town`` (``factory.elsewhere()``) get
the same world, built through the factories: a plan, a monitored commitment with a
milestone, a proposed subgroup, a held meeting with an attendee, an agenda item, a decision
and an action item, a unit with a staff member, two people of the records (one to merge
into the other). Every text of both carries the same rare
Georgian word, :data:`WORD`, so a search for it finds both municipalities' rows unless it is
scoped, and its municipality's name (``ნაპირი``, ``ზეგანი``), so a page that leaked the
other's rows would show that name. The ``snapshot`` fixture reads every row of every table,
to prove that a refused request changed nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from tracker.accounts.models import User
from tracker.commitments.models import ActionPlan, Commitment, Milestone
from tracker.directory.models import StaffMember, Unit
from tracker.extensions import db
from tracker.meetings.models import ActionItem, AgendaItem, Attendee, Decision, Meeting
from tracker.people.models import Person
from tracker.progress.models import EvidenceFile, ProgressReport, ReportRequest
from tracker.subgroups.models import Subgroup
from tracker.workflow import DRAFT, MONITORED

from ...factories import Factory

#: "Caravanserai": in no template, label or default text, so every hit is the world's own.
WORD = "ქარავანსარაი"

#: The municipal roles a person of one municipality may hold there.
MUNICIPAL_ROLES = ("chair", "secretary", "member", "observer")

#: Each kind of object an URL may name by id, and its model.
MODELS: dict[str, type[Any]] = {
    "plan": ActionPlan,
    "commitment": Commitment,
    "milestone": Milestone,
    "subgroup": Subgroup,
    "meeting": Meeting,
    "attendee": Attendee,
    "agenda_item": AgendaItem,
    "decision": Decision,
    "action_item": ActionItem,
    "unit": Unit,
    "staff": StaffMember,
    "person": Person,
    "progress_report": ProgressReport,
    "report_request": ReportRequest,
    "evidence_file": EvidenceFile,
}

#: Tables a request may legitimately write without changing anyone's data: failed logins
#: and tokens (issued before the snapshot, but kept out so a token's bookkeeping never
#: reads as a leak).
VOLATILE_TABLES = frozenset({"login_attempts", "api_tokens"})


@dataclass
class World:
    """One municipality's objects, by kind: ``ids["meeting"]`` is its meeting's id."""

    slug: str
    factory: Factory
    ids: dict[str, int] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    #: A second person of the records: what a merge of ``ids["person"]`` goes into.
    other_person: int = 0

    @property
    def name(self) -> str:
        """The municipality's name: every text of the world says it."""
        return self.factory.name

    def version(self, kind: str) -> int:
        """The stored version of this world's object of ``kind`` (read afresh)."""
        with self.factory.app.app_context():
            row = db.session.get(MODELS[kind], self.ids[kind])
            assert row is not None, f"{self.slug}'s {kind} {self.ids[kind]} is gone"
            return int(row.version)


def build_world(factory: Factory) -> World:
    """Every kind of object in ``factory``'s municipality, its texts carrying :data:`WORD`."""
    world = World(factory.slug, factory)
    world.users = factory.default_users(("admin", *MUNICIPAL_ROLES))
    member = world.users["member"]
    unit = factory.unit(
        f"{WORD}ის სამსახური ({factory.name})", kind="service",
        functions=[f"{WORD}ის აღდგენის ზედამხედველობა"],
    )
    staff = factory.staff(unit, name=f"{WORD}ის მცველი {factory.name}",
                          position="სპეციალისტი")
    plan = factory.plan(title=f"{WORD}ის სამოქმედო გეგმა ({factory.name})")
    commitment = factory.commitment(
        state=MONITORED, plan_id=plan.id, title=f"{WORD}ის გახსნა ({factory.name})",
        owner_id=member.id,
    )
    milestone = factory.milestone(commitment, title=f"{WORD}ის პროექტი ({factory.name})",
                                  owner_id=member.id)
    subgroup = factory.subgroup(DRAFT, name=f"{WORD}ის ჯგუფი ({factory.name})",
                                commitments=[commitment])
    officers = (world.users["chair"], world.users["secretary"])
    meeting = factory.meeting(
        MONITORED,
        place=f"{factory.name}, {WORD}ის დარბაზი",
        attendees=[{"user_id": u.id, "name": u.name, "organisation": f"{factory.name} მერია"}
                   for u in officers],
        agenda=[f"{WORD}ის რესტავრაცია ({factory.name})"],
        decisions=[f"{WORD}ის შესახებ ანგარიში მომზადდეს ({factory.name})."],
        discussion=f"განიხილეს {WORD}ის მდგომარეობა ({factory.name}).",
    )
    factory.action_item(meeting, title=f"{WORD}ის დათვალიერება ({factory.name})",
                        owner_id=member.id)
    report = factory.report(commitment, text=f"{WORD}ის აღწერა მომზადდა ({factory.name})",
                            files=[("ოქმი.txt", f"{WORD}: {factory.name}".encode())])
    request = factory.report_request(commitment, note=f"{WORD}ის ანგარიში ({factory.name})")
    factory.assessment(commitment, source=f"{WORD}ის შეფასება ({factory.name})")
    person = factory.person(f"{WORD}ის მემატიანე {factory.name}",
                            organisation=f"{factory.name}ის არქივი")
    world.other_person = factory.person(f"{WORD}ის მემატიანე-2 {factory.name}").id
    world.ids.update(
        plan=plan.id, commitment=commitment.id, milestone=milestone.id,
        subgroup=subgroup.id, meeting=meeting.id, unit=unit.id, staff=staff.id,
        person=person.id, progress_report=report.id, report_request=request.id,
    )
    with factory.app.app_context():
        for kind, model in (("attendee", Attendee), ("agenda_item", AgendaItem),
                            ("decision", Decision)):
            world.ids[kind] = db.session.execute(
                select(model.id).where(model.meeting_id == meeting.id).order_by(model.id)
            ).scalars().first()
        world.ids["action_item"] = db.session.execute(
            select(ActionItem.id).where(ActionItem.decision_id == world.ids["decision"])
        ).scalar_one()
        world.ids["evidence_file"] = db.session.execute(
            select(EvidenceFile.id).where(EvidenceFile.report_id == report.id)
        ).scalar_one()
    assert set(world.ids) == set(MODELS), "the world lacks a kind"
    return world


Snapshot = dict[str, list[tuple[Any, ...]]]


def changed_tables(before: Snapshot, after: Snapshot) -> list[str]:
    return sorted(name for name in before if before[name] != after[name])
