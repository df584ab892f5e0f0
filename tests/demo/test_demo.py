"""``flask demo``: two invented municipalities at different stages and a national
coordinator, loaded once however often the command runs."""

from __future__ import annotations

from sqlalchemy import func, select

from tracker.accounts.models import User
from tracker.accounts.operations import find_user
from tracker.commitments.models import Commitment
from tracker.demo import napiri
from tracker.extensions import db
from tracker.meetings.models import Meeting
from tracker.municipalities.models import Membership, Municipality

MUNICIPAL_ROLES = {"chair", "secretary", "member", "observer"}


def row_counts(app) -> dict[str, int]:
    with app.app_context():
        return {
            table.name: db.session.execute(select(func.count()).select_from(table)).scalar_one()
            for table in db.metadata.sorted_tables
        }


def logins(output: str) -> dict[tuple[str, str], str]:
    """The printed logins: ``{(email, role): password}``."""
    found = {}
    for line in output.splitlines():
        words = line.split()
        if len(words) >= 3 and "@" in words[0]:
            found[(words[0], words[2])] = words[1]
    return found


def states_by_municipality(app, model: type) -> dict[str, set[str]]:
    with app.app_context():
        rows = db.session.execute(
            select(Municipality.slug, model.state)
            .join(Municipality, Municipality.id == model.municipality_id)
        )
        found: dict[str, set[str]] = {}
        for slug, state in rows:
            found.setdefault(slug, set()).add(state)
        return found


def test_demo_is_idempotent(app, runner) -> None:
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    counts = row_counts(app)
    assert counts["municipalities"] == 2
    assert counts["commitments"] > 0 and counts["milestones"] > 0 and counts["audit_entries"] > 0

    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0, second.output
    assert row_counts(app) == counts
    assert first.output != second.output  # says whether it loaded or found the data
    assert "napiri: demo data already present." in second.output


def test_demo_builds_two_municipalities_at_different_stages(app, runner) -> None:
    assert runner.invoke(args=["demo"]).exit_code == 0
    commitments = states_by_municipality(app, Commitment)
    meetings = states_by_municipality(app, Meeting)
    # Napiri is under way: monitored and completed commitments, approved minutes.
    assert {"monitored", "completed"} <= commitments["napiri"]
    assert {"monitored", "completed"} <= meetings["napiri"]
    # Mtisdziri has just begun: drafts only, its first meeting scheduled.
    assert commitments["mtisdziri"] == {"draft"}
    assert meetings["mtisdziri"] == {"draft"}


def test_demo_has_every_role_in_each_municipality_and_a_coordinator(app, runner) -> None:
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        instance = set(db.session.execute(
            select(User.instance_role).where(User.instance_role.is_not(None))
        ).scalars())
        held = {
            slug: set(db.session.execute(
                select(Membership.role).join(Municipality).where(Municipality.slug == slug)
            ).scalars())
            for slug in ("napiri", "mtisdziri")
        }
        adviser = find_user("adviser@programme.example")
        roles = {slug: adviser.role_in(Municipality.by_slug(slug).id)
                 for slug in ("napiri", "mtisdziri")}
    assert instance == {"admin", "coordinator"}
    assert held == {"napiri": MUNICIPAL_ROLES, "mtisdziri": MUNICIPAL_ROLES}
    # One person, two roles: an observer in one municipality, a member in the other.
    assert roles == {"napiri": "observer", "mtisdziri": "member"}


def test_demo_prints_every_login_and_each_works(app, runner, client) -> None:
    result = runner.invoke(args=["demo"])
    printed = logins(result.output)
    with app.app_context():
        emails = set(db.session.execute(select(User.email)).scalars())
    assert {email for email, _role in printed} == emails
    assert ("coordinator@ogp-georgia.example", "coordinator") in printed
    assert ("adviser@programme.example", "observer") in printed
    assert ("adviser@programme.example", "member") in printed
    for (email, _role), password in sorted(printed.items()):
        browser = app.test_client()
        assert browser.login(email, password).status_code == 302, email


def test_demo_of_one_municipality_then_the_other(app, runner) -> None:
    only = runner.invoke(args=["demo", "--municipality", "mtisdziri"])
    assert only.exit_code == 0, only.output
    with app.app_context():
        assert [m.slug for m in Municipality.ordered()] == ["mtisdziri"]
    assert "napiri" not in only.output.split("\n\n")[0]
    both = runner.invoke(args=["demo"])
    assert "mtisdziri: demo data already present." in both.output
    assert "napiri: demo data loaded." in both.output
    counts = row_counts(app)
    assert counts["municipalities"] == 2
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert row_counts(app) == counts


def test_demo_refuses_an_unknown_municipality(app, runner) -> None:
    result = runner.invoke(args=["demo", "--municipality", "atlantis"])
    assert result.exit_code == 2
    assert row_counts(app)["municipalities"] == 0


def test_the_coordinator_reads_both_municipalities(app, runner, api) -> None:
    runner.invoke(args=["demo"])
    with app.app_context():
        coordinator = find_user("coordinator@ogp-georgia.example")
        db.session.expunge(coordinator)
    items = api(coordinator).get("/commitments").get_json()["items"]
    assert {item["municipality"] for item in items} == {"napiri", "mtisdziri"}


