"""End to end in a real headless Chromium: the chair switches the public site on, and an
anonymous visitor reads it — the plans, a commitment, a meeting's approved minutes."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.test_browser import (  # noqa: F401  (the live server and browser fixtures)
    browser,
    live_server,
    log_in,
    page,
    pytestmark,
)

SITE = "/p/napiri/"


def test_an_anonymous_visitor_reads_the_public_site(page, browser, live_server) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    assert page.goto(SITE).status == 404  # off until the chair switches it on
    log_in(page, "chair@napiri.example", "demo-chair-2026")
    page.goto("/m/napiri/public-site/")
    page.click("main form button[type=submit]")
    assert "/p/napiri/" in page.locator("main").inner_text()

    visitor = browser.new_context(base_url=live_server, locale="ka-GE", accept_downloads=True)
    try:
        site = visitor.new_page()
        response = site.goto(SITE)
        assert response.status == 200
        assert site.locator("html").get_attribute("lang") == "ka"
        assert site.locator('meta[name="description"]').get_attribute("content")
        site.locator("#plans-title ~ article a").first.click()
        site.locator("table a").first.click()
        assert "/p/napiri/commitments/" in site.url
        assert site.locator("#milestones-title").is_visible()
        assert site.locator("#timeline-title").is_visible()
        site.goto(SITE + "meetings/")
        site.locator("li.public-item:has(.tag) a").first.click()
        minutes = site.locator("[data-field='minutes.decisions']")
        assert minutes.is_visible() and minutes.inner_text().strip()
        # The open data: from the menu, a download that keeps its Georgian.
        site.locator(".site-nav a[href$='/data/']").click()
        assert "/p/napiri/data/" in site.url
        with site.expect_download() as waiting:
            site.locator("a[href$='/data/commitments.csv']").click()
        download = waiting.value
        assert download.suggested_filename.startswith("napiri-commitments-")
        text = Path(download.path()).read_bytes().decode("utf-8-sig")
        assert text.startswith("id,") and any("\u10d0" <= ch <= "\u10ff" for ch in text)
        site.goto(SITE + "?lang=en")
        assert site.locator("html").get_attribute("lang") == "en"
        assert "Action plans" in site.locator("main").inner_text()
    finally:
        visitor.close()
