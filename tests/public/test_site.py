"""The public site, route by route: off is 404 everywhere, on shows each kind's public
fields and none of the private values (tracker/disclosure/rules.py declares which)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from flask import Flask, current_app

from tests.helpers import CITY
from tracker.disclosure import rules
from tracker.extensions import db
from tracker.municipalities import scope
from tracker.municipalities.models import Municipality
from tracker.public.views import PAGES

from .conftest import PRIVATE, USER_EMAIL_DOMAIN, World

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def public_rules(app: Flask) -> list[Any]:
    return [r for r in app.url_map.iter_rules() if r.rule.startswith("/p/")]


def url_of(rule: Any, slug: str, ident: int = 1) -> str:
    values = {arg: (slug if arg == "slug" else ident) for arg in rule.arguments}
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", lambda m: str(values[m.group(1)]), rule.rule)


def site_urls(client: Any, slug: str = CITY) -> list[str]:
    """Every page of the site, as its sitemap lists them (paths)."""
    response = client.get(f"/p/{slug}/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.data)
    return [re.sub(r"^https?://[^/]+", "", loc.text or "")
            for loc in root.iter(f"{SITEMAP}loc")]


def test_every_public_endpoint_is_outside_the_login_wall(app: Flask) -> None:
    from tracker.accounts.auth import PUBLIC_ENDPOINTS

    endpoints = {r.endpoint for r in public_rules(app)}
    assert endpoints  # the site exists
    assert endpoints <= PUBLIC_ENDPOINTS


def test_with_the_site_off_every_public_url_is_404(
    app: Flask, client: Any, world: World, site_switch: Any
) -> None:
    on = {url_of(r, CITY, world.ids["monitored"]) for r in public_rules(app)}
    # The site is on: the pages exist (so the 404s below are the switch's doing).
    assert client.get(f"/p/{CITY}/").status_code == 200
    pages = site_urls(client)
    site_switch("off")
    for url in sorted(on | set(pages)):
        assert client.get(url).status_code == 404, url
    assert client.get("/p/no-such-town/").status_code == 404


def test_a_municipality_never_switched_on_is_404(app: Flask, client: Any, factory: Any) -> None:
    factory.commitment(state="monitored")
    for rule in public_rules(app):
        assert client.get(url_of(rule, CITY)).status_code == 404, rule.rule


def test_pages_are_public_cacheable_and_described(client: Any, world: World) -> None:
    for url in site_urls(client):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "public, no-cache"
        assert "Set-Cookie" not in response.headers
        html = response.get_data(as_text=True)
        assert '<html lang="ka">' in html
        assert re.search(r'<meta name="description" content="[^"]+">', html), url
        assert '<meta property="og:title" content="' in html
        assert '<meta property="og:description" content="' in html
    english = client.get(f"/p/{CITY}/?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in english and "Action plans" in english


def test_the_sitemap_lists_every_public_row_and_no_private_one(
    app: Flask, client: Any, world: World
) -> None:
    urls = set(site_urls(client))
    assert f"/p/{CITY}/" in urls and f"/p/{CITY}/meetings/" in urls
    with app.app_context():
        municipality = Municipality.by_slug(CITY)
        with scope.entered(municipality):
            for kind, endpoint, _arg in PAGES:
                prefix = app.url_map._rules_by_endpoint[endpoint][0].rule.split("<slug>")[1]
                prefix = prefix.split("<")[0]
                ids = db.session.execute(kind.rows(municipality.id)).unique().scalars()
                for row in ids:
                    assert f"/p/{CITY}{prefix}{row.id}" in urls
    for private in ("draft", "cancelled", "draft_plan"):
        assert not any(u.endswith(f"/{world.ids[private]}") and
                       ("commitments" in u if private == "draft" else
                        "meetings" in u if private == "cancelled" else "plans" in u)
                       for u in urls), private


def _shown(client: Any, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def _expected(field: rules.PublicField, value: Any) -> list[str]:
    """The text a field's value shows as (its labels as the default language reads them)."""
    if value is None or value == "" or value == []:
        return []
    if field.type == rules.DAY:
        # A moment is shown as the day it was in TRACKER_TIMEZONE (between 20:00 and
        # midnight UTC, Tbilisi is already a day on); computed here apart from the app's.
        if isinstance(value, datetime):
            moment = value if value.tzinfo else value.replace(tzinfo=UTC)
            value = moment.astimezone(ZoneInfo(current_app.config["TRACKER_TIMEZONE"]))
        return [value.strftime("%d/%m/%Y")]
    if field.type == rules.LABELS:
        return [str(v) for v in value]
    return [str(value)]


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


