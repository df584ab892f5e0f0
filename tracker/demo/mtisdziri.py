"""Mtisdziri: a municipality that has just joined, early in its first action plan: draft
commitments (one ready to approve, one still missing its owner, one a bare title) and its
working group's first meeting scheduled, with an agenda and nothing held yet."""

from __future__ import annotations

from datetime import date, time, timedelta

from ..accounts.models import User
from ..commitments import operations as commitment_ops
from ..commitments.models import OgpValue
from ..meetings import minutes as minutes_ops
from ..meetings import operations as meeting_ops
from .common import DemoMunicipality, Login, ensure_units
from .napiri import ADVISER

PLAN_TITLE = "მთისძირის ღია მმართველობის პირველი სამოქმედო გეგმა 2026–2027"
HALL = "მთისძირის მუნიციპალიტეტის მერია"
ECONOMY = "ეკონომიკური განვითარების სამსახური"
TOURISM = "ტურიზმის განვითარების განყოფილება"

LOGINS = (
    Login("chair@mtisdziri.example", "ირმა ცინცაძე", "chair", "demo-chair-mt-2026"),
    Login("secretary@mtisdziri.example", "ზურაბ ქობალია", "secretary",
          "demo-secretary-mt-2026"),
    Login("member@mtisdziri.example", "ნანა გოგიბერიძე", "member", "demo-member-mt-2026"),
    Login("observer@mtisdziri.example", "ბექა დოლიძე", "observer", "demo-observer-mt-2026"),
    # The same person as Napiri's observer, with another role here.
    Login(ADVISER.email, ADVISER.name, "member", ADVISER.password),
)

UNITS = [
    # name, parent, kind
    (HALL, None, "municipality"),
    (ECONOMY, HALL, "service"),
    (TOURISM, ECONOMY, "department"),
    ("საფინანსო სამსახური", HALL, "service"),
]

# title, problem, unit, owner email, start offset, deadline offset, milestones (title, due)
COMMITMENTS = [
    (
        "სოფლის მხარდაჭერის პროგრამის ღია განხილვები",
        "სოფლის პროექტებს მერია ირჩევს ისე, რომ მოსახლეობა განხილვაში არ მონაწილეობს.",
        ECONOMY,
        "member@mtisdziri.example",
        20,
        200,
        [("განხილვების წესის პროექტი", 60), ("პირველი ღია განხილვა სოფლებში", 120)],
    ),
    (
        "ტურისტული მარშრუტების ღია რუკა",
        "ტურისტული მარშრუტების შესახებ ინფორმაცია მიმოფანტულია.",
        TOURISM,
        None,
        30,
        260,
        [("მარშრუტების აღწერა", 90)],
    ),
    ("მუნიციპალური ბიუჯეტის ინფოგრაფიკა", "", None, None, None, None, []),
]

AGENDA = [
    "სამოქმედო გეგმის პროექტის წარდგენა",
    "ვალდებულებებზე პასუხისმგებელი სამსახურების განსაზღვრა",
]


def build(today: date, users: dict[str, User]) -> None:
    """Mtisdziri's data, inside Mtisdziri (the caller has entered it)."""
    units = ensure_units(UNITS)
    chair = users["chair@mtisdziri.example"]
    secretary = users["secretary@mtisdziri.example"]
    plan = commitment_ops.create_plan(chair, {
        "title": PLAN_TITLE,
        "period_start": date(today.year, 1, 1),
        "period_end": date(today.year + 1, 12, 31),
        "description": "მუნიციპალიტეტის პირველი სამოქმედო გეგმა: პროექტი განხილვის ეტაპზეა.",
    })
    for title, problem, unit, owner, start, deadline, milestones in COMMITMENTS:
        commitment = commitment_ops.create_commitment(chair, {
            "plan_id": plan.id,
            "title": title,
            "problem": problem,
            "description": f"{title}: ვალდებულების აღწერა (პროექტი).",
            "ogp_values": [OgpValue.CIVIC_PARTICIPATION.value] if problem else [],
            "lead_unit_id": units[unit].id if unit else None,
            "owner_id": users[owner].id if owner else None,
            "start_date": today + timedelta(days=start) if start is not None else None,
            "deadline": today + timedelta(days=deadline) if deadline is not None else None,
        })
        for m_title, m_due in milestones:
            commitment_ops.add_milestone(commitment, chair, {
                "title": m_title,
                "owner_id": commitment.owner_id,
                "deadline": today + timedelta(days=m_due),
            })

    meeting = meeting_ops.create_meeting(secretary, {
        "place": f"{HALL}, საკრებულოს დარბაზი",
        "date": today + timedelta(days=10),
        "start_time": time(11, 0),
        "end_time": None,
        "chair_id": chair.id,
        "secretary_id": secretary.id,
        "authority": "",
        "discussion": "",
    })
    for title in AGENDA:
        minutes_ops.add_agenda_item(meeting, secretary, {"title": title})


MUNICIPALITY = DemoMunicipality(
    slug="mtisdziri",
    name="მთისძირის მუნიციპალიტეტი",
    logins=LOGINS,
    plan_title=PLAN_TITLE,
    build=build,
)
