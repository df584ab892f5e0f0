"""``flask demo``: an invented city's working group, idempotent.

Everything is created through the same operations as the web pages, so the demo also has
a real audit trail. Dates are relative to the day the demo is first loaded, so the board
always has overdue, due-soon and done items.
"""

from __future__ import annotations

from datetime import date, timedelta

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from ..accounts.models import User
from ..accounts.operations import create_user, find_user
from ..commitments import operations as commitment_ops
from ..commitments.models import ActionPlan, OgpValue
from ..directory.models import Unit
from ..directory.operations import reindex_unit
from ..extensions import db
from ..i18n import local_today
from .meetings import load_meetings

PLAN_TITLE = "ნაპირის ღია მმართველობის სამოქმედო გეგმა 2026–2027"

USERS = [
    # email, name, role, password
    ("admin@napiri.example", "ლევან ადმინისტრატორი", "admin", "demo-admin-2026"),
    ("chair@napiri.example", "თამარ გელაშვილი", "chair", "demo-chair-2026"),
    ("secretary@napiri.example", "ნათია ბერიძე", "secretary", "demo-secretary-2026"),
    ("member@napiri.example", "გიორგი კვარაცხელია", "member", "demo-member-2026"),
    ("member2@napiri.example", "ეკა ლომიძე", "member", "demo-member2-2026"),
    ("observer@napiri.example", "დავით ჩიხლაძე", "observer", "demo-observer-2026"),
]

UNITS = [
    # name, parent, kind
    ("ნაპირის მუნიციპალიტეტის მერია", None, "municipality"),
    ("იურიდიული სამსახური", "ნაპირის მუნიციპალიტეტის მერია", "service"),
    ("ადმინისტრაციული სამსახური", "ნაპირის მუნიციპალიტეტის მერია", "service"),
    ("მუნიციპალური სერვისების განვითარების სააგენტო", "ნაპირის მუნიციპალიტეტის მერია",
     "agency"),
    ("საერთაშორისო ურთიერთობების განყოფილება", "ნაპირის მუნიციპალიტეტის მერია", "department"),
]

# title, problem, unit, owner email, start offset, deadline offset, target state,
# milestones: (title, deadline offset, done)
COMMITMENTS = [
    (
        "ელექტრონული პეტიციის სისტემა",
        "მოქალაქეებს არ აქვთ მარტივი გზა, მერიას წინადადება წარუდგინონ.",
        "მუნიციპალური სერვისების განვითარების სააგენტო",
        "member@napiri.example",
        -120,
        25,
        "monitored",
        [
            ("პეტიციის წესის პროექტი", -30, True),
            ("ვებპლატფორმის სატესტო ვერსია", -5, False),
            ("საჯარო განხილვა", 4, False),
        ],
    ),
    (
        "მერიის საჯარო ინფორმაციის ღია მონაცემები",
        "საჯარო ინფორმაცია ქვეყნდება სკანირებული დოკუმენტების სახით.",
        "ადმინისტრაციული სამსახური",
        "member2@napiri.example",
        -90,
        3,
        "monitored",
        [("მონაცემთა ნაკრებების ნუსხა", -40, True), ("პირველი 10 ნაკრების გამოქვეყნება", 2, False)],
    ),
    (
        "ბიუჯეტის მოქალაქეთა გზამკვლევი",
        "ბიუჯეტი რთულად იკითხება მოქალაქისთვის.",
        "იურიდიული სამსახური",
        "member@napiri.example",
        -200,
        -10,
        "monitored",
        [("გზამკვლევის მონახაზი", -60, True), ("დიზაინი და ბეჭდვა", -12, False)],
    ),
    (
        "სამუშაო ჯგუფის სხდომების ოქმების გამოქვეყნება",
        "სხდომების ოქმები მხოლოდ ქაღალდზე ინახება.",
        "ადმინისტრაციული სამსახური",
        "member2@napiri.example",
        -60,
        60,
        "monitored",
        [("ოქმების შაბლონი", -20, True), ("არქივის გამოქვეყნება", 20, False)],
    ),
    (
        "საჯარო განხილვების კალენდარი",
        "მოქალაქეები გვიან იგებენ საჯარო განხილვების შესახებ.",
        "საერთაშორისო ურთიერთობების განყოფილება",
        "member@napiri.example",
        -300,
        -40,
        "completed",
        [("კალენდრის გვერდი", -80, True), ("შეტყობინებების გაგზავნა", -50, True)],
    ),
    (
        "ახალგაზრდული საბჭოს ჩართულობა",
        "ახალგაზრდები იშვიათად მონაწილეობენ გადაწყვეტილებების მიღებაში.",
        "მუნიციპალური სერვისების განვითარების სააგენტო",
        "member2@napiri.example",
        10,
        150,
        "draft",
        [("საბჭოს დებულება", 40, False)],
    ),
    (
        "შესყიდვების მონიტორინგის პორტალი",
        "",
        None,
        None,
        None,
        None,
        "draft",
        [],
    ),
    (
        "ქაღალდის მიმოწერის შემცირება",
        "მიმოწერა ძირითადად ქაღალდზე მიმდინარეობს.",
        "ადმინისტრაციული სამსახური",
        "member@napiri.example",
        -150,
        90,
        "withdrawn",
        [("ელექტრონული ხელმოწერის დანერგვა", 30, False)],
    ),
]


