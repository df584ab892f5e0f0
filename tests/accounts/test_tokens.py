"""API tokens (issue 12, item 3): named, expiring, listed without the secret, revocable by
their owner (page), an administrator or the command line; revoked and expired ones 401."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from tracker.accounts import tokens
from tracker.accounts.models import ApiToken, SecurityEvent, User
from tracker.database import utcnow
from tracker.errors import PermissionDenied, ValidationFailed
from tracker.extensions import db
from tracker.i18n import format_day

from ..helpers import translated

SECRET = re.compile(r"ogp_[A-Za-z0-9_-]{43}")


def call(client, token: str):
    return client.get("/api/v1/users", headers={"Authorization": f"Bearer {token}"})


def rows(app) -> list[ApiToken]:
    with app.app_context():
        found = list(db.session.execute(select(ApiToken).order_by(ApiToken.id)).scalars())
        for row in found:
            db.session.expunge(row)
        return found


def events(app, kind: str) -> list[SecurityEvent]:
    with app.app_context():
        return list(db.session.execute(
            select(SecurityEvent).where(SecurityEvent.kind == kind)
            .order_by(SecurityEvent.id)).scalars())


def create_on_page(browser, name: str, days: int = 90):
    return browser.post("/account/tokens", data={"name": name, "days": str(days)})


# Lifetime -----------------------------------------------------------------------------------
def test_a_token_expires_after_the_configured_days(app, client, factory, make_user) -> None:
    app.config["TRACKER_TOKEN_DAYS"] = 30
    token = factory.token(make_user())
    (row,) = rows(app)
    assert timedelta(days=29, hours=23) < row.expires_at - row.created_at <= timedelta(days=30)
    assert call(client, token).status_code == 200
    with app.app_context():
        db.session.get(ApiToken, row.id).expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    response = call(client, token)
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_a_revoked_token_is_refused(app, client, factory, make_user) -> None:
    user = make_user()
    token = factory.token(user)
    with app.app_context():
        tokens.revoke_token(db.session.execute(select(ApiToken)).scalar_one(), actor=None)
        db.session.commit()
    assert call(client, token).status_code == 401


def test_a_second_token_leaves_the_first_valid(app, client, factory, make_user) -> None:
    user = make_user()
    first = factory.token(user, "script")
    second = factory.token(user, "spreadsheet")
    assert call(client, first).status_code == call(client, second).status_code == 200
    with app.app_context():
        tokens.revoke_token(db.session.execute(
            select(ApiToken).where(ApiToken.name == "script")).scalar_one(), actor=None)
        db.session.commit()
    assert call(client, first).status_code == 401
    assert call(client, second).status_code == 200


def test_use_is_noted_once_a_minute_and_a_get_stays_a_read(app, client, factory,
                                                           make_user) -> None:
    token = factory.token(make_user())
    assert rows(app)[0].last_used_at is None
    assert call(client, token).status_code == 200
    first = rows(app)[0].last_used_at
    assert first is not None
    assert call(client, token).status_code == 200
    assert rows(app)[0].last_used_at == first  # within the minute: not written again


@pytest.mark.parametrize(("name", "days", "field"),
                         [("", 30, "name"), ("x" * 101, 30, "name"), ("ok", 0, "days"),
                          ("ok", 366, "days")])
def test_issue_refuses_bad_input(app_ctx, make_user, name: str, days: int, field: str) -> None:
    user = db.session.get(User, make_user().id)
    with pytest.raises(ValidationFailed) as refused:
        tokens.issue_token(user, name, days=days)
    assert list(refused.value.fields) == [field]


# The page -----------------------------------------------------------------------------------
def test_the_page_shows_the_secret_once_and_then_only_the_list(app, browse_as, client,
                                                               make_user) -> None:
    user = make_user()
    browser = browse_as(user)
    assert translated(app, "You have no API tokens.") in \
        browser.get("/account/tokens").get_data(as_text=True)
    response = create_on_page(browser, "monthly report", 30)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    secrets = SECRET.findall(response.get_data(as_text=True))
    assert len(set(secrets)) == 1
    assert call(client, secrets[0]).status_code == 200

    listing = browser.get("/account/tokens").get_data(as_text=True)
    assert not SECRET.search(listing)
    (row,) = rows(app)
    with app.app_context():
        created, expires = format_day(row.created_at), format_day(row.expires_at)
    assert "monthly report" in listing and created in listing and expires in listing
    assert translated(app, "Valid") in listing


def test_a_token_needs_a_name_on_the_page(app, browse_as, make_user) -> None:
    browser = browse_as(make_user())
    assert create_on_page(browser, "   ").status_code == 422
    assert rows(app) == []


def test_revoke_on_the_page(app, browse_as, client, factory, make_user) -> None:
    user = make_user()
    token = factory.token(user, "old script")
    browser = browse_as(user)
    (row,) = rows(app)
    response = browser.post(f"/account/tokens/{row.id}/revoke")
    assert response.status_code == 302
    assert call(client, token).status_code == 401
    listing = browser.get("/account/tokens").get_data(as_text=True)
    assert translated(app, "Revoked") in listing and f"/account/tokens/{row.id}/revoke" \
        not in listing
    (revoked,) = events(app, "token_revoked")
    assert (revoked.user_id, revoked.actor_id, revoked.detail["name"]) == \
        (user.id, None, "old script")  # the owner did it: no separate actor


@pytest.mark.parametrize("who", ["member", "chair", "admin"])
def test_nobody_revokes_my_token_on_their_page(app, browse_as, client, factory, make_user,
                                               who: str) -> None:
    mine = factory.token(make_user(email="owner@example.test"))
    (row,) = rows(app)
    response = browse_as(who).post(f"/account/tokens/{row.id}/revoke")
    assert response.status_code == 404
    assert call(client, mine).status_code == 200


def test_revoke_is_the_owners_or_the_administrators(app_ctx, factory, make_user) -> None:
    owner = db.session.get(User, make_user(email="owner@example.test").id)
    row, _secret = tokens.issue_token(owner, "mine")
    chair = db.session.get(User, factory.default_user("chair").id)
    with pytest.raises(PermissionDenied):
        tokens.revoke_token(row, actor=chair)
    with pytest.raises(PermissionDenied):
        tokens.issue_token(owner, "theirs", actor=chair)
    admin = db.session.get(User, factory.default_user("admin").id)
    tokens.revoke_token(row, actor=admin)
    assert row.state == "revoked"


def test_the_token_page_needs_a_login(client) -> None:
    response = client.get("/account/tokens")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


# Command line -------------------------------------------------------------------------------
def test_cli_issues_lists_and_revokes(app, runner, client, make_user) -> None:
    user = make_user()
    first = runner.invoke(args=["user", "token", user.email, "--name", "cron", "--days", "7"])
    assert first.exit_code == 0, first.output
    secret = first.output.strip()
    assert SECRET.fullmatch(secret)
    second = runner.invoke(args=["user", "token", user.email]).output.strip()
    assert call(client, secret).status_code == 200
    assert call(client, second).status_code == 200

    listed = runner.invoke(args=["user", "tokens", user.email])
    assert listed.exit_code == 0, listed.output
    assert secret not in listed.output and second not in listed.output
    lines = [line.split("\t") for line in listed.output.splitlines()]
    by_name = {line[1]: line for line in lines}
    assert set(by_name) == {"cron", "command line"}
    cron = by_name["cron"]
    with app.app_context():
        row = db.session.get(ApiToken, int(cron[0]))
        assert cron == [str(row.id), "cron", format_day(row.created_at),
                        format_day(row.expires_at), format_day(row.last_used_at), "valid"]
        assert row.expires_at - row.created_at <= timedelta(days=7)

    revoked = runner.invoke(args=["user", "revoke-token", cron[0]])
    assert revoked.exit_code == 0, revoked.output
    assert call(client, secret).status_code == 401
    assert call(client, second).status_code == 200
    states = {line.split("\t")[1]: line.split("\t")[5]
              for line in runner.invoke(args=["user", "tokens", user.email]).output.splitlines()}
    assert states == {"cron": "revoked", "command line": "valid"}

    issued = events(app, "token_issued")
    assert [e.detail["name"] for e in issued] == ["cron", "command line"]
    assert not [e for e in issued if secret in str(e.detail) or second in str(e.detail)]
    assert [e.detail["token_id"] for e in events(app, "token_revoked")] == [int(cron[0])]


@pytest.mark.parametrize("args", [["revoke-token", "999999"], ["tokens", "nobody@x.test"],
                                  ["token", "nobody@x.test"]])
def test_cli_refuses_what_does_not_exist(runner, args: list[str]) -> None:
    assert runner.invoke(args=["user", *args]).exit_code == 1
