"""Saving an imported action plan: the plan, its commitments and milestones, in draft.

The grammar (``tracker/importing/plan``) only reads the document; this module matches what
it read to the municipality — lead units and stakeholders to the directory, contact persons
and those responsible for milestones to the people with a role there (names folded:
Mtavruli, case, spacing) — and saves through the commitments' operations, so every change
is checked and audited like an edit by hand. A name that matches nothing is never dropped:
it stays a free-text stakeholder, or the lead unit, contact person or milestone's
responsible as the plan names them (``lead_unit_text``, ``owner_text``), and the result
lists it for the review. A name that matches clears such text: the link says it.

Importing the same plan again finds it by its title and each commitment by its number (then
its title): a draft is updated (its milestones merged by title) — or reported unchanged when
the document says nothing new —, a commitment that is monitored, completed or withdrawn is
left as it is and reported as skipped. A milestone the document no longer lists is kept (it
may hold evidence) and named in the result, for the chair to remove by hand if it is gone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from ..accounts.models import User
from ..directory.models import Unit
from ..errors import PermissionDenied, ValidationFailed
from ..extensions import db
from ..importing.plan import ParsedCommitment, ParsedMilestone, ParsedPlan
from ..text import clean_text, fold
from ..workflow import DRAFT
from . import operations as ops
from .models import ActionPlan, Commitment, Milestone

CREATE, UPDATE, UNCHANGED, SKIP = "create", "update", "unchanged", "skip"
ACTIONS = (CREATE, UPDATE, UNCHANGED, SKIP)


@dataclass
class CommitmentOutcome:
    """What saving did (or, in a dry run, would do) with one commitment of the document."""

    number: int | None
    title: str
    action: str  # one of ACTIONS
    commitment_id: int | None = None
    state: str | None = None  # the state of a commitment skipped or updated
    lead_unit: str | None = None  # the directory unit matched
    owner: str | None = None  # the account matched
    stakeholders_matched: list[str] = field(default_factory=list)
    kept_as_text: list[str] = field(default_factory=list)  # names that matched nothing
    milestones_added: int = 0
    milestones_updated: int = 0
    milestones_without_date: list[str] = field(default_factory=list)
    # Milestones of the stored draft that the document no longer lists (kept).
    milestones_not_in_document: list[str] = field(default_factory=list)


@dataclass
class PlanImportResult:
    plan_title: str
    plan_id: int | None
    plan_created: bool
    dry_run: bool
    commitments: list[CommitmentOutcome] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(outcome.action == action for outcome in self.commitments)

    def as_json(self) -> dict[str, Any]:
        from dataclasses import asdict

        return {"plan_id": self.plan_id, "plan_title": self.plan_title,
                "plan_created": self.plan_created, "dry_run": self.dry_run,
                "commitments": [asdict(outcome) for outcome in self.commitments],
                "summary": {action: self.count(action) for action in ACTIONS}}


class _Directory:
    """The municipality's units and people, by folded name, read once per import."""

    def __init__(self) -> None:
        self.units = {_key(unit.name): unit
                      for unit in db.session.execute(select(Unit)).scalars()}
        self.users = {_key(user.name): user for user in db.session.execute(
            select(User).where(User.in_scope(), User.active.is_(True))).scalars()}

    def unit(self, text: str) -> Unit | None:
        """The unit of that name; or the unit whose name the text ends with ("ქ. ლაზურეთის
        მერიის ფინანსური სამსახური" is the directory's "ფინანსური სამსახური"); or, when the
        text goes on to name the city hall ("Finance Department, Okromta City Hall"), the
        unit before that."""
        key = _key(text)
        if not key:
            return None
        head, comma, rest = key.partition(",")
        candidates = [key] + ([head.strip()] if comma and _HALL.search(rest) else [])
        for candidate in candidates:
            if candidate in self.units:
                return self.units[candidate]
            endings = [name for name in self.units if candidate.endswith(" " + name)]
            if endings:
                return self.units[max(endings, key=len)]
        return None

    def user(self, text: str) -> User | None:
        """The person of that name: the whole text, or its first part ("name, position,
        e-mail")."""
        for candidate in (text, text.split(",")[0], text.split(" - ")[0], text.split(" – ")[0]):
            found = self.users.get(_key(candidate))
            if found is not None:
                return found
        return None


