"""The info screen: current without a meta refresh, landmarks, and a word for staff when the
number is missing."""

from __future__ import annotations

from datetime import timedelta

from tests.browser import chromium_page
from tests.centres import default_centre
from voice.models import BridgeKind, Event, utcnow


def test_the_screen_swaps_in_new_events_without_reloading(live_app, live_server):
    from playwright.sync_api import expect

    with chromium_page() as page:
        page.clock.install()
        page.goto(f"{live_server}/screen")
        expect(page.locator("h1")).to_have_text("Rufen Sie an, auch ohne Computer:")
        assert page.locator("meta[http-equiv=refresh]").count() == 0
        page.evaluate("window.stillTheSamePage = true")
        start = utcnow() + timedelta(days=3)
        with live_app.app_context(), live_app.extensions["db"].begin() as session:
            session.add(
                Event(
                    title="Vorlesestunde",
                    description="",
                    starts_at=start,
                    ends_at=start + timedelta(hours=1),
                    capacity=None,
                    phone_code="4242",
                    bridge_kind=BridgeKind.CONFERENCE,
                    seats_taken=0,
                )
            )
        page.clock.fast_forward("01:01")
        expect(page.locator("main")).to_contain_text("Vorlesestunde")
        assert page.evaluate("window.stillTheSamePage") is True  # swapped in, not reloaded
        expect(page.locator("footer a")).to_have_text("Zurück zur Verwaltung")


NOTE = "Telefonnummer für Flyer und Infobildschirm"  # where staff set it: the page „Zentren“


def test_without_a_number_staff_read_which_setting_is_missing(client, login, session):
    default_centre(session, public_number="")
    public = client.get("/screen").get_data(as_text=True)
    assert "Nummer folgt" in public and NOTE not in public  # the display
    login()
    for url in ("/screen", "/admin/flyer"):
        page = client.get(url).get_data(as_text=True)
        assert "Nummer folgt" in page and NOTE in page


def test_with_a_number_there_is_no_note(client, login, session):
    default_centre(session, public_number="0731 123 456")
    login()
    for url in ("/screen", "/admin/flyer"):
        page = client.get(url).get_data(as_text=True)
        assert "0731 123 456" in page and NOTE not in page


def test_screen_flyer_and_print_list_have_a_main_landmark_and_a_way_back(client, login, make_event):
    event = make_event()
    login()
    pages = {
        "/screen": "/admin/",
        "/admin/flyer": "/admin/",
        f"/admin/events/{event.id}/registrations/print": f"/admin/events/{event.id}/registrations",
    }
    for url, back in pages.items():
        page = client.get(url).get_data(as_text=True)
        assert "<main>" in page and "<h1" in page, url
        assert f'href="{back}"' in page, url
