"""The feeds' routes: a municipality's public calendar and Atom feed, a person's own
calendar by token, and the page that shows, renews and revokes that token."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import ColumnElement, false

from ..board.items import BoardFilters, BoardSource
from ..disclosure import rules, site
from ..disclosure.site import open_public
from ..errors import NotFound
from ..extensions import db
from ..municipalities import scope
from . import atom, calendar
from .models import CalendarFeed, feed_url
from .operations import renew_calendar_feed, revoke_calendar_feed

bp = Blueprint("feeds", __name__)
#: The person's own page of their feed: an account page (of the instance, like the API
#: tokens'), apart from the feeds themselves.
account_bp = Blueprint("calendar", __name__)

ICS = "text/calendar; charset=utf-8"


def _public_condition(source: BoardSource) -> ColumnElement[bool]:
    """The public rule of the source's kind (:mod:`tracker.disclosure.rules`); a kind with
    no rule there (a request for a progress report: internal work) is never public."""
    rule = rules.BY_NAME.get(source.kind)
    return rule.visible() if rule is not None else false()


@bp.get("/p/<slug>/calendar.ics")
def municipal_calendar(slug: str) -> Response:
    municipality = open_public(slug)

    def build() -> Response:
        page = calendar.public_page(municipality.slug)
        items = calendar.deadlines(BoardFilters(), _public_condition, page)
        events = calendar.events_of(items, calendar.meetings(rules.MEETINGS.visible()),
                                    with_owner=False, page=page)
        return Response(calendar.calendar(municipality.name, events), content_type=ICS)
    return site.answer(municipality, build)


@bp.get("/p/<slug>/feed.atom")
def municipal_atom(slug: str) -> Response:
    municipality = open_public(slug)

    def build() -> Response:
        self_url = url_for("feeds.municipal_atom", slug=slug, _external=True)
        home = url_for("public.home", slug=slug, _external=True)
        return Response(atom.feed(municipality, self_url, home),
                        content_type="application/atom+xml; charset=utf-8")
    return site.answer(municipality, build)


@bp.get("/calendar/<token>.ics")
def personal_calendar(token: str) -> Response:
    """The deadlines the token's owner owns (the board's "only mine"), in the
    municipalities they may read. An unknown or revoked token is a 404, nothing more."""
    feed = CalendarFeed.lookup(token)
    if feed is None or not feed.user.active:
        raise NotFound()
    user = feed.user
    scope.restrict(user.readable_municipality_ids)
    # A calendar program sends no cookie: the feed speaks the person's own language.
    with force_locale(user.language):
        items = calendar.deadlines(BoardFilters(owner_id=user.id), calendar.no_condition)
        body = calendar.calendar(_("My deadlines — %(name)s", name=user.name),
                                 calendar.events_of(items, (), with_owner=True))
    # Personal: no shared cache keeps it.
    return Response(body, content_type=ICS, headers={"Cache-Control": "private, no-store"})


@account_bp.get("/account/calendar")
def index() -> str:
    user = current_user._get_current_object()
    return render_template("feeds/account.html", url=feed_url(user.id),
                           feed=CalendarFeed.of(user))


@account_bp.post("/account/calendar/renew")
def renew():  # type: ignore[no-untyped-def]
    user = current_user._get_current_object()
    had = CalendarFeed.of(user) is not None
    renew_calendar_feed(user, actor=user)
    db.session.commit()
    flash(_("Your calendar has a new address: the old one no longer works.") if had
          else _("Your calendar address is ready."), "success")
    return redirect(url_for("calendar.index"))


@account_bp.post("/account/calendar/revoke")
def revoke():  # type: ignore[no-untyped-def]
    user = current_user._get_current_object()
    revoke_calendar_feed(user, actor=user)
    db.session.commit()
    flash(_("Your calendar address has been revoked: it no longer works."), "success")
    return redirect(url_for("calendar.index"))