_HALL = re.compile(r"(?<!\w)(?:city hall|municipality|mayor|მერი(?:ა|ის|ისა)?|"
                   r"მუნიციპალიტეტ\w*|საკრებულო\w*)(?!\w)")


def _key(text: str) -> str:
    return " ".join(fold(text or "").replace("„", " ").replace("“", " ").split())


def _as_text(name: str) -> str:
    """A name as a one-line field keeps it (``lead_unit_text``, ``owner_text``: 300
    characters), through the one cleaner."""
    return " ".join(clean_text(name).split())[:300]


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied()


def save_plan(parsed: ParsedPlan, actor: User, *, dry_run: bool = False) -> PlanImportResult:
    """Create or update the plan and its draft commitments (see the module's docstring).
    With ``dry_run`` every step runs in a savepoint that is rolled back: the result says
    what would be saved, refusals included, and nothing is."""
    _require(ActionPlan.may_create(actor) and Commitment.may_create(actor))
    savepoint = db.session.begin_nested()
    try:
        result = _save(parsed, actor, dry_run)
    except BaseException:
        savepoint.rollback()
        raise
    if dry_run:
        savepoint.rollback()
    else:
        savepoint.commit()
    return result


def _save(parsed: ParsedPlan, actor: User, dry_run: bool) -> PlanImportResult:
    title = " ".join(parsed.title.split())
    if not title:
        raise ValidationFailed({"title": [_("The plan's title could not be read.")]})
    plan = db.session.execute(
        select(ActionPlan).where(ActionPlan.title == title)).scalar_one_or_none()
    created = plan is None
    if plan is None:
        if parsed.period_start is None or parsed.period_end is None:
            raise ValidationFailed({"period": [
                _("The plan's period could not be read: create the plan by hand, with this "
                  "title, then import it again.")]})
        plan = ops.create_plan(actor, {"title": title, "period_start": parsed.period_start,
                                       "period_end": parsed.period_end,
                                       "description": parsed.description})
        db.session.flush()
    result = PlanImportResult(title, plan.id, created, dry_run)
    directory = _Directory()
    existing = list(db.session.execute(
        select(Commitment).where(Commitment.plan_id == plan.id)).scalars())
    claimed: set[int] = set()
    for item in parsed.commitments:
        found = _matching(existing, item, claimed)
        result.commitments.append(_save_commitment(plan, item, found, actor, directory))
    if dry_run:
        result.plan_id = None if created else plan.id
    return result


def _matching(existing: list[Commitment], item: ParsedCommitment,
              claimed: set[int]) -> Commitment | None:
    for row in existing:
        if row.id not in claimed and item.number is not None and row.number == item.number:
            claimed.add(row.id)
            return row
    for row in existing:
        if row.id not in claimed and item.title and _key(row.title) == _key(item.title):
            claimed.add(row.id)
            return row
    return None


def _stakeholders(names: list[str], directory: _Directory,
                  outcome: CommitmentOutcome) -> list[dict[str, Any]]:
    entries = []
    for name in names:
        unit = directory.unit(name)
        if unit is not None:
            entries.append({"unit_id": unit.id, "name": unit.name})
            outcome.stakeholders_matched.append(unit.name)
        else:
            entries.append({"unit_id": None, "name": name[:300]})
    return entries


