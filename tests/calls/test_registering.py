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
    phone.to_main()
    phone.press("1")
    reply = phone.press("1")
    assert reply.verbs == ["Say", "Say", "Record", "Say", "Redirect"]
    assert reply.said()[1].startswith("Bitte sagen Sie nach dem Ton Ihren Vor- und Nachnamen.")
    record = reply.one("Record")
    assert record.get("action") == "/voice/record/name"
    assert record.get("playBeep") == "true"
    assert record.get("timeout") == "5"  # older callers take a breath before their name
    reply = phone.record(seconds=2)
    sid, url = phone.recording
    assert reply.said() == [
        "Sollen wir Sie kurz vorher anrufen und erinnern? "
        "Dann drücken Sie die 1. Wenn nicht, drücken Sie die 2.",
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
    assert asked.said()[2] == "Gut, wir machen ohne Ihren Namen weiter."
    reply = phone.wait()
    assert reply.one("Gather").get("action") == "/voice/menu/reminder"
    reply = phone.press("2")
    assert reply.said()[1] == "Sie bekommen keinen Erinnerungsanruf."
    [registration] = _registrations(session)
    assert registration.wants_reminder is False


PRIVACY = (
    "Wir speichern Ihren Namen, damit wir wissen, wer sich angemeldet hat. "
    "Wir behalten ihn {period} lang, bei einer Anmeldung bis nach der Veranstaltung. "
    "Wenn Sie es wünschen, löscht unser Team ihn jederzeit.",
    "Bitte sagen Sie nach dem Ton Ihren Vor- und Nachnamen. "
    "Wenn Sie Ihren Namen nicht sagen möchten, drücken Sie die 2.",
)
PRIVACY_EN = (
    "We keep your name so that we know who has booked. "
    "We keep it for {period}, and if you book, until after the event. "
    "If you wish, our team deletes it at any time.",
    "Please say your first and last name after the tone. "
    "If you would rather not say your name, press 2.",
)


@pytest.mark.parametrize(
    ("app_config", "sentences", "period"),
    [
        ({}, PRIVACY, "ein Jahr"),  # RETAIN_NAMES_DAYS' default: 365
        ({"RETAIN_NAMES_DAYS": 90}, PRIVACY, "90 Tage"),
        ({"RETAIN_NAMES_DAYS": 14}, PRIVACY, "2 Wochen"),
        ({"RETAIN_NAMES_DAYS": 730}, PRIVACY, "2 Jahre"),
        ({"VOICE_LANGUAGE": "en"}, PRIVACY_EN, "one year"),
        ({"VOICE_LANGUAGE": "en", "RETAIN_NAMES_DAYS": 30}, PRIVACY_EN, "30 days"),
    ],
)
def test_a_first_time_caller_hears_why_and_how_long_before_the_name(
    phone, make_event, app_config, sentences, period
):
    """Our privacy promise on the phone: why the name is kept, for how long (the retention
    setting), that staff delete it on request, and how to skip it, all before the tone."""
    make_event()
    phone.call()
    phone.press("1")
    reply = phone.press("1")
    assert reply.verbs == ["Say", "Say", "Record", "Say", "Redirect"]
    assert reply.said()[:2] == [sentences[0].format(period=period), sentences[1]]
    assert "2" in reply.one("Record").get("finishOnKey")


def test_a_caller_who_skips_the_name_is_registered_without_it(phone, session, make_event):
    make_event()
    phone.call()
    phone.press("1")
    phone.press("1")
    reply = phone.press("2")  # during the recording: no name, please
    assert reply.said()[0] == "Gut, wir machen ohne Ihren Namen weiter."
    assert reply.one("Gather").get("action") == "/voice/menu/reminder"
    phone.press("1")
    [registration] = _registrations(session)
    assert registration.status is RegistrationStatus.BOOKED and registration.wants_reminder
    resident = session.get(Resident, registration.resident_id)
    assert resident.name_recording is None and resident.name is None


def test_known_caller_is_not_asked_for_their_name(phone, make_resident, make_event):
    make_resident()
    make_event()
    phone.call()
    phone.press("2")  # past the greeting's offer, to the main menu
    phone.press("1")
    reply = phone.press("1")
    assert reply.one("Gather").get("action") == "/voice/menu/reminder"


def test_registering_twice_keeps_one_booking(phone, session, make_resident, make_event):
    make_resident()
    event = make_event(title="Spieleabend")
    phone.call()
    phone.press("2")  # past the greeting's offer, to the main menu
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
    phone.press("2")  # past the greeting's offer, to the main menu
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
    phone.press("2")  # past the greeting's offer, to the main menu
    phone.press("1")
    phone.press("1")
    event.cancelled_at = utcnow()
    session.commit()
    said = phone.press(key).said()
    assert said[0] == "Für diese Veranstaltung ist eine Anmeldung nicht mehr möglich."
    assert _registrations(session) == []
