"""End to end in a real headless Chromium: the demo chair's first minutes with the tracker."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask_migrate import upgrade
from werkzeug.serving import make_server

from tracker import create_app
from tracker.demo import load_demo
from tracker.extensions import db
from tracker.i18n import local_today

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason="Chromium is not installed (apt-get install chromium; .ci/run does this)",
    ),
]


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("e2e") / "e2e.db"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
            "SECRET_KEY": "e2e",
            "TESTING": True,
        }
    )
    with app.app_context():
        upgrade()
        load_demo(local_today())
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_server, locale="ka-GE")
    page = context.new_page()
    yield page
    context.close()


def log_in(page, email: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/")
    assert "/login" in page.url
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("form.login-form button[type=submit]")


def test_chair_sees_overdue_items_on_the_georgian_board(page) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "chair@napiri.example", "demo-chair-2026")
    assert page.locator("html").get_attribute("lang") == "ka"
    overdue = page.locator("#bucket-overdue")
    assert "ვადაგადაცილებული" in overdue.inner_text()
    assert overdue.locator("tbody tr").count() >= 1
    page.screenshot(path=str(_artifact("board.png")), full_page=True)


def test_approving_an_incomplete_draft_is_refused_with_reasons(page) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "chair@napiri.example", "demo-chair-2026")
    page.goto("/commitments/?state=draft")
    page.click("text=შესყიდვების მონიტორინგის პორტალი")
    page.click("form.transition-monitored button[type=submit]")
    flash = page.locator(".flash--error")
    assert "საჭიროა პასუხისმგებელი პირი" in flash.inner_text()
    assert "პროექტი" in page.locator(".state-badge").first.inner_text()
    page.screenshot(path=str(_artifact("refused.png")), full_page=True)


def test_switching_to_english(page) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "observer@napiri.example", "demo-observer-2026")
    page.click("form.language-form button[value=en]")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Overdue" in page.locator("#bucket-overdue").inner_text()
    page.click("form.language-form button[value=ka]")
    assert page.locator("html").get_attribute("lang") == "ka"


def _artifact(name: str) -> Path:
    folder = Path(__file__).resolve().parents[1] / "_artifacts"
    folder.mkdir(exist_ok=True)
    return folder / name
