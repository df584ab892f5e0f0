"""The people of a small archive, built by the suite's Factory (tests/factories.py).

Invented names: Tamar chaired two meetings and attended the second, Giorgi kept the minutes
of the first, Ana attended the first and owns an action item of it; "Tamar" is recorded a
second time, with her organisation, as the attendee of a third meeting and the owner of its
action item — the duplicate a merge tidies up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from ..factories import Factory

TAMAR = "თამარ ღრუბლიანი"
GIORGI = "გიორგი ნისლაძე"
ANA = "ანა ტყემალაძე"
ORGANISATION = "„ღია ხეობა“"


@dataclass(frozen=True)
class Records:
    tamar: int
    giorgi: int
    ana: int
    twin: int  # Tamar again, with her organisation
    first: int  # meetings, by id
    second: int
    third: int


@pytest.fixture
def records(factory: Factory, users) -> Records:  # type: ignore[no-untyped-def]
    tamar = factory.person(TAMAR, position="მერის მოადგილე")
    giorgi = factory.person(GIORGI)
    ana = factory.person(ANA, organisation=ORGANISATION)
    twin = factory.person(TAMAR, organisation=ORGANISATION)
    first = factory.meeting(
        date=date(2019, 3, 14), chair_person_id=tamar.id, secretary_person_id=giorgi.id,
        attendees=[{"name": ANA, "organisation": ORGANISATION, "org_kind": "civil_society"}],
        decisions=["ანგარიში გამოქვეყნდეს."], action={"owner_person_id": ana.id},
    )
    second = factory.meeting(
        date=date(2019, 4, 2), chair_person_id=tamar.id,
        attendees=[{"name": TAMAR, "presence": "absent"}],
    )
    third = factory.meeting(
        date=date(2019, 5, 20),
        attendees=[{"name": TAMAR, "organisation": ORGANISATION, "org_kind": "civil_society"}],
        decisions=["შეიქმნას სამუშაო ჯგუფი."], action={"owner_person_id": twin.id},
    )
    return Records(tamar.id, giorgi.id, ana.id, twin.id, first.id, second.id, third.id)
