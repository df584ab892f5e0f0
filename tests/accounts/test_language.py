"""Georgian by default, English by choice; a logged-in user's choice is kept on their account."""

from __future__ import annotations

import pytest

from tracker.accounts.models import User
from tracker.extensions import db

from ..helpers import html_lang, translated, working_in


def language_of(app, user: User) -> str:
    with working_in(app):
        return db.session.get(User, user.id).language


def not_found_message(client) -> str:
    return client.get("/api/v1/commitments/999999").get_json()["error"]["message"]


def test_choosing_english_is_stored_on_the_user(app, client, make_user) -> None:
    user = make_user(language="ka")
    client.login(user)
    assert not_found_message(client) == translated(app, "Not found.")

    response = client.post("/language", data={"language": "en", "next": "/commitments/"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/commitments/"
    assert language_of(app, user) == "en"
    assert not_found_message(client) == "Not found."

    # The choice follows the account into a new session.
    client.logout()
    client.login(user)
    assert not_found_message(client) == "Not found."


@pytest.mark.parametrize("language", ["fr", "", "KA"])
def test_an_unknown_language_changes_nothing(app, browse_as, make_user, language: str) -> None:
    user = make_user(language="en")
    client = browse_as(user)
    assert client.post("/language", data={"language": language}).status_code == 302
    assert language_of(app, user) == "en"


@pytest.mark.parametrize("language", ["ka", "en"])
def test_pages_declare_the_users_language(browse_as, make_user, language: str) -> None:
    client = browse_as(make_user(language=language))
    assert html_lang(client.get("/commitments/").get_data(as_text=True)) == language


def test_a_visitor_reads_georgian_and_may_switch(client) -> None:
    assert html_lang(client.get("/login").get_data(as_text=True)) == "ka"
    client.post("/language", data={"language": "en", "next": "/login"})
    assert html_lang(client.get("/login").get_data(as_text=True)) == "en"
