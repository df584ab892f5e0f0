"""Napiri: a municipality in its second action plan, well under way: monitored, completed
and withdrawn commitments, a thematic subgroup, held meetings and approved minutes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from ..accounts.models import User
from ..commitments import operations as commitment_ops
from ..commitments.models import OgpValue
from ..extensions import db
from ..i18n import tracker_zone
from .common import DemoMunicipality, Login, ensure_units
from .napiri_meetings import load_meetings
from .napiri_progress import load_progress

PLAN_TITLE = "ნაპირის ღია მმართველობის სამოქმედო გეგმა 2026–2027"
#: A donor programme's adviser: observer here, member of Mtisdziri's working group.
ADVISER = Login("adviser@programme.example", "მარიამ წერეთელი", "observer", "demo-adviser-2026")

LOGINS = (
    Login("chair@napiri.example", "თამარ გელაშვილი", "chair", "demo-chair-2026"),
    Login("secretary@napiri.example", "ნათია ბერიძე", "secretary", "demo-secretary-2026"),
    Login("member@napiri.example", "გიორგი კვარაცხელია", "member", "demo-member-2026"),
    Login("member2@napiri.example", "ეკა ლომიძე", "member", "demo-member2-2026"),
    Login("observer@napiri.example", "დავით ჩიხლაძე", "observer", "demo-observer-2026"),
    ADVISER,
)

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


def _done_on(deadline: date, today: date) -> datetime:
    """When a demo milestone was done: on its deadline (at noon in the working group's
    zone) if that is past, else today. The demo is loaded in one go; without this every
    milestone would have been done "just now", and the plan's history (the overdue chart,
    the report's "done on") would show months of overdue work done on the day of loading."""
    day = min(deadline, today)
    return datetime.combine(day, time(12), tzinfo=tracker_zone()).astimezone(UTC)


def build(today: date, users: dict[str, User]) -> None:
    """Napiri's data, inside Napiri (the caller has entered it)."""
    units = ensure_units(UNITS)
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
                "stakeholders_other": [{"unit_id": None, "name": "არასამთავრობო ორგანიზაციები"}],
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
                milestone.done_at = _done_on(milestone.deadline, today)
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
    load_progress(today, users, created)


MUNICIPALITY = DemoMunicipality(
    slug="napiri",
    name="ნაპირის მუნიციპალიტეტი",
    logins=LOGINS,
    plan_title=PLAN_TITLE,
    build=build,
)
