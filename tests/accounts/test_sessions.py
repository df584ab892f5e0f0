"""Logging in and out: passwords, throttling, stale session cookies, where login sends you."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from ..helpers import PASSWORD, translated_prefix

THROTTLED = "Too many failed login attempts. Try again in %(minutes)d minutes."


def is_logged_in(client) -> bool:
    """Asked of the API: it answers 401 instead of redirecting."""
    return client.get("/api/v1/users").status_code == 200


def test_login_with_the_right_password(client, make_user) -> None:
    user = make_user()
    response = client.login(user)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert is_logged_in(client)


@pytest.mark.parametrize(
    ("email", "password"),
    [("{email}", "wrong password"), ("nobody@example.test", PASSWORD), ("{email}", "")],
    ids=["wrong-password", "unknown-email", "empty-password"],
)
def test_login_refused(client, make_user, email: str, password: str) -> None:
    user = make_user()
    response = client.login(email.format(email=user.email), password)
    assert response.status_code in (401, 422)
    assert not is_logged_in(client)


def test_a_wrong_password_and_an_unknown_email_read_the_same(app, client, make_user) -> None:
    user = make_user()
    wrong_password = client.login(user, "wrong password")
    unknown_email = client.login("nobody@example.test")
    assert wrong_password.status_code == unknown_email.status_code == 401
    message = translated_prefix(app, "Wrong email or password.")
    assert message in wrong_password.get_data(as_text=True)
    assert message in unknown_email.get_data(as_text=True)


def test_email_is_matched_case_insensitively(client, make_user) -> None:
    user = make_user(email="Nino.Beridze@Example.test")
    assert client.login("  NINO.BERIDZE@example.TEST ").status_code == 302
    assert is_logged_in(client)
    assert user.email == "nino.beridze@example.test"


@pytest.mark.parametrize(
    "next_url",
    [
        "/commitments/?state=draft",
        "//evil.example/steal",
        "https://evil.example/",
        "/\\evil.example",
    ],
)
def test_login_only_redirects_within_the_site(client, make_user, next_url: str) -> None:
    user = make_user()
    response = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "next": next_url}
    )
    assert response.status_code == 302
    location = response.headers["Location"]
    if next_url.startswith("/commitments/"):
        assert location == next_url
    else:  # a browser resolves it to this site, whatever the visitor was sent here with
        assert location.startswith("/") and not location.startswith("//")
        assert "\\" not in location and not urlsplit(location).netloc


# Throttling ---------------------------------------------------------------------------------
def test_five_failures_lock_the_account_even_for_the_right_password(
    app, client, make_user
) -> None:
    user = make_user()
    for _ in range(5):
        assert client.login(user, "wrong password").status_code == 401
    response = client.login(user)
    assert response.status_code == 429
    assert translated_prefix(app, THROTTLED) in response.get_data(as_text=True)
    assert not is_logged_in(client)


# Logout -------------------------------------------------------------------------------------
def test_logout_invalidates_a_copied_session_cookie(browse_as, make_user) -> None:
    client = browse_as(make_user())
    stolen = client.get_cookie("session").value
    assert is_logged_in(client)

    response = client.logout()
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    assert not is_logged_in(client)

    client.set_cookie("session", stolen)
    assert not is_logged_in(client)
    page = client.get("/commitments/")
    assert page.status_code == 302
    assert page.headers["Location"].startswith("/login")


def test_logging_in_again_after_logout_works(client, make_user) -> None:
    user = make_user()
    client.login(user)
    client.logout()
    client.login(user)
    assert is_logged_in(client)


def test_logout_is_not_a_get(browse_as, make_user) -> None:
    client = browse_as(make_user())
    assert client.get("/logout").status_code == 405
    assert is_logged_in(client)
