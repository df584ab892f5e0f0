"""End to end in a real headless Chromium: the demo chair's first minutes with the tracker."""

from __future__ import annotations

import shutil
import threading
import time
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
    # The live server's threads serve static files to a browser that may drop a request
    # it no longer needs (the favicon, when a page is left): Werkzeug's file is then closed
    # by the garbage collector, not by the response, in whichever test runs at that moment.
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
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


#: The demo municipality the tests work in.
NAPIRI = "/m/napiri"


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
    page.goto(NAPIRI + "/commitments/?state=draft")
    page.click("text=შესყიდვების მონიტორინგის პორტალი")
    page.click("form.transition-monitored button[type=submit]")
    flash = page.locator(".flash--error")
    assert "საჭიროა პასუხისმგებლის (პირის ან ერთეულის) მითითება" in flash.inner_text()
    assert "საჭიროა მინიმუმ ერთი ეტაპი" in flash.inner_text()
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


PROTOCOL = """ქალაქ ნაპირის მუნიციპალიტეტის ღია მმართველობის სამუშაო ჯგუფის
სხდომის ოქმი N12

ქ. ნაპირი

14/10/2026 წელი

სხდომის დაწყების დრო: 11:00 საათი

სხდომას უძღვებოდა:

სამუშაო ჯგუფის ხელმძღვანელი - მერის მოადგილე - თამარ გელაშვილი.

სხდომის მდივანი:

მერიის ადმინისტრაციის მთავარი სპეციალისტი - ნათია ბერიძე.

სხდომას ესწრებოდნენ:

მერიის იურიდიული სამსახურის უფროსი; „ღია საზოგადოების ინიციატივა“-ს წარმომადგენელი;

სამუშაო ჯგუფის სხდომის დღის წესრიგი:

1. ველოსიპედის ბილიკების ქსელის განვითარება

სხდომის დასასრულს სამუშაო ჯგუფის წევრები შეთანხმდნენ:

1. სატრანსპორტო სამსახურმა მოამზადოს ველობილიკების რუკის პროექტი;

სხდომის დახურვის დრო: 12:30 სთ.
"""


