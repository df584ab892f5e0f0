"""The calendar feeds (issue 13, item 3): a municipality's public calendar and a person's
own "my deadlines", read back with the icalendar library and compared with the database."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from tracker.extensions import db
from tracker.feeds.models import CalendarFeed
from tracker.i18n import local_today
from tracker.meetings.models import Meeting
from tracker.workflow import DRAFT, MONITORED

from ..factories import CITY
from .conftest import publish

# Full URLs: the tests' browser puts a bare path under /m/city/.
URL = f"http://localhost/p/{CITY}/calendar.ics"


def parse(response) -> Calendar:
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "text/calendar"
    return Calendar.from_ical(response.data)


def events(cal: Calendar) -> dict[str, object]:
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


def test_the_calendar_is_404_while_the_site_is_off(client, factory, world):
    assert client.get(URL).status_code == 404
    publish(factory)
    assert client.get(URL).status_code == 200
    publish(factory, on=False)
    assert client.get(URL).status_code == 404
    assert client.get("http://localhost/p/nowhere/calendar.ics").status_code == 404


def test_the_public_calendar_is_every_public_date_and_nothing_else(client, factory, world):
    publish(factory)
    found = events(parse(client.get(URL)))
    expected = {f"{kind}-{ident}@localhost": due
                for (kind, ident), due in world.public.items()}
    assert set(found) == set(expected)
    for key, event in found.items():
        start = event.decoded("dtstart")
        day = start.date() if isinstance(start, datetime) else start
        assert day == expected[key], key
        # Each links to its page on the public site, which a visitor can open.
        assert event["url"].startswith(f"http://localhost/p/{CITY}/"), key
        assert client.get(str(event["url"]).split("#")[0]).status_code == 200, key
    text = client.get(URL).data.decode()
    for secret in world.secrets:
        assert secret not in text, secret


def test_a_deadline_is_an_all_day_event_linking_to_its_page(client, factory, world):
    publish(factory)
    event = events(parse(client.get(URL)))[f"commitment-{world.public_commitment}@localhost"]
    assert "SHOWN-COMMITMENT" in str(event["summary"])
    assert "ვალდებულება" in str(event["summary"])  # Georgian intact
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert type(start) is date and end == start + timedelta(days=1)
    assert str(event["url"]) == f"http://localhost/p/{CITY}/commitments/{world.public_commitment}"


@pytest.mark.parametrize("zone", ["Asia/Tbilisi", "America/New_York"])
def test_a_meeting_is_at_its_time_in_the_tracker_timezone(make_app, factory, world, zone):
    publish(factory)
    app = make_app(TRACKER_TIMEZONE=zone)
    cal = parse(app.test_client().get(URL))
    event = events(cal)[f"meeting-{world.scheduled_meeting}@localhost"]
    assert event["dtstart"].params["TZID"] == zone
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    with app.app_context():
        meeting = db.session.get(Meeting, world.scheduled_meeting)
        assert start.date() == meeting.date and start.time() == meeting.start_time
        assert end.time() == meeting.end_time
        assert meeting.state == DRAFT  # scheduled, and announced ahead
    assert str(start.tzinfo) == zone or getattr(start.tzinfo, "key", None) == zone
    assert [tz["tzid"] for tz in cal.walk("VTIMEZONE")] == [zone]
    assert "SHOWN-PLACE" in str(event["location"])
    assert "SHOWN-AGENDA ბიუჯეტი" in str(event["description"])


def test_a_meeting_without_a_time_is_an_all_day_event(app, client, factory, make_meeting):
    with app.app_context():
        day = local_today() + timedelta(days=2)
    meeting = make_meeting(DRAFT, date=day)
    publish(factory)
    event = events(parse(client.get(URL)))[f"meeting-{meeting.id}@localhost"]
    assert type(event.decoded("dtstart")) is date


def test_uids_are_stable_between_fetches(client, factory, world):
    publish(factory)
    first = set(events(parse(client.get(URL))))
    assert first == set(events(parse(client.get(URL))))


def _feed_url(browser) -> str:
    page = browser.get("/account/calendar").data.decode()
    start = page.index("http://localhost/calendar/")
    return page[start:page.index(".ics", start) + 4]


def test_my_deadlines_needs_its_token_and_a_revoked_one_is_404(
        app, browse_as, client, factory, make_user, make_commitment):
    owner = make_user("member")
    with app.app_context():
        mine = make_commitment(state=DRAFT, ready=True, owner_id=owner.id, title="MINE-DRAFT",
                               deadline=local_today() + timedelta(days=12))
        my_milestones = {f"milestone-{m.id}@localhost" for m in mine.milestones}
        theirs = make_commitment(state=MONITORED, title="NOT-MINE")
        mine_id, theirs_id = mine.id, theirs.id
    browser = browse_as(owner)
    assert "http://localhost/calendar/" not in browser.get("/account/calendar").data.decode()
    assert browser.post("/account/calendar/renew").status_code == 302
    url = _feed_url(browser)
    path = url

    # Nobody logged in: the token is the key.
    response = client.get(path)
    assert response.headers["Cache-Control"] == "private, no-store"
    found = events(parse(response))
    # A draft of one's own is one's own deadline; the milestone is owned by the owner too.
    assert f"commitment-{mine_id}@localhost" in found
    assert my_milestones and my_milestones <= set(found)
    assert f"commitment-{theirs_id}@localhost" not in found
    assert "NOT-MINE" not in response.data.decode()
    assert all(k.split("-")[0] in ("commitment", "milestone") for k in found)
    # One's own deadlines link to the tracker's pages (a draft has no public one).
    assert all(str(e["url"]).startswith("http://localhost/m/") for e in found.values())

    # The database holds only the hash of the token, not the token.
    token = path.removeprefix("http://localhost/calendar/").removesuffix(".ics")
    with factory.app.app_context():
        row = db.session.execute(select(CalendarFeed)).scalar_one()
        assert token not in (row.nonce, row.token_hash)

    assert client.get("http://localhost/calendar/" + "0" * 64 + ".ics").status_code == 404
    assert client.get("http://localhost/calendar/short.ics").status_code == 404

    browser.post("/account/calendar/renew")  # a new address: the old one stops working
    assert client.get(path).status_code == 404
    renewed = _feed_url(browser)
    assert renewed != url
    assert client.get(renewed).status_code == 200

    browser.post("/account/calendar/revoke")
    assert client.get(renewed).status_code == 404
    assert "http://localhost/calendar/" not in browser.get("/account/calendar").data.decode()


def test_the_account_page_needs_a_login(client):
    assert client.get("/account/calendar").status_code == 302
    assert client.post("/account/calendar/renew").status_code == 302


def test_me_gives_the_calendar_url(api, browse_as, make_user):
    user = make_user("member", name="ნინო")
    me = api(user).get("/me")
    assert me.status_code == 200
    assert me.json == {"id": user.id, "name": "ნინო", "email": user.email,
                       "language": "ka", "calendar_url": None}
    browse_as(user).post("/account/calendar/renew")
    url = api(user).get("/me").json["calendar_url"]
    assert url == _feed_url(browse_as(user))
    assert api(None).get("/me").status_code == 401


def test_a_deactivated_owner_s_feed_is_404(browse_as, client, factory, make_user):
    user = make_user("member")
    browser = browse_as(user)
    browser.post("/account/calendar/renew")
    path = _feed_url(browser)
    assert client.get(path).status_code == 200
    with factory.app.app_context():
        from tracker.accounts.models import User
        db.session.get(User, user.id).active = False
        db.session.commit()
    assert client.get(path).status_code == 404



def test_making_and_revoking_the_address_are_in_the_security_log(app, browse_as, make_user):
    from tracker.accounts.models import SecurityEvent

    user = make_user("member")
    browser = browse_as(user)
    browser.post("/account/calendar/renew")
    browser.post("/account/calendar/renew")
    browser.post("/account/calendar/revoke")
    with app.app_context():
        logged = [(e.kind, e.user_id, e.actor_id, (e.detail or {}).get("renewed"))
                  for e in db.session.scalars(select(SecurityEvent).where(
                      SecurityEvent.kind.like("calendar_feed_%")).order_by(SecurityEvent.id))]
    # The person acted on their own: no separate actor (tracker.accounts.events).
    assert logged == [("calendar_feed_issued", user.id, None, False),
                      ("calendar_feed_issued", user.id, None, True),
                      ("calendar_feed_revoked", user.id, None, None)]


def test_the_public_feeds_are_one_municipality_s_whoever_reads_them(
        app, browse_as, client, factory, world):
    town = factory.elsewhere()
    with app.app_context():
        other = town.commitment(state=MONITORED, title="TOWN-COMMITMENT")
        other_uid = f"commitment-{other.id}@localhost"
    publish(factory)
    publish(town)
    city_feed = events(parse(client.get(URL)))
    assert other_uid not in city_feed
    assert other_uid in events(parse(client.get("http://localhost/p/town/calendar.ics")))
    # Someone of the other municipality only, logged in, reads the city's public feed too.
    reader = browse_as(town.default_user("member"))
    assert set(events(parse(reader.get(URL)))) == set(city_feed)


@pytest.mark.parametrize(("language", "name"), [("ka", "ჩემი ვადები"), ("en", "My deadlines")])
def test_my_deadlines_speak_the_owner_s_language(browse_as, client, make_user, language, name):
    user = make_user("member", language=language, name="ნინო")
    browser = browse_as(user)
    browser.post("/account/calendar/renew")
    cal = parse(client.get(_feed_url(browser), headers={"Accept-Language": "fr"}))
    assert str(cal["x-wr-calname"]) == f"{name} — ნინო"
