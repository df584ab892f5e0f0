"""A commitment in monitoring owned by "owner" (a member), with two milestones, and the
people of every role around it (another municipality's chair too)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from tracker.commitments.models import Milestone
from tracker.extensions import db
from tracker.workflow import MONITORED

from ..helpers import working_in


@dataclass
class World:
    commitment_id: int
    milestone_ids: list[int]

    def url(self, template: str) -> str:
        return template.format(c=self.commitment_id)


@pytest.fixture
def people(users, make_user, factory):
    elsewhere = factory.elsewhere()
    return {**users, "owner": users["member"], "member": make_user("member"),
            "coordinator": factory.default_user("coordinator"),
            "other_chair": elsewhere.default_user("chair")}


@pytest.fixture
def world(app, people, make_commitment, make_milestone) -> World:
    def reload_commitment(commitment_id: int) -> list[int]:
        with working_in(app):
            return list(db.session.scalars(select(Milestone.id).where(
                Milestone.commitment_id == commitment_id).order_by(Milestone.id)))

    commitment = make_commitment(state=MONITORED, owner_id=people["owner"].id)
    make_milestone(commitment)
    with_ids = reload_commitment(commitment.id)
    return World(commitment.id, with_ids)
