"""The drawings: valid, accessible, static SVG whose marks say what the data says."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tracker.charts import NAMES, data, render, svg
from tracker.commitments.models import ActionPlan, Commitment
from tracker.extensions import db
from tracker.workflow import COMPLETED, MONITORED

from .conftest import PERIOD, SVG, georgian, groups, parse, texts

TODAY = date(2020, 2, 15)
HOSTILE = '<script>alert("x")</script> & \'quoted\' "title" ' + "ძალიან გრძელი სათაური " * 10


@pytest.fixture
def plan(app_ctx, make_plan, make_commitment, make_milestone, make_meeting) -> ActionPlan:
    plan = make_plan(period_start=PERIOD[0], period_end=PERIOD[1])
    first = make_commitment(plan_id=plan.id, number=1, title=HOSTILE, milestones=0,
                            start_date=date(2020, 1, 1), deadline=date(2020, 2, 1))
    make_milestone(first, deadline=date(2020, 1, 20))
    make_commitment(plan_id=plan.id, number=2, title="ღია მონაცემები", milestones=0,
                    deadline=date(2020, 3, 1))
    make_meeting(MONITORED, date=date(2020, 1, 20), attendees=[
        {"name": "ნინო", "organisation": "მერია", "org_kind": "government"},
        {"name": "ანა", "organisation": "<b>NGO</b>", "org_kind": "civil_society"},
    ])
    return db.session.get(ActionPlan, plan.id)


@pytest.mark.parametrize("name", NAMES)
def test_every_chart_is_static_accessible_georgian_svg(plan, name) -> None:
    root = parse(render(plan, name, TODAY))
    assert georgian(root.find(f"{SVG}title").text)
    assert georgian(root.find(f"{SVG}desc").text)


@pytest.mark.parametrize("name", NAMES)
def test_every_chart_of_an_empty_plan_says_so(app_ctx, make_plan, name) -> None:
    empty = db.session.get(ActionPlan, make_plan(period_start=PERIOD[0],
                                                 period_end=PERIOD[1]).id)
    root = parse(render(empty, name, TODAY if name != "overdue" else date(2019, 6, 1)))
    [message] = groups(root, "empty") or [t for t in root.iter(f"{SVG}text")
                                          if t.get("class") == "empty"]
    assert georgian(message.text)


def test_a_hostile_title_is_text_escaped_and_cut(plan) -> None:
    text = render(plan, "completion", TODAY)
    assert "<script" not in text and "&lt;script&gt;" in text
    root = parse(text)
    first = groups(root, "row")[0]
    label = texts(first)[:2]
    assert " ".join(label).startswith('1. <script>alert("x")</script> & \'quoted\'')
    assert label[1].endswith("…") and len(label[1]) <= svg.chars_for(300, 12)
    tip = first.find(f"{SVG}title").text
    assert HOSTILE.strip() in tip  # the whole title stays in the tooltip
    # the organisation typed as markup is never markup either
    assert "<b>" not in render(plan, "attendance", TODAY)


@pytest.mark.parametrize("name", NAMES)
def test_a_stored_control_character_never_breaks_the_xml(plan, name) -> None:
    """Rows stored before the text cleaner may hold a character XML 1.0 forbids: the chart
    leaves it out and stays a valid image."""
    for commitment in db.session.scalars(select(Commitment).where(Commitment.plan_id == plan.id)):
        commitment.title = "ვერტიკალური\x0bტაბულაცია\x1f"
    db.session.flush()
    text = render(plan, name, TODAY)
    parse(text)
    assert "\x0b" not in text and "\x1f" not in text


def test_completion_has_a_bar_per_commitment_with_its_level(plan) -> None:
    chart = data.completion(plan, TODAY)
    root = parse(svg.completion(chart))
    rows = groups(root, "row")
    assert len(rows) == len(chart.bars) == 2
    for row, bar in zip(rows, chart.bars, strict=True):
        assert row.get("data-level") == bar.level.value
        level = next(t for t in row.iter(f"{SVG}text") if t.get("class") == "level")
        assert level.text == "არ დაწყებულა"  # not started: nothing done yet
        value = next(t for t in row.iter(f"{SVG}text") if t.get("class") == "value")
        assert value.text == ("შესრულებულია 1 ეტაპიდან 0" if bar.total else "ეტაპები არ აქვს")


def test_timeline_draws_today_and_the_milestones(plan) -> None:
    root = parse(render(plan, "timeline", TODAY))
    assert len(groups(root, "row")) == 2
    assert [g.get("data-done") for g in groups(root, "milestone")] == ["no"]
    [today] = groups(root, "today")
    assert "15/02/2020" in texts(today)[0]
    # 15/02 is 45 days into an axis of 90 (01/01 – 31/03): half-way across the chart.
    line = today.find(f"{SVG}line")
    x = float(line.get("x1"))
    assert x == pytest.approx(264 + (900 - 264 - 24) * 45 / 90, abs=0.1)
    outside = parse(render(plan, "timeline", date(2021, 1, 1)))
    assert not groups(outside, "today")
    assert any("01/01/2021" in t for t in texts(outside))


def test_overdue_points_carry_the_counts(plan) -> None:
    series = data.overdue(plan, TODAY)
    root = parse(svg.overdue(series))
    for key, value_of in (("commitments", lambda p: p.commitments),
                          ("milestones", lambda p: p.milestones)):
        [group] = groups(root, f"series--{key}")
        points = groups(group, "point")
        assert [(p.get("data-day"), int(p.get("data-value"))) for p in points] == [
            (point.day.isoformat(), value_of(point)) for point in series.points]
    # commitment 1 (due 01/02) and its milestone (due 20/01) are overdue on the 15th
    assert (series.points[-1].commitments, series.points[-1].milestones) == (1, 1)


def test_attendance_stacks_the_kinds(plan) -> None:
    root = parse(render(plan, "attendance", TODAY))
    [row] = groups(root, "row")
    segments = {g.get("data-kind"): int(g.get("data-count")) for g in groups(row, "segment")}
    assert segments == {"government": 1, "civil_society": 1}
    assert next(t for t in row.iter(f"{SVG}text") if t.get("class") == "total").text == "2"


def test_a_meeting_without_attendees_says_so(app_ctx) -> None:
    """A held meeting has someone present (its guard), but an old imported record may
    not: the drawing says so instead of a bar of nothing."""
    nobody = data.MeetingBalance(1, 1, date(2020, 1, 10), None,
                                 {kind: 0 for kind in ("government", "civil_society",
                                                       "donor", "other")})
    root = parse(svg.attendance(data.AttendanceData("გეგმა", *PERIOD, (nobody,))))
    [row] = groups(root, "row")
    assert not groups(row, "segment")
    assert any(t.get("class") == "none" for t in row.iter(f"{SVG}text"))


def test_a_completed_commitment_reads_complete(app_ctx, make_commitment) -> None:
    done = make_commitment(state=COMPLETED)
    root = parse(render(db.session.get(ActionPlan, done.plan_id), "completion", TODAY))
    [row] = groups(root, "row")
    assert row.get("data-level") == "complete"


def test_wrap_cuts_long_words_and_keeps_short_text() -> None:
    assert svg.wrap("ერთი ორი", 20) == ["ერთი ორი"]
    assert svg.wrap("ა" * 50, 10, 2) == ["ა" * 10, "ა" * 9 + "…"]
    assert svg.wrap("", 10) == []
