"""Two-factor authentication: enrolment with a code the test computes (as the phone would),
the login's second step, replayed and wrong codes, recovery codes, the roles that must have
it, turning it off, and an administrator's reset (page operation and CLI)."""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass

import pyotp
import pytest
from sqlalchemy import select

from tracker.accounts.events import Event
from tracker.accounts.mfa import reset_mfa
from tracker.accounts.models import RecoveryCode, SecurityEvent, User, UserSession
from tracker.errors import PermissionDenied
from tracker.extensions import db

from ..helpers import PASSWORD, text_of, translated_prefix

SETUP = "/account/two-factor"
CONFIRM = "/account/two-factor/confirm"
VERIFY = "/login/two-factor"
WRONG_CODE = "The code is not correct, or it was already used."
THROTTLED = "Too many failed login attempts. Try again in %(minutes)d minutes."


def is_logged_in(client) -> bool:
    """Asked of the API: it answers 401 instead of redirecting."""
    return client.get("/api/v1/users").status_code == 200


@dataclass
class Enrolled:
    secret: str
    recovery_codes: list[str]

    def next_code(self, steps: int = 1) -> str:
        """The code of a later time step than the one enrolment used (one code, one use);
        the server accepts the next step for a phone whose clock is ahead."""
        return pyotp.TOTP(self.secret).at(time.time() + 30 * steps)


def secret_on(page_html: str) -> str:
    match = re.search(r'class="mfa-secret">([A-Z2-7 ]+)<', page_html)
    assert match, "the set-up page shows no key"
    return match.group(1).replace(" ", "")


def enrol(browser) -> Enrolled:
    """Through the pages, as a person does: read the key, type the app's current code."""
    page = browser.get(SETUP)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<svg" in html  # the QR code, inline
    secret = secret_on(html)
    done = browser.post(CONFIRM, data={"code": pyotp.TOTP(secret).now(), "password": PASSWORD})
    assert done.status_code == 200, done.get_data(as_text=True)[:2000]
    return Enrolled(secret, recovery_codes_on(done.get_data(as_text=True)))


def recovery_codes_on(page_html: str) -> list[str]:
    return re.findall(r"<code>([A-Z2-7]{6}(?:-[A-Z2-7]{6}){3})</code>", page_html)


def events(app, kind: Event, user: User) -> list[SecurityEvent]:
    with app.app_context():
        return list(db.session.execute(
            select(SecurityEvent).where(SecurityEvent.kind == kind.value,
                                        SecurityEvent.user_id == user.id)
        ).scalars())


def fresh(app, user: User) -> User:
    with app.app_context():
        row = db.session.get(User, user.id)
        db.session.expunge(row)
        return row


# Enrolment ----------------------------------------------------------------------------------
def test_enrolment_turns_it_on_with_ten_recovery_codes_stored_hashed(
    app, browse_as, make_user
) -> None:
    user = make_user()
    enrolled = enrol(browse_as(user))
    assert len(enrolled.recovery_codes) == len(set(enrolled.recovery_codes)) == 10
    stored = fresh(app, user)
    assert stored.mfa_secret == enrolled.secret and stored.mfa_enabled_at is not None
    with app.app_context():
        hashes = set(db.session.execute(
            select(RecoveryCode.code_hash).where(RecoveryCode.user_id == user.id)).scalars())
    assert len(hashes) == 10
    assert not hashes & {c.replace("-", "") for c in enrolled.recovery_codes}
    assert len(events(app, Event.MFA_ENROLLED, user)) == 1


def test_the_qr_code_names_the_issuer_and_the_account(app, browse_as, make_user) -> None:
    user = make_user()
    browser = browse_as(user)
    secret = secret_on(browser.get(SETUP).get_data(as_text=True))
    with browser.session_transaction() as session:
        # The cookie holds a nonce the server derives the secret from, never the secret.
        assert secret not in json.dumps(dict(session))
        assert session["mfa_enrolment"]["nonce"]
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name="OGP Tracker")
    assert "issuer=OGP%20Tracker" in uri
    assert fresh(app, user).mfa_secret is None  # nothing stored before a code confirms it


def test_a_wrong_confirmation_code_leaves_it_off(app, browse_as, make_user) -> None:
    user = make_user()
    browser = browse_as(user)
    secret = secret_on(browser.get(SETUP).get_data(as_text=True))
    wrong = pyotp.TOTP(pyotp.random_base32()).now()
    response = browser.post(CONFIRM, data={"code": wrong, "password": PASSWORD})
    assert response.status_code == 422
    assert secret_on(response.get_data(as_text=True)) == secret  # the same key, try again
    assert fresh(app, user).mfa_secret is None


