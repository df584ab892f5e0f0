"""The public answers are kept until the municipality's data changes, and never after: a
client with the answer gets a 304; any audited change (every change is) makes them anew."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import update

from tests.helpers import CITY
from tracker.commitments import operations as ops
from tracker.commitments.models import Commitment
from tracker.extensions import db
from tracker.municipalities import scope
from tracker.municipalities.models import Municipality

from .conftest import World

PAGES = ["/", "/commitments/{id}", "/data/commitments.csv", "/data/data.xlsx", "/calendar.ics",
         "/feed.atom", "/sitemap.xml"]


def _rename_quietly(app: Flask, ident: int, title: str) -> None:
    """Change the row behind the tracker's back (no audit entry): a kept answer shows the
    old title, which is how a test sees that it was kept."""
    with app.app_context():
        db.session.execute(update(Commitment).where(Commitment.id == ident).values(title=title))
        db.session.commit()


def _rename(app: Flask, factory: Any, ident: int, title: str) -> None:
    with app.app_context():
        commitment = db.session.get(Commitment, ident)
        with scope.entered(db.session.get(Municipality, commitment.municipality_id)):
            ops.update_commitment(commitment, factory._default("chair"),
                                  {"title": title, "version": commitment.version})
        db.session.commit()


@pytest.mark.parametrize("page", PAGES)
def test_an_answer_is_kept_until_a_change_and_not_after(
        app: Flask, client: Any, factory: Any, world: World, page: str) -> None:
    url = f"/p/{CITY}" + page.format(id=world.ids["monitored"])
    first = client.get(url)
    assert first.status_code == 200 and first.headers["Cache-Control"] == "public, no-cache"
    etag = first.headers["ETag"]
    # The client that has it is told so.
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    # Kept: a change the tracker did not make (no audit entry) is not seen...
    _rename_quietly(app, world.ids["monitored"], "Quiet title")
    kept = client.get(url)
    assert kept.data == first.data and kept.headers["ETag"] == etag
    # ...and every change the tracker makes is, at once.
    _rename(app, factory, world.ids["monitored"], "Open budget portal, renamed")
    fresh = client.get(url, headers={"If-None-Match": etag})
    assert fresh.status_code == 200 and fresh.headers["ETag"] != etag
    def text(response: Any) -> str:  # iCalendar folds lines at 75 octets, escapes commas
        return response.data.decode("utf-8-sig").replace("\r\n ", "").replace("\\,", ",")

    if not page.endswith(".xlsx") and "Open budget portal" in text(first):
        assert "Open budget portal, renamed" in text(fresh)


def test_each_language_and_each_query_is_its_own_answer(client: Any, world: World) -> None:
    georgian = client.get(f"/p/{CITY}/")
    english = client.get(f"/p/{CITY}/?lang=en")
    assert georgian.headers["ETag"] != english.headers["ETag"]
    assert '<html lang="en">' in english.get_data(as_text=True)
    assert '<html lang="ka">' in client.get(f"/p/{CITY}/").get_data(as_text=True)


def test_switching_the_site_off_is_at_once(client: Any, world: World, site_switch: Any) -> None:
    url = f"/p/{CITY}/"
    etag = client.get(url).headers["ETag"]
    site_switch("off")
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 404
    assert client.get(url).status_code == 404
