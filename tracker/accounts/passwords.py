"""Passwords: the one policy every new password meets (an account's first, a change, never
the temporary one an administrator's reset makes), changing one's own, and the reset.

The policy (ASVS 6.2): at least :data:`MIN_PASSWORD_LENGTH` characters and at most
:data:`MAX_PASSWORD_LENGTH` (long passphrases welcome), any Unicode (Georgian included),
taken exactly as typed, no composition rules; refused when it is a common or breached
password or otherwise easy to guess — zxcvbn's lists of common passwords, words, names and
keyboard patterns, and the account's own e-mail and name — so ``password12``,
``aaaaaaaaaa`` and ``qwertyuiop`` are refused, four unrelated words are not.
"""

from __future__ import annotations

import re
import secrets
import threading
from datetime import timedelta

from flask import has_app_context, has_request_context, request
from flask_babel import gettext as _
from sqlalchemy import select
from zxcvbn import zxcvbn

from ..database import utcnow
from ..errors import PermissionDenied, ValidationFailed
from ..extensions import db
from ..municipalities.models import Municipality
from ..municipalities.operations import may_administer
from . import sessions, throttle
from .events import Event, record
from .models import User
from .tokens import revoke_all

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 128
#: zxcvbn's score (0–4) a new password must reach: 3 is "safely unguessable: moderate
#: protection from an offline slow-hash scenario" (10^8 guesses and more).
MIN_SCORE = 3
#: zxcvbn refuses longer input (its matching grows with the square of the length); a
#: longer password is judged by its first this many characters.
_ZXCVBN_MAX = 72
#: zxcvbn keeps the user inputs of a call in a module-level dictionary: one call at a time.
_ZXCVBN_LOCK = threading.Lock()

#: How long a temporary password from :func:`reset_password` opens the account.
TEMPORARY_PASSWORD_LIFETIME = timedelta(days=3)


def _personal_words(*values: str) -> list[str]:
    """The account's own e-mail and name, whole, in pieces and run together
    (``nino.beridze@example.ge`` gives ``nino``, ``beridze``, ``ninoberidze``, ``example``…):
    a password built on them is refused."""
    words: list[str] = []
    for value in filter(None, (v.casefold() for v in values)):
        local = value.split("@", 1)[0]
        words += [value, local, re.sub(r"[\W_]+", "", local)]
        words += [part for part in re.split(r"[\W_]+", value) if len(part) > 2]
    return list(dict.fromkeys(w for w in words if w))


#: Words of this service that a password must not be built on (ASVS 6.1.2, 6.2.11): what a
#: guesser tries first against an OGP tracker of a Georgian municipality, besides the
#: account's own e-mail and name and the instance's municipalities (their slugs and names).
CONTEXT_WORDS = (
    "ogp", "opengov", "open government", "opengovpartnership", "tracker", "actionplan",
    "action plan", "commitment", "municipality", "georgia", "sakartvelo", "tbilisi",
    "ოგპ", "ღია მმართველობა", "სამოქმედო გეგმა", "ვალდებულება", "მუნიციპალიტეტი",
    "მერია", "საკრებულო", "საქართველო", "თბილისი",
)