def test_demo_board_has_overdue_due_soon_and_done_items(app, runner, api) -> None:
    runner.invoke(args=["demo"])
    with app.app_context():
        chair = find_user("chair@napiri.example")
        db.session.expunge(chair)
    counts = api(chair).get("/board").get_json()["counts"]
    assert counts["overdue"] > 0
    assert counts["due_7"] > 0
    assert counts["done"] > 0


def test_a_demo_loaded_before_municipalities_is_recognised(app, runner, factory) -> None:
    """Migration 0003 moved an older demo into the first municipality (``city`` here): the
    demo finds its plan there instead of loading Napiri a second time."""
    chair = napiri.LOGINS[0]
    factory.plan(actor=factory.user("chair", email=chair.email, password=chair.password),
                 title=napiri.PLAN_TITLE)
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "napiri: demo data already present." in result.output
    assert "/m/city/:" in result.output
    with app.app_context():
        assert sorted(m.slug for m in Municipality.ordered()) == ["city", "mtisdziri"]


def test_demo_refuses_a_database_with_accounts_of_its_own(app, runner, factory) -> None:
    """Demo accounts with published passwords on a real instance would be a way in."""
    factory.user("chair", email="real.chair@city.example")
    before = row_counts(app)
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 1
    assert "accounts that are not demo logins: real.chair@city.example" in result.output
    assert row_counts(app) == before


def test_demo_refuses_a_database_with_another_municipality(app, runner) -> None:
    assert runner.invoke(args=["municipality", "create", "rustavi", "--name", "რუსთავი"]
                         ).exit_code == 0
    before = row_counts(app)
    result = runner.invoke(args=["demo", "--municipality", "napiri"])
    assert result.exit_code == 1
    assert "municipalities that are not the demo's: rustavi" in result.output
    assert row_counts(app) == before


def test_demo_runs_again_over_what_its_own_users_added(app, runner, client) -> None:
    """Work done in the demo by its own logins is the demo's data: running it again is fine."""
    assert runner.invoke(args=["demo"]).exit_code == 0
    chair = napiri.LOGINS[0]
    assert client.login(chair.email, chair.password).status_code == 302
    plan = client.get("/api/v1/plans?municipality=napiri").get_json()["items"][0]
    created = client.post("/api/v1/commitments", json={
        "municipality": "napiri", "title": "ახალი ვალდებულება", "plan_id": plan["id"],
    })
    assert created.status_code == 201, created.get_json()
    counts = row_counts(app)
    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0, again.output
    assert row_counts(app) == counts


# What makes the demo refuse (issue 12, item 9) ---------------------------------------------
def test_demo_refuses_a_database_holding_only_an_admin_made_on_the_command_line(
    app, runner
) -> None:
    made = runner.invoke(args=["user", "create", "it@city.example", "--name", "ადმინი",
                               "--role", "admin", "--password-stdin"],
                         input="a-real-admin-password-2026\n")
    assert made.exit_code == 0, made.output
    before = row_counts(app)
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 1
    assert "accounts that are not demo logins: it@city.example" in result.output
    assert row_counts(app) == before


def test_demo_refuses_a_municipality_made_under_the_demos_own_slug(app, runner) -> None:
    """The slug alone is no proof: a demo municipality holds the demo's plan."""
    assert runner.invoke(args=["municipality", "create", napiri.MUNICIPALITY.slug,
                               "--name", "ნაპირი"]).exit_code == 0
    before = row_counts(app)
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 1
    assert f"municipalities that are not the demo's: {napiri.MUNICIPALITY.slug}" in result.output
    assert row_counts(app) == before


def test_demo_refuses_a_municipality_beside_its_own(app, runner) -> None:
    """Loaded once, then a real municipality added: the demo no longer runs."""
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert runner.invoke(args=["municipality", "create", "rustavi", "--name", "რუსთავი"]
                         ).exit_code == 0
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 1
    assert "rustavi" in result.output


def test_a_table_tied_to_nothing_holds_somebodys_data(app) -> None:
    """A table with neither a municipality nor an account (one a later version adds): any
    row in it is data the demo did not make; an empty one is nothing."""
    from sqlalchemy import Column, Integer, MetaData, String, Table

    from tracker.demo import _foreign_rows

    table = Table("demo_probe", MetaData(), Column("id", Integer, primary_key=True),
                  Column("note", String(20)))
    with app.app_context():
        table.create(db.engine)
        try:
            demo_users = select(User.id)
            assert not _foreign_rows(table, [], demo_users)
            db.session.execute(table.insert().values(note="someone's"))
            assert _foreign_rows(table, [], demo_users)
        finally:
            db.session.rollback()
            table.drop(db.engine)


def test_rows_tied_to_an_account_that_is_not_a_demo_login_are_somebodys(app, runner,
                                                                         factory) -> None:
    from tracker.demo import _foreign_rows

    assert runner.invoke(args=["demo"]).exit_code == 0
    stranger = factory.user("chair", email="real.chair@city.example")
    with app.app_context():
        ours = [m.id for m in Municipality.ordered()]
        demo_users = select(User.id).where(User.id != stranger.id)
        memberships = db.metadata.tables["memberships"]
        assert _foreign_rows(memberships, ours, demo_users)
        assert not _foreign_rows(memberships, ours, select(User.id))


def test_login_attempts_do_not_stop_the_demo_from_running_again(app, runner, client) -> None:
    """A newcomer who mistypes an e-mail on the demo's login page keeps `make run` working."""
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert client.login("nobody@example.test", "wrong-password").status_code == 401
    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0, again.output
