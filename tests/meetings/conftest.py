"""Meetings built through the meeting operations, and an archive of Georgian minutes.

The minutes below are invented for these tests (city "ნაპირი", invented people): each
meeting uses words in the case forms the search must see through.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

import pytest

from tracker.accounts.models import User
from tracker.extensions import db
from tracker.i18n import local_today
from tracker.meetings import action_items
from tracker.meetings import minutes as minutes_ops
from tracker.meetings import operations as ops
from tracker.meetings.models import ActionItem, Meeting
from tracker.subgroups import operations as subgroup_ops
from tracker.subgroups.models import Subgroup
from tracker.workflow import COMPLETED, DRAFT, MONITORED, WITHDRAWN

from ..factories import Factory

WORKING_GROUP_PLACE = "ნაპირის მერია, სხდომათა დარბაზი"


def text_of(response: Any) -> str:
    """A page's HTML with entities decoded, to look for messages with apostrophes in them."""
    return html.unescape(response.get_data(as_text=True))


class MeetingFactory:
    """``meeting(state=…, **fields)`` and friends, on top of the suite's Factory."""

    def __init__(self, factory: Factory) -> None:
        self.factory = factory

    def _user(self, who: User | str) -> User:
        if isinstance(who, str):
            return self.factory._default(who)
        return db.session.get(User, who.id)

    def subgroup(self, *, lead: User | None = None, members: tuple[User, ...] = (),
                 commitments: tuple[Any, ...] = (), name: str | None = None) -> Subgroup:
        def build() -> Subgroup:
            return subgroup_ops.create_subgroup(self._user("chair"), {
                "name": name or f"თემატური ჯგუფი {self.factory._number()}",
                "lead_id": lead.id if lead else None,
                "member_ids": [m.id for m in members],
                "commitment_ids": [c.id for c in commitments],
                "deliverable": "ანგარიში",
                "deliverable_deadline": local_today() + timedelta(days=60),
            })

        return self.factory._run(build)

    def meeting(
        self,
        state: str = DRAFT,
        *,
        ready: bool | None = None,
        actor: User | str = "secretary",
        chair: User | str = "chair",
        secretary: User | str = "secretary",
        attendees: list[dict[str, Any]] | None = None,
        agenda: list[str] | tuple[str, ...] | None = None,
        decisions: list[str] | tuple[str, ...] | None = None,
        action: dict[str, Any] | None = None,
        **fields: Any,
    ) -> Meeting:
        """A meeting taken to ``state`` through the real operations.

        ``ready`` (the default for any state but draft) fills in what holding and approving
        need: date, chair, secretary, the two of them present, one agenda item, one decision.
        ``action`` adds an action item to the first decision.
        """
        ready = state != DRAFT if ready is None else ready

        def build() -> Meeting:
            by = self._user(actor)
            data: dict[str, Any] = {"place": WORKING_GROUP_PLACE, **fields}
            people = {"chair": self._user(chair), "secretary": self._user(secretary)}
            if ready:
                data.setdefault("date", local_today() - timedelta(days=7))
                data.setdefault("start_time", time(14, 0))
                data.setdefault("chair_id", people["chair"].id)
                data.setdefault("secretary_id", people["secretary"].id)
            meeting = ops.create_meeting(by, data)
            rows = attendees
            if rows is None and ready:
                rows = [{"user_id": p.id, "name": p.name, "organisation": "ნაპირის მერია"}
                        for p in dict.fromkeys(people.values())]
            for row in rows or ():
                minutes_ops.add_attendee(meeting, by, row)
            for title in agenda if agenda is not None else (["მიმდინარე საკითხები"] if ready
                                                            else []):
                minutes_ops.add_agenda_item(meeting, by, {"title": title})
            for text in decisions if decisions is not None else (
                    ["ანგარიში მომზადდეს ერთ თვეში."] if ready else []):
                minutes_ops.add_decision(meeting, by, {"text": text})
            if action is not None:
                action_items.add_action_item(meeting.decisions[0], by, {
                    "title": "ანგარიშის მომზადება",
                    "deadline": local_today() + timedelta(days=10),
                    **action,
                })
            self._advance(meeting, by, people, state)
            db.session.flush()
            return meeting

        return self.factory._run(build)

    @staticmethod
    def _advance(meeting: Meeting, by: User, people: dict[str, User], state: str) -> None:
        if state == WITHDRAWN:
            ops.transition_meeting(meeting, people["chair"], WITHDRAWN, "გაუქმდა")
        if state in (MONITORED, COMPLETED):
            ops.transition_meeting(meeting, by, MONITORED)
        if state == COMPLETED:
            minutes_ops.sign_minutes(meeting, people["secretary"])
            if not meeting.signed_by_both:
                minutes_ops.sign_minutes(meeting, people["chair"])

    def action_item(self, meeting: Meeting, **fields: Any) -> ActionItem:
        def build() -> ActionItem:
            attached = db.session.get(Meeting, meeting.id)
            return action_items.add_action_item(attached.decisions[0], self._user("secretary"), {
                "title": "დავალება",
                "deadline": local_today() + timedelta(days=10),
                **fields,
            })

        return self.factory._run(build)