# Logging in ---------------------------------------------------------------------------------
def test_the_password_alone_does_not_log_in(app, client, browse_as, make_user) -> None:
    user = make_user()
    enrolled = enrol(browse_as(user))
    response = client.login(user)
    assert response.status_code == 302 and response.headers["Location"] == VERIFY
    assert not is_logged_in(client)
    assert client.get("/commitments/").headers["Location"].startswith("/login")

    done = client.post(VERIFY, data={"code": enrolled.next_code()})
    assert done.status_code == 302 and done.headers["Location"] == "/"
    assert is_logged_in(client)
    assert client.get_cookie("device") is not None
    logins = events(app, Event.LOGIN, user)
    assert logins[-1].detail["mfa"] == "totp"


def test_the_second_step_goes_where_the_login_was_going(client, browse_as, make_user) -> None:
    user = make_user()
    enrolled = enrol(browse_as(user))
    client.post("/login", data={"email": user.email, "password": PASSWORD,
                                "next": "/m/city/commitments/?state=draft"})
    done = client.post(VERIFY, data={"code": enrolled.next_code()})
    assert done.headers["Location"] == "/m/city/commitments/?state=draft"


def test_a_used_code_is_refused_the_second_time(app, client, make_app, browse_as,
                                                 make_user) -> None:
    user = make_user()
    enrolled = enrol(browse_as(user))
    code = enrolled.next_code()
    client.login(user)
    assert client.post(VERIFY, data={"code": code}).status_code == 302

    other = make_app().test_client()  # another browser, the same code seen over a shoulder
    other.login(user)
    replay = other.post(VERIFY, data={"code": code})
    assert replay.status_code == 401
    assert translated_prefix(app, WRONG_CODE) in text_of(replay)
    assert not is_logged_in(other)
    assert events(app, Event.MFA_FAILED, user)[-1].detail == {"method": "totp"}


def test_the_code_used_to_enrol_does_not_log_in(client, browse_as, make_user) -> None:
    user = make_user()
    browser = browse_as(user)
    secret = secret_on(browser.get(SETUP).get_data(as_text=True))
    code = pyotp.TOTP(secret).now()
    browser.post(CONFIRM, data={"code": code, "password": PASSWORD})
    client.login(user)
    if pyotp.TOTP(secret).now() == code:  # still the same 30 s step
        assert client.post(VERIFY, data={"code": code}).status_code == 401


def test_wrong_codes_are_throttled_like_wrong_passwords(app, client, browse_as,
                                                        make_user) -> None:
    user = make_user()
    enrolled = enrol(browse_as(user))
    client.login(user)
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert client.post(VERIFY, data={"code": "000000"}).status_code == 401
    refused = client.post(VERIFY, data={"code": enrolled.next_code()})
    assert refused.status_code == 429
    assert translated_prefix(app, THROTTLED) in text_of(refused)
    assert not is_logged_in(client)
    assert len(events(app, Event.MFA_FAILED, user)) == app.config["LOGIN_MAX_FAILURES"]


def test_a_recovery_code_logs_in_once(app, client, make_app, browse_as, make_user) -> None:
    user = make_user()
    enrolled = enrol(browse_as(user))
    code = enrolled.recovery_codes[3]
    client.login(user)
    typed = code.lower().replace("-", " ")  # as someone might type it
    assert client.post(VERIFY, data={"code": typed}).status_code == 302
    assert is_logged_in(client)
    used = events(app, Event.MFA_RECOVERY_USED, user)
    assert [event.detail["left"] for event in used] == [9]

    other = make_app().test_client()
    other.login(user)
    assert other.post(VERIFY, data={"code": code}).status_code == 401
    assert not is_logged_in(other)
    assert events(app, Event.MFA_FAILED, user)[-1].detail == {"method": "recovery"}


def test_an_expired_second_step_sends_back_to_the_login(client, browse_as,
                                                        make_user) -> None:
    user = make_user()
    enrolled = enrol(browse_as(user))
    client.login(user)
    with client.session_transaction() as session:
        pending = session["second_factor"]
        session["second_factor"] = {**pending, "at": pending["at"] - 6 * 60}
    response = client.post(VERIFY, data={"code": enrolled.next_code()})
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert not is_logged_in(client)


def test_the_second_step_without_a_password_is_the_login_page(client) -> None:
    response = client.get(VERIFY)
    assert response.status_code == 302 and response.headers["Location"] == "/login"


