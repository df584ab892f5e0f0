"""Fixtures of the directory area: a small invented city hall, built through the operations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tracker.accounts.models import User
from tracker.directory import operations as ops
from tracker.extensions import db

VISITOR = "anonymous"


@dataclass(frozen=True)
class City:
    """City hall → international relations department → protocol division, and a legal
    service beside the department; ``head`` heads the department and ``specialist`` works
    in the division (both have accounts); ``outsider`` works in the legal service."""

    hall: int
    department: int
    division: int
    legal: int
    head: User
    specialist: User
    outsider: User
    head_staff: int


@pytest.fixture
def city(factory, users, make_user) -> City:
    head = make_user("member", name="ნინო ბერიძე")
    specialist = make_user("member", name="ლაშა ჯაფარიძე")
    outsider = make_user("member", name="ეკა ლომიძე")

    def build() -> City:
        admin = db.session.get(User, users["admin"].id)
        hall = ops.create_unit(admin, {"name": "ზღვისპირის მერია", "kind": "municipality"})
        department = ops.create_unit(admin, {
            "name": "საერთაშორისო ურთიერთობების განყოფილება", "parent_id": hall.id,
            "kind": "department", "hotline": "+995415250120",
            "functions": ["დაძმობილებულ ქალაქებთან ურთიერთობა",
                          "დონორ ორგანიზაციებთან სამუშაო შეხვედრებზე მონაწილეობა"],
        })
        division = ops.create_unit(admin, {
            "name": "საპროტოკოლო ქვეგანყოფილება", "parent_id": department.id,
            "kind": "division",
        })
        legal = ops.create_unit(admin, {
            "name": "იურიდიული სამსახური", "parent_id": hall.id, "kind": "service",
            "functions": ["მოქალაქეთა პეტიციების სამართლებრივი განხილვა"],
        })
        head_staff = ops.add_staff(department, admin, {
            "name": "ნინო ბერიძე", "position": "განყოფილების უფროსი", "rank": "II რანგი",
            "phone": "+995591447589", "is_head": True, "user_id": head.id,
        })
        ops.add_staff(division, admin, {
            "name": "ლაშა ჯაფარიძე", "position": "უფროსი სპეციალისტი", "rank": "III რანგი",
            "category": "I კატეგორია", "user_id": specialist.id,
        })
        ops.add_staff(legal, admin, {
            "name": "ეკა ლომიძე", "position": "სამსახურის უფროსი", "is_head": True,
            "user_id": outsider.id,
        })
        db.session.flush()
        return City(hall.id, department.id, division.id, legal.id, head, specialist,
                    outsider, head_staff.id)

    return factory._run(build)


@pytest.fixture
def browse(client, auth, users):
    """``browse(role_or_user)``: the test client logged in as a role's user (or nobody)."""

    def log_in(who: Any):
        auth.logout()
        if who != VISITOR:
            user = users[who] if isinstance(who, str) else who
            assert auth.login(user).status_code == 302
        return client

    return log_in
