"""The Atom feed (issue 13, item 4): public state changes and approved minutes, newest first,
read back with feedparser and compared with the audit trail."""

from __future__ import annotations

import feedparser
from sqlalchemy import select

from tracker.audit.models import AuditEntry
from tracker.audit.operations import add_comment
from tracker.commitments.models import Commitment
from tracker.extensions import db
from tracker.municipalities import scope
from tracker.municipalities.models import Municipality
from tracker.workflow import COMPLETED, MONITORED

from ..factories import CITY
from .conftest import World, publish

URL = f"http://localhost/p/{CITY}/feed.atom"
NEWS = {"commitment", "subgroup", "meeting"}


def parse(response):
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.data)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def expected_entries(app, world: World) -> list[int]:
    """The audit rows the feed should show, newest first, read straight off the table."""
    public = {(kind, ident) for kind, ident in world.public}
    with app.app_context():
        rows = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).all()
        chosen = []
        for row in rows:
            if (row.object_type, row.object_id) not in public:
                continue
            state_change = (row.object_type in NEWS and row.action == "transition"
                            and row.to_state in (MONITORED, COMPLETED))
            milestone_done = (row.object_type == "milestone" and row.action == "update"
                              and (row.changes or {}).get("done", [None, None])[1] is True)
            if state_change or milestone_done:
                chosen.append(row)
        chosen.sort(key=lambda r: (r.at, r.id), reverse=True)
        return [r.id for r in chosen]


def test_the_feed_is_404_while_the_site_is_off(client, factory, world):
    assert client.get(URL).status_code == 404
    publish(factory)
    assert client.get(URL).status_code == 200
    publish(factory, on=False)
    assert client.get(URL).status_code == 404


def test_the_feed_is_the_public_updates_newest_first(app, client, factory, world):
    publish(factory)
    feed = parse(client.get(URL))
    ids = [int(e.id.rsplit("audit-", 1)[1]) for e in feed.entries]
    assert ids == expected_entries(app, world)
    assert len(ids) >= 6  # approvals, completions, held and approved meetings, milestones
    stamps = [e.updated_parsed for e in feed.entries]
    assert stamps == sorted(stamps, reverse=True)
    with app.app_context():
        city = Municipality.by_slug(CITY)
        assert feed.feed.title.startswith(city.name)  # Georgian intact
    assert feed.feed.links[0].href == URL


def test_an_entry_names_the_item_its_new_state_and_links_to_its_page(client, factory, world):
    publish(factory)
    feed = parse(client.get(URL))
    mine = [e for e in feed.entries if "SHOWN-COMMITMENT" in e.title]
    assert len(mine) == 1  # approved for monitoring, once
    assert "ვალდებულება SHOWN-COMMITMENT" in mine[0].title
    assert mine[0].link == f"http://localhost/p/{CITY}/commitments/{world.public_commitment}"
    approved = [e for e in feed.entries
                if e.link == f"http://localhost/p/{CITY}/meetings/{world.approved_meeting}"]
    assert len(approved) == 2  # held, then its minutes approved
    # Every entry links to a page of the public site that a visitor can open.
    for entry in feed.entries:
        assert entry.link.startswith(f"http://localhost/p/{CITY}/"), entry.link
        assert client.get(entry.link.split("#")[0]).status_code == 200, entry.link


def test_nothing_private_reaches_the_feed(app, client, factory, world):
    with app.app_context():
        commitment = db.session.get(Commitment, world.public_commitment)
        with scope.entered(db.session.get(Municipality, commitment.municipality_id)):
            add_comment(commitment, commitment.owner, "SECRET-INTERNAL-COMMENT")
        db.session.commit()
    publish(factory)
    text = client.get(URL).data.decode()
    for secret in [*world.secrets, "SECRET-INTERNAL-COMMENT"]:
        assert secret not in text, secret