# Required by role ---------------------------------------------------------------------------
def test_a_required_role_is_sent_to_set_up_until_enrolled_and_cannot_turn_it_off(
    app, client, make_user
) -> None:
    app.config["TRACKER_REQUIRE_MFA"] = frozenset({"chair"})
    chair = make_user("chair")
    assert client.login(chair).status_code == 302
    page = client.get("/commitments/")
    assert page.status_code == 302 and page.headers["Location"] == SETUP
    assert client.get("/api/v1/users").headers["Location"] == SETUP  # the API's too

    enrolled = enrol(client)
    assert client.get("/commitments/").status_code == 200
    settings = client.get(SETUP).get_data(as_text=True)
    assert 'value="disable"' not in settings
    refused = client.post(SETUP, data={"action": "disable", "password": PASSWORD})
    assert refused.status_code == 422
    assert fresh(app, chair).mfa_secret == enrolled.secret


def test_a_required_role_can_set_up_a_new_phone(app, client, make_user) -> None:
    app.config["TRACKER_REQUIRE_MFA"] = frozenset({"chair"})
    chair = make_user("chair")
    client.login(chair)
    first = enrol(client)
    assert client.post(SETUP, data={"action": "restart", "password": "wrong"}).status_code \
        == 422
    started = client.post(SETUP, data={"action": "restart", "password": PASSWORD})
    assert started.status_code == 302
    second = enrol(client)
    assert second.secret != first.secret
    assert fresh(app, chair).mfa_secret == second.secret
    assert not set(first.recovery_codes) & set(second.recovery_codes)


# Turning it off, new recovery codes ---------------------------------------------------------
def test_turning_it_off_needs_the_password(app, client, browse_as, make_user) -> None:
    user = make_user()
    browser = browse_as(user)
    enrol(browser)
    assert browser.post(SETUP, data={"action": "disable", "password": "wrong"}).status_code \
        == 422
    assert fresh(app, user).has_mfa
    assert browser.post(SETUP, data={"action": "disable", "password": PASSWORD}).status_code \
        == 302
    assert not fresh(app, user).has_mfa
    assert len(events(app, Event.MFA_DISABLED, user)) == 1
    assert client.login(user).headers["Location"] == "/"  # the password alone again


def test_new_recovery_codes_replace_the_old(app, client, browse_as, make_user) -> None:
    user = make_user()
    browser = browse_as(user)
    old = enrol(browser).recovery_codes
    page = browser.post(SETUP, data={"action": "codes", "password": PASSWORD})
    assert page.status_code == 200
    new = recovery_codes_on(page.get_data(as_text=True))
    assert len(new) == 10 and not set(new) & set(old)
    client.login(user)
    assert client.post(VERIFY, data={"code": old[0]}).status_code == 401
    assert client.post(VERIFY, data={"code": new[0]}).status_code == 302


# An administrator's reset -------------------------------------------------------------------
def test_an_administrators_reset_clears_it_and_ends_the_sessions(app, browse_as,
                                                                make_user) -> None:
    user = make_user()
    admin = make_user("admin")
    browser = browse_as(user)
    enrol(browser)
    assert is_logged_in(browser)
    with app.app_context():
        reset_mfa(db.session.get(User, user.id), actor=db.session.get(User, admin.id))
        db.session.commit()
    assert not is_logged_in(browser)
    stored = fresh(app, user)
    assert stored.mfa_secret is None and stored.mfa_last_step is None
    with app.app_context():
        assert db.session.execute(
            select(RecoveryCode).where(RecoveryCode.user_id == user.id)).first() is None
        assert db.session.execute(
            select(UserSession).where(UserSession.user_id == user.id,
                                      UserSession.ended_at.is_(None))).first() is None
    (reset,) = events(app, Event.MFA_RESET, user)
    assert reset.actor_id == admin.id


def test_only_an_administrator_resets(app, browse_as, make_user) -> None:
    user = make_user()
    chair = make_user("chair")
    enrol(browse_as(user))
    with app.app_context():
        with pytest.raises(PermissionDenied):
            reset_mfa(db.session.get(User, user.id), actor=db.session.get(User, chair.id))
        db.session.rollback()
    assert fresh(app, user).has_mfa


def test_user_reset_mfa_on_the_command_line(app, runner, client, browse_as,
                                            make_user) -> None:
    user = make_user()
    enrol(browse_as(user))
    result = runner.invoke(args=["user", "reset-mfa", user.email.upper()])
    assert result.exit_code == 0, result.output
    assert "reset" in result.output
    assert not fresh(app, user).has_mfa
    (reset,) = events(app, Event.MFA_RESET, user)
    assert reset.actor_id is None
    assert client.login(user).headers["Location"] == "/"
    assert runner.invoke(args=["user", "reset-mfa", "nobody@example.test"]).exit_code == 1