@pytest.mark.parametrize("kind, page", [
    (rules.PLANS, "/plans/{id}"),
    (rules.COMMITMENTS, "/commitments/{id}"),
    (rules.MILESTONES, "/commitments/{commitment_id}"),
    (rules.SUBGROUPS, "/subgroups/{id}"),
    (rules.MEETINGS, "/meetings/{id}"),
    (rules.MINUTES, "/meetings/{id}"),
], ids=lambda v: getattr(v, "name", v))
def test_each_kind_shows_its_public_fields(
    app: Flask, client: Any, world: World, kind: rules.PublicKind, page: str
) -> None:
    with app.test_request_context(f"/p/{CITY}/?lang=ka"):
        from flask import g

        municipality = Municipality.by_slug(CITY)
        scope.restrict(None)
        scope.enter(municipality)
        g.tracker_locale = "ka"
        rows = list(db.session.execute(kind.rows(municipality.id)).unique().scalars())
        assert rows, f"the world has no public {kind.name}"
        wanted = [
            (page.format(id=row.id, commitment_id=getattr(row, "commitment_id", 0)),
             [(field.name, text) for field, value in kind.values(row)
              for text in _expected(field, value)])
            for row in rows
        ]
    for path, texts in wanted:
        html = _shown(client, f"/p/{CITY}{path}")
        for name, text in texts:
            assert _escape(text) in html, f"{kind.name}.{name} = {text!r} not on {path}"


def test_no_private_value_is_on_any_public_page(client: Any, world: World) -> None:
    pages = [*site_urls(client), f"/p/{CITY}/sitemap.xml"]
    # The pages of private rows are not there either.
    for private, path in (("draft", "commitments"), ("draft_plan", "plans"),
                          ("cancelled", "meetings")):
        url = f"/p/{CITY}/{path}/{world.ids[private]}"
        assert client.get(url).status_code == 404, url
    for lang in ("ka", "en"):
        for url in pages:
            html = client.get(url, query_string={"lang": lang}).get_data(as_text=True)
            for what, marker in PRIVATE.items():
                assert marker not in html, f"{what} on {url}"
            assert USER_EMAIL_DOMAIN not in html, url


def test_the_minutes_show_once_approved(client: Any, world: World) -> None:
    approved = _shown(client, f"/p/{CITY}/meetings/{world.ids['approved']}")
    assert "Publish the budget by June" in approved
    assert "ანგარიშის მომზადება" in approved and "Finance office" in approved
    assert "The group reviewed the portal" in approved
    held = _shown(client, f"/p/{CITY}/meetings/{world.ids['held']}")
    assert "ანგარიში მომზადდეს ერთ თვეში." not in held  # its decision: not yet public


def test_a_scheduled_meeting_is_shown_ahead(client: Any, world: World) -> None:
    listing = _shown(client, f"/p/{CITY}/meetings/")
    assert f"/p/{CITY}/meetings/{world.ids['scheduled']}" in listing
    page = _shown(client, f"/p/{CITY}/meetings/{world.ids['scheduled']}")
    assert "City hall, room 2" in page and "Budget portal review" in page


def test_the_commitment_timeline_has_its_steps_and_no_reason(
    client: Any, world: World
) -> None:
    page = _shown(client, f"/p/{CITY}/commitments/{world.ids['monitored']}?lang=en")
    timeline = page.split('id="timeline-title"')[1]
    assert "Monitored" in timeline
    assert "Milestone done:" in timeline
    withdrawn = _shown(client, f"/p/{CITY}/commitments/{world.ids['withdrawn']}?lang=en")
    assert "Withdrawn" in withdrawn.split('id="timeline-title"')[1]


def test_home_counts_what_is_public(client: Any, world: World) -> None:
    home = _shown(client, f"/p/{CITY}/?lang=en")
    assert "Open Napiri 2026–2027" in home
    assert f"/p/{CITY}/plans/{world.ids['plan']}" in home
    counts = dict(re.findall(r"<dt>([^<]+)</dt><dd>(\d+)</dd>", home))
    assert counts["Commitments"] == "3"  # monitored, completed, withdrawn; not the drafts
    assert counts["Completed commitments"] == "1"
    assert counts["Upcoming meetings"] == "1"
    assert counts["Approved minutes"] == "1"


def test_one_municipality_s_site_never_shows_another_s_rows(
    app: Flask, client: Any, world: World, factory: Any, site_switch: Any
) -> None:
    town = factory.elsewhere()
    theirs = {
        "commitments": town.commitment(state="completed", title="Town's own commitment").id,
        "meetings": town.meeting("completed").id,
    }
    theirs["plans"] = town.commitment(state="monitored").plan_id
    site_switch("on", "town")
    for path, ident in theirs.items():
        assert client.get(f"/p/town/{path}/{ident}").status_code == 200, path
        assert client.get(f"/p/{CITY}/{path}/{ident}").status_code == 404, path
    assert "Town's own commitment" not in client.get(f"/p/{CITY}/sitemap.xml").get_data(
        as_text=True)
    for url in site_urls(client):
        assert "Town&#39;s own commitment" not in client.get(url).get_data(as_text=True)
