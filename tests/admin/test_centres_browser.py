"""In Debian's Chromium: a staff member who works in two centres switches in the header and
sees the other centre's events."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from tests.accounts import give_role, log_in_browser, staff_account
from tests.browser import chromium_page
from voice.models import BridgeKind, Centre, Event, Role, User, utcnow

EMAIL = "team@quartier.example.org"


def _second_centre_with_an_event(app) -> None:
    start = utcnow().replace(microsecond=0) + timedelta(days=3)
    with app.app_context(), app.extensions["db"].begin() as session:
        west = Centre(slug="weststadt-test", name="Weststadt Test", numbers="+49731999000")
        session.add(west)
        session.flush()
        session.add(
            Event(
                title="Boule am Kuhberg",
                description="",
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                phone_code="8642",
                bridge_kind=BridgeKind.CONFERENCE,
                seats_taken=0,
                centre_id=west.id,
            )
        )
        user = session.scalar(select(User).where(User.email == EMAIL))
        give_role(session, user, Role.VOLUNTEER, "weststadt-test")


def test_the_switch_in_the_header_shows_the_other_centres_events(live_app, live_server):
    from playwright.sync_api import expect

    staff_account(live_app, EMAIL)
    _second_centre_with_an_event(live_app)
    with chromium_page(viewport={"width": 1024, "height": 700}) as page:
        log_in_browser(page, live_server, EMAIL)
        page.click("nav >> text=Veranstaltungen")
        expect(page.locator("h1")).to_have_text("Veranstaltungen")
        switch = page.locator("details.centre-switch > summary")
        expect(switch).to_have_text("Zentrum: Alter Eselsberg ▾")
        expect(page.locator("main")).not_to_contain_text("Boule am Kuhberg")
        switch.click()
        page.click("details.centre-switch button:has-text('Weststadt Test')")
        expect(page.locator("h1")).to_have_text("Veranstaltungen")  # the same page, now West
        expect(switch).to_have_text("Zentrum: Weststadt Test ▾")
        expect(page.locator("main")).to_contain_text("Boule am Kuhberg")
        expect(page.locator("nav")).not_to_contain_text("Neuigkeiten")  # a volunteer here
        page.click("nav >> text=Übersicht")
        expect(switch).to_have_text("Zentrum: Weststadt Test ▾")  # remembered