def _save_commitment(plan: ActionPlan, item: ParsedCommitment, row: Commitment | None,
                     actor: User, directory: _Directory) -> CommitmentOutcome:
    outcome = CommitmentOutcome(item.number, item.title, CREATE if row is None else UPDATE)
    if row is not None:
        outcome.commitment_id, outcome.state = row.id, row.state
        if row.state != DRAFT:
            outcome.action = SKIP
            return outcome
    kept: list[str] = []
    # What the document names, as the commitment's fields: the link, or else the words.
    named: dict[str, Any] = {}
    lead = directory.unit(item.lead_unit) if item.lead_unit else None
    if lead is not None:
        outcome.lead_unit = lead.name
        named.update(lead_unit_id=lead.id, lead_unit_text="")
    elif item.lead_unit:
        named["lead_unit_text"] = _as_text(item.lead_unit)
        outcome.kept_as_text.append(item.lead_unit)
    owner = directory.user(item.owner) if item.owner else None
    if owner is not None:
        outcome.owner = owner.name
        named.update(owner_id=owner.id, owner_text="")
    elif item.owner:
        # Not a person with an account: the name, with what the plan adds about them.
        named["owner_text"] = _as_text(f"{item.owner} ({item.owner_contact})"
                                       if item.owner_contact else item.owner)
        outcome.kept_as_text.append(item.owner)
    deadline = item.deadline
    milestones: list[tuple[ParsedMilestone, dict[str, Any]]] = []
    for milestone in item.milestones:
        due = milestone.deadline or deadline
        if due is None:
            kept.append(_("Milestone without a date: %(title)s", title=milestone.title))
            outcome.milestones_without_date.append(milestone.title)
            continue
        data: dict[str, Any] = {"title": milestone.title[:300], "deadline": due,
                                "owner_id": None, "owner_unit_id": None}
        if milestone.responsible_text:
            unit = directory.unit(milestone.responsible_text)
            person = directory.user(milestone.responsible_text) if unit is None else None
            data["owner_text"] = ""
            if unit is not None:
                data["owner_unit_id"] = unit.id
            elif person is not None:
                data["owner_id"] = person.id
            else:
                data["owner_text"] = _as_text(milestone.responsible_text)
                outcome.kept_as_text.append(milestone.responsible_text)
        milestones.append((milestone, data))
    additional = "\n".join(part for part in (item.additional_info, *kept) if part)
    data = {
        "title": item.title[:300] or _("Commitment %(number)s", number=item.number or "?"),
        "problem": item.problem, "description": item.description, "solution": item.solution,
        "ogp_values": list(item.ogp_values), "value_relevance": dict(item.value_relevance),
        "start_date": item.start_date, "deadline": deadline,
        "stakeholders_government": _stakeholders(item.stakeholders_government, directory,
                                                 outcome),
        "stakeholders_other": _stakeholders(item.stakeholders_other, directory, outcome),
        "budget_amount": item.budget_amount, "budget_currency": item.budget_currency or "GEL",
        "budget_note": item.budget_note, "programme_links": item.programme_links,
        "sdgs": list(item.sdgs), "additional_info": additional,
    }
    if row is None:
        data.update(named, plan_id=plan.id, number=item.number)
        row = ops.create_commitment(actor, data)
        db.session.flush()
        outcome.commitment_id = row.id
        _merge_milestones(row, milestones, actor, outcome)
        return outcome
    # What the document does not say keeps its stored value.
    given = {key: value for key, value in data.items()
             if value not in (None, "", [], {}) or key == "additional_info"}
    given.update(named)  # a name the document gives, linked or as text, and no other
    version = row.version
    ops.update_commitment(row, actor, {**given, "version": row.version})  # flushes
    _merge_milestones(row, milestones, actor, outcome)
    if row.version == version and not (outcome.milestones_added or outcome.milestones_updated):
        outcome.action = UNCHANGED
    return outcome


def _merge_milestones(row: Commitment, milestones: list[tuple[ParsedMilestone, dict[str, Any]]],
                      actor: User, outcome: CommitmentOutcome) -> None:
    """Milestones by title, each stored one matched once, in order (a plan may repeat a title:
    "monitoring report" in May and in November are two): a known one is updated where the
    document differs, a new one is added; one the document no longer lists stays (it may
    hold evidence) and is named."""
    known: dict[str, list[Milestone]] = {}
    for milestone in db.session.execute(
            select(Milestone).where(Milestone.commitment_id == row.id)
            .order_by(Milestone.deadline, Milestone.id)).scalars():
        known.setdefault(_key(milestone.title), []).append(milestone)
    for _parsed, data in milestones:
        same_title = known.get(_key(data["title"])) or []
        # The one due that day, else the first of that title not yet matched.
        current = next((m for m in same_title if m.deadline == data["deadline"]),
                       same_title[0] if same_title else None)
        if current is None:
            ops.add_milestone(row, actor, data)
            outcome.milestones_added += 1
            continue
        same_title.remove(current)
        changed = {key: value for key, value in data.items()
                   if getattr(current, key) != value
                   and (value is not None or key not in ("owner_id", "owner_unit_id"))}
        if changed:
            ops.update_milestone(current, actor, {**changed, "version": current.version})
            outcome.milestones_updated += 1
    without_date = {_key(title) for title in outcome.milestones_without_date}
    outcome.milestones_not_in_document = [
        milestone.title for key, left in known.items() for milestone in left
        if key not in without_date]
    db.session.flush()
