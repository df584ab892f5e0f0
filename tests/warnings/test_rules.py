"""Each early-warning rule on seeded data, and its silence when the rule is met."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tracker.warnings.queries import counts
from tracker.warnings.rules import RULES, Today

from ..helpers import today_of, working_in
from .conftest import (
    close_item,
    edit_commitment,
    finish_milestones,
    overdue_on_track,
    silent_subgroup,
    withdraw_commitment,
    withdraw_subgroup,
)

CODES = [rule.code for rule in RULES]


def warnings_of(api: Any, user: Any, **args: Any) -> dict[str, Any]:
    response = api(user).get("/warnings", query_string=args)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def flagged(answer: dict[str, Any]) -> set[tuple[str, int]]:
    return {(w["rule"], w["id"]) for w in answer["warnings"]}


@pytest.mark.parametrize("code", CODES)
def test_each_rule_warns_of_the_row_that_breaks_it_and_of_nothing_else(
    api, users, offending, code: str
) -> None:
    row = offending(code)
    answer = warnings_of(api, users["member"])
    assert flagged(answer) == {(code, row.id)}
    assert answer["counts"] == {c: int(c == code) for c in CODES}


def test_a_world_where_every_rule_is_met_gives_no_warning(
    api, users, factory, make_commitment, make_subgroup, make_meeting, make_action_item
) -> None:
    """Owner, lead unit and an open milestone; a subgroup that met last week; action items
    with an owner of each kind: nothing to warn of."""
    make_commitment(state="monitored")
    unit = factory.unit("იურიდიული სამსახური")
    owned_by_unit = make_commitment(state="monitored")
    edit_commitment(factory, owned_by_unit, owner_id=None, owner_unit_id=unit.id)
    silent_subgroup(factory, days_ago=7)
    meeting = make_meeting("monitored")
    make_action_item(meeting, owner_id=users["member"].id)
    make_action_item(meeting, owner_unit_id=unit.id)
    make_action_item(meeting, owner_text="მერიის იურიდიული სამსახური")
    answer = warnings_of(api, users["observer"])
    assert answer["warnings"] == [] and answer["total"] == 0
    assert set(answer["counts"].values()) == {0}


def test_withdrawn_and_finished_items_never_warn(
    api, users, factory, make_commitment, make_meeting, make_action_item
) -> None:
    today = today_of(factory.app)
    # Withdrawn commitments whatever they lack; a completed one past its deadline.
    for fields in ({"owner_id": None}, {"lead_unit_id": None}):
        commitment = make_commitment(state="monitored")
        withdraw_commitment(factory, edit_commitment(factory, commitment, **fields))
    make_commitment(state="withdrawn", start_date=today - timedelta(days=100),
                    deadline=today - timedelta(days=1), ready=True)
    make_commitment(state="completed", start_date=today - timedelta(days=100),
                    deadline=today - timedelta(days=1))
    # A draft commitment lacks an owner and milestones as a matter of course.
    make_commitment(title="მონახაზი")
    # A withdrawn subgroup that stopped meeting; action items done, cancelled, or of a
    # withdrawn meeting.
    withdraw_subgroup(factory, silent_subgroup(factory))
    meeting = make_meeting("monitored")
    close_item(factory, make_action_item(meeting), "done")
    close_item(factory, make_action_item(meeting), "cancelled")
    make_meeting("withdrawn", ready=True, action={})
    answer = warnings_of(api, users["member"])
    assert answer["warnings"] == [] and set(answer["counts"].values()) == {0}


def test_a_withdrawn_commitment_stops_warning(api, users, factory, offending) -> None:
    row = offending("commitment_no_owner")
    assert warnings_of(api, users["member"])["total"] == 1
    withdraw_commitment(factory, row)
    assert warnings_of(api, users["member"])["warnings"] == []


def test_fixing_a_row_ends_its_warning_at_once(api, users, factory, offending) -> None:
    row = offending("commitment_no_open_milestone")
    assert warnings_of(api, users["member"])["total"] == 1
    factory.milestone(row, title="შემდეგი ეტაპი")
    assert warnings_of(api, users["member"])["total"] == 0


def test_deadline_passed_needs_open_milestones(api, users, factory, make_commitment) -> None:
    today = today_of(factory.app)
    late = make_commitment(state="monitored", start_date=today - timedelta(days=50),
                           deadline=today - timedelta(days=1))
    finish_milestones(factory, late)
    due_today = make_commitment(state="monitored", start_date=today - timedelta(days=50),
                                deadline=today)
    answer = warnings_of(api, users["member"])
    # All done: no "deadline passed", but nothing open either (that rule's warning).
    assert flagged(answer) == {("commitment_no_open_milestone", late.id)}
    assert due_today.id not in {w["id"] for w in answer["warnings"]}


def test_a_recent_progress_report_or_a_recent_start_is_no_warning(
    api, users, factory, make_commitment, app
) -> None:
    """Started 100 days ago: a report 10 days old keeps it quiet, one 70 days old does not;
    started 30 days ago it has its 60 days; the horizon is a setting."""
    today = today_of(factory.app)
    reported = make_commitment(state="monitored", start_date=today - timedelta(days=100))
    factory.report(reported, reported_on=today - timedelta(days=10))
    stale = make_commitment(state="monitored", start_date=today - timedelta(days=100))
    factory.report(stale, reported_on=today - timedelta(days=70))
    young = make_commitment(state="monitored")  # started 30 days ago
    assert flagged(warnings_of(api, users["member"])) == {("commitment_no_report", stale.id)}
    app.config["TRACKER_WARN_REPORT_DAYS"] = 20
    answer = warnings_of(api, users["member"])
    assert {(c, i) for c, i in flagged(answer) if c == "commitment_no_report"} == {
        ("commitment_no_report", stale.id), ("commitment_no_report", young.id)}


def test_without_a_start_date_the_report_horizon_runs_from_its_creation(
    factory, make_commitment, app
) -> None:
    """A monitored commitment whose start date was taken away warns once it has existed
    ``report_days`` days without a report; one that starts later does not yet."""
    today = today_of(factory.app)
    undated = make_commitment(state="monitored")
    edit_commitment(factory, undated, start_date=None)
    make_commitment(state="monitored", start_date=today + timedelta(days=10))
    with working_in(app):
        now = Today.current()
        assert counts(now)["commitment_no_report"] == 0
        later = Today(now.day + timedelta(days=61), now.subgroup_days, now.report_days)
        assert counts(later)["commitment_no_report"] == 1


def test_overdue_on_track_reads_the_newest_report_only(api, users, factory) -> None:
    """Overdue but reported delayed; on track with nothing overdue; on track, then delayed:
    no warning. Delayed, then on track again while overdue: the warning."""
    today = today_of(factory.app)
    overdue_on_track(factory, today, "დაგვიანებით", status="delayed")
    overdue_on_track(factory, today, "ვადაში", overdue=False)
    honest = overdue_on_track(factory, today, "ჯერ გეგმით")
    factory.report(honest, status="at_risk")
    relapsed = overdue_on_track(factory, today, "ისევ გეგმით", status="delayed")
    factory.report(relapsed, status="on_track")
    answer = warnings_of(api, users["member"])
    assert flagged(answer) == {("commitment_overdue_on_track", relapsed.id)}


def test_a_subgroup_that_met_recently_or_will_meet_soon_does_not_warn(
    api, users, factory, make_meeting
) -> None:
    today = today_of(factory.app)
    silent_subgroup(factory, days_ago=30)
    scheduled = silent_subgroup(factory, days_ago=90)
    make_meeting("draft", subgroup_id=scheduled.id, date=today + timedelta(days=5))
    late = silent_subgroup(factory, days_ago=61)
    assert flagged(warnings_of(api, users["member"])) == {("subgroup_no_meeting", late.id)}


def test_the_subgroup_horizon_is_a_setting(api, users, factory, app) -> None:
    group = silent_subgroup(factory, days_ago=20)
    assert warnings_of(api, users["member"])["total"] == 0
    app.config["TRACKER_WARN_SUBGROUP_DAYS"] = 14
    answer = warnings_of(api, users["member"])
    assert flagged(answer) == {("subgroup_no_meeting", group.id)}
    assert "14" in answer["warnings"][0]["message"]


def test_a_new_subgroup_that_never_met_warns_once_it_is_old_enough(factory, app) -> None:
    """Formed today, it has its 60 days to meet; 61 days on, silence warns."""
    group = factory.subgroup("monitored", members=[factory.user("member")])
    factory.subgroup("draft")  # a proposed one is not expected to meet
    with working_in(app):
        today = Today.current()
        assert counts(today)["subgroup_no_meeting"] == 0
        later = Today(today.day + timedelta(days=61), today.subgroup_days, today.report_days)
        assert counts(later)["subgroup_no_meeting"] == 1
    assert group.id


def test_every_rule_declares_what_the_page_and_the_api_need() -> None:
    codes = [rule.code for rule in RULES]
    assert len(codes) == len(set(codes))
    for rule in RULES:
        assert rule.kind in ("commitment", "subgroup", "action_item")
        assert str(rule.title) and str(rule.action)
        assert (rule.days is not None) == ("%(days)d" in rule.title._args[0])
