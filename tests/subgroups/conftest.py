"""The subgroups area's people, and ``make_subgroup`` filling them in (tests/factories.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tracker.accounts.models import User
from tracker.subgroups.models import Subgroup
from tracker.workflow import DRAFT

from ..factories import Factory

# "lead" leads the group, "insider" is one of its members, "outsider" a member of the
# working group who is not in this subgroup.
PEOPLE = ("admin", "chair", "secretary", "lead", "insider", "outsider", "observer")
MANAGERS = ("admin", "chair")
GROUP_PEOPLE = ("lead", "insider")


@pytest.fixture
def people(users, make_user) -> dict[str, User]:
    return {
        **users,
        "lead": make_user("member", name="Lela Lead"),
        "insider": make_user("member", name="Irakli Insider"),
        "outsider": make_user("member", name="Otar Outsider"),
    }


@pytest.fixture
def make_subgroup(factory: Factory, people: dict[str, User]) -> Callable[..., Subgroup]:
    """``make_subgroup(state=…, ready=True, **fields)``: ``Factory.subgroup``, ready by
    default even as a draft, with "lead" as its lead and "insider" as its member."""

    def make(state: str = DRAFT, *, ready: bool = True, **fields: Any) -> Subgroup:
        if ready:
            fields = {"lead": people["lead"], "members": (people["insider"],), **fields}
        return factory.subgroup(state, ready=ready, **fields)

    return make
