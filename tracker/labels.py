"""Closed vocabularies stored as text, each value with its translated label.

A role, a kind of unit or organisation, an attendance, an action item's state: the stored
value (the API's value too) and the words people read are declared together, once, so a
new value cannot be added without its label::

    class Presence(Labelled):
        PRESENT = "present", _l("Present")

``Presence.PRESENT == "present"``; ``Presence.PRESENT.label`` is the translated word;
``Presence.labels()`` maps every value to its label (for templates and forms).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class Labelled(StrEnum):
    label: Any

    def __new__(cls, value: str, label: Any = None) -> Labelled:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = value if label is None else label
        return member

    @classmethod
    def labels(cls) -> dict[Labelled, Any]:
        return {member: member.label for member in cls}

    @classmethod
    def sql_check(cls, column: str) -> str:
        """The CHECK constraint that keeps the column inside the vocabulary."""
        return "{} IN ({})".format(column, ", ".join(f"'{m.value}'" for m in cls))
