"""``flask user create`` / ``flask user token`` and the Bearer tokens they give out."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from tracker.accounts.models import ApiToken, User
from tracker.extensions import db

from ..helpers import PASSWORD, ROLES


def user_create(runner, email: str, *options: str, password: str = PASSWORD):
    return runner.invoke(
        args=["user", "create", email, "--name", "Nino Beridze", *options, "--password-stdin"],
        input=password + "\n",
    )


def users_in(app) -> list[tuple[str, str]]:
    with app.app_context():
        return [tuple(r) for r in db.session.execute(select(User.email, User.role))]


@pytest.mark.parametrize("role", ROLES)
def test_user_create_reads_the_password_from_stdin(app, runner, client, role: str) -> None:
    result = user_create(runner, "Nino@Example.test", "--role", role)
    assert result.exit_code == 0, result.output
    assert users_in(app) == [("nino@example.test", role)]
    assert client.login("nino@example.test").status_code == 302


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
def test_user_create_refuses_bad_input(app, runner, options: list[str], password: str) -> None:
    result = user_create(runner, "nino@example.test", *options, password=password)
    assert result.exit_code != 0
    assert users_in(app) == []


def test_user_create_needs_password_stdin(app, runner) -> None:
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
    assert users_in(app) == [("nino@example.test", "member")]


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
