"""Making, renewing and revoking a person's calendar feed: only its owner does, and each is
in the security log (a URL that reads someone's deadlines is a credential)."""

from __future__ import annotations

import secrets

from ..accounts import events
from ..accounts.models import User, secret_hash
from ..errors import PermissionDenied
from ..extensions import db
from .models import CalendarFeed


def _check(user: User, actor: User) -> None:
    if actor.id != user.id:
        raise PermissionDenied()


def renew_calendar_feed(user: User, actor: User) -> CalendarFeed:
    """The person's feed with a new token: made if there was none, else its old URL stops
    working (a URL shared by mistake is replaced, not just hidden)."""
    _check(user, actor)
    feed = CalendarFeed.of(user)
    if feed is None:
        nonce = secrets.token_hex(32)
        feed = CalendarFeed(user_id=user.id, nonce=nonce,
                            token_hash=secret_hash(CalendarFeed.token_for(nonce)))
        db.session.add(feed)
    else:
        feed.renew()
    events.record(events.Event.CALENDAR_FEED_ISSUED, user=user, actor=actor,
                  renewed=feed.id is not None)
    db.session.flush()
    return feed


def revoke_calendar_feed(user: User, actor: User) -> bool:
    """No feed any more: its URL is a 404. False if there was none."""
    _check(user, actor)
    feed = CalendarFeed.of(user)
    if feed is None:
        return False
    db.session.delete(feed)
    events.record(events.Event.CALENDAR_FEED_REVOKED, user=user, actor=actor)
    db.session.flush()
    return True
