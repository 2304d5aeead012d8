"""In Debian's Chromium: log in, create an event, see it on the info screen, hear it by phone.

Screenshots of the screens are kept in test-artifacts/ for people to look at."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.accounts import PASSWORD, staff_account
from tests.browser import chromium_page

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_staff_create_an_event_that_the_screen_shows_and_the_phone_says(live_server, live_app):
    from playwright.sync_api import expect

    staff_account(live_app, "anna@quartier.example.org", "Anna")
    ARTIFACTS.mkdir(exist_ok=True)
    start = datetime.now(ZoneInfo("Europe/Berlin")) + timedelta(days=2)

    with chromium_page(viewport={"width": 1024, "height": 800}) as page:
        page.goto(f"{live_server}/admin/")
        page.fill("#email", "anna@quartier.example.org")
        page.fill("#password", PASSWORD)
        page.click("button:has-text('Einloggen')")
        expect(page.locator("h1")).to_have_text("Übersicht")
        page.click("nav >> text=Veranstaltungen")
        expect(page.locator("h1")).to_have_text("Veranstaltungen")
        page.screenshot(path=str(ARTIFACTS / "admin-events.png"), full_page=True)

        page.click("text=Neue Veranstaltung")
        page.fill("#title", "Kochtreff")
        page.fill("#description", "Wir kochen gemeinsam eine Suppe.")
        page.fill("#starts_at", start.strftime("%d.%m.%Y 17:30"))
        page.fill("#ends_at", "19 Uhr")
        page.fill("#capacity", "8")
        expect(page.locator("#word-count")).to_have_text("5 Wörter")
        page.screenshot(path=str(ARTIFACTS / "admin-event-form.png"), full_page=True)
        page.click("button:has-text('Speichern')")
        expect(page.locator(".flash").first).to_contain_text("„Kochtreff“ ist gespeichert.")

        for screen in ("news", "calls", "prompts", "flyer"):
            page.goto(f"{live_server}/admin/{screen}")
            page.screenshot(path=str(ARTIFACTS / f"admin-{screen}.png"), full_page=True)
        expect(page.locator("button:has-text('Drucken')")).to_be_visible()  # pages.js ran
        page.goto(f"{live_server}/admin/news")
        asked = []
        page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
        page.locator("button:has-text('Löschen')").first.click()
        expect(page.locator(".flash")).to_have_count(0)  # not sent: nothing deleted
        assert asked == ["Diese Ansage löschen?"]
        page.goto(f"{live_server}/admin/news/new")
        expect(page.locator("button:has-text('Aufnahme starten')")).to_be_visible()  # recorder.js
        page.set_viewport_size({"width": 400, "height": 800})  # the small screen
        page.goto(f"{live_server}/admin/events")
        page.screenshot(path=str(ARTIFACTS / "admin-events-small.png"), full_page=True)
        page.set_viewport_size({"width": 1024, "height": 800})

        page.goto(f"{live_server}/screen")
        expect(page.locator("body")).to_contain_text("Kochtreff")
        page.screenshot(path=str(ARTIFACTS / "screen.png"))

        page.goto(f"{live_server}/simulator/")
        page.click("#dial")
        transcript = page.locator("#transcript")
        # past the greeting's offer of the next event (2), the list (1)
        expect(transcript).to_contain_text("Für alle anderen Angebote drücken Sie die 2.")
        page.click(".key[data-key='2']")
        expect(transcript).to_contain_text("Für unsere Veranstaltungen drücken Sie die 1.")
        page.click(".key[data-key='1']")
        expect(transcript).to_contain_text("Veranstaltung 1 von 4.")
        page.click(".key[data-key='2']")  # the demo's ErzählCafé tomorrow comes first
        expect(transcript).to_contain_text("Veranstaltung 2 von 4.")
        page.click(".key[data-key='2']")
        expect(transcript).to_contain_text("um 17 Uhr 30: Kochtreff.")
        page.screenshot(path=str(ARTIFACTS / "softphone.png"), full_page=True)
