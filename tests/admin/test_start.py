"""The start page after the login: what needs attention, each with where to act."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.centres import default_centre
from tests.conftest import book_people
from voice.models import (
    Message,
    MessageKind,
    Recording,
    RecordingState,
    Reminder,
    ReminderKind,
    ReminderState,
    Role,
)

SET_UP = {
    "TWILIO_AUTH_TOKEN": "a-real-token",
    "TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
}


def test_the_login_leads_to_the_start_page(client, login):
    login()
    page = client.get("/admin/")
    assert page.status_code == 200
    assert "<h1>Übersicht</h1>" in page.get_data(as_text=True)


def test_events_of_today_and_tomorrow_with_their_free_seats(client, login, session, make_event):
    soon = make_event(title="ErzählCafé", starts_in=timedelta(hours=1), capacity=5)
    book_people(session, soon, 2)
    make_event(title="Ohne Grenze", starts_in=timedelta(hours=2), capacity=None)
    make_event(title="Nächste Woche", starts_in=timedelta(days=7))
    make_event(title="Abgesagt", starts_in=timedelta(hours=3), cancelled_at=soon.starts_at)
    login(Role.VOLUNTEER)
    page = client.get("/admin/").get_data(as_text=True)
    assert "ErzählCafé" in page and "noch 3 Plätze frei" in page
    assert "Ohne Grenze" in page and "unbegrenzt viele Plätze" in page
    assert "Nächste Woche" not in page and "Abgesagt" not in page
    assert f'href="/admin/events/{soon.id}/registrations#eintragen">Person eintragen' in page
    assert "Neue Nachrichten" not in page  # volunteers do not handle messages


def test_new_messages_with_a_number_to_call_back(client, login, session, make_resident):
    person = make_resident(phone="+497315551234", name="Erika Muster")
    session.add(
        Message(
            kind=MessageKind.MESSAGE,
            from_number=person.phone,
            resident_id=person.id,
            call_sid="CA1",
        )
    )
    session.add(
        Message(
            kind=MessageKind.MESSAGE,
            from_number="+497315559999",
            call_sid="CA2",
            done_at=person.created_at,
        )
    )
    session.commit()
    login()
    page = client.get("/admin/").get_data(as_text=True)
    assert "Erika Muster" in page
    assert 'href="tel:+497315551234"' in page
    assert "+497315559999" not in page and "5559999" not in page  # done: not listed


def test_failed_reminder_calls_and_recordings_that_were_not_fetched(
    client, login, session, make_event
):
    event = make_event(title="Spieleabend", starts_in=timedelta(hours=-1))
    [registration] = book_people(session, event, 1, wants_reminder=True)
    session.add(
        Reminder(
            registration_id=registration.id,
            kind=ReminderKind.BEFORE,
            state=ReminderState.FAILED,
            due_at=event.starts_at - timedelta(minutes=10),
            last_error="Die Nummer ist ungültig.",
        )
    )
    session.add(
        Recording(sid="RE9", purpose="message", state=RecordingState.FAILED, last_error="HTTP 500")
    )
    session.commit()
    login()
    page = client.get("/admin/").get_data(as_text=True)
    assert "Erinnerungsanrufe, die niemanden erreicht haben" in page
    assert "Person 0" in page and "fehlgeschlagen" in page and "Die Nummer ist ungültig." in page
    assert "Aufnahmen, die nicht abgeholt werden konnten" in page
    assert "Nachricht vom" in page and "HTTP 500" in page


@pytest.mark.parametrize("app_config", [{"TWILIO_AUTH_TOKEN": ""}])
def test_missing_settings_in_plain_words_with_where_to_set_them(client, login, session):
    default_centre(session, public_number="", office_hours="")
    login()
    page = client.get("/admin/").get_data(as_text=True)
    assert "Die Telefonnummer für Flyer und Infobildschirm fehlt." in page
    assert "Es ist noch kein Twilio-Konto verbunden." in page and "TWILIO_AUTH_TOKEN" in page
    assert "Es sind keine Sprechzeiten eingestellt." in page
    assert "Seite „Zentren“" in page and "PUBLIC_PHONE_NUMBER" not in page  # not in .env now


def test_missing_settings_are_the_current_centre_s(client, login, session):
    default_centre(session, office_hours="Mo-Fr 09:00-12:00", staff_number="")
    login()
    page = client.get("/admin/").get_data(as_text=True)
    assert "keine Telefonnummer der Zentrale eingestellt" in page
    default_centre(session, staff_number="+497311234000")
    page = client.get("/admin/").get_data(as_text=True)
    assert "keine Telefonnummer der Zentrale eingestellt" not in page


@pytest.mark.parametrize("app_config", [SET_UP])
def test_when_all_is_set_up_and_quiet_the_page_says_so(client, login, session):
    default_centre(
        session,
        public_number="0731 123 456",
        office_hours="Mo-Fr 09:00-12:00",
        staff_number="+497311234000",
    )
    login()
    page = client.get("/admin/").get_data(as_text=True)
    assert "Einstellungen, die fehlen" not in page
    assert "Heute ist nichts zu tun." in page
