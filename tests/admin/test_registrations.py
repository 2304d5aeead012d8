"""Registrations per event: on a resident's behalf, cancel, move up, CSV, print; the screen."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.accounts import csrf_token
from tests.centres import default_centre
from voice.models import Registration, RegistrationStatus, Resident, Role
from voice.registrations import booking


def _book_by_staff(client, event, phone="0731 555 1234", name="Frau Keller", reminder="y"):
    url = f"/admin/events/{event.id}/registrations"
    data = {"csrf_token": csrf_token(client, url), "phone": phone, "name": name}
    if reminder:
        data["wants_reminder"] = reminder
    return client.post(url, data=data)


def test_a_volunteer_registers_a_resident_who_then_hears_it_on_the_phone(
    client, login, session, make_event, phone
):
    event = make_event(title="ErzählCafé", starts_in=timedelta(days=1), capacity=1)
    login(Role.VOLUNTEER)
    response = _book_by_staff(client, event)
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "Frau Keller ist angemeldet." in page
    assert "+49 731 ***1234" in page and "+497315551234" not in page  # masked
    [registration] = session.scalars(select(Registration)).all()
    assert registration.source == "staff" and registration.wants_reminder
    phone.call(number="+497315551234")
    assert phone.last.said()[0].startswith("Guten Tag, Frau Keller!")
    second = _book_by_staff(client, event, phone="0731 555 9999", name="Herr Bauer", reminder=None)
    assert "steht auf der Warteliste (Platz 1)" in client.get(second.location).get_data(
        as_text=True
    )


@pytest.mark.parametrize("app_config", [{"VOICE_LANGUAGE": "en"}])
def test_a_resident_staff_register_speaks_the_services_language(
    client, login, session, make_event, app_config
):
    login(Role.VOLUNTEER)
    _book_by_staff(client, make_event(title="ErzählCafé"))
    assert session.scalars(select(Resident)).one().language == "en"  # not always German


def test_an_unreadable_number_is_explained_and_nothing_is_saved(client, login, session, make_event):
    event = make_event()
    login(Role.VOLUNTEER)
    response = _book_by_staff(client, event, phone="bitte anrufen")
    assert response.status_code == 422
    assert "Diese Telefonnummer kann ich nicht lesen" in response.get_data(as_text=True)
    assert session.scalars(select(Resident)).all() == []


def _residents(session, event, count):
    regs = []
    for n in range(count):
        resident = Resident(phone=f"+4973188800{n:02d}", name=f"Person {n}")
        session.add(resident)
        session.flush()
        regs.append(
            booking.book(session, event.id, resident, wants_reminder=n % 2 == 0).registration
        )
    session.commit()
    return regs


def test_cancel_moves_the_waiting_list_up_and_move_up_needs_a_free_seat(
    client, login, session, make_event
):
    event = make_event(capacity=1)
    first, second, third = _residents(session, event, 3)
    login(Role.VOLUNTEER)
    url = f"/admin/events/{event.id}/registrations"
    move = client.post(f"{url}/{third.id}/move-up", data={"csrf_token": csrf_token(client, url)})
    assert "Kein Platz frei." in client.get(move.location).get_data(as_text=True)
    token = csrf_token(client, url)
    cancel = client.post(f"{url}/{first.id}/cancel", data={"csrf_token": token, "confirmed": "yes"})
    assert "Person 1 von der Warteliste rückt nach." in client.get(cancel.location).get_data(
        as_text=True
    )
    session.expire_all()
    assert [session.get(Registration, r.id).status for r in (first, second, third)] == [
        RegistrationStatus.CANCELLED,
        RegistrationStatus.BOOKED,
        RegistrationStatus.WAITING,
    ]


def test_csv_export_and_print_list(client, login, session, make_event):
    event = make_event(title="Bewerbungstraining", capacity=1)
    _residents(session, event, 2)
    login(Role.VOLUNTEER)
    csv = client.get(f"/admin/events/{event.id}/registrations.csv")
    assert csv.mimetype == "text/csv"
    text = csv.get_data(as_text=True)
    assert text.startswith("\ufeffName;Telefon;Status;Erinnerung;Angemeldet über;Angemeldet am")
    # The masked numbers start with "+": marked as text, or Excel reads them as a formula.
    assert "Person 0;'+49 731 ***0000;angemeldet;ja;Telefon" in text
    assert "Person 1;'+49 731 ***0001;Warteliste;nein;Telefon" in text
    printed = client.get(f"/admin/events/{event.id}/registrations/print").get_data(as_text=True)
    assert "Person 0" in printed and "Person 1" not in printed  # booked only


def test_a_registration_of_another_event_is_not_found(client, login, session, make_event):
    one, other = make_event(), make_event()
    [registration] = _residents(session, one, 1)
    login()
    url = f"/admin/events/{other.id}/registrations"
    response = client.post(
        f"{url}/{registration.id}/cancel", data={"csrf_token": csrf_token(client, url)}
    )
    assert response.status_code == 404


def test_the_info_screen_shows_the_number_and_the_programme(client, make_event, app, session):
    default_centre(session, public_number="0731 123 45 67")
    make_event(title="Spieleabend", starts_in=timedelta(minutes=-10))
    make_event(title="ErzählCafé", starts_in=timedelta(days=1), phone_code="7001")
    make_event(title="Geheim", published=False)
    page = client.get("/screen").get_data(as_text=True)
    assert "0731 123 45 67" in page
    assert "Jetzt: Spieleabend" in page
    assert "ErzählCafé" in page and "Nr. 7001" in page
    assert "Geheim" not in page
    assert 'http-equiv="refresh"' not in page  # screen.js refreshes it in place
    assert 'data-refresh-seconds="60"' in page


FORMULAS = [
    '=HYPERLINK("https://evil.example","Klick")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


def test_csv_cells_that_start_like_a_formula_are_marked_as_text(client, login, session, make_event):
    event = make_event()
    for number, name in enumerate(FORMULAS):
        person = Resident(phone=f"+4973155500{number:02d}", name=name)
        session.add(person)
        session.flush()
        booking.book(session, event.id, person, wants_reminder=False)
    session.commit()
    login(Role.VOLUNTEER)
    text = client.get(f"/admin/events/{event.id}/registrations.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    names = sorted(row[0] for row in rows[1:])
    assert names == sorted("'" + name for name in FORMULAS)
    assert all(
        not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row
    )