@pytest.fixture
def meetings(factory: Factory) -> MeetingFactory:
    return MeetingFactory(factory)


@pytest.fixture
def make_meeting(meetings: MeetingFactory) -> Callable[..., Meeting]:
    return meetings.meeting


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
def archive(meetings: MeetingFactory, make_commitment, users) -> Archive:
    commitment = make_commitment(title="ელექტრონული პეტიციები")
    sub_commitment = make_commitment(title="ღია მონაცემები")
    group = meetings.subgroup(lead=users["member"], commitments=(sub_commitment,),
                              name="ღია მონაცემების თემატური ჯგუფი")
    officers = [{"user_id": users[r].id, "name": users[r].name} for r in ("chair", "secretary")]
    civil = {"name": "ნინო ხარაიშვილი", "organisation": "„გამჭვირვალობის ცენტრი“",
             "org_kind": "civil_society"}
    petition = meetings.meeting(
        COMPLETED,
        date=date(2024, 2, 2),
        discussion="წევრებმა განიხილეს ელექტრონული პეტიციის წარდგენის წესი. "
                   "მოქალაქეებმა პეტიციას ხელი უნდა მოაწერონ ონლაინ.",
        agenda=["ელექტრონული პეტიციის სისტემის კონცეფცია"],
        decisions=["სააგენტომ მოამზადოს პეტიციის პლატფორმის ტექნიკური აღწერა."],
        attendees=[*officers, civil],
        action={"commitment_id": commitment.id, "owner_id": users["member"].id},
    )
    workshops = meetings.meeting(
        MONITORED,
        date=date(2024, 5, 10),
        discussion="საქალაქო სამსახურებთან გამართულ სამუშაო შეხვედრებზე გამოიკვეთა "
                   "ბიუჯეტის გამჭვირვალობის საკითხები.",
        agenda=["ბიუჯეტის მოქალაქეთა გზამკვლევი"],
        attendees=[*officers, {"name": "ლევან ბერიძე", "organisation": "დონორთა პროგრამა",
                               "org_kind": "donor"}],
    )
    portal = meetings.meeting(
        DRAFT,
        actor=users["member"],
        subgroup_id=group.id,
        date=date(2024, 9, 15),
        discussion="ჯგუფმა განიხილა ღია მონაცემების პორტალის გაშვება და წლის ანგარიში.",
        agenda=["ღია მონაცემების პორტალის პირველი შედეგები"],
    )
    petition_nom = meetings.meeting(
        DRAFT,
        date=date(2025, 1, 20),
        agenda=["პეტიცია და მონაცემების ღია გამოქვეყნება"],
    )
    return Archive(petition.id, workshops.id, portal.id, petition_nom.id, group.id,
                   commitment.id, sub_commitment.id)
