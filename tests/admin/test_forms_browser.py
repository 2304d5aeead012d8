"""In Debian's Chromium, typed as a social worker types: numbers, dates, unregistering.

Each test types into the fields with the keyboard (Playwright's press_sequentially), as the
browser sends what a person typed, not what a script put into the field."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import select

from tests.accounts import log_in_browser, staff_account
from tests.conftest import CHROMIUM, CHROMIUM_FLAGS, refused_by_policy
from voice.models import Event

EMAIL = "team@quartier.example.org"


@contextmanager
def _staff_page(live_app, live_server):
    from playwright.sync_api import sync_playwright

    staff_account(live_app, EMAIL)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1024, "height": 800})
        refused = refused_by_policy(page)
        log_in_browser(page, live_server, EMAIL)
        yield page
        browser.close()
    assert refused == []


def _type(page, selector: str, text: str) -> None:
    page.locator(selector).click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.locator(selector).press_sequentially(text)


def _event(live_app, title: str) -> Event | None:
    with live_app.app_context(), live_app.extensions["db"].begin() as session:
        event = session.scalars(select(Event).where(Event.title == title)).one_or_none()
        if event is not None:
            session.expunge(event)
        return event


def test_seats_in_words_are_named_and_nothing_typed_is_lost(live_app, live_server):
    from playwright.sync_api import expect

    with _staff_page(live_app, live_server) as page:
        page.goto(f"{live_server}/admin/events/new")
        _type(page, "#title", "Kochtreff")
        page.fill("#starts_at", "2026-12-24T18:00")
        page.fill("#ends_at", "2026-12-24T20:00")
        _type(page, "#capacity", "zwanzig")
        page.click("button:has-text('Speichern')")
        error = page.locator(".field.invalid .error")
        expect(error).to_have_text(
            "„zwanzig“ kann ich nicht als Zahl lesen. Bitte nur die Zahl in Ziffern eintragen, "
            "z. B. 20. Leer lassen heißt: unbegrenzt viele Plätze."
        )
        expect(page.locator("#capacity")).to_have_value("zwanzig")
        expect(page.locator("#title")).to_have_value("Kochtreff")
        assert _event(live_app, "Kochtreff") is None

        _type(page, "#capacity", "20 Plätze")
        page.click("button:has-text('Speichern')")
        expect(page.locator(".flash").first).to_contain_text("„Kochtreff“ ist gespeichert.")
    assert _event(live_app, "Kochtreff").capacity == 20
