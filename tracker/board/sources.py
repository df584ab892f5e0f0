"""The board's sources, one per dated kind. A new area plugs in by adding its source here."""

from __future__ import annotations

from ..commitments.board import commitment_items, milestone_items
from ..meetings.board import action_item_items
from ..subgroups.board import deliverable_items
from .items import Source

SOURCES: tuple[Source, ...] = (
    commitment_items,
    milestone_items,
    action_item_items,
    deliverable_items,
)
