"""``flask user create`` / ``user grant`` / ``user token`` and the Bearer tokens they give
out. Roles: ``admin`` and ``coordinator`` hold across the instance, the others in one
municipality (named by ``--municipality``, or the instance's only one)."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from tracker.accounts.models import ApiToken, User
from tracker.extensions import db
from tracker.municipalities.models import Membership, Municipality

from ..helpers import PASSWORD, ROLES

INSTANCE_ROLES = ("admin", "coordinator")


def user_create(runner, email: str, *options: str, password: str = PASSWORD):
    return runner.invoke(
        args=["user", "create", email, "--name", "Nino Beridze", *options, "--password-stdin"],
        input=password + "\n",
    )


def users_in(app) -> list[tuple[str, str]]:
    """Every account with what it holds: ``(email, "admin")`` for an instance role,
    ``(email, "chair@city")`` for each role held in a municipality."""
    with app.app_context():
        held = [
            (email, role)
            for email, role in db.session.execute(
                select(User.email, User.instance_role).where(User.instance_role.is_not(None))
            )
        ]
        held += [
            (email, f"{role}@{slug}")
            for email, role, slug in db.session.execute(
                select(User.email, Membership.role, Municipality.slug)
                .join(Membership, Membership.user_id == User.id)
                .join(Municipality, Municipality.id == Membership.municipality_id)
            )
        ]
        return sorted(held)


# user create ------------------------------------------------------------------------------
@pytest.mark.parametrize("role", (*ROLES, "coordinator"))
def test_user_create_reads_the_password_from_stdin(app, runner, client, factory,
                                                   role: str) -> None:
    factory.municipality()  # the instance's only one: a municipal role is held there
    result = user_create(runner, "Nino@Example.test", "--role", role)
    assert result.exit_code == 0, result.output
    held = role if role in INSTANCE_ROLES else f"{role}@city"
    assert users_in(app) == [("nino@example.test", held)]
    assert client.login("nino@example.test").status_code == 302


@pytest.mark.parametrize("role", ["chair", "observer"])
def test_user_create_names_the_role_and_the_only_municipality(app, runner, factory,
                                                              role: str) -> None:
    factory.municipality()
    result = user_create(runner, "nino@example.test", "--role", role)
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith(f"nino@example.test ({role} in city)")


def test_user_create_puts_the_role_in_the_municipality_named(app, runner, factory) -> None:
    factory.municipality()
    factory.elsewhere().municipality()
    result = user_create(runner, "nino@example.test", "--role", "secretary",
                         "--municipality", "town")
    assert result.exit_code == 0, result.output
    assert "(secretary in town)" in result.output
    assert users_in(app) == [("nino@example.test", "secretary@town")]


def test_user_create_among_several_municipalities_needs_one_named(app, runner,
                                                                   factory) -> None:
    factory.municipality()
    factory.elsewhere().municipality()
    result = user_create(runner, "nino@example.test", "--role", "member")
    assert result.exit_code == 1
    assert "--municipality" in result.output and "city" in result.output
    assert "town" in result.output
    assert users_in(app) == []


def test_user_create_refuses_an_unknown_municipality(app, runner, factory) -> None:
    factory.municipality()
    result = user_create(runner, "nino@example.test", "--role", "member",
                         "--municipality", "atlantis")
    assert result.exit_code == 1
    assert "atlantis" in result.output
    assert users_in(app) == []


def test_a_municipal_role_needs_a_municipality_to_exist(app, runner) -> None:
    result = user_create(runner, "nino@example.test", "--role", "chair")
    assert result.exit_code == 1
    assert "municipality create" in result.output
    assert users_in(app) == []


@pytest.mark.parametrize("role", INSTANCE_ROLES)
def test_an_instance_role_refuses_a_municipality(app, runner, factory, role: str) -> None:
    factory.municipality()
    result = user_create(runner, "nino@example.test", "--role", role, "--municipality", "city")
    assert result.exit_code == 1
    assert "instance-wide" in result.output
    assert users_in(app) == []


@pytest.mark.parametrize("role", INSTANCE_ROLES)
def test_an_instance_role_needs_no_municipality_among_several(app, runner, factory,
                                                              role: str) -> None:
    factory.municipality()
    factory.elsewhere().municipality()
    result = user_create(runner, "nino@example.test", "--role", role)
    assert result.exit_code == 0, result.output
    assert f"({role}, instance-wide)" in result.output
    assert users_in(app) == [("nino@example.test", role)]


@pytest.mark.parametrize(
    ("options", "password"),
    [
        (["--role", "superuser"], PASSWORD),
        (["--role", "member"], "short"),
        (["--role", "member"], ""),
        ([], PASSWORD),
    ],
    ids=["unknown-role", "short-password", "empty-password", "no-role"],
)
def test_user_create_refuses_bad_input(app, runner, factory, options: list[str],
                                       password: str) -> None:
    factory.municipality()
    result = user_create(runner, "nino@example.test", *options, password=password)
    assert result.exit_code != 0
    assert users_in(app) == []


def test_user_create_needs_password_stdin(app, runner, factory) -> None:
    factory.municipality()
    result = runner.invoke(
        args=["user", "create", "nino@example.test", "--name", "N", "--role", "member"],
        input=PASSWORD + "\n",
    )
    assert result.exit_code != 0
    assert users_in(app) == []


def test_user_create_refuses_a_duplicate_email(app, runner, make_user) -> None:
    make_user(email="nino@example.test")
    result = user_create(runner, "NINO@example.test", "--role", "chair")
    assert result.exit_code != 0
    assert users_in(app) == [("nino@example.test", "member@city")]


# user grant -------------------------------------------------------------------------------
def grant(runner, email: str, slug: str, role: str):
    return runner.invoke(args=["user", "grant", email, "--municipality", slug, "--role", role])


def test_user_grant_gives_a_second_municipality_another_role(app, runner, factory,
                                                             make_user) -> None:
    user = make_user("chair", email="nino@example.test")
    factory.elsewhere().municipality()
    result = grant(runner, user.email, "town", "observer")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "nino@example.test: observer in town"
    assert users_in(app) == [("nino@example.test", "chair@city"),
                             ("nino@example.test", "observer@town")]


def test_user_grant_replaces_the_role_held_there(app, runner, make_user) -> None:
    user = make_user("observer", email="nino@example.test")
    result = grant(runner, user.email, "city", "secretary")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "nino@example.test: secretary in city (was observer)"
    assert users_in(app) == [("nino@example.test", "secretary@city")]


def test_user_grant_gives_the_coordinator_a_role_to_write_with(app, runner, factory) -> None:
    coordinator = factory.default_user("coordinator")
    result = grant(runner, coordinator.email, "city", "member")
    assert result.exit_code == 0, result.output
    assert users_in(app) == [(coordinator.email, "coordinator"),
                             (coordinator.email, "member@city")]


@pytest.mark.parametrize(
    ("email", "slug", "role"),
    [
        ("nobody@example.test", "city", "member"),
        ("nino@example.test", "atlantis", "member"),
        ("nino@example.test", "city", "admin"),
        ("nino@example.test", "city", "coordinator"),
        ("admin@example.test", "city", "chair"),
    ],
    ids=["unknown-user", "unknown-municipality", "admin-role", "coordinator-role",
         "to-the-administrator"],
)
def test_user_grant_refuses(app, runner, factory, make_user, email: str, slug: str,
                            role: str) -> None:
    make_user("member", email="nino@example.test")
    factory.default_user("admin")
    before = users_in(app)
    result = grant(runner, email, slug, role)
    assert result.exit_code != 0
    assert users_in(app) == before


# user token -------------------------------------------------------------------------------
def test_user_token_prints_a_token_that_works_on_the_api(client, runner, make_user) -> None:
    user = make_user()
    result = runner.invoke(args=["user", "token", user.email])
    assert result.exit_code == 0, result.output
    token = result.output.strip()
    response = client.get("/api/v1/users", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert user.email not in response.get_data(as_text=True)  # the API lists names, not emails


def test_user_token_for_an_unknown_email_fails(runner) -> None:
    result = runner.invoke(args=["user", "token", "nobody@example.test"])
    assert result.exit_code != 0


def test_tokens_are_stored_hashed(app, runner, make_user) -> None:
    user = make_user()
    token = runner.invoke(args=["user", "token", user.email]).output.strip()
    with app.app_context():
        rows = db.session.execute(select(ApiToken)).scalars().all()
        stored = [
            str(getattr(row, column.key)) for row in rows for column in ApiToken.__table__.columns
        ]
    assert len(rows) == 1
    assert rows[0].token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert not [value for value in stored if token in value]


@pytest.mark.parametrize(
    "authorization",
    ["Bearer ogp_not-a-real-token", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer {token}x"],
)
def test_a_wrong_token_gets_a_401_in_json(client, factory, make_user, authorization: str) -> None:
    token = factory.token(make_user())
    response = client.get(
        "/api/v1/commitments", headers={"Authorization": authorization.format(token=token)}
    )
    assert response.status_code == 401
    error = response.get_json()["error"]
    assert error["code"] == "unauthorized" and error["message"]


def test_a_token_never_falls_back_to_the_session(browse_as, make_user) -> None:
    client = browse_as(make_user())
    response = client.get("/api/v1/users", headers={"Authorization": "Bearer wrong"})
    assert response.status_code == 401


def test_a_deactivated_users_token_stops_working(app, api, make_user) -> None:
    user = make_user()
    client = api(user)
    assert client.get("/users").status_code == 200
    with app.app_context():
        db.session.get(User, user.id).active = False
        db.session.commit()
    assert client.get("/users").status_code == 401
