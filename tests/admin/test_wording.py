"""The German staff pages say what they mean: local times in the CSV, „unbegrenzt“ rather
than a bare „0“ for seats, and no technical English words."""

from __future__ import annotations

import html
from datetime import UTC, datetime

from voice.models import Call, Role, utcnow
from voice.registrations import booking


def test_the_csv_gives_the_time_of_registration_in_the_centres_time(
    client, login, session, make_event, make_resident
):
    event = make_event()
    summer = booking.book(session, event.id, make_resident(), wants_reminder=False).registration
    summer.created_at = datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
    other = make_resident(phone="+497319999999", name="Herr Bauer")
    winter = booking.book(session, event.id, other, wants_reminder=False).registration
    winter.created_at = datetime(2026, 12, 24, 17, 30, tzinfo=UTC)
    session.commit()
    login(Role.VOLUNTEER)
    text = client.get(f"/admin/events/{event.id}/registrations.csv").get_data(as_text=True)
    assert "Erika Muster;'+49 731 ***4567;angemeldet;nein;Telefon;01.07.2026 12:00" in text
    assert "Herr Bauer;'+49 731 ***9999;angemeldet;nein;Telefon;24.12.2026 18:30" in text


def test_unlimited_seats_are_called_unlimited(client, login, make_event):
    open_event = make_event(title="Offener Treff", capacity=None)
    make_event(title="Kochtreff", capacity=8, phone_code="7002")
    login()
    page = client.get("/admin/events").get_data(as_text=True)
    assert "<td>unbegrenzt (0 angemeldet)</td>" in page and "<td>0 von 8</td>" in page
    listing = client.get(f"/admin/events/{open_event.id}/registrations").get_data(as_text=True)
    assert "0 angemeldet, Plätze unbegrenzt." in listing


def test_where_a_call_ended_is_named_in_german(client, login, session):
    for n, step in enumerate(["meeting", "staff_menu", "staff_pin", "reminder_call"]):
        session.add(
            Call(
                call_sid=f"CA-end-{n}",
                from_number="+497311234567",
                choices={"path": ["main"]},
                step=step,
                ended_at=utcnow(),
            )
        )
    session.commit()
    login()
    page = html.unescape(client.get("/admin/calls").get_data(as_text=True))
    assert "<td>In der Konferenz</td>" in page and "<td>Erinnerungsanruf</td>" in page
    assert page.count("<td>Mitarbeiterbereich</td>") == 2
    assert "meeting" not in page.replace("live_meetings", "").replace("/meetings", "")
    assert "staff_" not in page and "reminder_call" not in page
