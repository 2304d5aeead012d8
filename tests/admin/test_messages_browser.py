"""In Debian's Chromium: a message left in the browser phone shows „wird gerade abgeholt“
only until the recordings worker has fetched it; then its player appears by itself."""

from __future__ import annotations

from tests.accounts import log_in_browser, staff_account
from tests.browser import chromium_page
from tests.conftest import BASE_URL
from voice.recordings.cli import make_fetcher
from voice.telephony.simulator import PhoneSystem


def test_the_player_appears_once_the_recording_is_fetched(live_app, live_server):
    from playwright.sync_api import expect

    staff_account(live_app, "team@quartier.example.org")
    caller = PhoneSystem(live_app, BASE_URL, strict=True).dial_in("+497315550123")
    caller.start()
    caller.press("5")
    caller.record(seconds=2)
    caller.press("1")
    with chromium_page() as page:
        log_in_browser(page, live_server, "team@quartier.example.org")
        page.goto(f"{live_server}/admin/messages")
        row = page.locator("tr", has_text="0731 5550123").first
        expect(row).to_contain_text("Die Aufnahme wird gerade abgeholt …")
        with live_app.app_context():
            assert make_fetcher(live_app).run_once() == 1
        player = row.locator("audio")
        expect(player).to_have_count(1, timeout=15000)
        expect(row).not_to_contain_text("wird gerade abgeholt")
        assert player.get_attribute("aria-label").startswith("Nachricht vom ")
