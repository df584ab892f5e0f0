"""Server-side sessions (tracker/accounts/sessions.py): a new token at every login, an
absolute and an idle limit, "your sessions", an administrator ending someone's, and
deactivation ending them for good."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, update

from tracker.accounts.models import LoginAttempt, SecurityEvent, User, UserSession
from tracker.accounts.operations import activate_user, deactivate_user
from tracker.database import utcnow
from tracker.extensions import db

from ..helpers import PASSWORD, sqlite_only


def logged_in(client) -> bool:
    return client.get("/api/v1/users").status_code == 200


def sessions_of(user) -> list[UserSession]:
    return list(db.session.execute(
        select(UserSession).where(UserSession.user_id == user.id).order_by(UserSession.id)
    ).scalars())


def test_every_login_is_a_new_session_with_a_new_cookie(app, make_user) -> None:
    user = make_user()
    first, second = app.test_client(), app.test_client()
    first.login(user)
    second.login(user)
    assert first.get_cookie("session").value != second.get_cookie("session").value
    with app.app_context():
        rows = sessions_of(user)
        assert len(rows) == 2 and rows[0].token_hash != rows[1].token_hash
    assert logged_in(first) and logged_in(second)


def test_a_cookie_from_before_login_does_not_survive_it(app, make_user) -> None:
    """Session fixation: what the browser held before authenticating is not the session."""
    user = make_user()
    browser = app.test_client()
    browser.get("/login")
    before = browser.get_cookie("session")
    browser.login(user)
    after = browser.get_cookie("session")
    assert after is not None and (before is None or before.value != after.value)


def test_the_absolute_lifetime_ends_a_session(app, browse_as, make_user) -> None:
    user = make_user()
    browser = browse_as(user)
    with app.app_context():
        db.session.execute(update(UserSession).where(UserSession.user_id == user.id)
                           .values(expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    assert not logged_in(browser)


def test_an_idle_session_ends(app, browse_as, make_user) -> None:
    user = make_user()
    browser = browse_as(user)
    idle = app.config["SESSION_IDLE_TIMEOUT"]
    with app.app_context():
        db.session.execute(update(UserSession).where(UserSession.user_id == user.id)
                           .values(last_seen_at=utcnow() - idle - timedelta(seconds=1)))
        db.session.commit()
    assert not logged_in(browser)


def test_activity_keeps_a_session_alive(app, browse_as, make_user) -> None:
    user = make_user()
    browser = browse_as(user)
    with app.app_context():
        db.session.execute(update(UserSession).where(UserSession.user_id == user.id)
                           .values(last_seen_at=utcnow() - timedelta(minutes=5)))
        db.session.commit()
    assert logged_in(browser)
    with app.app_context():
        seen = sessions_of(user)[0].last_seen_at
        assert utcnow() - seen < timedelta(minutes=1)


def test_your_sessions_lists_them_and_ends_a_ticked_one(app, make_user) -> None:
    user = make_user()
    laptop, phone = app.test_client(), app.test_client()
    laptop.login(user)
    phone.login(user)
    page = laptop.get("/account/sessions")
    assert page.status_code == 200
    with app.app_context():
        phone_session = sessions_of(user)[1]
    assert f'name="session" value="{phone_session.id}"' in page.get_data(as_text=True)
    response = laptop.post("/account/sessions", data={
        "session": str(phone_session.id), "password": PASSWORD, "action": "selected"})
    assert response.status_code == 302
    assert not logged_in(phone) and logged_in(laptop)


def test_ending_sessions_needs_the_password(app, make_user) -> None:
    user = make_user()
    laptop, phone = app.test_client(), app.test_client()
    laptop.login(user)
    phone.login(user)
    refused = laptop.post("/account/sessions", data={"password": "wrong", "action": "others"})
    assert refused.status_code == 422
    assert logged_in(phone)
    with app.app_context():
        kinds = db.session.execute(select(SecurityEvent.kind).where(
            SecurityEvent.user_id == user.id)).scalars().all()
        assert "reauth_failed" in kinds
        assert db.session.execute(select(func.count(LoginAttempt.id)).where(
            LoginAttempt.email == user.email)).scalar_one() == 1


def test_ending_all_others_keeps_this_one(app, make_user) -> None:
    user = make_user()
    browsers = [app.test_client() for _ in range(3)]
    for browser in browsers:
        browser.login(user)
    response = browsers[0].post("/account/sessions",
                                data={"password": PASSWORD, "action": "others"})
    assert response.status_code == 302
    assert [logged_in(b) for b in browsers] == [True, False, False]


def test_someone_elses_session_cannot_be_ended(app, browse_as, make_user) -> None:
    owner, other = make_user(), make_user()
    victim = browse_as(owner)
    with app.app_context():
        target = sessions_of(owner)[0].id
    browse_as(other).post("/account/sessions", data={
        "session": str(target), "password": PASSWORD, "action": "selected"})
    assert logged_in(victim)


def test_an_administrator_ends_all_of_a_users_sessions(app, browse_as, make_user) -> None:
    user = make_user()
    victim = browse_as(user)
    admin = browse_as("admin")
    assert admin.post(f"/admin/users/{user.id}/end-sessions").status_code == 302
    assert not logged_in(victim)
    assert browse_as("chair").post(f"/admin/users/{user.id}/end-sessions").status_code == 403


def test_deactivation_ends_sessions_for_good(app, browse_as, make_user, users) -> None:
    user = make_user()
    browser = browse_as(user)
    cookie = browser.get_cookie("session").value
    with app.app_context():
        admin = db.session.get(User, users["admin"].id)
        deactivate_user(db.session.get(User, user.id), actor=admin)
        db.session.commit()
        activate_user(db.session.get(User, user.id), actor=admin)
        db.session.commit()
    browser.set_cookie("session", cookie)
    assert not logged_in(browser)
    assert app.test_client().login(user).status_code == 302  # a new login works


def test_session_ends_are_in_the_security_log(app, make_user) -> None:
    user = make_user()
    browser = app.test_client()
    browser.login(user)
    browser.logout()
    with app.app_context():
        kinds = db.session.execute(
            select(SecurityEvent.kind).where(SecurityEvent.user_id == user.id)
            .order_by(SecurityEvent.id)).scalars().all()
    assert kinds[-3:] == ["login", "session_ended", "logout"]


def test_a_login_beyond_the_limit_ends_the_least_recent_session(app, make_user) -> None:
    app.config["SESSION_MAX_PER_USER"] = 2
    user = make_user()
    browsers = [app.test_client() for _ in range(3)]
    for browser in browsers:
        browser.login(user)
    assert [logged_in(b) for b in browsers] == [False, True, True]
    with app.app_context():
        ended = [row.end_reason for row in sessions_of(user)]
    assert ended == ["limit", None, None]


def test_a_form_without_its_token_is_logged(make_app, make_user) -> None:
    guarded = make_app(WTF_CSRF_ENABLED=True)
    user = make_user()
    browser = guarded.test_client()
    browser.post("/login", data={"email": user.email, "password": "x"})
    with guarded.app_context():
        kinds = db.session.execute(select(SecurityEvent.kind).where(
            SecurityEvent.kind.not_in(["user_created", "role_changed"]))).scalars().all()
    assert kinds == ["csrf_failed"]


def test_a_wrong_api_token_is_logged_and_a_visitor_is_not(app, client) -> None:
    assert client.get("/api/v1/users").status_code == 401
    refused = client.get("/api/v1/users", headers={"Authorization": "Bearer ogp_wrong"})
    assert refused.status_code == 401
    with app.app_context():
        kinds = db.session.execute(select(SecurityEvent.kind)).scalars().all()
    assert kinds == ["token_refused"]


@sqlite_only
def test_a_busy_database_does_not_fail_a_page_view(app, browse_as, make_user) -> None:
    """Noting the last activity is best effort: while another connection holds SQLite's
    write lock, a page view still answers (PostgreSQL would only wait for a row lock)."""
    user = make_user()
    browser = browse_as(user)
    with app.app_context():
        db.session.execute(update(UserSession).where(UserSession.user_id == user.id)
                           .values(last_seen_at=utcnow() - timedelta(minutes=5)))
        db.session.commit()
        holder = db.engine.raw_connection()
    try:
        holder.driver_connection.execute("BEGIN IMMEDIATE")
        assert logged_in(browser)
    finally:
        holder.driver_connection.execute("ROLLBACK")
        holder.close()
