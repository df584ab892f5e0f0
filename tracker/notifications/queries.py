"""Reading a person's notifications: the bell's count and the list.

A notification is about a row of a municipality; the person sees it only while they may
read that municipality (as they see its rows). These pages are the instance's (the bell is
in every page's header, under any municipality entered), so the rule is said here once,
:func:`visible_to`, for the bell, the list, the API and marking read.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, func, select

from ..accounts.models import User
from ..extensions import db
from ..municipalities import scope
from ..paging import Page, Paging, paginate
from .models import Notification


def visible_to(user: User) -> ColumnElement[bool]:
    """The person's own in-app notifications of the municipalities they may read."""
    condition = (Notification.user_id == user.id) & Notification.in_app.is_(True)
    readable = user.readable_municipality_ids
    if readable is not None:
        condition = condition & Notification.municipality_id.in_(sorted(readable))
    return condition


def _listing(user: User) -> Select[tuple[Notification]]:
    return (select(Notification).where(visible_to(user))
            .order_by(Notification.created_at.desc(), Notification.id.desc()))


def unread_count(user: User) -> int:
    """The bell's number: one COUNT along the (user, read) index."""
    with scope.unrestricted():  # whichever municipality the page entered
        stmt = select(func.count()).select_from(Notification).where(
            visible_to(user), Notification.read_at.is_(None))
        return int(db.session.scalar(stmt) or 0)


def notifications_page(user: User, paging: Paging) -> Page[Notification]:
    """Newest first, a page at a time, in the municipalities the request sees (the API's
    ``?municipality=`` narrows it like every list)."""
    return paginate(_listing(user), paging)


def notification_of(user: User, notification_id: int) -> Notification | None:
    """One of the person's own, or None (another's is not found)."""
    return db.session.scalar(select(Notification).where(
        Notification.id == notification_id, visible_to(user)))
