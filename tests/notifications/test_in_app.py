"""The bell, the list, marking read (web with CSRF, and the API), the events read from the
audit trail, preferences, the outbox, the digest, Georgian plurals and the queue."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from flask_babel import force_locale
from sqlalchemy import select

from tracker.extensions import db
from tracker.notifications import messages
from tracker.notifications.kinds import EmailState
from tracker.notifications.models import Notification, OutboxMessage
from tracker.notifications.run import run
from tracker.workflow import COMPLETED, MONITORED

from ..helpers import csrf_token_in
from .conftest import NOW, Mailbox, days, text_of_mail


def run_at(app: Flask, now=NOW):  # type: ignore[no-untyped-def]
    with app.app_context():
        return run(now)


def notifications_of(app: Flask, user) -> list[Notification]:  # type: ignore[no-untyped-def]
    with app.app_context():
        rows = db.session.scalars(select(Notification).where(Notification.user_id == user.id)
                                  .order_by(Notification.id)).all()
        db.session.expunge_all()
        return list(rows)


def test_a_new_action_item_rings_its_owners_bell(app, make_app, users, make_user,
                                                 make_meeting, browse_as) -> None:
    owner = make_user("member", email="owner@example.test")
    meeting = make_meeting(MONITORED, date=days(-1))
    strict = make_app(WTF_CSRF_ENABLED=True)
    secretary = browse_as("secretary", on=strict)
    page = secretary.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    with app.app_context():
        from tracker.meetings.models import Meeting
        decision = db.session.get(Meeting, meeting.id).decisions[0].id
    response = secretary.post(f"/decisions/{decision}/action-items",
                              data={"title": "საიტის განახლება", "owner_id": owner.id,
                                    "deadline": days(20).strftime("%d/%m/%Y"),
                                    "csrf_token": csrf_token_in(page)})
    assert response.status_code == 302
    run_at(app)
    mine = [n for n in notifications_of(app, owner) if n.kind == "assigned"]
    assert [(n.subject_type, n.title) for n in mine] == [("action_item", "საიტის განახლება")]
    # The secretary who gave it is not told of her own act.
    assert all(n.kind != "assigned" for n in notifications_of(app, users["secretary"]))

    browser = browse_as(owner, on=strict)
    home = browser.get("/notifications").get_data(as_text=True)
    assert 'class="bell__count" data-unread="1"' in home
    assert "საიტის განახლება" in home and "გადაწყვეტილებით ეს დავალება თქვენ დაგეკისრათ" in home
    assert f"/m/city/meetings/{meeting.id}#action-" in home
    # Marking read is a POST with its CSRF token; without one it is refused.
    target = f"/notifications/{mine[0].id}/read"
    assert browser.post(target).status_code == 400
    assert browser.post(target, data={"csrf_token": csrf_token_in(home)}).status_code == 302
    after = browser.get("/notifications").get_data(as_text=True)
    assert 'data-unread="0"' in after
    # Another person's notification is not found, whoever asks.
    other = browse_as("member", on=strict)
    token = csrf_token_in(other.get("/notifications").get_data(as_text=True))
    assert other.post(target, data={"csrf_token": token}).status_code == 404


def test_the_api_lists_and_marks_read(app, api, users, make_user, make_commitment) -> None:
    owner = make_user("member")
    make_commitment(state=MONITORED, owner_id=owner.id, start_date=days(-30),
                    deadline=days(1))
    run_at(app)
    listing = api(owner).get("/notifications")
    assert listing.status_code == 200
    body = listing.get_json()
    assert body["total"] >= 1 and body["unread"] == body["total"]
    due = next(item for item in body["items"] if item["kind"] == "due_soon")
    assert due["read"] is False and due["municipality"] == "city"
    assert due["url"].startswith("/m/city/commitments/")
    marked = api(owner).post(f"/notifications/{due['id']}/read")
    assert marked.status_code == 200 and marked.get_json()["read"] is True
    assert api(users["member"]).post(f"/notifications/{due['id']}/read").status_code == 404
    assert api(owner).get("/notifications").get_json()["unread"] == body["unread"] - 1


def test_events_state_changes_and_approved_minutes(app, users, make_user, make_commitment,
                                                   make_meeting, factory) -> None:
    owner = make_user("member")
    attendee = make_user("member")
    commitment = make_commitment(state=MONITORED, owner_id=owner.id)
    make_meeting(COMPLETED, attendees=[
        {"user_id": users["chair"].id, "name": "Chair"},
        {"user_id": users["secretary"].id, "name": "Secretary"},
        {"user_id": attendee.id, "name": "Attendee"},
        {"user_id": users["observer"].id, "name": "Away", "presence": "absent"},
    ])
    run_at(app)
    kinds = {n.kind for n in notifications_of(app, owner)}
    assert {"assigned", "state_changed"} <= kinds
    changed = next(n for n in notifications_of(app, owner) if n.kind == "state_changed")
    assert changed.subject_id == commitment.id and changed.data["to"] == MONITORED
    assert [n.kind for n in notifications_of(app, attendee)] == ["minutes_approved"]
    assert notifications_of(app, users["observer"]) == []  # absent: not told
    # The second run reads the audit trail on from where it is sure it was complete.
    assert run_at(app).recorded == 0


def test_held_minutes_to_sign_and_late(app, users, make_meeting) -> None:
    meeting = make_meeting(MONITORED, date=days(-6))
    run_at(app)
    secretary = {n.kind for n in notifications_of(app, users["secretary"])
                 if n.subject_id == meeting.id}
    assert secretary == {"minutes_to_sign", "minutes_pending"}
    chair = {n.kind for n in notifications_of(app, users["chair"]) if n.subject_id == meeting.id}
    assert chair == {"minutes_to_sign"}


def test_preferences_turn_a_kind_off_or_to_the_app(app, make_app, make_user, make_commitment,
                                                   browse_as, smtp: Mailbox) -> None:
    owner = make_user("member", email="owner@example.test")
    make_commitment(state=MONITORED, owner_id=owner.id, start_date=days(-30),
                    deadline=days(-3))
    strict = make_app(WTF_CSRF_ENABLED=True)
    browser = browse_as(owner, on=strict)
    page = browser.get("/account/notifications")
    assert page.status_code == 200
    form = {f"kind_{kind}": "email" for kind in ("due_soon", "escalation", "state_changed",
                                                 "minutes_to_sign", "minutes_approved",
                                                 "minutes_pending", "digest")}
    form.update(kind_overdue="app", kind_assigned="off", delivery="immediate",
                csrf_token=csrf_token_in(page.get_data(as_text=True)))
    assert browser.post("/account/notifications", data=form).status_code == 302
    run_at(app)
    mine = {n.kind: n.email_state for n in notifications_of(app, owner)}
    assert mine["overdue"] == EmailState.NONE.value  # in the app only
    assert "assigned" not in mine  # off
    assert mine["state_changed"] == EmailState.SENT.value
    assert "ვადიდან გავიდა" not in text_of_mail(smtp.to("owner@example.test")[0])


def test_without_smtp_the_administrator_reads_the_outbox(app, users, make_user,
                                                         make_commitment, browse_as) -> None:
    owner = make_user("member", email="owner@example.test")
    make_commitment(state=MONITORED, owner_id=owner.id, title="ღია ბიუჯეტი",
                    start_date=days(-30), deadline=days(-2))
    report = run_at(app)
    assert report.transport == "outbox" and report.emails_sent >= 1
    with app.app_context():
        message = db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.recipient.contains("owner@example.test"))).one()
        assert "ღია ბიუჯეტი" in message.text and "ღია ბიუჯეტი" in message.html
        message_id = message.id
    admin = browse_as("admin")
    listing = admin.get("/admin/outbox").get_data(as_text=True)
    assert "owner@example.test" in listing
    assert "ღია ბიუჯეტი" in admin.get(f"/admin/outbox/{message_id}").get_data(as_text=True)
    assert browse_as("chair").get("/admin/outbox").status_code == 403


def test_the_weekly_digest_replaces_single_messages(app, make_user, make_commitment,
                                                    smtp: Mailbox) -> None:
    reader = make_user("member", email="weekly@example.test")
    make_commitment(state=MONITORED, owner_id=reader.id, title="ღია მონაცემები",
                    start_date=days(-30), deadline=days(-1))
    make_commitment(state=MONITORED, owner_id=reader.id, title="პეტიციები",
                    start_date=days(-30), deadline=days(5))
    with app.app_context():
        from tracker.notifications.models import NotificationPreferences
        db.session.add(NotificationPreferences(user_id=reader.id, channels={}, digest=True))
        db.session.commit()
    sunday = NOW - timedelta(days=1)
    run_at(app, sunday)  # last week's digest is due: one digest, no single e-mails
    mails = smtp.to("weekly@example.test")
    assert len(mails) == 1 and "ღია მონაცემები" in text_of_mail(mails[0])
    run_at(app, NOW - timedelta(hours=2))  # Monday 07:00: this week's is not due yet
    assert len(smtp.to("weekly@example.test")) == 1
    run_at(app, NOW)  # Monday 09:00
    run_at(app, NOW + timedelta(hours=1))
    mails = smtp.to("weekly@example.test")
    assert len(mails) == 2
    text = text_of_mail(mails[1])
    assert "ღია მონაცემები" in text and "პეტიციები" in text
    assert "2026-W10" in mails[1]["Subject"]


@pytest.mark.parametrize(("count", "due_soon", "overdue"), [
    (1, "ვადის ამოწურვამდე დარჩა 1 დღე", "ვადიდან გავიდა 1 დღე"),
    (3, "ვადის ამოწურვამდე დარჩა 3 დღე", "ვადიდან გავიდა 3 დღე"),
    (21, "ვადის ამოწურვამდე დარჩა 21 დღე", "ვადიდან გავიდა 21 დღე"),
])
def test_georgian_has_one_form_for_every_number(app, count, due_soon, overdue) -> None:
    with app.test_request_context(), force_locale("ka"):
        assert messages.days_left(count) == due_soon
        assert messages.days_overdue(count) == overdue
    with app.test_request_context(), force_locale("en"):
        assert messages.days_left(count) == (
            "1 day left until the deadline" if count == 1
            else f"{count} days left until the deadline")


def test_dry_run_records_nothing(app, runner, make_user, make_commitment) -> None:
    owner = make_user("member")
    make_commitment(state=MONITORED, owner_id=owner.id, start_date=days(-30),
                    deadline=days(-3))
    result = runner.invoke(args=["notify", "run", "--dry-run", "--now", "2026-03-02T09:00"])
    assert result.exit_code == 0 and "would record" in result.output
    assert notifications_of(app, owner) == []
    bad = runner.invoke(args=["notify", "run", "--now", "yesterday"])
    assert bad.exit_code == 2


def test_through_the_queue_the_worker_runs_the_same_code(app, runner, make_user,
                                                         make_commitment, monkeypatch) -> None:
    redis = pytest.importorskip("redis")
    connection = redis.Redis.from_url("redis://127.0.0.1:6379/15")
    try:
        connection.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    connection.flushdb()
    from rq import SimpleWorker

    from tracker.notifications import jobs

    owner = make_user("member")
    make_commitment(state=MONITORED, owner_id=owner.id, start_date=days(-30),
                    deadline=days(-3))
    app.config["REDIS_URL"] = "redis://127.0.0.1:6379/15"
    monkeypatch.setattr(jobs, "_app", lambda: app)  # the worker's app: this test's database
    result = runner.invoke(args=["notify", "run", "--now", "2026-03-02T09:00"])
    assert result.exit_code == 0 and "queued notify-" in result.output
    assert notifications_of(app, owner) == []  # not yet: the worker does the work
    queue = jobs.queue(app.config["REDIS_URL"])
    SimpleWorker([queue], connection=queue.connection).work(burst=True)
    assert "overdue" in {n.kind for n in notifications_of(app, owner)}
    connection.flushdb()
