"""The meetings blueprint: the meeting pages (views.py), the minutes (minutes_views.py) and
action items (action_item_views.py) register their routes on it, so endpoint names read
``meetings.<name>`` whichever module holds the route."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, url_for

bp = Blueprint("meetings", __name__)


def to_meeting(meeting_id: int, anchor: str = "") -> Any:
    """Back to the meeting's page, at the section that changed."""
    return redirect(url_for("meetings.detail", meeting_id=meeting_id)
                    + (f"#{anchor}" if anchor else ""))
