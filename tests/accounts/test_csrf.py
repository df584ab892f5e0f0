"""CSRF, as production runs it (WTF_CSRF_ENABLED): browser forms and session API calls need the
token; Bearer-token API calls do not."""

from __future__ import annotations

import pytest

from ..helpers import PASSWORD


@pytest.fixture
def csrf_app(make_app):
    return make_app(WTF_CSRF_ENABLED=True)


@pytest.fixture
def csrf_client(csrf_app):
    """A visitor's browser on the app that checks CSRF."""
    return csrf_app.test_client()


def test_login_without_the_token_is_refused(csrf_client, make_user) -> None:
    user = make_user()
    response = csrf_client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert csrf_client.get("/api/v1/users").status_code == 401


def test_login_with_the_token_from_the_page(csrf_client, make_user) -> None:
    assert csrf_client.login(make_user()).status_code == 302
    assert csrf_client.get("/api/v1/users").status_code == 200


def test_a_token_from_another_browser_is_refused(csrf_client, make_user) -> None:
    other_browser = csrf_client.application.test_client()
    user = make_user()
    data = {"email": user.email, "password": PASSWORD, "csrf_token": other_browser.csrf_token()}
    assert csrf_client.post("/login", data=data).status_code == 400


def test_a_form_post_needs_the_token(browse_as, csrf_app, make_commitment, db_snapshot):
    commitment = make_commitment()
    csrf_client = browse_as("observer", on=csrf_app)
    url = f"/commitments/{commitment.id}/comments"
    before = db_snapshot()

    assert csrf_client.post(url, data={"text": "Forged"}).status_code == 400
    assert csrf_client.post(url, data={"text": "Forged", "csrf_token": "x"}).status_code == 400
    assert db_snapshot() == before

    token = csrf_client.csrf_token(f"/commitments/{commitment.id}")
    assert csrf_client.post(url, data={"text": "Real", "csrf_token": token}).status_code == 302
    assert db_snapshot() != before


def test_session_api_writes_need_the_header_token(browse_as, csrf_app, make_commitment) -> None:
    commitment = make_commitment()
    csrf_client = browse_as("chair", on=csrf_app)
    url = f"/api/v1/commitments/{commitment.id}/transition"
    body = {"to": "withdrawn", "comment": "Replaced"}

    refused = csrf_client.post(url, json=body)
    assert refused.status_code == 400
    assert refused.get_json()["error"]["code"] == "csrf_failed"

    token = csrf_client.csrf_token("/commitments/")
    accepted = csrf_client.post(url, json=body, headers={"X-CSRFToken": token})
    assert accepted.status_code == 200
    assert accepted.get_json()["state"] == "withdrawn"


def test_bearer_token_calls_need_no_csrf_token(
    csrf_client, factory, make_commitment, users
) -> None:
    commitment = make_commitment()
    response = csrf_client.post(
        f"/api/v1/commitments/{commitment.id}/transition",
        json={"to": "withdrawn", "comment": "Replaced"},
        headers={"Authorization": f"Bearer {factory.token(users['chair'])}"},
    )
    assert response.status_code == 200