def test_a_protocol_from_import_to_the_archive_and_the_board(page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Issue 3's story: the secretary imports and corrects a protocol, records an action
    item, both sign; a member finds it by another case form and sees the task on the board."""
    protocol = tmp_path / "oqmi-12.txt"
    protocol.write_text(PROTOCOL, encoding="utf-8")

    log_in(page, "secretary@napiri.example", "demo-secretary-2026")
    page.goto(NAPIRI + "/meetings/import")
    page.set_input_files("input[type=file]", str(protocol))
    page.click("form[enctype='multipart/form-data'] button[type=submit]")
    page.fill("input[name=place]", "ნაპირის მერია, მცირე დარბაზი")  # the correction
    page.click("form[action$='/meetings/import/review'] button[type=submit]")
    assert "ნაპირის მერია, მცირე დარბაზი" in page.content()
    meeting_url = page.url.split("#")[0]

    page.locator("details.add-action summary").first.click()
    decision = page.locator("form[action$='/action-items']").first
    decision.locator("[name=title]").fill("ველობილიკების რუკის წარდგენა")
    decision.locator("select[name=owner_id]").select_option(label="გიორგი კვარაცხელია")
    decision.locator("[name=deadline]").fill("01/12/2026")
    decision.locator("button[type=submit]").click()
    page.click("form.transition-monitored button[type=submit]")
    page.click("form.sign-form button[type=submit]")
    page.click("form.logout button[type=submit]")

    log_in(page, "chair@napiri.example", "demo-chair-2026")
    page.goto(meeting_url)
    page.click("form.sign-form button[type=submit]")
    assert "ოქმი დამტკიცებულია" in page.locator(".state-badge").first.inner_text()
    page.click("form.logout button[type=submit]")

    log_in(page, "member@napiri.example", "demo-member-2026")
    page.goto(NAPIRI + "/meetings/?q=ველობილიკი")  # the minutes say ველობილიკების
    path = meeting_url.removeprefix(page.url.split(NAPIRI)[0])  # /m/napiri/meetings/N
    assert page.locator(f"a[href='{path}']").count() >= 1
    assert "<mark>ველობილიკების</mark>" in page.content()
    page.goto(NAPIRI + "/?mine=1")
    assert "ველობილიკების რუკის წარდგენა" in page.content()
    page.screenshot(path=str(_artifact("story-board.png")), full_page=True)


def test_the_secretary_cannot_chair_her_own_meeting(page) -> None:  # type: ignore[no-untyped-def]
    """Issue 7: one person could approve minutes alone by naming herself chair as well."""
    log_in(page, "secretary@napiri.example", "demo-secretary-2026")
    page.goto(NAPIRI + "/meetings/")
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    ids = sorted({
        href.rsplit("/", 1)[1]
        for href in hrefs
        if href.startswith(f"{NAPIRI}/meetings/") and href.rsplit("/", 1)[1].isdigit()
    })
    for meeting_id in ids:
        page.goto(f"{NAPIRI}/meetings/{meeting_id}/edit")
        if page.locator("select[name=chair_id]").count() == 0:
            continue  # approved minutes: read-only
        me = page.locator("select[name=secretary_id] option:checked").inner_text()
        page.select_option("select[name=chair_id]", label=me)
        page.click("main form button[type=submit]")
        break
    else:
        pytest.fail("the secretary records no open meeting in the demo")
    assert "/edit" in page.url  # the form is shown again, nothing saved
    assert "თავმჯდომარე და მდივანი ორი სხვადასხვა პირი უნდა იყოს" in page.inner_text("main")
    page.screenshot(path=str(_artifact("two_people.png")), full_page=True)


def test_a_bad_address_is_explained_not_a_server_error(page) -> None:  # type: ignore[no-untyped-def]
    """Issue 7: ?owner=² was a 500 on the board; a 20-digit id in any URL too."""
    log_in(page, "observer@napiri.example", "demo-observer-2026")
    response = page.goto(NAPIRI + "/?owner=²")
    assert response.status == 422
    assert "„პასუხისმგებელი“" in page.locator(".flash--error").first.inner_text()
    assert page.locator("#bucket-overdue").count() == 1  # the board is still shown
    assert page.goto(NAPIRI + "/commitments/99999999999999999999").status == 404


def test_an_archive_of_two_protocols_through_the_page_s_script(page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Issue 9: the secretary picks two protocols; the page sends them one by one, its
    progress bar fills, and each file gets its line (run last: it adds to the archive)."""
    first = tmp_path / "oqmi-21.txt"
    first.write_text(PROTOCOL.replace("N12", "N21").replace("14/10/2026", "14/11/2026"),
                     encoding="utf-8")
    second = tmp_path / "oqmi-22.txt"
    second.write_text(PROTOCOL.replace("N12", "N22").replace("14/10/2026", "14/12/2026")
                      .replace("ველოსიპედის ბილიკების", "სკვერების განათების"),
                      encoding="utf-8")
    log_in(page, "secretary@napiri.example", "demo-secretary-2026")
    page.goto(NAPIRI + "/meetings/import")
    page.set_input_files("#bulk-files", [str(first), str(second)])
    with page.expect_request(lambda r: r.url.endswith("/meetings/import/bulk")):
        page.click("#bulk-import-form button[type=submit]")
    page.wait_for_function(
        "() => { const bar = document.querySelector('#bulk-progress');"
        " return bar && bar.max === 2 && bar.value === 2; }")
    results = page.locator(".bulk-import__results > li")
    results.nth(1).wait_for()
    assert results.count() == 2
    text = page.locator(".bulk-import__results").inner_text()
    assert "oqmi-21.txt" in text and "oqmi-22.txt" in text
    assert page.url.endswith("/meetings/import")  # the page stayed: the script sent them
    assert page.locator(".bulk-result--imported, .bulk-result--needs_review").count() == 2
    page.screenshot(path=str(_artifact("bulk-import.png")), full_page=True)
    page.locator(".bulk-import__results a").first.click()
    assert "/meetings/" in page.url


def test_two_factor_enrolment_and_login_with_a_computed_code(page) -> None:  # type: ignore[no-untyped-def]
    """Issue 12: the administrator turns on two-factor authentication from the page (the
    key read off it, as a phone reads the QR code) and logs in again with a code computed
    here, as the authenticator app does; nothing on the way breaks the page's CSP."""
    pyotp = pytest.importorskip("pyotp")
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    log_in(page, "admin@napiri.example", "demo-admin-2026")
    page.goto("/account/two-factor")
    assert page.locator(".mfa-qr svg").is_visible()
    secret = page.locator(".mfa-secret").inner_text().replace(" ", "")
    page.screenshot(path=str(_artifact("mfa-setup.png")), full_page=True)
    page.fill("input[name=code]", pyotp.TOTP(secret).now())
    page.fill("form.mfa-confirm-form input[name=password]", "demo-admin-2026")
    page.click("form.mfa-confirm-form button[type=submit]")
    assert page.locator(".recovery-codes li").count() == 10
    page.click("form.logout button[type=submit]")

    log_in(page, "admin@napiri.example", "demo-admin-2026")
    assert page.url.endswith("/login/two-factor")
    # The next 30 s step: the one used to enrol is spent (a code is good once).
    page.fill("input[name=code]", pyotp.TOTP(secret).at(time.time() + 30))
    page.click("form.mfa-verify-form button[type=submit]")
    assert "/login" not in page.url
    assert page.locator("form.logout").count() == 1
    assert refused == []
