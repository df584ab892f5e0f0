"""An archive of Georgian minutes, built by the suite's Factory (tests/factories.py).

The minutes below are invented for these tests (city "ნაპირი", invented people): each
meeting uses words in the case forms the search must see through.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from tracker.workflow import COMPLETED, DRAFT, MONITORED

from ..factories import Factory
from ..helpers import text_of

__all__ = ["Archive", "text_of"]  # text_of: imported from here by the importer tests


# The archive ---------------------------------------------------------------------------------
@dataclass
class Archive:
    """Four meetings with invented Georgian minutes; ids by a short name."""

    petition: int      # WG, 02/02/2024, approved; only oblique forms of პეტიცია
    workshops: int     # WG, 10/05/2024, held; "სამუშაო შეხვედრებზე"
    portal: int        # a subgroup's, 15/09/2024, draft; "ღია მონაცემების", "წლის"
    petition_nom: int  # WG, 20/01/2025, draft; პეტიცია in the nominative, "მონაცემების ღია"
    subgroup_id: int
    commitment_id: int     # linked by an action item of `petition`
    sub_commitment_id: int  # linked to the subgroup

    def ids(self, *names: str) -> list[int]:
        return [getattr(self, name) for name in names]


@pytest.fixture
def archive(factory: Factory, make_commitment, users) -> Archive:
    commitment = make_commitment(title="ელექტრონული პეტიციები")
    sub_commitment = make_commitment(title="ღია მონაცემები")
    group = factory.subgroup(lead=users["member"], commitments=(sub_commitment,),
                              name="ღია მონაცემების თემატური ჯგუფი")
    officers = [{"user_id": users[r].id, "name": users[r].name} for r in ("chair", "secretary")]
    civil = {"name": "ნინო ხარაიშვილი", "organisation": "„გამჭვირვალობის ცენტრი“",
             "org_kind": "civil_society"}
    petition = factory.meeting(
        COMPLETED,
        date=date(2024, 2, 2),
        discussion="წევრებმა განიხილეს ელექტრონული პეტიციის წარდგენის წესი. "
                   "მოქალაქეებმა პეტიციას ხელი უნდა მოაწერონ ონლაინ.",
        agenda=["ელექტრონული პეტიციის სისტემის კონცეფცია"],
        decisions=["სააგენტომ მოამზადოს პეტიციის პლატფორმის ტექნიკური აღწერა."],
        attendees=[*officers, civil],
        action={"commitment_id": commitment.id, "owner_id": users["member"].id},
    )
    workshops = factory.meeting(
        MONITORED,
        date=date(2024, 5, 10),
        discussion="საქალაქო სამსახურებთან გამართულ სამუშაო შეხვედრებზე გამოიკვეთა "
                   "ბიუჯეტის გამჭვირვალობის საკითხები.",
        agenda=["ბიუჯეტის მოქალაქეთა გზამკვლევი"],
        attendees=[*officers, {"name": "ლევან ბერიძე", "organisation": "დონორთა პროგრამა",
                               "org_kind": "donor"}],
    )
    portal = factory.meeting(
        DRAFT,
        actor=users["member"],
        subgroup_id=group.id,
        date=date(2024, 9, 15),
        discussion="ჯგუფმა განიხილა ღია მონაცემების პორტალის გაშვება და წლის ანგარიში.",
        agenda=["ღია მონაცემების პორტალის პირველი შედეგები"],
    )
    petition_nom = factory.meeting(
        DRAFT,
        date=date(2025, 1, 20),
        agenda=["პეტიცია და მონაცემების ღია გამოქვეყნება"],
    )
    return Archive(petition.id, workshops.id, portal.id, petition_nom.id, group.id,
                   commitment.id, sub_commitment.id)