def _ensure_units() -> dict[str, Unit]:
    units = {u.name: u for u in db.session.execute(select(Unit)).scalars()}
    for name, parent, kind in UNITS:
        if name not in units:
            unit = Unit(name=name, parent_id=units[parent].id if parent else None, kind=kind)
            db.session.add(unit)
            reindex_unit(unit)  # the directory search finds it
            units[name] = unit
    return units


def _ensure_users() -> dict[str, User]:
    users = {}
    for email, name, role, password in USERS:
        users[email] = find_user(email) or create_user(email, name, role, password)
    return users


def load_demo(today: date) -> bool:
    """Create the demo data unless it exists; returns whether anything was created."""
    units = _ensure_units()
    users = _ensure_users()
    if db.session.execute(select(ActionPlan.id).where(ActionPlan.title == PLAN_TITLE)).first():
        return False
    chair = users["chair@napiri.example"]
    plan = commitment_ops.create_plan(
        chair,
        {
            "title": PLAN_TITLE,
            "period_start": date(today.year, 1, 1),
            "period_end": date(today.year + 1, 12, 31),
            "description": "ქალაქის მეორე სამოქმედო გეგმა, შემუშავებული სამოქალაქო "
            "საზოგადოებასთან ერთად.",
        },
    )
    values = [OgpValue.ACCESS_TO_INFORMATION.value, OgpValue.CIVIC_PARTICIPATION.value]
    created = []
    for title, problem, unit, owner, start, deadline, state, milestones in COMMITMENTS:
        commitment = commitment_ops.create_commitment(
            chair,
            {
                "plan_id": plan.id,
                "title": title,
                "problem": problem,
                "description": f"{title}: ვალდებულების აღწერა.",
                "ogp_values": values,
                "lead_unit_id": units[unit].id if unit else None,
                "owner_id": users[owner].id if owner else None,
                "other_actors": "არასამთავრობო ორგანიზაციები",
                "start_date": today + timedelta(days=start) if start is not None else None,
                "deadline": today + timedelta(days=deadline) if deadline is not None else None,
            },
        )
        for m_title, m_due, _done in milestones:
            commitment_ops.add_milestone(
                commitment,
                chair,
                {
                    "title": m_title,
                    "owner_id": commitment.owner_id,
                    "deadline": today + timedelta(days=m_due),
                },
            )
        db.session.flush()
        db.session.refresh(commitment)
        created.append(commitment)
        if state == "draft":
            continue
        commitment_ops.transition_commitment(commitment, chair, "monitored", "დამტკიცდა")
        for milestone, (_t, _d, done) in zip(commitment.milestones, milestones, strict=True):
            if done:
                commitment_ops.mark_milestone_done(
                    milestone,
                    chair,
                    {"evidence": "ანგარიში ატვირთულია", "version": milestone.version},
                )
        if state == "completed":
            commitment_ops.update_commitment(
                commitment,
                chair,
                {
                    "completion_evidence": "კალენდარი მუშაობს მერიის საიტზე.",
                    "version": commitment.version,
                },
            )
            commitment_ops.transition_commitment(commitment, chair, "completed")
        elif state == "withdrawn":
            commitment_ops.transition_commitment(
                commitment, chair, "withdrawn", "ჩანაცვლდა ეროვნული პროგრამით."
            )
    load_meetings(today, users, units, created)
    return True


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Load the demo working group (safe to run again)."""
    created = load_demo(local_today())
    db.session.commit()
    click.echo("Demo data loaded." if created else "Demo data already present.")
    click.echo("")
    click.echo("Open http://127.0.0.1:5000 and log in as one of:")
    for email, _name, role, password in USERS:
        click.echo(f"  {role:<10} {email:<28} password: {password}")
