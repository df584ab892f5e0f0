"""Generate a benchmark data set: municipalities of city size, up to the national set.

    DATABASE_URL=sqlite:////tmp/city.db .venv/bin/python bench/dataset.py              # 1 city
    DATABASE_URL=sqlite:////tmp/city10.db .venv/bin/python bench/dataset.py --per-city 10
    DATABASE_URL=sqlite:////tmp/national.db .venv/bin/python bench/dataset.py --scale 100
    .venv/bin/python bench/dataset.py --scale 100 \
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/tracker_bench

One *city* (size 1) is what a large Georgian municipality tracks: about 108 commitments in
two action plans, 513 milestones, 200 meetings of the working group and its subgroups with
Georgian minutes (the generator of bench/archive.py), 604 action items, 6 subgroups, about
30 people with roles and 14 units. ``--scale S`` makes S municipalities of that size (100:
the national set, about 10,800 commitments, 51,300 milestones, 60,400 action items and
20,000 meetings); ``--cities N --per-city F`` makes N municipalities of F times that size
(``--per-city 10``: one municipality ten times a city), and ``--measured-size F`` makes the
first municipality, the one measured, another size.

The data is the application's own: the schema comes from the migrations (``db upgrade``),
every row carries its municipality, states are ones the workflows reach (a monitored
commitment has its owner, lead unit, dates and milestones; a completed one has every
milestone done and its evidence; approved minutes are signed by both officers), versions
and audit entries follow the transitions, deadlines spread around today (overdue, due in 7
and 30 days, later, done), and the minutes are indexed by the application's own indexing
function (``MEETING_INDEX.replace`` of ``meeting_document``, a batch a transaction). Rows
are written with SQLAlchemy Core ``executemany``, a municipality a transaction.

The database must be empty, or named with ``--fresh``: then an SQLite file is deleted and a
PostgreSQL database dropped and created. It prints the login of the measured municipality's
chair, an API token for it and the counts; ``--info FILE`` writes them as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import sqlalchemy as sa  # noqa: E402
from archive import NAMES, ORGS, SURNAMES, TOPICS, minutes_for  # noqa: E402
from flask import Flask  # noqa: E402
from sqlalchemy.orm import selectinload  # noqa: E402
from werkzeug.security import generate_password_hash  # noqa: E402

from tracker import create_app  # noqa: E402
from tracker.accounts.models import User  # noqa: E402
from tracker.accounts.tokens import issue_token  # noqa: E402
from tracker.audit.models import AuditEntry  # noqa: E402
from tracker.commitments.models import ActionPlan, Commitment, Milestone  # noqa: E402
from tracker.directory.models import StaffMember, Unit  # noqa: E402
from tracker.directory.operations import reindex_unit  # noqa: E402
from tracker.extensions import db  # noqa: E402
from tracker.i18n import local_today  # noqa: E402
from tracker.meetings.minutes import MEETING_INDEX, meeting_document  # noqa: E402
from tracker.meetings.models import (  # noqa: E402
    ActionItem,
    AgendaItem,
    Attendee,
    Decision,
    Meeting,
)
from tracker.municipalities.models import Membership, Municipality  # noqa: E402
from tracker.people.models import Person, person_key  # noqa: E402
from tracker.subgroups.models import Subgroup, subgroup_commitments, subgroup_members  # noqa: E402

PASSWORD = "bench-password-2026"
#: One city: the sizes the brief of issue 10 gives for a large municipality.
CITY = {"commitments": 108, "milestones": 513, "meetings": 200, "action_items": 604,
        "subgroups": 6, "members": 24, "units": 14}
UNIT_NAMES = [
    "მერია", "ადმინისტრაციული სამსახური", "იურიდიული სამსახური", "ფინანსური სამსახური",
    "ეკონომიკური განვითარების სამსახური", "ინფრასტრუქტურის სამსახური",
    "სოციალური სამსახური", "კულტურისა და სპორტის სამსახური", "ზედამხედველობის სამსახური",
    "შიდა აუდიტის სამსახური", "საზოგადოებასთან ურთიერთობის განყოფილება",
    "ციფრული სერვისების განყოფილება", "შესყიდვების განყოფილება", "არქივის განყოფილება",
    "ტრანსპორტის განყოფილება", "გარემოს დაცვის განყოფილება", "განათლების განყოფილება",
    "ჯანდაცვის განყოფილება", "ტურიზმის განყოფილება", "ახალგაზრდობის განყოფილება",
]
#: The tables in the order rows are written (parents first).
TABLES: tuple[Any, ...] = (
    Municipality.__table__, User.__table__, Membership.__table__, Unit.__table__,
    StaffMember.__table__, ActionPlan.__table__, Commitment.__table__, Milestone.__table__,
    Subgroup.__table__, subgroup_members, subgroup_commitments, Person.__table__,
    Meeting.__table__, Attendee.__table__, AgendaItem.__table__, Decision.__table__,
    ActionItem.__table__, AuditEntry.__table__,
)
INDEX_BATCH = 200


@dataclass
class Plan:
    """What to generate: ``cities`` municipalities; the first of size ``measured``."""

    cities: int = 1
    per_city: float = 1.0
    measured: float | None = None

    def size(self, index: int) -> float:
        return self.measured if index == 0 and self.measured is not None else self.per_city


@dataclass
class Ids:
    """The next id of each table: rows get ids here so their children can name them."""

    next: dict[str, int] = field(default_factory=dict)

    def take(self, table: str) -> int:
        value = self.next.get(table, 1)
        self.next[table] = value + 1
        return value


@dataclass
class City:
    """One municipality's rows, table by table, and what the printout names."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    chair_email: str = ""
    slug: str = ""
    id: int = 0
    meeting_ids: list[int] = field(default_factory=list)
    unit_ids: list[int] = field(default_factory=list)


