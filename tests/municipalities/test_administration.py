"""The instance administrator's page of municipalities: who may see it, creating a
municipality, giving someone (the first chair) a role in one; refusals change nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tracker.accounts.models import User
from tracker.accounts.operations import grant_role
from tracker.errors import PermissionDenied
from tracker.extensions import db
from tracker.municipalities.models import Membership, Municipality
from tracker.municipalities.operations import create_municipality

from ..helpers import ROLES, VISITOR, assert_page_access, text_of

PEOPLE = (*ROLES, "coordinator", VISITOR)


def municipalities(app) -> dict[str, str]:
    with app.app_context():
        return dict(db.session.execute(select(Municipality.slug, Municipality.name)).all())


def role_of(app, email: str, slug: str) -> str | None:
    with app.app_context():
        return db.session.execute(
            select(Membership.role)
            .join(User, User.id == Membership.user_id)
            .join(Municipality, Municipality.id == Membership.municipality_id)
            .where(User.email == email, Municipality.slug == slug)
        ).scalar_one_or_none()


@pytest.fixture
def person(factory, users) -> dict[str, User]:
    """Everyone the page may be asked for by, and the town next to the city."""
    factory.elsewhere().municipality()
    return {**users, "coordinator": factory.default_user("coordinator")}


@pytest.mark.parametrize("who", PEOPLE)
def test_only_the_administrator_sees_the_page(browse_as, person, who: str) -> None:
    client = browse_as(person[who] if who != VISITOR else VISITOR)
    response = client.get("/municipalities")
    assert_page_access(response, who, allowed=("admin",))
    if who == "admin":
        page = text_of(response)
        assert "ნაპირი" in page and "ზეგანი" in page and "/m/town/" in page
        assert 'action="/municipalities"' in page
        assert 'action="/municipalities/roles"' in page


def test_the_overview_leads_the_administrator_here(browse_as, person) -> None:
    assert 'href="/municipalities"' in text_of(browse_as("admin").get("/overview"))
    assert 'href="/municipalities"' not in text_of(
        browse_as(person["coordinator"]).get("/overview"))


# Creating a municipality -------------------------------------------------------------------------
def test_the_administrator_creates_a_municipality(app, browse_as, person) -> None:
    client = browse_as("admin")
    response = client.post("/municipalities", data={"slug": "river-side", "name": "მდინარისპირა"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/municipalities"
    assert municipalities(app)["river-side"] == "მდინარისპირა"
    page = text_of(client.get("/municipalities"))
    assert "მდინარისპირა" in page and "flash--success" in page
    # It is a place of its own now: its board answers, empty.
    assert client.get("/m/river-side/").status_code == 200


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"slug": "Bad Slug", "name": "ახალი"}, "slug"),
        ({"slug": "-edge", "name": "ახალი"}, "slug"),
        ({"slug": "city", "name": "ახალი"}, "slug"),         # taken
        ({"slug": "fresh", "name": "ნაპირი"}, "name"),        # taken
        ({"slug": "", "name": "ახალი"}, "slug"),
        ({"slug": "fresh", "name": "   "}, "name"),
        ({"slug": "x" * 41, "name": "ახალი"}, "slug"),
        ({"slug": "fresh", "name": "ა" * 201}, "name"),
    ],
)
def test_bad_input_creates_nothing(browse_as, person, db_snapshot, data: dict,
                                   field: str) -> None:
    client = browse_as("admin")
    before = db_snapshot()
    response = client.post("/municipalities", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page
    assert 'class="error-summary"' in page
    assert db_snapshot() == before


@pytest.mark.parametrize("who", ["chair", "secretary", "member", "observer", "coordinator"])
def test_nobody_else_creates_one(browse_as, person, db_snapshot, who: str) -> None:
    client = browse_as(person[who])
    before = db_snapshot()
    assert client.post("/municipalities",
                       data={"slug": "fresh", "name": "ახალი"}).status_code == 403
    # Invalid input does not show them the page either.
    assert client.post("/municipalities", data={"slug": "", "name": ""}).status_code == 403
    assert db_snapshot() == before


def test_a_visitor_posting_is_sent_to_log_in(browse_as, person, db_snapshot) -> None:
    before = db_snapshot()
    response = browse_as(VISITOR).post("/municipalities", data={"slug": "fresh", "name": "ა"})
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert db_snapshot() == before


# Giving a role ------------------------------------------------------------------------------------
def test_the_administrator_gives_a_municipality_its_first_chair(app, browse_as, person,
                                                                make_user, api) -> None:
    client = browse_as("admin")
    client.post("/municipalities", data={"slug": "river-side", "name": "მდინარისპირა"})
    newcomer = make_user("observer")  # an observer in the city until now
    response = client.post("/municipalities/roles", data={
        "email": newcomer.email.upper(), "municipality": "river-side", "role": "chair",
    })
    assert response.status_code == 302
    assert role_of(app, newcomer.email, "river-side") == "chair"
    assert role_of(app, newcomer.email, "city") == "observer"
    assert "flash--success" in text_of(client.get("/municipalities"))
    # They hold it: the chair's role in the new municipality, the observer's in the old.
    mine = api(newcomer).get("/municipalities").get_json()["items"]
    assert {m["slug"]: m["role"] for m in mine} == {"river-side": "chair", "city": "observer"}


def test_a_role_held_there_is_replaced(app, browse_as, person) -> None:
    member = person["member"]
    response = browse_as("admin").post("/municipalities/roles", data={
        "email": member.email, "municipality": "city", "role": "secretary",
    })
    assert response.status_code == 302
    assert role_of(app, member.email, "city") == "secretary"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"email": "nobody@example.test", "municipality": "town", "role": "chair"}, "email"),
        ({"email": "", "municipality": "town", "role": "chair"}, "email"),
        ({"email": "member@example.test", "municipality": "atlantis", "role": "chair"},
         "municipality"),
        ({"email": "member@example.test", "municipality": "town", "role": "admin"}, "role"),
        ({"email": "member@example.test", "municipality": "town", "role": "coordinator"},
         "role"),
        ({"email": "member@example.test", "municipality": "town", "role": ""}, "role"),
    ],
)
def test_bad_input_gives_no_role(browse_as, person, db_snapshot, data: dict,
                                 field: str) -> None:
    before = db_snapshot()
    response = browse_as("admin").post("/municipalities/roles", data=data)
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert db_snapshot() == before


@pytest.mark.parametrize("who", ["chair", "secretary", "member", "observer", "coordinator"])
def test_nobody_else_gives_roles(app, browse_as, person, db_snapshot, who: str) -> None:
    client = browse_as(person[who])
    before = db_snapshot()
    mine = {"email": person[who].email, "municipality": "town", "role": "chair"}
    assert client.post("/municipalities/roles", data=mine).status_code == 403
    # Nor do they learn which addresses have accounts.
    unknown = {**mine, "email": "nobody@example.test"}
    assert client.post("/municipalities/roles", data=unknown).status_code == 403
    assert db_snapshot() == before
    assert role_of(app, person[who].email, "town") is None


def test_the_operations_refuse_anyone_but_the_administrator(app, factory, person) -> None:
    """The permission is the operations': the CLI (no actor) and the administrator pass."""
    with app.app_context():
        chair = db.session.get(User, person["chair"].id)
        admin = db.session.get(User, person["admin"].id)
        town = Municipality.by_slug("town")
        with pytest.raises(PermissionDenied):
            grant_role(chair, town, "chair", actor=chair)
        with pytest.raises(PermissionDenied):
            create_municipality("fresh", "ახალი", actor=chair)
        assert grant_role(chair, town, "observer", actor=admin).role == "observer"
        assert grant_role(chair, town, "member").role == "member"
        db.session.rollback()


# CSRF ---------------------------------------------------------------------------------------------
def test_the_forms_need_the_csrf_token(app, make_app, browse_as, person, db_snapshot) -> None:
    csrf_app = make_app(WTF_CSRF_ENABLED=True)
    client = browse_as("admin", on=csrf_app)
    before = db_snapshot()
    create = {"slug": "fresh", "name": "ახალი"}
    grant = {"email": person["member"].email, "municipality": "town", "role": "chair"}
    assert client.post("/municipalities", data=create).status_code == 400
    assert client.post("/municipalities/roles", data=grant).status_code == 400
    assert db_snapshot() == before

    token = client.csrf_token("/municipalities")
    assert client.post("/municipalities", data={**create, "csrf_token": token}).status_code == 302
    assert client.post("/municipalities/roles",
                       data={**grant, "csrf_token": token}).status_code == 302
    assert municipalities(app)["fresh"] == "ახალი"
    assert role_of(app, person["member"].email, "town") == "chair"
