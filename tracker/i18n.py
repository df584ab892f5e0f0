"""Locale, time zone and the date/time formats people read (DD/MM/YYYY, 14:00)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import format_currency, format_decimal, format_timedelta, get_locale
from flask_login import current_user

from .accounts.roles import LANGUAGES, ROLE_LABELS
from .extensions import babel


def select_locale() -> str:
    # Outside a request (CLI commands, the demo loader) there is no user and no session.
    if has_request_context():
        # A page whose language is its URL's (the public site) says so for everyone.
        if forced := g.get("tracker_locale"):
            return str(forced)
        if current_user and current_user.is_authenticated:
            return current_user.language
        chosen = session.get("language")
        if chosen in LANGUAGES:
            return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def tracker_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["TRACKER_TIMEZONE"])


def local_today() -> date:
    """"Today" for deadlines is the working group's day, not the server's or UTC's."""
    return datetime.now(tracker_zone()).date()


def noon_of(day: date) -> datetime:
    """A day with no hour (a paper signature's) as a moment: noon in the working group's
    zone, which reads back as the same day wherever it is shown."""
    return datetime(day.year, day.month, day.day, 12, tzinfo=tracker_zone())


def format_day(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(tracker_zone())
    return value.strftime("%d/%m/%Y")


def format_moment(value: datetime | None) -> str:
    if value is None:
        return ""
    return value.astimezone(tracker_zone()).strftime("%d/%m/%Y %H:%M")


def format_days(days: int) -> str:
    return format_timedelta(timedelta(days=abs(days)), granularity="day", threshold=1000)


def format_money(amount: Any, currency: str) -> str:
    """An amount in its currency as the reader's language writes it ("1 500,00 ₾" in
    Georgian); a code Babel does not know reads as the code itself."""
    if amount is None:
        return ""
    try:
        return format_currency(amount, currency or "GEL")
    except (ValueError, LookupError):
        return f"{format_decimal(amount)} {currency}"


def init_app(app: Flask) -> None:
    try:
        ZoneInfo(app.config["TRACKER_TIMEZONE"])
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise RuntimeError(
            f"TRACKER_TIMEZONE={app.config['TRACKER_TIMEZONE']!r} is not a known time zone"
        ) from error
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.filters["day"] = format_day
    app.jinja_env.filters["moment"] = format_moment
    app.jinja_env.filters["days"] = format_days
    app.jinja_env.filters["money"] = format_money

    app.jinja_env.globals["get_locale"] = get_locale

    @app.context_processor
    def _languages() -> dict[str, object]:
        return {
            "LANGUAGES": LANGUAGES,
            "ROLE_LABELS": ROLE_LABELS,
            "current_path": request.full_path.rstrip("?"),
            "today": local_today(),
        }
