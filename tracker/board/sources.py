"""The board's sources, one per dated kind. A new area plugs in by adding its source here."""

from __future__ import annotations

from ..commitments.board import COMMITMENTS, MILESTONES
from ..meetings.board import ACTION_ITEMS
from ..progress.board import REPORT_REQUESTS
from ..subgroups.board import DELIVERABLES
from .items import BoardSource

SOURCES: tuple[BoardSource, ...] = (COMMITMENTS, MILESTONES, ACTION_ITEMS, DELIVERABLES,
                                    REPORT_REQUESTS)
