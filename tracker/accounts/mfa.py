"""A second factor: time-based one-time codes from an authenticator app (TOTP, RFC 6238),
and recovery codes for when the phone is lost (ASVS 6.3.3, 6.5, 6.6).

Enrolment is two steps. The secret is generated and kept *pending* in the browser's signed
session (only the person who is enrolling ever sees it, and the schema has no column for a
secret nobody confirmed yet); the person scans it and types a current code, which proves
the app holds it; only then is it stored on the account, with ten fresh recovery codes
shown once. A code is good once: the time step it belongs to must be later than the last
one accepted (``users.mfa_last_step``), and that is written by one conditional UPDATE, so
two requests with the same code cannot both pass (6.5.1). Recovery codes have 120 random
bits, so a SHA-256 of each is enough to store them (6.5.2); using one marks it used the
same conditional way.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from datetime import UTC, datetime

import pyotp
import segno
from flask import current_app, session
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import delete, func, or_, select, update

from ..database import utcnow
from ..errors import DomainError, PermissionDenied, ValidationFailed
from ..extensions import db
from ..municipalities.operations import may_administer
from . import throttle
from .events import Event, record
from .models import RecoveryCode, User, secret_hash
from .passwords import confirm_password
from .sessions import current, end_all
from .tokens import revoke_all

ISSUER = "OGP Tracker"
RECOVERY_CODES = 10
#: 24 base32 characters: 120 bits, more than the 112 ASVS 6.5.2 asks of a lookup secret
#: stored with a plain hash; shown in four groups of six.
RECOVERY_CODE_LENGTH = 24
RECOVERY_GROUP = 6
PENDING_KEY = "mfa_enrolment"
#: How long a scanned but unconfirmed secret waits for its first code.
PENDING_SECONDS = 15 * 60


class MfaRequired(DomainError):
    status = 422
    code = "mfa_required"


class SecondFactorFailed(DomainError):
    status = 401
    code = "second_factor_failed"


# Enrolment -------------------------------------------------------------------------------
def pending_secret(user: User) -> str | None:
    """The secret ``user`` started enrolling in this login, if it has not expired."""
    pending = session.get(PENDING_KEY)
    if (not isinstance(pending, dict) or pending.get("user") != user.id
            or not isinstance(pending.get("at"), (int, float))
            or time.time() - pending["at"] > PENDING_SECONDS
            or not isinstance(pending.get("nonce"), str)):
        return None
    return _enrolment_secret(user, pending["nonce"])


def begin_enrolment(user: User) -> str:
    """A new secret for ``user``, pending in this login until a code confirms it (the
    account's current factor, if any, keeps working until then)."""
    nonce = secrets.token_urlsafe(16)
    session[PENDING_KEY] = {"user": user.id, "nonce": nonce, "at": time.time()}
    return _enrolment_secret(user, nonce)


def _enrolment_secret(user: User, nonce: str) -> str:
    """The pending secret, derived on the server (HMAC-SHA-256 with SECRET_KEY of the user,
    this login's session and a random nonce): the signed, readable session cookie carries
    only the nonce, so a copy of the cookie does not give away the seed of the second
    factor. 160 bits, base32, as authenticator apps expect."""
    key = current_app.config["SECRET_KEY"]
    key = key if isinstance(key, bytes) else str(key).encode()
    login = current()
    message = f"tracker.mfa-enrolment:{user.id}:{login.id if login else ''}:{nonce}".encode()
    digest = hmac.new(key, message, hashlib.sha256).digest()
    return base64.b32encode(digest[:20]).decode()


def provisioning_uri(user: User, secret: str) -> str:
    """The ``otpauth://`` URI an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_svg(uri: str) -> Markup:
    """The QR code of ``uri`` as inline SVG markup (no script, no data: URI: the CSP allows
    it as it is). Dark on a white quiet zone, so it scans on a dark page too."""
    svg = segno.make(uri, error="m").svg_inline(
        scale=4, dark="#000", light="#fff", svgclass="qr-code", lineclass=None,
        title=_("QR code for the authenticator app"))
    # segno's own markup: paths and the (translated) title; the URI is only in the pattern.
    return Markup(svg)  # nosec B704


def confirm_enrolment(user: User, code: str, password: str) -> list[str]:
    """Store the pending secret once ``code`` proves the app holds it and the password
    proves the person is the account's (ASVS 7.5.1: a session left open somewhere must not
    tie the account to someone else's phone): the second factor is on, any previous one
    and its recovery codes are gone, the person's other sessions end (ASVS 7.4.3). Returns
    the new recovery codes, to be shown this once."""
    confirm_password(user, password)
    secret = pending_secret(user)
    if secret is None:
        raise ValidationFailed({"code": [_(
            "The set-up has expired. Scan the new QR code and enter its code.")]})
    step = _matching_step(secret, code)
    if step is None:
        raise ValidationFailed({"code": [_("The code is not correct. Enter the current "
                                           "six-digit code from the app.")]})
    session.pop(PENDING_KEY, None)
    user.mfa_secret = secret
    user.mfa_enabled_at = utcnow()
    user.mfa_last_step = step
    codes = _new_recovery_codes(user)
    end_all(user, "mfa", keep=current())
    record(Event.MFA_ENROLLED, user=user)
    db.session.flush()
    return codes


# Verifying at login ----------------------------------------------------------------------
def _normalised_totp(code: str) -> str:
    return "".join(code.split())


def _matching_step(secret: str, code: str, at: float | None = None) -> int | None:
    """The time step (previous, current or next: a clock off by up to 30 s) whose code is
    ``code``, or ``None``. Every candidate is compared in constant time."""
    code = _normalised_totp(code)
    if not (len(code) == 6 and code.isdigit()):
        return None
    totp = pyotp.TOTP(secret)
    now = totp.timecode(datetime.fromtimestamp(at if at is not None else time.time(), UTC))
    found = None
    for step in (now - 1, now, now + 1):
        if secrets.compare_digest(totp.generate_otp(step), code):
            found = step
    return found


def looks_like_totp(code: str) -> bool:
    return _normalised_totp(code).isdigit()


def verify_totp(user: User, code: str) -> bool:
    """Whether ``code`` is ``user``'s current code and not one already used. The step is
    claimed by a conditional UPDATE: of two requests with one code, one wins."""
    if user.mfa_secret is None:
        return False
    step = _matching_step(user.mfa_secret, code)
    if step is None:
        return False
    claimed = db.session.execute(
        update(User)
        .where(User.id == user.id,
               or_(User.mfa_last_step.is_(None), User.mfa_last_step < step))
        .values(mfa_last_step=step, version=User.version + 1)
        .execution_options(synchronize_session="fetch")
    ).rowcount
    return claimed == 1


def second_factor(user: User, code: str, remote_addr: str | None,
                  device: str | None) -> str:
    """The login's second step for ``user`` (who gave the right password): ``code`` is a
    current TOTP code or an unused recovery code. Returns which it was; else
    :class:`SecondFactorFailed` (401), counted by the login throttle like a wrong password,
    or :class:`~.throttle.LoginThrottled` (429) over its limits, checked first. Logged
    either way; the caller commits either way."""
    try:
        throttle.check(user.email, remote_addr, device)
    except throttle.LoginThrottled:
        record(Event.LOGIN_THROTTLED, user=user, step="mfa")
        raise
    method = "totp" if looks_like_totp(code) else "recovery"
    ok = verify_totp(user, code) if method == "totp" else use_recovery_code(user, code)
    if not ok:
        throttle.failed(user.email, remote_addr, device)
        record(Event.MFA_FAILED, user=user, method=method)
        raise SecondFactorFailed(_("The code is not correct, or it was already used."))
    return method


def normalised_recovery_code(code: str) -> str:
    """As typed, with or without dashes and spaces, in either case; 0 and 1 (not base32
    letters) read as the O and I they look like."""
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    return cleaned.replace("0", "O").replace("1", "I")


def use_recovery_code(user: User, code: str) -> bool:
    """Spend one of ``user``'s unused recovery codes; ``False`` if ``code`` is none of them."""
    cleaned = normalised_recovery_code(code)
    if len(cleaned) != RECOVERY_CODE_LENGTH:
        return False
    used = db.session.execute(
        update(RecoveryCode)
        .where(RecoveryCode.user_id == user.id,
               RecoveryCode.code_hash == secret_hash(cleaned),
               RecoveryCode.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if used != 1:
        return False
    record(Event.MFA_RECOVERY_USED, user=user, left=unused_recovery_codes(user))
    return True


def unused_recovery_codes(user: User) -> int:
    return db.session.execute(
        select(func.count(RecoveryCode.id))
        .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    ).scalar_one()


def _new_recovery_codes(user: User) -> list[str]:
    """Ten new codes for ``user``, replacing all earlier ones; only their hashes are kept."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _n in range(RECOVERY_CODES):
        raw = base64.b32encode(secrets.token_bytes(15)).decode()  # 120 bits, 24 characters
        db.session.add(RecoveryCode(user_id=user.id, code_hash=secret_hash(raw)))
        codes.append("-".join(raw[i:i + RECOVERY_GROUP]
                              for i in range(0, RECOVERY_CODE_LENGTH, RECOVERY_GROUP)))
    return codes


# Changing it afterwards ------------------------------------------------------------------


def start_again(user: User, password: str) -> str:
    """Re-enrolment of a user who has a factor: their password first, so a session left
    open somewhere cannot replace the second factor with the attacker's."""
    confirm_password(user, password)
    return begin_enrolment(user)


def regenerate_recovery_codes(user: User, password: str) -> list[str]:
    """New recovery codes (the old ones stop working), password required."""
    confirm_password(user, password)
    if not user.has_mfa:
        raise ValidationFailed({"password": [_("Two-factor authentication is off.")]})
    codes = _new_recovery_codes(user)
    end_all(user, "mfa", keep=current())
    record(Event.MFA_ENROLLED, user=user, recovery_codes="regenerated")
    db.session.flush()
    return codes


def disable(user: User, password: str, *, required: bool) -> None:
    """Turn off one's own second factor (password required). Not for those whose role must
    have one (``required``, see :func:`tracker.accounts.auth.mfa_required`): they can only
    set it up again."""
    if required:
        raise MfaRequired(_("Your role requires two-factor authentication: you can set it "
                            "up again, but not turn it off."))
    confirm_password(user, password)
    _clear(user)
    end_all(user, "mfa", keep=current())
    record(Event.MFA_DISABLED, user=user)
    db.session.flush()


def reset_mfa(user: User, *, actor: User | None) -> bool:
    """An administrator's reset (``actor`` ``None``: the command line) for someone who lost
    their phone and their recovery codes: the second factor and its codes are gone and every
    session of ``user`` ends; they log in with the password alone and, if their role
    requires it, set up a new factor before anything else. Returns whether there was one."""
    if actor is not None and not may_administer(actor):
        raise PermissionDenied()
    had = user.has_mfa
    _clear(user)
    end_all(user, "mfa", actor=actor)
    revoke_all(user, "mfa_reset", actor=actor)
    record(Event.MFA_RESET, user=user, actor=actor, had_mfa=had)
    db.session.flush()
    return had


def _clear(user: User) -> None:
    user.mfa_secret = None
    user.mfa_enabled_at = None
    user.mfa_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
