"""The switch of the public site: on the municipality's settings page (its chair or an
administrator) and on the command line, both through one audited operation."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import select

from tests.helpers import CITY
from tracker.audit.models import AuditEntry
from tracker.extensions import db
from tracker.municipalities.models import Municipality


def _public(app: Flask) -> bool:
    with app.app_context():
        return bool(Municipality.by_slug(CITY).public)  # type: ignore[union-attr]


def test_the_chair_switches_the_site_on_and_off(app: Flask, browse_as: Any, factory: Any) -> None:
    factory.commitment(state="monitored")
    chair = browse_as("chair")
    visitor = browse_as(None)
    assert visitor.get(f"/p/{CITY}/").status_code == 404
    page = chair.get("/public-site/")
    assert page.status_code == 200 and "name=\"public\" value=\"on\"" in page.get_data(as_text=True)
    assert chair.post("/public-site/", data={"public": "on"}).status_code == 302
    assert _public(app)
    assert visitor.get(f"/p/{CITY}/").status_code == 200
    assert f"/p/{CITY}/" in chair.get("/public-site/").get_data(as_text=True)
    chair.post("/public-site/", data={"public": "off"})
    assert not _public(app)
    assert visitor.get(f"/p/{CITY}/").status_code == 404
    with app.app_context():
        changes = db.session.execute(
            select(AuditEntry.changes).where(AuditEntry.object_type == "municipality")
            .order_by(AuditEntry.id)).scalars().all()
    assert changes == [{"public": [False, True]}, {"public": [True, False]}]


def test_a_member_or_observer_may_not_switch_it(app: Flask, browse_as: Any) -> None:
    for role in ("member", "observer", "secretary"):
        browser = browse_as(role)
        page = browser.get("/public-site/")
        assert page.status_code == 200
        assert 'name="public"' not in page.get_data(as_text=True)
        assert browser.post("/public-site/", data={"public": "on"}).status_code == 403
    assert not _public(app)


def test_the_command_line_switch_is_audited_too(app: Flask, factory: Any) -> None:
    factory.municipality()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["municipality", "public", CITY, "on"])
    assert result.exit_code == 0 and "public site on" in result.output
    assert _public(app)
    with app.app_context():
        entry = db.session.execute(
            select(AuditEntry).where(AuditEntry.object_type == "municipality")).scalar_one()
        assert entry.actor_id is None and entry.changes == {"public": [False, True]}


def test_a_switch_that_is_neither_on_nor_off_changes_nothing(app: Flask, browse_as: Any) -> None:
    chair = browse_as("chair")
    chair.post("/public-site/", data={"public": "on"})
    for hostile in ("", "ON", "yes", "off\x00", "ჩართვა"):
        response = chair.post("/public-site/", data={"public": hostile})
        assert response.status_code == 422, hostile
        assert _public(app), hostile


def test_every_member_finds_the_page_in_the_menu_with_the_open_data(
        app: Flask, browse_as: Any, factory: Any) -> None:
    factory.commitment(state="monitored", title="Members' export")
    member = browse_as("member")
    html = member.get("/").get_data(as_text=True)
    assert f'href="/m/{CITY}/public-site/"' in html
    page = member.get("/public-site/").get_data(as_text=True)
    link = f"/api/v1/export/commitments.csv?municipality={CITY}"
    assert link in page.replace("&amp;", "&")
    # The site is off; the member's own file is there all the same.
    answer = member.get(link)
    assert answer.status_code == 200 and "Members' export" in answer.data.decode("utf-8-sig")
