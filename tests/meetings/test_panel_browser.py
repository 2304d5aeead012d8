"""In Debian's Chromium: the live panel updates when a caller on the phone raises a hand."""

from __future__ import annotations

from pathlib import Path

from tests.accounts import log_in_browser, staff_account
from tests.browser import chromium_page
from tests.conftest import BASE_URL
from voice.models import Event
from voice.telephony.simulator import PhoneSystem

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_the_panel_shows_a_raised_hand_without_reloading(live_server, live_app):
    from playwright.sync_api import expect

    staff_account(live_app, "mod@quartier.example.org", "Moderatorin")
    with live_app.app_context(), live_app.extensions["db"].begin() as session:
        event_id = (
            session.query(Event.id).filter(Event.phone_code == "1001").scalar()
        )  # the running Spieleabend
    ARTIFACTS.mkdir(exist_ok=True)
    caller = PhoneSystem(live_app, BASE_URL, strict=True).dial_in("+497315550123")
    caller.start()
    caller.press("3")
    caller.press("1")  # in the meeting

    with chromium_page() as page:
        log_in_browser(page, live_server, "mod@quartier.example.org")
        page.goto(f"{live_server}/admin/meetings/{event_id}")
        expect(page.locator("#totals")).to_have_text("1 am Telefon, 0 Hände gehoben.")
        caller.press("*")
        caller.press("2")  # raises a hand
        caller.press("*")  # back into the meeting
        expect(page.locator("#totals")).to_have_text(
            "1 am Telefon, 1 Hände gehoben.", timeout=10000
        )
        expect(page.locator("#people")).to_contain_text("✋ gehoben")
        page.screenshot(path=str(ARTIFACTS / "live-panel.png"))
        page.click("button:has-text('Hand senken')")
        expect(page.locator("#totals")).to_have_text("1 am Telefon, 0 Hände gehoben.")
