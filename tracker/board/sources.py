"""The board's sources, one per dated kind. A new area plugs in by adding its source here."""

from __future__ import annotations

from ..commitments.board import commitment_items, milestone_items
from .items import Source

SOURCES: tuple[Source, ...] = (commitment_items, milestone_items)
