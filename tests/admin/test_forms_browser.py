"""In Debian's Chromium, typed as a social worker types: numbers, dates, unregistering.

Each test types into the fields with the keyboard (Playwright's press_sequentially), as the
browser sends what a person typed, not what a script put into the field."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from tests.accounts import log_in_browser, staff_account
from tests.browser import chromium_page
from voice.models import BridgeKind, Event, Registration, Resident
from voice.registrations import booking

EMAIL = "team@quartier.example.org"
BERLIN = ZoneInfo("Europe/Berlin")


@contextmanager
def _staff_page(live_app, live_server):
    staff_account(live_app, EMAIL)
    with chromium_page(viewport={"width": 1024, "height": 800}) as page:
        log_in_browser(page, live_server, EMAIL)
        yield page


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


def test_dates_typed_in_german_are_saved_with_their_times(live_app, live_server):
    from playwright.sync_api import expect

    year = datetime.now(BERLIN).year + 1
    with _staff_page(live_app, live_server) as page:
        page.goto(f"{live_server}/admin/events/new")
        _type(page, "#title", "Weihnachtsfeier")
        _type(page, "#starts_at", f"24.12.{year} 18:00")
        _type(page, "#ends_at", "31.02.2026 20:00")
        page.click("button:has-text('Speichern')")
        expect(page.locator(".field.invalid .error")).to_have_text("Den 31.02.2026 gibt es nicht.")
        expect(page.locator("#starts_at")).to_have_value(f"24.12.{year} 18:00")
        expect(page.locator("#ends_at")).to_have_value("31.02.2026 20:00")
        assert _event(live_app, "Weihnachtsfeier") is None

        _type(page, "#ends_at", "20 Uhr")
        page.click("button:has-text('Speichern')")
        expect(page.locator(".flash").first).to_contain_text("„Weihnachtsfeier“ ist gespeichert.")
        event = _event(live_app, "Weihnachtsfeier")
        assert event.starts_at.astimezone(BERLIN).replace(tzinfo=None) == datetime(year, 12, 24, 18)
        assert event.ends_at.astimezone(BERLIN).replace(tzinfo=None) == datetime(year, 12, 24, 20)

        page.goto(f"{live_server}/admin/events/{event.id}")  # the box shows it as it was typed
        expect(page.locator("#starts_at")).to_have_value(f"24.12.{year} 18:00")
        picker = page.get_by_label("Beginn: im Kalender wählen")
        expect(picker).to_have_value(f"{year}-12-24T18:00")
        picker.fill(f"{year}-12-23T17:30")  # as the browser's calendar sets it
        expect(page.locator("#starts_at")).to_have_value(f"23.12.{year} 17:30")
        page.click("button:has-text('Speichern')")
        expect(page.locator(".flash").first).to_contain_text("ist gespeichert.")
    moved = _event(live_app, "Weihnachtsfeier").starts_at.astimezone(BERLIN)
    assert moved.replace(tzinfo=None) == datetime(year, 12, 23, 17, 30)


def _event_with_waiting_list(live_app) -> int:
    """„Kochtreff“ with one seat, Frau Keller on it and Herr Bauer waiting."""
    with live_app.app_context(), live_app.extensions["db"].begin() as session:
        event = Event(
            title="Kochtreff",
            description="",
            starts_at=datetime.now(BERLIN) + timedelta(days=3),
            ends_at=datetime.now(BERLIN) + timedelta(days=3, hours=2),
            capacity=1,
            seats_taken=0,
            phone_code="4711",
            bridge_kind=BridgeKind.CONFERENCE,
        )
        session.add(event)
        session.flush()
        for phone, name in (("+497315551234", "Frau Keller"), ("+497315559999", "Herr Bauer")):
            person = Resident(phone=phone, name=name)
            session.add(person)
            session.flush()
            booking.book(session, event.id, person, wants_reminder=False)
        return event.id


def _statuses(live_app, event_id: int) -> dict[str, str]:
    with live_app.app_context(), live_app.extensions["db"].begin() as session:
        rows = session.scalars(select(Registration).where(Registration.event_id == event_id))
        return {r.resident.name: r.status.value for r in rows}


def test_unregistering_asks_and_can_be_undone(live_app, live_server):
    from playwright.sync_api import expect

    event_id = _event_with_waiting_list(live_app)
    with _staff_page(live_app, live_server) as page:
        page.goto(f"{live_server}/admin/events/{event_id}/registrations")
        keller = page.locator("tr", has_text="Frau Keller")
        asked = []
        page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
        keller.locator("button", has_text="Abmelden").click()
        expect(page.locator(".flash")).to_have_count(0)
        assert asked[0].startswith("Frau Keller von „Kochtreff“ abmelden?")
        assert _statuses(live_app, event_id) == {"Frau Keller": "booked", "Herr Bauer": "waiting"}

        page.once("dialog", lambda dialog: dialog.accept())
        keller.locator("button", has_text="Abmelden").click()
        expect(page.locator(".flash").first).to_have_text(
            "Frau Keller ist abgemeldet. Herr Bauer von der Warteliste rückt nach."
        )
        assert _statuses(live_app, event_id) == {"Frau Keller": "cancelled", "Herr Bauer": "booked"}
        page.click("button:has-text('Frau Keller wieder anmelden (rückgängig)')")
        expect(page.locator(".flash").first).to_have_text(
            "Rückgängig gemacht: Der Platz ist inzwischen vergeben, Frau Keller steht auf der "
            "Warteliste ganz vorn (Platz 1)."
        )
        expect(page.locator("header button")).to_have_text("Ausloggen (Team)")
    assert _statuses(live_app, event_id) == {"Frau Keller": "waiting", "Herr Bauer": "booked"}


@pytest.mark.parametrize("javascript", [True, False])
def test_the_event_form_shows_the_fields_of_the_chosen_kind(live_app, live_server, javascript):
    from playwright.sync_api import expect

    staff_account(live_app, EMAIL)
    with chromium_page(javascript=javascript, viewport={"width": 1024, "height": 600}) as page:
        log_in_browser(page, live_server, EMAIL)
        page.goto(f"{live_server}/admin/events/new")
        fields = {
            "conference": ["#wait_for_host", "#end_with_host"],
            "sip": ["#sip_address", "#bridge_room"],
            "phone": ["#dial_number", "#bridge_digits"],
        }
        for kind in fields:
            page.select_option("#bridge_kind", kind)
            for other, selectors in fields.items():
                for selector in selectors:
                    if other == kind:
                        expect(page.locator(selector)).to_be_visible()
                    else:
                        expect(page.locator(selector)).to_be_hidden()


@contextmanager
def _staff_page_without_javascript(live_app, live_server):
    staff_account(live_app, EMAIL)
    with chromium_page(javascript=False, viewport={"width": 1024, "height": 800}) as page:
        log_in_browser(page, live_server, EMAIL)
        yield page


@pytest.mark.parametrize("javascript", [True, False])
def test_titles_in_other_languages_are_folded_typed_and_kept(live_app, live_server, javascript):
    from playwright.sync_api import expect

    opened = _staff_page if javascript else _staff_page_without_javascript
    with opened(live_app, live_server) as page:
        page.goto(f"{live_server}/admin/events/new")
        folded = page.locator("details.translations")
        expect(folded).not_to_have_attribute("open", "")
        expect(page.locator("#title_tr")).to_be_hidden()  # the form stays short
        _type(page, "#title", "Kochtreff")
        page.fill("#starts_at", "2026-12-24T18:00")
        page.fill("#ends_at", "2026-12-24T20:00")
        page.click("summary:has-text('Titel in anderen Sprachen (freiwillig)')")
        _type(page, "#title_tr", "Yemek buluşması")
        _type(page, "#description_tr", "Birlikte yemek pişiriyoruz.")
        if javascript:
            expect(page.locator("#word-count-tr")).to_have_text("3 Wörter")
        page.click("button:has-text('Speichern')")
        expect(page.locator(".flash").first).to_contain_text("„Kochtreff“ ist gespeichert.")
        expect(page.locator("td:has-text('Kochtreff') small")).to_have_text("Auch auf Türkçe")
        event = _event(live_app, "Kochtreff")
        assert event.title_in("tr") == "Yemek buluşması" and event.title_in("en") is None
        page.goto(f"{live_server}/admin/events/{event.id}")
        expect(folded.locator("summary")).to_contain_text("Türkçe")  # what is there, open
        expect(folded).to_have_attribute("open", "")
        expect(page.locator("#title_tr")).to_have_value("Yemek buluşması")
        page.click("button:has-text('Speichern')")
    assert _event(live_app, "Kochtreff").translations == event.translations
