"""The security log (ASVS 16.3): one entry per event, with who, whom, from where; kept
append-only by the database; also written as one JSON line to the ``tracker.security``
logger; readable, with filters, by the administrator only."""

from __future__ import annotations

import json
import logging

import pyotp
import pytest
import sqlalchemy as sa
from sqlalchemy import select

from tracker.accounts.models import SecurityEvent, User
from tracker.extensions import db

from ..helpers import PASSWORD


def kinds_of(app, user_id: int | None = None, since: int = 0) -> list[str]:
    with app.app_context():
        stmt = select(SecurityEvent.kind).where(SecurityEvent.id > since).order_by(
            SecurityEvent.id)
        if user_id is not None:
            stmt = stmt.where(SecurityEvent.user_id == user_id)
        return list(db.session.execute(stmt).scalars())


def last_id(app) -> int:
    with app.app_context():
        return db.session.execute(select(sa.func.max(SecurityEvent.id))).scalar() or 0


def test_every_account_event_leaves_one_entry(app, make_user, browse_as, runner) -> None:
    """Walk through what issue 12 names: each step adds exactly its own entry."""
    admin = browse_as("admin")

    def step(expected: list[str], action) -> None:  # type: ignore[no-untyped-def]
        before = last_id(app)
        action()
        assert kinds_of(app, since=before) == expected

    step(["user_created", "role_changed"], lambda: make_user("member", email="new@example.test"))
    with app.app_context():
        user_id = db.session.execute(
            select(User.id).where(User.email == "new@example.test")).scalar_one()
    browser = app.test_client()
    step(["login_failed"], lambda: browser.login("new@example.test", "wrong password"))
    step(["login"], lambda: browser.login("new@example.test"))
    step(["token_issued"], lambda: browser.post("/account/tokens", data={"name": "n", "days": 90}))
    with app.app_context():
        token_id = db.session.execute(sa.text("SELECT max(id) FROM api_tokens")).scalar_one()
    step(["token_revoked"], lambda: browser.post(f"/account/tokens/{token_id}/revoke"))
    step(["password_changed"], lambda: browser.post("/account/password", data={
        "current_password": PASSWORD, "new_password": "a quiet river at dawn 7",
        "confirm_password": "a quiet river at dawn 7"}))
    step(["permission_denied"], lambda: browser.get("/admin/users"))
    step(["session_ended", "logout"], browser.logout)
    step(["password_reset"],  # logged out: no session left to end
         lambda: runner.invoke(args=["user", "reset-password", "new@example.test"]))
    step(["role_changed"], lambda: admin.post("/municipalities/roles", data={
        "email": "new@example.test", "municipality": "city", "role": "observer"}))
    step(["user_deactivated"], lambda: admin.post(f"/admin/users/{user_id}/deactivate"))
    step(["user_activated"], lambda: admin.post(f"/admin/users/{user_id}/activate"))


def test_second_factor_events(app, make_user, runner) -> None:
    user = make_user()
    browser = app.test_client()
    browser.login(user)
    page = browser.get("/account/two-factor").get_data(as_text=True)  # the key, as text
    secret = page.split('class="mfa-secret">', 1)[1].split("<", 1)[0].replace(" ", "")
    before = last_id(app)
    browser.post("/account/two-factor/confirm",
                 data={"code": pyotp.TOTP(secret).now(), "password": PASSWORD})
    assert kinds_of(app, since=before) == ["mfa_enrolled"]
    before = last_id(app)
    runner.invoke(args=["user", "reset-mfa", user.email])
    assert kinds_of(app, since=before)[-1] == "mfa_reset"


def test_an_entry_says_who_when_and_from_where(app, make_user) -> None:
    user = make_user()
    browser = app.test_client()
    browser.environ_base["REMOTE_ADDR"] = "10.7.7.7"
    browser.post(
        "/login", data={"email": user.email, "password": "wrong"},
        headers={"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"})
    with app.app_context():
        event = db.session.execute(
            select(SecurityEvent).where(SecurityEvent.kind == "login_failed")).scalar_one()
        assert (event.user_id, event.email, event.remote_addr) == (user.id, user.email,
                                                                    "10.7.7.7")
        assert "Firefox" in event.user_agent
        assert event.at.tzinfo is not None  # UTC, as stored
        assert event.detail == {"reason": "password"}


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


def test_no_password_or_token_reaches_the_log(app, make_user) -> None:
    """The app's own setting (no test raising the level): each event is one JSON line."""
    logger = logging.getLogger("tracker.security")
    assert logger.isEnabledFor(logging.INFO) and logger.handlers
    user = make_user()
    browser = app.test_client()
    caught = Lines()
    logger.addHandler(caught)
    try:
        browser.login(user, "hunter2-secret-guess")
        browser.login(user)
        response = browser.post("/account/tokens", data={"name": "ci", "days": 30})
    finally:
        logger.removeHandler(caught)
    secret = response.get_data(as_text=True).split("ogp_", 1)[1][:20]
    lines = caught.lines
    assert [json.loads(line)["event"] for line in lines] == [
        "login_failed", "login", "token_issued"]
    assert all("hunter2" not in line and PASSWORD not in line and secret not in line
               for line in lines)
    with app.app_context():
        stored = json.dumps([row.detail for row in db.session.execute(
            select(SecurityEvent)).scalars()], ensure_ascii=False)
    assert "hunter2" not in stored and secret not in stored


def test_the_log_is_append_only(app, make_user) -> None:
    make_user()
    with app.app_context():
        for statement in ("UPDATE security_events SET kind = 'x'",
                          "DELETE FROM security_events"):
            with pytest.raises(sa.exc.DatabaseError):
                db.session.execute(sa.text(statement))
            db.session.rollback()
        assert db.session.execute(select(sa.func.count(SecurityEvent.id))).scalar_one() > 0


def test_administrators_read_it_with_filters(app, browse_as, make_user) -> None:
    user = make_user(email="filtered@example.test")
    app.test_client().login(user, "wrong password")
    admin = browse_as("admin")
    page = admin.get("/admin/security?kind=login_failed&who=filtered")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "filtered@example.test" in body
    assert body.count("<tr>") == 2  # the header and the one failure
    assert admin.get("/admin/security?from=31/02/2026").status_code == 422
    assert browse_as("chair").get("/admin/security").status_code == 403
