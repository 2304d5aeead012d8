"""Registering by keypad: name once, reminder wish, read-back, waiting list, never twice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from voice.models import Registration, RegistrationStatus, Resident


def _registrations(session) -> list[Registration]:
    session.expire_all()
    return list(session.scalars(select(Registration).order_by(Registration.id)))


def test_unknown_caller_says_name_chooses_reminder_and_hears_read_back(phone, session, make_event):
    event = make_event(title="ErzählCafé", starts_in=timedelta(days=1), capacity=12)
    phone.call(number="0731 1234567")
    phone.press("1")
    reply = phone.press("1")
    assert reply.verbs == ["Say", "Record", "Say", "Redirect"]
    assert reply.said()[0].startswith("Damit wir wissen, wer Sie sind")
    record = reply.one("Record")
    assert record.get("action") == "/voice/record/name"
    assert record.get("playBeep") == "true"
    reply = phone.record(seconds=2)
    sid, url = phone.recording
    assert reply.said() == [
        "Sollen wir Sie kurz vor der Veranstaltung anrufen und erinnern? "
        "Dann drücken Sie die 1. Wenn nicht, drücken Sie die 2."
    ]
    reply = phone.press("1")
    said = reply.said()
    assert said[0].startswith("Sie sind angemeldet für ErzählCafé, morgen, ")
    assert said[1] == "Wir rufen Sie vorher an."
    assert reply.one("Gather").get("action") == "/voice/menu/events"
    [registration] = _registrations(session)
    assert registration.status is RegistrationStatus.BOOKED
    assert registration.wants_reminder is True
    assert registration.source == "phone"
    resident = session.get(Resident, registration.resident_id)
    assert resident.phone == "+497311234567"  # normalised to E.164
    assert (resident.name_recording.sid, resident.name_recording.source_url) == (sid, url)
    session.refresh(event)
    assert event.seats_taken == 1


def test_caller_who_says_nothing_is_still_registered(phone, session, make_event):
    make_event()
    phone.call()
    phone.press("1")
    asked = phone.press("1")
    # No recording: Twilio skips the action and goes on with the verbs after <Record>.
    assert asked.said()[1] == "Ich habe keinen Namen gehört. Das macht nichts, wir machen weiter."
    reply = phone.wait()
    assert reply.one("Gather").get("action") == "/voice/menu/reminder"
    reply = phone.press("2")
    assert reply.said()[1] == "Wir rufen Sie nicht an."
    [registration] = _registrations(session)
    assert registration.wants_reminder is False


def test_known_caller_is_not_asked_for_their_name(phone, make_resident, make_event):
    make_resident()
    make_event()
    phone.call()
    phone.press("1")
    reply = phone.press("1")
    assert reply.one("Gather").get("action") == "/voice/menu/reminder"


def test_registering_twice_keeps_one_booking(phone, session, make_resident, make_event):
    make_resident()
    event = make_event(title="Spieleabend")
    phone.call()
    phone.press("1")
    phone.press("1")
    phone.press("2")
    reply = phone.press("1")
    assert reply.said()[0] == "Sie sind bereits angemeldet für Spieleabend."
    assert len(_registrations(session)) == 1
    session.refresh(event)
    assert event.seats_taken == 1


def test_retried_webhook_does_not_book_twice(phone, session, make_resident, make_event):
    make_resident()
    event = make_event()
    phone.call()
    phone.press("1")
    phone.press("1")
    gather = phone.last.one("Gather").get("action")
    first = phone.post(gather, Digits="1", token="retry-me")
    again = phone.post(gather, Digits="1", token="retry-me")
    assert again.xml() == first.xml()
    assert len(_registrations(session)) == 1
    session.refresh(event)
    assert event.seats_taken == 1


def test_withheld_number_is_explained_and_a_person_offered(phone, session, make_event):
    make_event()
    phone.call(number="anonymous")
    phone.press("1")
    reply = phone.press("1")
    assert reply.said()[0].startswith("Ich kann Ihre Telefonnummer leider nicht sehen.")
    assert "drücken Sie die 0" in reply.said()[0]
    assert reply.one("Gather").get("action") == "/voice/menu/events"
    assert _registrations(session) == []
    assert session.scalar(select(func.count()).select_from(Resident)) == 0


def test_full_event_offers_waiting_list(phone, session, make_resident, make_event):
    event = make_event(title="Bewerbungstraining", capacity=1)
    other = make_resident(phone="+497310000001", name="Otto")
    from voice.registrations import booking

    booking.book(session, event.id, other, wants_reminder=False)
    session.commit()
    make_resident()
    phone.call()
    reply = phone.press("1")
    assert "Diese Veranstaltung ist ausgebucht." in reply.text()
    reply = phone.press("1")
    assert reply.said()[0].startswith("Bewerbungstraining ist leider ausgebucht.")
    assert reply.one("Gather").get("action") == "/voice/menu/waitlist_offer"
    phone.press("1")
    reply = phone.press("2")
    assert reply.said()[0].startswith("Sie stehen auf der Warteliste für Bewerbungstraining")
    assert reply.said()[0].endswith("Sie sind auf Platz 1.")
    statuses = [r.status for r in _registrations(session)]
    assert statuses == [RegistrationStatus.BOOKED, RegistrationStatus.WAITING]


def test_declining_the_waiting_list_goes_back(phone, session, make_resident, make_event):
    make_event(capacity=0)
    make_resident()
    phone.call()
    phone.press("1")
    phone.press("1")
    reply = phone.press("*")
    assert reply.one("Gather").get("action") == "/voice/menu/events"
    assert _registrations(session) == []


def test_last_seat_taken_while_deciding_puts_caller_on_waiting_list(
    phone, session, make_resident, make_event
):
    event = make_event(capacity=1)
    make_resident()
    phone.call()
    phone.press("1")
    phone.press("1")  # seat still free: on to the reminder question
    rival = make_resident(phone="+497310000002", name="Rivale")
    from voice.registrations import booking

    booking.book(session, event.id, rival, wants_reminder=False)
    session.commit()
    said = phone.press("2").said()
    assert said[0] == "Gerade eben wurde der letzte Platz vergeben."
    assert said[1].endswith("Sie sind auf Platz 1.")


@pytest.mark.parametrize("key", ["1", "2"])
def test_event_cancelled_while_deciding_is_closed(phone, session, make_resident, make_event, key):
    from voice.models import utcnow

    event = make_event()
    make_resident()
    phone.call()
    phone.press("1")
    phone.press("1")
    event.cancelled_at = utcnow()
    session.commit()
    said = phone.press(key).said()
    assert said[0] == "Für diese Veranstaltung ist eine Anmeldung nicht mehr möglich."
    assert _registrations(session) == []
