"""In Debian's Chromium at the sizes staff use: the centre's old laptop (1024 x 600) and a
phone 390 px wide. The navigation stays one line; no page is wider than the phone."""

from __future__ import annotations

from tests.accounts import log_in_browser, staff_account
from tests.browser import chromium_page

EMAIL = "team@quartier.example.org"
PAGES = [
    "/admin/",
    "/admin/events",
    "/admin/events/1/registrations",
    "/admin/news",
    "/admin/news/new",
    "/admin/messages",
    "/admin/residents",
    "/admin/calls",
    "/admin/prompts",
    "/admin/prompts?sprache=tr",
    "/admin/meetings",
    "/admin/events/new",
    "/admin/flyer",
    "/admin/flyer?sprache=tr",
    "/admin/events/1/registrations/print",
    "/screen",
]


def test_the_navigation_takes_one_line_on_the_old_laptop(live_app, live_server):
    from playwright.sync_api import expect

    staff_account(live_app, EMAIL)
    with chromium_page(viewport={"width": 1024, "height": 600}) as page:
        log_in_browser(page, live_server, EMAIL)
        header = page.locator("header").bounding_box()
        assert header is not None and header["height"] <= 60, header
        expect(page.locator("nav a[aria-current=page]")).to_have_text("Übersicht")
        page.click("summary:has-text('Mehr')")
        page.click("nav >> text=Ansagen")
        expect(page.locator("h1")).to_have_text("Ansagen")


def test_no_page_is_wider_than_a_phone(live_app, live_server):
    staff_account(live_app, EMAIL)
    with chromium_page(viewport={"width": 390, "height": 800}) as page:
        log_in_browser(page, live_server, EMAIL)
        wide = {}
        for path in PAGES:
            answer = page.goto(f"{live_server}{path}")
            assert answer is not None and answer.status == 200, path
            assert "<" not in page.title(), path  # no tag leaked into the tab title
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 390:
                wide[path] = width
        assert wide == {}
