"""The one rule for dated items: when is one *done*, and is it still *live*?

Every dated item (a commitment, a milestone, an action item, a subgroup's deliverable)
answers three questions on its model, and nothing else decides them — not the board, not a
page, not a template:

- ``due``: the date it is due (or ``None``);
- ``is_done``: its work is delivered (a completed commitment, a milestone marked done, an
  action item done, a deliverable recorded);
- ``is_live``: it still counts at all (not withdrawn or cancelled; a milestone of a
  withdrawn commitment is not live either). A dead item shows no deadline and is on no
  board.

``is_done`` and ``is_live`` are SQLAlchemy hybrid properties: the same definition filters
rows in SQL (``select(Milestone).where(Milestone.is_live)``) and answers for a loaded row.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol, runtime_checkable


@runtime_checkable
class Dated(Protocol):
    @property
    def due(self) -> date | None: ...

    @property
    def is_done(self) -> bool: ...

    @property
    def is_live(self) -> bool: ...
