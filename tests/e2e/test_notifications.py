"""End to end in a real headless Chromium: the secretary gives a member an action item on
the meeting's page; after the run (``notify run``, here in-process) it shows up under the
member's bell, and opening the list shows it with a link to its item."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import select
from werkzeug.serving import make_server

from tracker import create_app
from tracker.demo import load_demo
from tracker.extensions import db
from tracker.i18n import local_today
from tracker.meetings.models import Meeting
from tracker.municipalities import scope
from tracker.notifications.run import run
from tracker.workflow import MONITORED

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason="Chromium is not installed (apt-get install chromium; .ci/run does this)",
    ),
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Flask]]:
    path = tmp_path_factory.mktemp("e2e-notify") / "e2e.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SECRET_KEY": "e2e",
                      "TESTING": True})
    with app.app_context():
        upgrade()
        load_demo(local_today())
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", app
    server.shutdown()
    thread.join(timeout=5)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"],
        )
        yield launched
        launched.close()


def log_in(page, email: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("form.login-form button[type=submit]")


def _run(app: Flask) -> None:
    with app.app_context():
        assert not run().failed


def _bell(page) -> int:  # type: ignore[no-untyped-def]
    return int(page.locator(".bell__count").inner_text())


def test_a_new_action_item_shows_under_its_owners_bell(browser, served) -> None:
    base, app = served
    _run(app)  # what the demo's history says, first
    with app.app_context(), scope.unrestricted():
        meeting = db.session.scalars(
            select(Meeting).where(Meeting.state == MONITORED).order_by(Meeting.id)).first()
        meeting_id, slug = meeting.id, scope.slug_of(meeting.municipality_id)
        decision_id = meeting.decisions[0].id
        deadline = (local_today() + timedelta(days=20)).strftime("%d/%m/%Y")

    owner_context = browser.new_context(base_url=base, locale="ka-GE")
    owner = owner_context.new_page()
    log_in(owner, "member2@napiri.example", "demo-member2-2026")
    before = _bell(owner)

    secretary_context = browser.new_context(base_url=base, locale="ka-GE")
    secretary = secretary_context.new_page()
    log_in(secretary, "secretary@napiri.example", "demo-secretary-2026")
    secretary.goto(f"/m/{slug}/meetings/{meeting_id}")
    prefix = f"#new-action-{decision_id}-"
    secretary.locator(f"{prefix}title").locator("xpath=ancestor::details").locator(
        "summary").click()
    secretary.fill(f"{prefix}title", "ვებგვერდის ღია მონაცემების განყოფილება")
    secretary.select_option(f"{prefix}owner", label="ეკა ლომიძე")
    secretary.fill(f"{prefix}deadline", deadline)
    secretary.locator(f"{prefix}title").locator("xpath=ancestor::form").locator(
        "button[type=submit]").click()
    assert "ვებგვერდის ღია მონაცემების განყოფილება" in secretary.content()
    secretary_context.close()

    _run(app)  # cron's next quarter of an hour
    owner.goto(f"/m/{slug}/")
    assert _bell(owner) == before + 1
    owner.click("a.bell")
    item = owner.locator(".notification--unread", has_text="ვებგვერდის ღია მონაცემების განყოფილება")
    assert item.count() == 1
    assert "გადაწყვეტილებით ეს დავალება თქვენ დაგეკისრათ" in item.inner_text()
    owner.screenshot(path=str(_artifact("notifications.png")), full_page=True)
    item.locator("button[type=submit]").click()  # mark read
    assert _bell(owner) == before
    owner_context.close()


def _artifact(name: str) -> Path:
    folder = Path(__file__).resolve().parents[1] / "_artifacts"
    folder.mkdir(exist_ok=True)
    return folder / name
