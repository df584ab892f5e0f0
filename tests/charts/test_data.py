"""What the charts count, against hand-computed expectations on fixed dates."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tracker.audit.models import AuditEntry
from tracker.charts import data
from tracker.commitments.models import ActionPlan, Commitment, CompletionLevel, Milestone
from tracker.extensions import db
from tracker.workflow import COMPLETED, DRAFT, MONITORED, WITHDRAWN

from .conftest import PERIOD


def _transition(commitment_id: int, at: datetime, source: str, dest: str) -> None:
    """An audited transition on a day of the test's choosing (the trail is append-only:
    inserting is what the engine does too)."""
    commitment = db.session.get(Commitment, commitment_id)
    db.session.add(AuditEntry(
        municipality_id=commitment.municipality_id, object_type="commitment",
        object_id=commitment_id, action="transition", from_state=source, to_state=dest, at=at,
    ))


def _done(milestone_id: int, at: datetime) -> None:
    milestone = db.session.get(Milestone, milestone_id)
    milestone.done, milestone.done_at = True, at


def charted(statements: list[str]) -> list[str]:
    """The statements a chart asked, without the reloads of rows the factories' commits
    expired (the municipality the test works in, the plan)."""
    return [s for s in statements
            if "FROM municipalities" not in s and "FROM action_plans" not in s]


def noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def test_sample_days_are_weekly_for_a_short_plan_and_monthly_for_a_long_one() -> None:
    step, days = data.sample_days(date(2020, 1, 1), date(2020, 1, 20))
    assert step == "week"
    assert days == [date(2020, 1, 1), date(2020, 1, 8), date(2020, 1, 15), date(2020, 1, 20)]
    step, days = data.sample_days(date(2020, 1, 15), date(2021, 3, 1))
    assert step == "month"
    assert days[:3] == [date(2020, 1, 15), date(2020, 2, 1), date(2020, 3, 1)]
    assert days[-1] == date(2021, 3, 1) and len(days) == 15
    assert data.sample_days(date(2020, 2, 1), date(2020, 1, 1)) == ("week", [])


def test_state_on_reads_the_transitions_of_the_audit_trail() -> None:
    history = [(date(2020, 1, 5), DRAFT, MONITORED), (date(2020, 1, 20), MONITORED, COMPLETED)]
    assert data.state_on(date(2020, 1, 1), COMPLETED, history) == DRAFT
    assert data.state_on(date(2020, 1, 5), COMPLETED, history) == MONITORED
    assert data.state_on(date(2020, 1, 19), COMPLETED, history) == MONITORED
    assert data.state_on(date(2020, 2, 1), COMPLETED, history) == COMPLETED
    assert data.state_on(date(2020, 2, 1), COMPLETED, []) == COMPLETED  # no history: as now


def test_overdue_series_matches_a_hand_count(app_ctx, make_plan, make_commitment,
                                             make_milestone) -> None:
    plan = make_plan(period_start=PERIOD[0], period_end=PERIOD[1])
    a = make_commitment(plan_id=plan.id, deadline=date(2020, 1, 10), title="A")
    b = make_commitment(plan_id=plan.id, deadline=date(2020, 1, 25), title="B")
    c = make_commitment(plan_id=plan.id, deadline=date(2020, 1, 5), title="C")
    m1 = make_milestone(b, deadline=date(2020, 1, 15))
    make_milestone(b, deadline=date(2020, 2, 10))  # m2: never done
    make_milestone(c, deadline=date(2020, 1, 20))  # m3: its commitment withdrawn on 01/02
    m4 = make_milestone(b, deadline=date(2020, 1, 1))
    _transition(a.id, noon(date(2020, 1, 5)), DRAFT, MONITORED)
    _transition(a.id, noon(date(2020, 1, 20)), MONITORED, COMPLETED)
    _transition(c.id, noon(date(2020, 2, 1)), DRAFT, WITHDRAWN)
    _done(m1.id, noon(date(2020, 2, 3)))
    # 22:00 UTC on 22/01 is 02:00 on 23/01 in Tbilisi: not yet done on the 22nd.
    _done(m4.id, datetime(2020, 1, 22, 22, 0, tzinfo=UTC))
    db.session.flush()

    series = data.overdue(db.session.get(ActionPlan, plan.id), date(2020, 2, 15))

    assert series.step == "week"
    assert [(p.day.strftime("%d/%m"), p.commitments, p.milestones) for p in series.points] == [
        ("01/01", 0, 0),
        ("08/01", 1, 1),  # C; m4
        ("15/01", 2, 1),  # A (monitored, past 10/01), C; m4
        ("22/01", 1, 3),  # C (A completed on the 20th); m1, m3, m4 (done after midnight)
        ("29/01", 2, 2),  # B, C; m1, m3
        ("05/02", 1, 0),  # B (C withdrawn); m1 done on the 3rd, m3's commitment withdrawn
        ("12/02", 1, 1),  # B; m2
        ("15/02", 1, 1),  # today, the last point
    ]


def test_overdue_stops_at_the_period_end_and_is_empty_before_it_begins(
        app_ctx, make_plan) -> None:
    plan = db.session.get(ActionPlan, make_plan(period_start=PERIOD[0],
                                                period_end=PERIOD[1]).id)
    assert data.overdue(plan, date(2021, 6, 1)).points[-1].day == PERIOD[1]
    assert data.overdue(plan, date(2019, 12, 1)).points == ()


def test_completion_counts_milestones_per_commitment(app_ctx, make_plan, make_commitment,
                                                     make_milestone, query_counter) -> None:
    plan = make_plan(period_start=PERIOD[0], period_end=PERIOD[1])
    first = make_commitment(plan_id=plan.id, number=1, milestones=0)
    for day in (3, 4, 5, 6):
        make_milestone(first, deadline=date(2020, 2, day))
    ids = [m.id for m in db.session.get(Commitment, first.id).milestones]
    for ident in ids[:2]:
        _done(ident, noon(date(2020, 2, 1)))
    make_commitment(plan_id=plan.id, number=2, milestones=0)
    make_commitment(plan_id=plan.id, number=3, state=WITHDRAWN)
    db.session.flush()
    loaded = db.session.get(ActionPlan, plan.id)

    with query_counter() as queries:
        chart = data.completion(loaded, date(2020, 2, 15))

    # (the factories' commits expired the municipality the test works in: reloading it is
    # the test's cost, not the chart's)
    assert len(charted(queries.statements)) == 1, queries.statements
    assert [(b.number, b.done, b.total, b.level) for b in chart.bars] == [
        (1, 2, 4, CompletionLevel.SUBSTANTIAL),
        (2, 0, 0, CompletionLevel.NOT_STARTED),
    ]  # the withdrawn commitment has no bar


def test_each_chart_asks_a_fixed_number_of_queries(app_ctx, make_plan, make_commitment,
                                                   query_counter) -> None:
    plan = make_plan(period_start=PERIOD[0], period_end=PERIOD[1])
    loaded = db.session.get(ActionPlan, plan.id)
    today = date(2020, 2, 15)

    def counts() -> dict[str, int]:
        result = {}
        for name, (compute, _draw) in {
            "timeline": (data.timeline, None), "overdue": (data.overdue, None),
            "attendance": (data.attendance, None),
        }.items():
            with query_counter() as queries:
                compute(loaded, today)
            result[name] = len(charted(queries.statements))
        return result

    make_commitment(plan_id=plan.id, milestones=1, deadline=date(2020, 3, 1))
    db.session.flush()
    few = counts()
    for _ in range(5):
        make_commitment(plan_id=plan.id, milestones=2, deadline=date(2020, 3, 1))
    db.session.flush()
    assert counts() == few
    assert max(few.values()) <= 3, few


def test_timeline_rows_and_axis(app_ctx, make_plan, make_commitment, make_milestone) -> None:
    plan = make_plan(period_start=PERIOD[0], period_end=PERIOD[1])
    c = make_commitment(plan_id=plan.id, number=1, start_date=date(2019, 12, 1),
                        deadline=date(2020, 2, 1))
    make_milestone(c, deadline=date(2020, 4, 15))
    chart = data.timeline(db.session.get(ActionPlan, plan.id), date(2020, 2, 15))
    assert (chart.start, chart.end) == (date(2019, 12, 1), date(2020, 4, 15))
    [row] = chart.rows
    assert (row.start, row.end, row.done) == (date(2019, 12, 1), date(2020, 2, 1), False)
    assert [m.deadline for m in row.milestones] == [date(2020, 4, 15)]


def test_attendance_counts_present_attendees_by_kind(app, factory, make_plan,
                                                     make_meeting) -> None:
    plan = make_plan(period_start=PERIOD[0], period_end=PERIOD[1])
    people = [
        {"name": "ნინო", "organisation": "მერია", "org_kind": "government"},
        {"name": "გიორგი", "organisation": "მერია", "org_kind": "government"},
        {"name": "ანა", "organisation": "გამჭვირვალობის ცენტრი", "org_kind": "civil_society"},
        {"name": "ლევანი", "organisation": "ფონდი", "org_kind": "donor",
         "presence": "absent"},
    ]
    held = make_meeting(MONITORED, date=date(2020, 1, 20), attendees=people)
    make_meeting(date=date(2020, 2, 12), attendees=[])  # a draft: nobody recorded it held
    make_meeting(WITHDRAWN, date=date(2020, 2, 11))      # not held
    make_meeting(MONITORED, date=date(2019, 12, 20))      # before the period
    make_meeting(MONITORED, date=date(2020, 3, 20))       # after "today"
    factory.elsewhere().meeting(MONITORED, date=date(2020, 1, 21))  # another city's

    with app.app_context():  # unrestricted, as the command line: the plan's city only
        chart = data.attendance(db.session.get(ActionPlan, plan.id), date(2020, 3, 1))

    [first] = chart.meetings
    assert (first.meeting_id, first.day) == (held.id, date(2020, 1, 20))
    assert first.counts == {"government": 2, "civil_society": 1, "donor": 0, "other": 0}
