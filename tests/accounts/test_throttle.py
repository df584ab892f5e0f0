"""Login throttling (tracker/accounts/throttle.py): per address, per account from unknown
browsers, per known browser; atomic under parallel guesses; the same work for an unknown
e-mail as for a wrong password."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tracker.accounts import operations as account_ops
from tracker.accounts.models import LoginAttempt, SecurityEvent
from tracker.accounts.throttle import LoginThrottled
from tracker.database import utcnow
from tracker.extensions import db

from ..helpers import PASSWORD, translated_prefix

THROTTLED = "Too many failed login attempts. Try again in %(minutes)d minutes."


def failures(email: str) -> int:
    return db.session.execute(
        select(func.count(LoginAttempt.id)).where(LoginAttempt.email == email)).scalar_one()


def from_address(app, address: str):
    """A browser whose requests come from ``address``."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_five_failures_from_unknown_browsers_refuse_even_the_right_password(
    app, client, make_user
) -> None:
    user = make_user()
    for _ in range(5):
        assert client.login(user, "wrong password").status_code == 401
    response = client.login(user)
    assert response.status_code == 429
    assert translated_prefix(app, THROTTLED) in response.get_data(as_text=True)
    assert client.get("/api/v1/users").status_code == 401


def test_the_owner_on_a_known_browser_is_not_locked_out_by_a_stranger(app, make_user) -> None:
    user = make_user()
    owner = from_address(app, "10.0.0.1")
    assert owner.login(user).status_code == 302  # this browser is now known (device cookie)
    owner.logout()
    stranger = from_address(app, "10.0.0.2")
    for _ in range(5):
        assert stranger.login(user, "wrong password").status_code == 401
    assert stranger.login(user).status_code == 429
    assert owner.login(user).status_code == 302
    assert owner.get("/api/v1/users").status_code == 200


def test_a_known_browser_has_five_tries_of_its_own(app, make_user) -> None:
    user = make_user()
    owner = from_address(app, "10.0.0.1")
    owner.login(user)
    owner.logout()
    for _ in range(5):
        assert owner.login(user, "wrong password").status_code == 401
    assert owner.login(user).status_code == 429
    # Its failures are its own: a browser the owner never used is not refused.
    assert from_address(app, "10.0.0.3").login(user).status_code == 302


def test_a_forged_device_cookie_counts_as_an_unknown_browser(app, make_user) -> None:
    user = make_user()
    stranger = from_address(app, "10.0.0.2")
    stranger.set_cookie("device", "eyJlIjoiYSJ9.forged")
    for _ in range(5):
        stranger.login(user, "wrong password")
    assert from_address(app, "10.0.0.4").login(user).status_code == 429


def test_spraying_from_one_address_is_stopped(app, make_user) -> None:
    users = [make_user() for _ in range(15)]
    sprayer = from_address(app, "10.9.9.9")
    answers = [sprayer.login(users[i % 15], f"guess {i}").status_code for i in range(25)]
    assert answers[:20] == [401] * 20
    assert set(answers[20:]) == {429}
    # Every account is still open to its owners elsewhere.
    assert from_address(app, "10.0.0.5").login(users[0]).status_code == 302


def test_failures_older_than_the_window_do_not_count(app_ctx, make_user) -> None:
    user = make_user()
    long_ago = utcnow() - timedelta(minutes=16)
    db.session.add_all(LoginAttempt(email=user.email, at=long_ago) for _ in range(5))
    db.session.commit()
    assert account_ops.authenticate(user.email, PASSWORD).id == user.id


def test_a_refusal_is_logged_and_not_counted(app_ctx, make_user) -> None:
    user = make_user()
    for _ in range(5):
        with pytest.raises(account_ops.LoginFailed):
            account_ops.authenticate(user.email, "wrong password")
        db.session.commit()
    with pytest.raises(LoginThrottled) as refused:
        account_ops.authenticate(user.email, PASSWORD)
    db.session.commit()
    assert refused.value.status == 429
    assert refused.value.details["retry_after"] == 15 * 60
    assert failures(user.email) == 5
    kinds = db.session.execute(
        select(SecurityEvent.kind).where(SecurityEvent.user_id == user.id,
                                         SecurityEvent.kind.like("login%"))
        .order_by(SecurityEvent.id)).scalars().all()
    assert kinds == ["login_failed"] * 5 + ["login_throttled"]


def test_parallel_guesses_never_exceed_the_limit(app, make_user) -> None:
    """Forty guesses at once, each its own browser and request: five are checked, the rest
    refused (on PostgreSQL they really run at once; SQLite queues writers)."""
    with app.app_context():
        user = make_user()
        email = user.email

    def guess(n: int) -> int:
        return from_address(app, f"10.1.{n // 200}.{n % 200}").login(email, f"g{n}").status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(guess, range(40)))
    assert answers.count(401) == 5
    assert answers.count(429) == 35
    with app.app_context():
        assert failures(email) == 5


def test_an_unknown_email_costs_one_password_check_like_a_known_one(
    app_ctx, make_user, monkeypatch
) -> None:
    """The answer's time must not tell who has an account: both paths run scrypt once."""
    import werkzeug.security

    user = make_user()
    calls: list[str] = []
    real = werkzeug.security.check_password_hash

    def counting(pwhash: str, password: str) -> bool:
        calls.append(pwhash.split("$", 1)[0])
        return real(pwhash, password)

    monkeypatch.setattr("tracker.accounts.models.check_password_hash", counting)
    for email in (user.email, "nobody@example.test"):
        with pytest.raises(account_ops.LoginFailed):
            account_ops.authenticate(email, "wrong password")
    assert len(calls) == 2
    assert calls[0] == calls[1] == user.password_hash.split("$", 1)[0]


def test_a_stranger_at_the_owners_address_does_not_lock_the_owner_out(app, make_user) -> None:
    """A city hall's one public address: spraying from it stops strangers there, not the
    owner on a browser they logged in from."""
    user, others = make_user(), [make_user() for _ in range(5)]
    owner = from_address(app, "10.3.3.3")
    assert owner.login(user).status_code == 302
    owner.logout()
    stranger = from_address(app, "10.3.3.3")
    for i in range(25):
        stranger.login(others[i % 5].email if i % 2 else f"nobody{i}@example.test", "guess")
    assert stranger.login(others[0]).status_code == 429
    assert owner.login(user).status_code == 302