def _count(base: int, size: float) -> int:
    return max(1, round(base * size))


def _offset_days(rng: random.Random) -> int:
    """A deadline's distance from today: every bucket of the board gets its share."""
    roll = rng.random()
    if roll < 0.30:
        return -rng.randint(1, 540)   # past: overdue or done
    if roll < 0.40:
        return rng.randint(0, 7)
    if roll < 0.55:
        return rng.randint(8, 30)
    return rng.randint(31, 600)


def _phrase(rng: random.Random) -> str:
    return rng.choice(TOPICS[rng.choice(list(TOPICS))])


def build_city(index: int, size: float, ids: Ids, rng: random.Random, today: date,
               now: datetime, password_hash: str) -> City:
    """The rows of one municipality of ``size`` cities."""
    city = City()
    rows = city.rows
    mid = ids.take("municipalities")
    city.id = mid
    city.slug = f"bench-{index + 1:03d}"
    rows["municipalities"].append({
        "id": mid, "slug": city.slug, "name": f"საცდელი მუნიციპალიტეტი {index + 1:03d}",
        "public": index % 2 == 0, "created_at": now - timedelta(days=900), "version": 1,
    })

    # People with roles: chair, secretary, members, observers. -------------------------
    def user(role: str, n: int = 0) -> int:
        uid = ids.take("users")
        email = f"{role}{n or ''}@{city.slug}.example"
        name = f"{rng.choice(NAMES)} {rng.choice(SURNAMES)}"
        rows["users"].append({
            "id": uid, "email": email, "name": name, "instance_role": None, "language": "ka",
            "password_hash": password_hash,
            "active": True, "created_at": now - timedelta(days=800), "version": 1,
        })
        rows["memberships"].append({"id": ids.take("memberships"), "user_id": uid,
                                    "municipality_id": mid, "role": role})
        return uid

    chair = user("chair")
    city.chair_email = f"chair@{city.slug}.example"
    secretary = user("secretary")
    members = [user("member", n) for n in range(1, _count(CITY["members"], size ** 0.5) + 1)]
    for n in range(1, 4):
        user("observer", n)
    owners = [chair, *members]

    # Units (a root and its services) and their staff. -----------------------------------
    unit_count = min(len(UNIT_NAMES), CITY["units"] + round(2 * (size - 1) ** 0.5 if size > 1
                                                            else 0))
    units = []
    for position, name in enumerate(UNIT_NAMES[:unit_count]):
        uid = ids.take("units")
        units.append(uid)
        rows["units"].append({
            "id": uid, "municipality_id": mid, "name": name,
            "parent_id": None if position == 0 else units[0],
            "kind": "municipality" if position == 0 else "service",
            "hotline": None, "functions": [f"{_phrase(rng)}."], "version": 1,
        })
    city.unit_ids = units
    staffed = list(members)
    rng.shuffle(staffed)
    for uid in units:
        for n in range(3):
            account = staffed.pop() if staffed and n == 1 else None
            rows["staff_members"].append({
                "id": ids.take("staff_members"), "municipality_id": mid, "unit_id": uid,
                "name": f"{rng.choice(NAMES)} {rng.choice(SURNAMES)}",
                "position": "უფროსი" if n == 0 else "სპეციალისტი", "rank": None,
                "category": None, "phone": None, "email": None, "is_head": n == 0,
                "position_order": n, "user_id": account, "version": 1,
            })

    # Plans, commitments, milestones, with their audit trail. ---------------------------
    plans = []
    for title, start, end in (("სამოქმედო გეგმა 2023-2024", date(2023, 1, 1), date(2024, 12, 31)),
                              ("სამოქმედო გეგმა 2025-2027", date(2025, 1, 1), date(2027, 12, 31))):
        pid = ids.take("action_plans")
        plans.append(pid)
        rows["action_plans"].append({
            "id": pid, "municipality_id": mid, "title": title, "period_start": start,
            "period_end": end, "description": "", "created_at": now - timedelta(days=800),
            "version": 1,
        })

    def audit(object_type: str, object_id: int, action: str, at: datetime,
              from_state: str | None = None, to_state: str | None = None,
              changes: dict[str, Any] | None = None) -> None:
        rows["audit_entries"].append({
            "id": ids.take("audit_entries"), "municipality_id": mid, "at": at,
            "actor_id": chair, "object_type": object_type, "object_id": object_id,
            "action": action, "from_state": from_state, "to_state": to_state,
            "changes": changes, "comment": None,
        })

    commitment_count = _count(CITY["commitments"], size)
    milestone_budget = _count(CITY["milestones"], size)
    commitments: list[int] = []
    numbers = defaultdict(int)
    for n in range(commitment_count):
        cid = ids.take("commitments")
        commitments.append(cid)
        plan = plans[0] if n < commitment_count // 4 else plans[1]
        numbers[plan] += 1
        roll = rng.random()
        state = ("draft" if roll < 0.12 else "monitored" if roll < 0.78
                 else "completed" if roll < 0.95 else "withdrawn")
        deadline = today + timedelta(days=_offset_days(rng))
        if state == "completed":
            deadline = today - timedelta(days=rng.randint(1, 500))
        start = deadline - timedelta(days=rng.randint(60, 500))
        by_person = rng.random() < 0.6
        created = now - timedelta(days=rng.randint(100, 900))
        title = f"{_phrase(rng)}: {_phrase(rng)}"
        rows["commitments"].append({
            "id": cid, "municipality_id": mid, "plan_id": plan, "number": numbers[plan],
            "title": title[:300], "problem": f"{_phrase(rng)} — პრობლემა.",
            "description": f"{_phrase(rng)}. {_phrase(rng)}.",
            "ogp_values": rng.sample(["access_to_information", "civic_participation",
                                      "public_accountability", "technology_and_innovation"],
                                     2),
            "lead_unit_id": rng.choice(units[1:]),
            "owner_id": rng.choice(owners) if by_person else None,
            "owner_unit_id": None if by_person else rng.choice(units[1:]),
            "start_date": start, "deadline": deadline,
            "completion_evidence": "ანგარიში გამოქვეყნებულია." if state == "completed" else "",
            "state": state, "created_at": created,
            "version": {"draft": 1, "monitored": 2, "completed": 3, "withdrawn": 3}[state],
        })
        audit("commitment", cid, "create", created, changes={"title": [None, title[:300]]})
        if state != "draft":
            audit("commitment", cid, "transition", created + timedelta(days=5), "draft",
                  "monitored")
        if state in ("completed", "withdrawn"):
            audit("commitment", cid, "transition", created + timedelta(days=60), "monitored",
                  state)
        # Milestones: spread the city's budget, at least one per commitment.
        left = commitment_count - n
        count = max(1, min(9, round(milestone_budget / left + rng.uniform(-2, 2))))
        milestone_budget -= count
        for k in range(count):
            due = start + (deadline - start) * (k + 1) // count
            done = state == "completed" or (due < today and rng.random() < 0.7)
            mid_ = ids.take("milestones")
            by_person = rng.random() < 0.7
            rows["milestones"].append({
                "id": mid_, "municipality_id": mid, "commitment_id": cid,
                "title": f"{_phrase(rng)} ({k + 1})",
                "owner_id": rng.choice(owners) if by_person else None,
                "owner_unit_id": None if by_person else rng.choice(units[1:]),
                "deadline": due, "done": done,
                "done_at": datetime.combine(min(due, today), clock(12), UTC) if done else None,
                "evidence": "შესრულდა." if done else "", "created_at": created,
                "version": 2 if done else 1,
            })
            audit("milestone", mid_, "create", created)

    # Subgroups with members and linked commitments. ------------------------------------
    subgroups = []
    for n in range(_count(CITY["subgroups"], size)):
        sid = ids.take("subgroups")
        subgroups.append(sid)
        roll = rng.random()
        state = "draft" if roll < 0.15 else "monitored" if roll < 0.85 else "completed"
        lead = rng.choice(members)
        rows["subgroups"].append({
            "id": sid, "municipality_id": mid, "name": f"ქვეჯგუფი {n + 1}: {_phrase(rng)}",
            "unit_id": rng.choice(units[1:]), "lead_id": lead,
            "deliverable": f"{_phrase(rng)} — ანგარიში",
            "deliverable_deadline": today + timedelta(days=_offset_days(rng)),
            "deliverable_result": "წარდგენილია." if state == "completed" else "",
            "state": state, "created_at": now - timedelta(days=700),
            "version": {"draft": 1, "monitored": 2, "completed": 3}[state],
        })
        for uid in {lead, *rng.sample(members, min(4, len(members)))}:
            rows["subgroup_members"].append({"subgroup_id": sid, "user_id": uid})
        for cid in rng.sample(commitments, min(3, len(commitments))):
            rows["subgroup_commitments"].append({"subgroup_id": sid, "commitment_id": cid})

    # Meetings with minutes, people of the records, action items. ----------------------
    people: dict[str, int] = {}

    def person(name: str, organisation: str) -> int:
        key = person_key(name, organisation)
        if key not in people:
            people[key] = ids.take("people")
            rows["people"].append({
                "id": people[key], "municipality_id": mid, "name": name,
                "organisation": organisation, "position": "", "key": key, "user_id": None,
                "staff_member_id": None, "created_at": now - timedelta(days=700), "version": 1,
            })
        return people[key]

    # The people who come to its meetings: a pool, not a new crowd at every meeting.
    pool = list({(f"{rng.choice(NAMES)} {rng.choice(SURNAMES)}", rng.choice(ORGS))
                 for _ in range(_count(60, size ** 0.5))})
    meeting_count = _count(CITY["meetings"], size)
    action_budget = _count(CITY["action_items"], size)
    first_day = today - timedelta(days=5 * 365)
    span = (today + timedelta(days=30) - first_day).days
    group_numbers: dict[int | None, int] = defaultdict(int)
    held_left = sum(1 for n in range(meeting_count)
                    if first_day + timedelta(days=span * n // meeting_count) <= today)
    for n in range(meeting_count):
        meeting_id = ids.take("meetings")
        city.meeting_ids.append(meeting_id)
        day = first_day + timedelta(days=span * n // meeting_count)
        group = rng.choice(subgroups) if rng.random() < 0.2 else None
        group_numbers[group] += 1
        age = (today - day).days
        state = "draft" if age < 0 else "monitored" if age < 45 else "completed"
        minutes = minutes_for(rng)
        signed = datetime.combine(day + timedelta(days=7), clock(10), UTC)
        rows["meetings"].append({
            "id": meeting_id, "municipality_id": mid, "subgroup_id": group,
            "number": group_numbers[group], "place": "მერიის სხდომათა დარბაზი", "date": day,
            "start_time": clock(11), "end_time": clock(13), "chair_id": chair,
            "secretary_id": secretary, "chair_person_id": None, "secretary_person_id": None,
            "authority": "", "discussion": "" if state == "draft" else minutes["discussion"],
            "chair_signed_at": signed if state == "completed" else None,
            "secretary_signed_at": signed if state == "completed" else None,
            "import_fingerprint": None, "import_review": None, "state": state,
            "created_at": datetime.combine(day - timedelta(days=10), clock(9), UTC),
            "version": {"draft": 1, "monitored": 3, "completed": 6}[state],
        })
        created = datetime.combine(day - timedelta(days=10), clock(9), UTC)
        audit("meeting", meeting_id, "create", created)
        if state != "draft":
            audit("meeting", meeting_id, "transition", created + timedelta(days=10), "draft",
                  "monitored")
        if state == "completed":
            audit("meeting", meeting_id, "transition", signed, "monitored", "completed")
        for position, title in enumerate(minutes["agenda"], 1):
            rows["agenda_items"].append({
                "id": ids.take("agenda_items"), "municipality_id": mid,
                "meeting_id": meeting_id, "position": position, "title": title,
                "discussion": "", "version": 1,
            })
        if state == "draft":
            continue
        for name, organisation in rng.sample(pool, min(8, len(pool))):
            rows["attendees"].append({
                "id": ids.take("attendees"), "municipality_id": mid,
                "meeting_id": meeting_id, "user_id": None,
                "person_id": person(name, organisation), "name": name,
                "organisation": organisation, "position": "",
                "org_kind": rng.choice(["government", "civil_society", "donor"]),
                "presence": "present" if rng.random() < 0.85 else "absent", "remote": False,
                "version": 1,
            })
        for uid, presence in ((chair, "present"), (secretary, "present")):
            rows["attendees"].append({
                "id": ids.take("attendees"), "municipality_id": mid,
                "meeting_id": meeting_id, "user_id": uid, "person_id": None, "name": "",
                "organisation": "მერია", "position": "", "org_kind": "government",
                "presence": presence, "remote": False, "version": 1,
            })
        decisions = []
        for number, text in enumerate(minutes["decisions"], 1):
            decision_id = ids.take("decisions")
            decisions.append(decision_id)
            rows["decisions"].append({
                "id": decision_id, "municipality_id": mid, "meeting_id": meeting_id,
                "number": number, "text": text, "version": 1,
            })
        count = max(0, min(8, round(action_budget / max(1, held_left) + rng.uniform(-1.5, 1.5))))
        action_budget -= count
        held_left -= 1
        for _ in range(count):
            due = day + timedelta(days=rng.randint(7, 400))
            roll = rng.random()
            if due < today:
                state_ = "done" if roll < 0.75 else "cancelled" if roll < 0.8 else "open"
            else:
                state_ = "done" if roll < 0.1 else "open"
            how = rng.random()
            rows["action_items"].append({
                "id": ids.take("action_items"), "municipality_id": mid,
                "decision_id": rng.choice(decisions), "title": f"{_phrase(rng)} — შესრულება",
                "owner_id": rng.choice(owners) if how < 0.5 else None,
                "owner_unit_id": rng.choice(units[1:]) if 0.5 <= how < 0.8 else None,
                "owner_person_id": None,
                "owner_text": "სამუშაო ჯგუფი" if how >= 0.8 else "", "deadline": due,
                "commitment_id": rng.choice(commitments) if rng.random() < 0.3 else None,
                "state": state_, "note": "",
                "closed_at": (datetime.combine(min(due, today), clock(12), UTC)
                              if state_ != "open" else None),
                "created_at": datetime.combine(day, clock(14), UTC),
                "version": 1 if state_ == "open" else 2,
            })
    return city


# Writing ----------------------------------------------------------------------------------
def write(city: City) -> None:
    """The municipality's rows, a table at a time (executemany), parents first."""
    for table in TABLES:
        batch = city.rows.get(table.name)
        if batch:
            db.session.execute(sa.insert(table), batch)


def index_minutes(meeting_ids: list[int]) -> None:
    """The archive's index, filled by the application's own indexing function: the same
    document (``meeting_document``) into the same table (``MEETING_INDEX.replace``)."""
    for first in range(0, len(meeting_ids), INDEX_BATCH):
        chunk = meeting_ids[first:first + INDEX_BATCH]
        meetings = db.session.execute(
            sa.select(Meeting).where(Meeting.id.in_(chunk)).options(
                selectinload(Meeting.subgroup), selectinload(Meeting.chair),
                selectinload(Meeting.secretary), selectinload(Meeting.chair_person),
                selectinload(Meeting.secretary_person), selectinload(Meeting.agenda),
                selectinload(Meeting.attendees).selectinload(Attendee.user),
                selectinload(Meeting.attendees).selectinload(Attendee.person),
                selectinload(Meeting.decisions).selectinload(Decision.action_items),
            )
        ).scalars()
        for meeting in meetings:
            MEETING_INDEX.replace(meeting.id, meeting_document(meeting))
        db.session.expunge_all()


def index_units(unit_ids: list[int]) -> None:
    for unit_id in unit_ids:
        reindex_unit(db.session.get(Unit, unit_id))


def fix_sequences() -> None:
    """Rows were written with their ids: PostgreSQL's sequences must go past them, or the
    application's next insert collides."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in TABLES:
        if "id" in table.c:
            db.session.execute(sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"(SELECT coalesce(max(id), 0) + 1 FROM {table.name}), false)"))


def recreate(url: str) -> None:
    """An empty database at ``url``: the SQLite file deleted, the PostgreSQL one remade."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        return
    server = sa.engine.make_url(url)
    admin = sa.create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT",
                             poolclass=sa.pool.NullPool)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{server.database}" WITH (FORCE)')
        conn.exec_driver_sql(
            f"CREATE DATABASE \"{server.database}\" TEMPLATE template0 ENCODING 'UTF8'")
    admin.dispose()


def bench_app(url: str) -> Flask:
    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": secrets.token_hex(32)})


def generate(url: str, plan: Plan, *, seed: int = 2026, fresh: bool = False,
             quiet: bool = False) -> dict[str, Any]:
    """Build the data set; returns what the printout says (login, token, counts)."""
    from flask_migrate import upgrade

    def say(text: str, end: str = "\n") -> None:
        if not quiet:
            print(text, end=end, file=sys.stderr, flush=True)

    if fresh:
        recreate(url)
    app = bench_app(url)
    started = time.perf_counter()
    with app.app_context():
        upgrade()
        if db.session.execute(sa.select(sa.func.count()).select_from(Municipality)).scalar():
            raise SystemExit(f"{url} already holds municipalities: name --fresh to remake it")
        rng = random.Random(seed)
        today = local_today()
        now = datetime.now(UTC)
        password_hash = generate_password_hash(PASSWORD)
        ids = Ids()
        measured: City | None = None
        for index in range(plan.cities):
            city = build_city(index, plan.size(index), ids, rng, today, now, password_hash)
            write(city)
            index_minutes(city.meeting_ids)
            index_units(city.unit_ids)
            db.session.commit()
            if measured is None:
                measured = city
            say(f"\r  {index + 1}/{plan.cities} municipalities "
                f"({time.perf_counter() - started:.0f} s)", end="")
        say("")
        fix_sequences()
        admin = User(email="admin@bench.example", name="ადმინისტრატორი", instance_role="admin",
                     password_hash=password_hash)
        db.session.add(admin)
        assert measured is not None
        chair = db.session.execute(
            sa.select(User).where(User.email == measured.chair_email)).scalar_one()
        _row, token = issue_token(chair, "bench")
        db.session.commit()
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()
        counts = {
            table.name: db.session.execute(
                sa.select(sa.func.count()).select_from(table)).scalar_one()
            for table in TABLES
        }
        counts["meeting_search"] = db.session.execute(sa.text(
            "SELECT count(*) FROM meeting_search_fts" if db.engine.dialect.name == "sqlite"
            else "SELECT count(*) FROM meeting_search")).scalar_one()
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()
    return {
        "database_url": url, "municipality": measured.slug,
        "municipality_size": plan.size(0), "cities": plan.cities, "per_city": plan.per_city,
        "email": measured.chair_email, "password": PASSWORD, "role": "chair", "token": token,
        "admin_email": "admin@bench.example", "seconds": round(time.perf_counter() - started),
        "counts": counts,
    }


def database_url(given: str | None) -> str:
    url = given or os.environ.get("DATABASE_URL")
    if not url:
        raise SystemExit("name the database: DATABASE_URL=… or --database-url …")
    from tracker.config import normalise_database_url

    return normalise_database_url(url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="default: $DATABASE_URL")
    parser.add_argument("--scale", type=int, help="S municipalities of city size "
                        "(100: the national set); the same as --cities S --per-city 1")
    parser.add_argument("--cities", type=int, default=1, help="municipalities (default 1)")
    parser.add_argument("--per-city", type=float, default=1.0,
                        help="size of each municipality in cities (default 1)")
    parser.add_argument("--measured-size", type=float,
                        help="size of the first municipality, the one measured")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--fresh", action="store_true",
                        help="delete the SQLite file / drop and create the PostgreSQL database")
    parser.add_argument("--info", type=Path, help="also write the printout as JSON here")
    args = parser.parse_args()
    plan = Plan(cities=args.scale or args.cities,
                per_city=1.0 if args.scale else args.per_city, measured=args.measured_size)
    info = generate(database_url(args.database_url), plan, seed=args.seed, fresh=args.fresh)
    if args.info:
        args.info.write_text(json.dumps(info, ensure_ascii=False, indent=2) + "\n")
    print(f"{info['cities']} municipalities in {info['seconds']} s; measured: "
          f"{info['municipality']} (size {info['municipality_size']}×)")
    for name, count in info["counts"].items():
        print(f"  {name:<22} {count:>8}")
    print(f"login: {info['email']} / {info['password']} (chair of {info['municipality']}); "
          f"admin: {info['admin_email']}, same password")
    print(f"API token: {info['token']}")


if __name__ == "__main__":
    main()
