"""Against a real SMTP server: the right people get the right messages, once; two runs at
once send each once; a failure is retried, then reported; a moved deadline re-arms."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from tracker.extensions import db
from tracker.notifications.kinds import EmailState
from tracker.notifications.models import Notification
from tracker.notifications.run import Report, run
from tracker.workflow import COMPLETED, MONITORED

from .conftest import NOW, Mailbox, days, html_of_mail, text_of_mail


def run_at(app: Flask, now=NOW, **options) -> Report:  # type: ignore[no-untyped-def]
    with app.app_context():
        return run(now, **options)


@dataclass
class World:
    owner: object       # owns a commitment due in 3 days
    milestone_owner: object  # owns a milestone overdue by 2 days
    head: object        # heads the unit that owns an action item overdue by 10 days
    staff: object       # works in that unit
    bystander: object   # owns nothing
    chair: object
    commitment: object
    milestone: object
    action: object


@pytest.fixture
def world(factory, users, make_user, make_commitment, make_milestone, make_meeting,
          make_unit, app) -> World:
    owner = make_user("member", name="ნინო ბერიძე", email="owner@example.test")
    milestone_owner = make_user("member", name="ლაშა ჯაფარიძე", email="ms@example.test")
    head = make_user("member", name="ეკა ლომიძე", email="head@example.test")
    staff = make_user("member", name="გიორგი კაპანაძე", email="staff@example.test",
                      language="en")
    bystander = make_user("member", email="bystander@example.test")
    unit = make_unit("იურიდიული სამსახური", staff=[
        {"name": head.name, "is_head": True, "user_id": head.id},
        {"name": staff.name, "user_id": staff.id},
        {"name": "ანა უანგარიშო"},
    ])
    commitment = make_commitment(state=MONITORED, owner_id=owner.id, title="პეტიციების პორტალი",
                                 start_date=days(-60), deadline=days(3))
    milestone = make_milestone(commitment, title="წესების პროექტი", owner_id=milestone_owner.id,
                               deadline=days(-2))
    meeting = make_meeting(COMPLETED, date=days(-3),
                           action={"owner_unit_id": unit.id, "deadline": days(-10)})
    with app.app_context():
        from tracker.meetings.models import Meeting
        action = db.session.get(Meeting, meeting.id).decisions[0].action_items[0].id
    # What the factories did is history: these tests are about deadlines.
    with app.app_context():
        from sqlalchemy import func

        from tracker.audit.models import AuditEntry
        from tracker.notifications.rules import cursor
        cursor().audit_id = db.session.scalar(select(func.max(AuditEntry.id)))
        db.session.commit()
    return World(owner, milestone_owner, head, staff, bystander, users["chair"], commitment,
                 milestone, action)


def test_the_right_people_get_the_right_messages(app, smtp: Mailbox, world: World) -> None:
    report = run_at(app)
    assert not report.failed
    # One e-mail a person, whatever they have.
    assert smtp.recipients() == sorted(
        ["owner@example.test", "ms@example.test", "head@example.test", "staff@example.test",
         "chair@example.test"])
    owner_mail = smtp.to("owner@example.test")[0]
    text = text_of_mail(owner_mail)
    assert "პეტიციების პორტალი" in text
    assert "ვადის ამოწურვამდე დარჩა 3 დღე" in text  # Georgian: one form for every number
    assert f"https://tracker.example/m/city/commitments/{world.commitment.id}" in text
    assert "პეტიციების პორტალი" in html_of_mail(owner_mail)
    assert owner_mail["List-Unsubscribe"].startswith("<https://tracker.example/unsubscribe/")
    assert owner_mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    ms_text = text_of_mail(smtp.to("ms@example.test")[0])
    assert "წესების პროექტი" in ms_text and "ვადიდან გავიდა 2 დღე" in ms_text
    # The unit's head and staff with accounts hear of the unit's action item; an English
    # reader reads English.
    assert "ვადიდან გავიდა 10 დღე" in text_of_mail(smtp.to("head@example.test")[0])
    staff_text = text_of_mail(smtp.to("staff@example.test")[0])
    assert "10 days past the deadline" in staff_text and "ანგარიშის მომზადება" in staff_text
    # Overdue for more than 7 days: the chair too (the milestone, 2 days, not yet).
    chair_text = text_of_mail(smtp.to("chair@example.test")[0])
    assert "ანგარიშის მომზადება" in chair_text and "წესების პროექტი" not in chair_text
    assert smtp.to("bystander@example.test") == []


def test_a_second_run_sends_nothing(app, smtp: Mailbox, world: World) -> None:
    first = run_at(app)
    assert first.emails_sent == 5
    second = run_at(app, NOW + timedelta(minutes=15))
    assert (second.recorded, second.emails_sent) == (0, 0)
    assert len(smtp.messages) == 5


def test_the_reminder_before_comes_at_each_offset_and_a_moved_deadline_rearms(
        app, smtp: Mailbox, world: World) -> None:
    run_at(app, NOW - timedelta(days=3))  # 6 days before the commitment's deadline
    assert len(smtp.to("owner@example.test")) == 1
    run_at(app, NOW)  # 3 days before: still the 7-day reminder, sent already
    assert len(smtp.to("owner@example.test")) == 1
    run_at(app, NOW + timedelta(days=2))  # 1 day before: the 1-day reminder
    assert len(smtp.to("owner@example.test")) == 2
    with app.app_context():
        from tracker.commitments.models import Commitment
        commitment = db.session.get(Commitment, world.commitment.id)
        commitment.deadline = days(9)  # moved: a new deadline, new reminders
        db.session.commit()
    run_at(app, NOW + timedelta(days=2))
    mails = smtp.to("owner@example.test")
    assert len(mails) == 3 and "7 დღე" in text_of_mail(mails[-1])


def _runs_at_once(app: Flask, count: int = 2) -> list[Report]:
    reports: list[Report] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(count)

    def one() -> None:
        try:
            with app.app_context():
                barrier.wait()
                reports.append(run(NOW))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=one) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    return reports


def test_two_runs_at_once_send_each_message_once(app, smtp: Mailbox, world: World) -> None:
    reports = _runs_at_once(app)
    assert sum(r.recorded for r in reports) == 5  # each recorded by one of the two
    assert smtp.recipients() == sorted(
        ["owner@example.test", "ms@example.test", "head@example.test", "staff@example.test",
         "chair@example.test"])
    assert sum(r.notifications_sent for r in reports) == 5
    with app.app_context():
        states = db.session.scalars(select(Notification.email_state)).all()
    assert states == [EmailState.SENT.value] * 5


def test_a_failure_is_retried_with_backoff_and_then_reported(
        app, smtp: Mailbox, world: World, runner) -> None:
    smtp.fail = -1  # the server refuses everything
    first = run_at(app)
    assert first.emails_sent == 0 and len(first.retrying) == 5 and not first.failed
    # Not again before its time: 5 minutes, then 10, 20, 40.
    assert run_at(app, NOW + timedelta(minutes=4)).retrying == []
    moment = NOW
    for wait in (5, 10, 20):
        moment += timedelta(minutes=wait)
        report = run_at(app, moment)
        assert len(report.retrying) == 5 and not report.failed
    moment += timedelta(minutes=40)
    result = runner.invoke(args=["notify", "run", "--now", moment.isoformat()])
    assert result.exit_code == 1
    assert "FAILED (no more attempts): owner@example.test" in result.output
    assert "451" in result.output
    with app.app_context():
        failed = db.session.scalars(select(Notification).where(
            Notification.email_state == EmailState.FAILED.value)).all()
        assert len(failed) == 5 and all(n.attempts == 5 for n in failed)
        assert "451" in failed[0].last_error
    smtp.fail = 0
    assert run_at(app, moment + timedelta(days=1)).emails_sent == 0  # reported, not resent
    assert smtp.messages == []


def test_a_temporary_failure_is_sent_on_the_next_attempt(app, smtp: Mailbox, world: World) -> None:
    smtp.fail = 1
    first = run_at(app)
    assert len(first.retrying) == 1 and first.emails_sent == 4
    later = run_at(app, NOW + timedelta(minutes=5))
    assert later.emails_sent == 1 and len(smtp.messages) == 5


def test_the_unsubscribe_link_works_without_login_for_its_user_and_kind_only(
        app, smtp: Mailbox, world: World, client, browse_as) -> None:
    run_at(app)
    text = text_of_mail(smtp.to("ms@example.test")[0])
    link = re.search(r"https://tracker\.example(/unsubscribe/\S+)", text)[1]
    page = client.get(link)  # no login
    assert page.status_code == 200
    with app.app_context():
        from tracker.notifications.models import NotificationPreferences
        assert NotificationPreferences.of(world.milestone_owner.id).channel("overdue") == "email"
    assert client.post(link).status_code == 200
    with app.app_context():
        prefs = NotificationPreferences.of(world.milestone_owner.id)
        assert prefs.channel("overdue") == "app"
        assert prefs.channel("due_soon") == "email"  # only its kind
        assert NotificationPreferences.of(world.owner.id).channels == {}  # only its user
    # A token changed by hand is not this server's: 404.
    token = link.rsplit("/", 1)[1]
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.get(f"/unsubscribe/{forged}").status_code == 404
    assert client.post(f"/unsubscribe/{forged}").status_code == 404
    # The next overdue notice of that kind stays in the app, no e-mail.
    with app.app_context():
        from tracker.commitments.models import Milestone
        db.session.get(Milestone, world.milestone.id).deadline = days(-4)
        db.session.commit()
    before = len(smtp.messages)
    run_at(app, NOW + timedelta(hours=1))
    assert len(smtp.messages) == before
    with app.app_context():
        newest = db.session.scalars(select(Notification).where(
            Notification.user_id == world.milestone_owner.id)
            .order_by(Notification.id.desc())).first()
        assert (newest.email_state, newest.in_app) == (EmailState.NONE.value, True)


def test_one_click_unsubscribe_needs_no_csrf_token(app, make_app, smtp: Mailbox,
                                                   world: World) -> None:
    run_at(app)
    header = smtp.to("owner@example.test")[0]["List-Unsubscribe"]
    path = re.search(r"https://tracker\.example(/unsubscribe/[^>]+)", header)[1]
    strict = make_app(WTF_CSRF_ENABLED=True)
    mail_program = strict.test_client()
    response = mail_program.post(path, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    with app.app_context():
        from tracker.notifications.models import NotificationPreferences
        assert NotificationPreferences.of(world.owner.id).channel("due_soon") == "app"
