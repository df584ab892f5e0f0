"""The 17 Sustainable Development Goals a commitment may serve (PRODUCT.md's template).

Stored as their numbers (``Commitment.sdgs``, a list of ints 1..17); the names are the
UN's English ones, translated in the catalog to the official Georgian wording.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Sdg:
    number: int
    name: Any  # a lazy string

    @property
    def label(self) -> Any:
        """"5. Gender equality" — how a goal reads on a page, in a choice and the history
        (lazy, in the reader's language)."""
        return LazyString(lambda: f"{self.number}. {self.name}")


SDGS: tuple[Sdg, ...] = (
    Sdg(1, _l("No poverty")),
    Sdg(2, _l("Zero hunger")),
    Sdg(3, _l("Good health and well-being")),
    Sdg(4, _l("Quality education")),
    Sdg(5, _l("Gender equality")),
    Sdg(6, _l("Clean water and sanitation")),
    Sdg(7, _l("Affordable and clean energy")),
    Sdg(8, _l("Decent work and economic growth")),
    Sdg(9, _l("Industry, innovation and infrastructure")),
    Sdg(10, _l("Reduced inequalities")),
    Sdg(11, _l("Sustainable cities and communities")),
    Sdg(12, _l("Responsible consumption and production")),
    Sdg(13, _l("Climate action")),
    Sdg(14, _l("Life below water")),
    Sdg(15, _l("Life on land")),
    Sdg(16, _l("Peace, justice and strong institutions")),
    Sdg(17, _l("Partnerships for the goals")),
)

SDG_BY_NUMBER: dict[int, Sdg] = {sdg.number: sdg for sdg in SDGS}

#: A goal's number and its name, as ``allowed`` of a coded field.
SDG_NAMES: dict[int, Any] = {sdg.number: sdg.label for sdg in SDGS}

#: For a form's checkboxes: (the number as the form posts it, "5. Gender equality").
SDG_CHOICES: list[tuple[int, Any]] = [(sdg.number, sdg.label) for sdg in SDGS]


def sdg_label(number: Any) -> str:
    """A goal's number and name; a number that is no goal reads as itself."""
    sdg = SDG_BY_NUMBER.get(number) if isinstance(number, int) else None
    return str(sdg.label) if sdg else str(number)