def _context_words() -> list[str]:
    names = db.session.execute(select(Municipality.slug, Municipality.name)).all() \
        if has_app_context() else []
    words = [*CONTEXT_WORDS, *(value.casefold() for row in names for value in row)]
    return list(dict.fromkeys([*words, *(w.replace(" ", "") for w in words)]))


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """Why ``password`` may not be used (a translated sentence), or ``None`` if it may."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("The password must be at least %(n)d characters long.", n=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        return _("The password may be at most %(n)d characters long.", n=MAX_PASSWORD_LENGTH)
    with _ZXCVBN_LOCK:
        result = zxcvbn(password[:_ZXCVBN_MAX],
                        user_inputs=[*_personal_words(email, name), *_context_words()])
    matches = result["sequence"]
    whole = len(matches) == 1
    if whole and matches[0].get("dictionary_name") == "user_inputs":
        return _("The password may not be your e-mail address or your name, nor a word of "
                 "this service (OGP, the municipality).")
    if whole and matches[0].get("dictionary_name") == "passwords":
        return _("This password is one of the most common passwords, the first that "
                 "anyone tries. Choose another.")
    # Two thirds or more the account's or the service's own words (ogptracker2026): the
    # guesser's first try, whatever zxcvbn scores it (it ranks these words by their order).
    built_on = sum(len(m["token"]) for m in matches
                   if m.get("dictionary_name") == "user_inputs")
    if result["score"] < MIN_SCORE or 3 * built_on >= 2 * len(password[:_ZXCVBN_MAX]):
        if built_on:
            return _("The password is too easy to guess: it is built on your e-mail "
                     "address or your name, or on a word of this service (OGP, the "
                     "municipality). Choose another.")
        return _("The password is too easy to guess (a common password or word, a "
                 "repetition, a keyboard row, a sequence or a date). A few unrelated "
                 "words make a long password that is easy to remember and hard to guess.")
    return None


def check_new_password(password: str, *, email: str, name: str,
                       field: str = "password") -> None:
    """:class:`ValidationFailed` on ``field`` when ``password`` breaks the policy."""
    problem = password_problem(password, email=email, name=name)
    if problem is not None:
        raise ValidationFailed({field: [problem]})


class WrongPassword(ValidationFailed):
    """A password given to confirm a change was wrong: counted by the login throttle and
    logged, and those records are kept (``keeps_record``) though nothing else is saved."""

    keeps_record = True


def _client() -> str | None:
    return request.remote_addr if has_request_context() else None


def confirm_password(user: User, password: str, *, field: str = "password",
                     failed: Event = Event.REAUTH_FAILED) -> None:
    """Re-authentication before a change to how the account is protected or who is logged
    in (ASVS 7.5.1, 7.5.2): the password, behind the same throttle as the login so that no
    page is a way round it; a wrong one is counted, logged as ``failed`` and refused on
    ``field``."""
    remote_addr = _client()
    device = throttle.device_of(user.email) if has_request_context() else None
    throttle.check(user.email, remote_addr, device)
    if not user.check_password(password) or temporary_password_expired(user):
        throttle.failed(user.email, remote_addr, device)
        record(failed, user=user, reason="password")
        raise WrongPassword({field: [
            _("The current password is not right.") if field == "current_password"
            else _("The password is not right.")]})


def change_password(user: User, current: str, new: str) -> None:
    """``user`` replaces their password, proving they know the current one (or the temporary
    one an administrator gave them). On success every other session of ``user`` ends; this
    one (when the request has one) stays."""
    confirm_password(user, current, field="current_password",
                     failed=Event.PASSWORD_CHANGE_FAILED)
    if new == current:
        raise ValidationFailed({"new_password": [
            _("The new password must differ from the current one.")]})
    check_new_password(new, email=user.email, name=user.name, field="new_password")
    user.set_password(new)
    user.must_change_password = False
    sessions.end_all(user, "password", keep=sessions.current())
    record(Event.PASSWORD_CHANGED, user=user)
    db.session.flush()


def temporary_password_expired(user: User) -> bool:
    """A temporary password (an administrator's reset) opens the account for
    :data:`TEMPORARY_PASSWORD_LIFETIME`; after that only a new reset helps (ASVS 6.4.1)."""
    return bool(
        user.must_change_password and user.password_changed_at is not None
        and utcnow() - user.password_changed_at > TEMPORARY_PASSWORD_LIFETIME)


def reset_password(user: User, *, actor: User | None) -> str:
    """An administrator (``actor``; ``None``: the command line) gives ``user`` a new random
    temporary password, returned to be handed over once. It must be replaced at the next
    login (the login wall sends the user to the change page) and stops working after
    :data:`TEMPORARY_PASSWORD_LIFETIME`. Every session of ``user`` ends."""
    if actor is not None and not may_administer(actor):
        raise PermissionDenied()
    temporary = secrets.token_urlsafe(15)  # 20 characters, 120 random bits
    user.set_password(temporary)
    user.must_change_password = True
    sessions.end_all(user, "password", actor=actor)
    revoke_all(user, "password_reset", actor=actor)
    record(Event.PASSWORD_RESET, user=user, actor=actor)
    db.session.flush()
    return temporary
