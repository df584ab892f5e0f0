"""Passwords (issue 12, item 1): the one policy, changing one's own (web and API), the
administrator's reset to a temporary password that must be replaced and expires."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tracker.accounts import passwords
from tracker.accounts.models import LoginAttempt, SecurityEvent, User
from tracker.errors import PermissionDenied
from tracker.extensions import db

from ..helpers import PASSWORD, translated, translated_prefix

NEW = "ტყეში ხეები მწვანეა ზამთარშიც"  # a Georgian passphrase
EMAIL = "nino.beridze@example.test"


def kinds_of(app, user: User) -> list[str]:
    with app.app_context():
        return list(db.session.execute(
            select(SecurityEvent.kind).where(SecurityEvent.user_id == user.id)
            .order_by(SecurityEvent.id)).scalars())


def events_of(app, user: User, kind: str) -> list[SecurityEvent]:
    with app.app_context():
        return list(db.session.execute(
            select(SecurityEvent).where(SecurityEvent.user_id == user.id,
                                        SecurityEvent.kind == kind)).scalars())


def is_logged_in(client) -> bool:
    return client.get("/api/v1/users").status_code == 200


def change(client, current: str, new: str, confirm: str | None = None):
    return client.post("/account/password", data={
        "current_password": current, "new_password": new,
        "confirm_password": new if confirm is None else confirm})


def stored(app, user: User) -> User:
    with app.app_context():
        row = db.session.get(User, user.id)
        db.session.expunge(row)
        return row


# The policy ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("password", "msgid"),
    [
        ("password12", "This password is one of the most common passwords, the first that "
                       "anyone tries. Choose another."),
        ("qwertyuiop", "This password is one of the most common passwords, the first that "
                       "anyone tries. Choose another."),
        ("aaaaaaaaaa", "The password is too easy to guess (a common password or word, a "
                       "repetition, a keyboard row, a sequence or a date). A few unrelated "
                       "words make a long password that is easy to remember and hard to "
                       "guess."),
        ("1234567890", None),
        ("Password123!", None),
        ("iloveyou2024", None),
        (EMAIL, "The password may not be your e-mail address or your name, nor a word of "
                "this service (OGP, the municipality)."),
        ("ninoberidze1", "The password is too easy to guess: it is built on your e-mail "
                         "address or your name, or on a word of this service (OGP, the "
                         "municipality). Choose another."),
        ("short", "The password must be at least %(n)d characters long."),
        ("x" * 129, "The password may be at most %(n)d characters long."),
    ],
)
def test_weak_passwords_are_refused_saying_why(app_ctx, password: str,
                                               msgid: str | None) -> None:
    problem = passwords.password_problem(password, email=EMAIL, name="Nino Beridze")
    assert problem is not None
    if msgid is not None:
        assert problem.startswith(translated_prefix(app_ctx, msgid))


@pytest.mark.parametrize(
    "password",
    [PASSWORD, NEW, "ქართული ანბანი ოცდაცამეტი ასოა", "Zq8#vT2!mW9pLx",
     "pale orange kettle drifts over marble " * 3],
    ids=["english-passphrase", "georgian-passphrase", "georgian-sentence", "random",
         "long-passphrase"],
)
def test_strong_passwords_of_any_script_are_accepted(app_ctx, password: str) -> None:
    assert len(password) <= passwords.MAX_PASSWORD_LENGTH
    assert passwords.password_problem(password, email=EMAIL, name="Nino Beridze") is None


@pytest.mark.parametrize("password", ["password12", "aaaaaaaaaa", "qwertyuiop",
                                      "nino@example.test"])
def test_user_create_refuses_a_common_password(app, runner, factory, password: str) -> None:
    factory.municipality()
    result = runner.invoke(
        args=["user", "create", "nino@example.test", "--name", "Nino", "--role", "member",
              "--password-stdin"], input=password + "\n")
    assert result.exit_code == 1
    assert "password:" in result.output
    with app.app_context():
        assert db.session.execute(select(User)).first() is None


# Changing one's own -------------------------------------------------------------------------
def test_change_password_then_only_the_new_one_works(app, browse_as, client, make_user) -> None:
    user = make_user()
    browser = browse_as(user)
    response = change(browser, PASSWORD, NEW)
    assert response.status_code == 302
    assert is_logged_in(browser)  # this session is kept
    assert client.login(user, PASSWORD).status_code == 401
    assert client.login(user, NEW).status_code == 302
    assert "password_changed" in kinds_of(app, user)


def test_changing_ends_the_other_sessions_and_keeps_this_one(app, make_user) -> None:
    user = make_user()
    here, elsewhere = app.test_client(), app.test_client()
    assert here.login(user).status_code == elsewhere.login(user).status_code == 302
    assert is_logged_in(elsewhere)
    assert change(here, PASSWORD, NEW).status_code == 302
    assert is_logged_in(here)
    assert not is_logged_in(elsewhere)
    ended = events_of(app, user, "session_ended")
    assert [(e.detail["reason"], e.detail["count"]) for e in ended] == [("password", 1)]


def test_a_wrong_current_password_is_refused_and_counted(app, browse_as, client,
                                                         make_user) -> None:
    user = make_user()
    browser = browse_as(user)
    before = stored(app, user).password_hash
    response = change(browser, "not my password", NEW)
    assert response.status_code == 422
    assert translated(app, "The current password is not right.") in \
        response.get_data(as_text=True)
    assert stored(app, user).password_hash == before
    with app.app_context():
        assert db.session.execute(
            select(LoginAttempt.email)).scalars().all() == [user.email]
    assert "password_change_failed" in kinds_of(app, user)
    assert client.login(user, PASSWORD).status_code == 302


def test_the_change_page_cannot_be_used_to_guess(app, browse_as, make_user) -> None:
    user = make_user()
    browser = browse_as(user)
    limit = app.config["LOGIN_MAX_FAILURES"]
    statuses = [change(browser, f"guess number {n}", NEW).status_code for n in range(limit)]
    assert statuses == [422] * limit
    # Over the limit even the right password is refused until the window passes.
    assert change(browser, PASSWORD, NEW).status_code == 429
    assert stored(app, user).check_password(PASSWORD)


@pytest.mark.parametrize(
    ("new", "confirm", "field_msgid"),
    [
        ("password12", None, "This password is one of the most common passwords, the "
                             "first that anyone tries. Choose another."),
        (NEW, NEW + "x", "The two new passwords differ."),
        (PASSWORD, None, "The new password must differ from the current one."),
    ],
    ids=["common", "mistyped", "same"],
)
def test_a_bad_new_password_is_refused(app, browse_as, make_user, new: str,
                                       confirm: str | None, field_msgid: str) -> None:
    user = make_user()
    browser = browse_as(user)
    before = stored(app, user).password_hash
    response = change(browser, PASSWORD, new, confirm)
    assert response.status_code == 422
    assert translated(app, field_msgid) in response.get_data(as_text=True)
    assert stored(app, user).password_hash == before
    assert "password_changed" not in kinds_of(app, user)


def test_change_password_through_the_api(app, api, client, make_user) -> None:
    user = make_user()
    caller = api(user)
    wrong = caller.post("/account/password",
                        json={"current_password": "nope", "new_password": NEW})
    assert wrong.status_code == 422
    assert list(wrong.get_json()["error"]["fields"]) == ["current_password"]
    weak = caller.post("/account/password",
                       json={"current_password": PASSWORD, "new_password": "aaaaaaaaaa"})
    assert weak.status_code == 422
    assert list(weak.get_json()["error"]["fields"]) == ["new_password"]
    ok = caller.post("/account/password",
                     json={"current_password": PASSWORD, "new_password": NEW})
    assert ok.status_code == 204
    assert client.login(user, NEW).status_code == 302
    assert caller.get("/users").status_code == 200  # the token stays valid


def test_the_api_documents_the_password_change(client, browse_as) -> None:
    spec = browse_as("member").get("/api/v1/openapi.json").get_json()
    schema = spec["components"]["schemas"]["PasswordChange"]
    assert set(schema["properties"]) == {"current_password", "new_password"}
    assert set(schema["required"]) == {"current_password", "new_password"}
    assert "204" in spec["paths"]["/account/password"]["post"]["responses"]


# The administrator's reset ------------------------------------------------------------------
def test_reset_by_cli_gives_a_temporary_password_that_must_be_replaced(
        app, runner, make_user) -> None:
    user = make_user()
    old_browser = app.test_client()
    assert old_browser.login(user).status_code == 302
    result = runner.invoke(args=["user", "reset-password", user.email])
    assert result.exit_code == 0, result.output
    temporary = result.stdout.strip()
    assert len(temporary) >= 16 and temporary not in result.stderr
    assert not is_logged_in(old_browser)  # every session ended

    browser = app.test_client()
    assert browser.login(user, PASSWORD).status_code == 401
    assert browser.login(user, temporary).status_code == 302
    for path in ("/", "/commitments/", "/account/tokens"):
        response = browser.get(path)
        assert response.status_code == 302
        assert response.headers["Location"] == "/account/password"
    page = browser.get("/account/password")
    assert page.status_code == 200
    assert translated(app, "Temporary password") in page.get_data(as_text=True)

    assert change(browser, temporary, NEW).status_code == 302
    assert browser.get("/account/tokens").status_code == 200
    assert not stored(app, user).must_change_password
    assert app.test_client().login(user, temporary).status_code == 401
    reset = events_of(app, user, "password_reset")
    assert len(reset) == 1 and reset[0].actor_id is None
    assert temporary not in str(reset[0].detail)


def test_a_temporary_password_expires(app, runner, client, make_user) -> None:
    user = make_user()
    temporary = runner.invoke(args=["user", "reset-password", user.email]).stdout.strip()
    with app.app_context():
        row = db.session.get(User, user.id)
        row.password_changed_at -= passwords.TEMPORARY_PASSWORD_LIFETIME + timedelta(minutes=1)
        db.session.commit()
    assert client.login(user, temporary).status_code == 401


def test_reset_by_an_administrator_is_logged_with_the_administrator(app_ctx, factory,
                                                                     make_user) -> None:
    user = db.session.get(User, make_user().id)
    admin = db.session.get(User, factory.default_user("admin").id)
    temporary = passwords.reset_password(user, actor=admin)
    assert user.check_password(temporary) and user.must_change_password
    event = db.session.execute(select(SecurityEvent).where(
        SecurityEvent.kind == "password_reset")).scalar_one()
    assert (event.user_id, event.actor_id) == (user.id, admin.id)


@pytest.mark.parametrize("role", ["chair", "secretary", "member", "observer", "coordinator"])
def test_only_the_administrator_may_reset(app_ctx, factory, make_user, role: str) -> None:
    user = db.session.get(User, make_user(email="target@example.test").id)
    actor = db.session.get(User, factory.default_user(role).id)
    with pytest.raises(PermissionDenied):
        passwords.reset_password(user, actor=actor)
    assert user.check_password(PASSWORD) and not user.must_change_password


def test_reset_password_for_an_unknown_email_fails(runner) -> None:
    result = runner.invoke(args=["user", "reset-password", "nobody@example.test"])
    assert result.exit_code == 1


@pytest.mark.parametrize("password", ["ogptracker2026", "tbilisi2026!", "სამოქმედოგეგმა1",
                                      "city-municipality"])
def test_words_of_the_service_are_refused(app_ctx, password: str) -> None:
    """ASVS 6.2.11: the documented context words (CONTEXT_WORDS, the municipalities)."""
    assert passwords.password_problem(password, email="nino@example.test",
                                      name="ნინო") is not None
