"""The administrator's accounts page and the command line: deactivate, activate, end
sessions (one user's, everyone's), reset a password or a second factor."""

from __future__ import annotations

from sqlalchemy import select

from tracker.accounts.models import ApiToken, User
from tracker.extensions import db

from ..helpers import PASSWORD, text_of


def logged_in(client) -> bool:
    return client.get("/api/v1/users").status_code == 200


def test_the_page_lists_accounts_for_the_administrator_only(browse_as, make_user) -> None:
    make_user(name="ნინო ბერიძე", email="nino@example.test")
    page = browse_as("admin").get("/admin/users?q=ბერიძე")
    assert page.status_code == 200
    assert "nino@example.test" in page.get_data(as_text=True)
    for role in ("chair", "secretary", "member", "observer"):
        assert browse_as(role).get("/admin/users").status_code == 403
        assert browse_as(role).post("/admin/users/1/deactivate").status_code == 403


def test_deactivating_ends_sessions_and_tokens(app, browse_as, make_user, api) -> None:
    user = make_user()
    browser = browse_as(user)
    client = api(user)
    assert client.get("/users").status_code == 200
    assert browse_as("admin").post(f"/admin/users/{user.id}/deactivate").status_code == 302
    assert not logged_in(browser)
    assert client.get("/users").status_code == 401
    assert app.test_client().login(user).status_code == 401
    browse_as("admin").post(f"/admin/users/{user.id}/activate")
    assert client.get("/users").status_code == 401  # revoked tokens stay revoked
    with app.app_context():
        assert all(t.revoked_at is not None for t in db.session.execute(
            select(ApiToken).where(ApiToken.user_id == user.id)).scalars())
    assert app.test_client().login(user).status_code == 302


def test_an_administrator_cannot_deactivate_themself_from_the_page(browse_as, users) -> None:
    page = browse_as("admin").get("/admin/users").get_data(as_text=True)
    assert f"/admin/users/{users['admin'].id}/deactivate" not in page


def test_a_reset_password_is_shown_once_and_must_be_replaced(app, browse_as, make_user) -> None:
    user = make_user()
    victim = browse_as(user)
    shown = browse_as("admin").post(f"/admin/users/{user.id}/reset-password")
    assert shown.status_code == 200
    html = shown.get_data(as_text=True)
    password = html.split('<p class="secret"><code>', 1)[1].split("</code>", 1)[0]
    assert len(password) == 20 and password not in text_of(browse_as("admin").get(
        "/admin/users"))
    assert not logged_in(victim)
    browser = app.test_client()
    assert browser.login(user, PASSWORD).status_code == 401
    assert browser.login(user, password).status_code == 302
    assert browser.get("/m/city/").headers["Location"].endswith("/account/password")


def test_ending_everyones_sessions_keeps_the_administrators(app, browse_as, make_user) -> None:
    others = [browse_as(make_user()) for _ in range(3)]
    admin = browse_as("admin")
    assert admin.post("/admin/users/end-all-sessions").status_code == 302
    assert not any(logged_in(b) for b in others)
    assert logged_in(admin)
    assert browse_as("chair").post("/admin/users/end-all-sessions").status_code == 403


def test_the_command_line(app, runner, make_user, browse_as) -> None:
    user = make_user()
    browser = browse_as(user)
    result = runner.invoke(args=["user", "end-sessions", user.email])
    assert result.exit_code == 0 and "ended 1 session" in result.output
    assert not logged_in(browser)
    assert runner.invoke(args=["user", "end-sessions"]).exit_code != 0
    browse_as(make_user())
    assert "ended" in runner.invoke(args=["user", "end-sessions", "--everyone"]).output
    assert runner.invoke(args=["user", "deactivate", user.email]).exit_code == 0
    with app.app_context():
        assert db.session.get(User, user.id).active is False
    assert runner.invoke(args=["user", "activate", user.email]).exit_code == 0
    assert runner.invoke(args=["user", "deactivate", "nobody@example.test"]).exit_code == 1


def test_an_administrator_cannot_deactivate_themself(browse_as, users) -> None:
    admin = browse_as("admin")
    assert admin.post(f"/admin/users/{users['admin'].id}/deactivate").status_code == 403
    assert admin.get("/api/v1/users").status_code == 200


def test_a_reset_revokes_the_users_api_tokens(app, browse_as, make_user, api, runner) -> None:
    user, other = make_user(), make_user()
    client, other_client = api(user), api(other)
    assert client.get("/users").status_code == 200
    browse_as("admin").post(f"/admin/users/{user.id}/reset-password")
    assert client.get("/users").status_code == 401
    assert other_client.get("/users").status_code == 200
    runner.invoke(args=["user", "reset-mfa", other.email])
    assert other_client.get("/users").status_code == 401


def test_the_api_holds_the_same_walls(app, make_user, api) -> None:
    """A token is no way round a temporary password or a required second factor."""
    user = make_user("chair")
    client = api(user)
    app.config["TRACKER_REQUIRE_MFA"] = frozenset({"chair"})
    assert client.get("/users").status_code == 403
    app.config["TRACKER_REQUIRE_MFA"] = frozenset()
    assert client.get("/users").status_code == 200
    with app.app_context():
        db.session.get(User, user.id).must_change_password = True
        db.session.commit()
    assert client.get("/users").status_code == 403
