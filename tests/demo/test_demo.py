"""``flask demo``: an invented working group, loaded once however often the command runs."""

from __future__ import annotations

from sqlalchemy import func, select

from tracker.accounts.models import User
from tracker.accounts.operations import find_user
from tracker.extensions import db

from ..helpers import ROLES


def row_counts(app) -> dict[str, int]:
    with app.app_context():
        return {
            table.name: db.session.execute(select(func.count()).select_from(table)).scalar_one()
            for table in db.metadata.sorted_tables
        }


def test_demo_is_idempotent(app, runner) -> None:
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    counts = row_counts(app)
    assert counts["commitments"] > 0 and counts["milestones"] > 0 and counts["audit_entries"] > 0

    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0, second.output
    assert row_counts(app) == counts
    assert first.output != second.output  # says whether it loaded or found the data


def test_demo_has_a_user_per_role_who_can_log_in(app, runner, client) -> None:
    result = runner.invoke(args=["demo"])
    with app.app_context():
        roles = {role for (role,) in db.session.execute(select(User.role))}
    assert roles == set(ROLES)
    # The command prints how to log in; the printed credentials work.
    line = next(line for line in result.output.splitlines() if line.strip().startswith("chair"))
    _role, email, _label, password = line.split()
    assert client.login(email, password).status_code == 302


def test_demo_board_has_overdue_due_soon_and_done_items(app, runner, api) -> None:
    runner.invoke(args=["demo"])
    with app.app_context():
        chair = find_user("chair@napiri.example")
        db.session.expunge(chair)
    counts = api(chair).get("/board").get_json()["counts"]
    assert counts["overdue"] > 0
    assert counts["due_7"] > 0
    assert counts["done"] > 0
