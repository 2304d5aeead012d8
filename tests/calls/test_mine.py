"""`2` Meine Anmeldungen: hear and cancel one's registrations; the waiting list moves up."""

from __future__ import annotations

from datetime import timedelta

import pytest

from voice.models import Registration, RegistrationStatus
from voice.registrations import booking


def test_no_registrations(phone, make_resident):
    make_resident()
    phone.call()
    reply = phone.press("2")
    assert reply.said()[0] == "Sie haben zurzeit keine Anmeldungen."
    assert reply.one("Gather").get("action") == "/voice/menu/main"


def test_withheld_number_cannot_list_registrations(phone):
    phone.call(number="+266696687")
    assert phone.press("2").said()[0].startswith("Ich kann Ihre Telefonnummer leider nicht sehen")


def test_bookings_and_waiting_places_are_listed(phone, session, make_resident, make_event):
    me = make_resident()
    other = make_resident(phone="+497310000001", name="Otto")
    cafe = make_event(title="ErzählCafé", starts_in=timedelta(days=1))
    training = make_event(title="Bewerbungstraining", starts_in=timedelta(days=7), capacity=1)
    booking.book(session, training.id, other, wants_reminder=False)
    booking.book(session, cafe.id, me, wants_reminder=True)
    booking.book(session, training.id, me, wants_reminder=True)
    session.commit()
    phone.call()
    said = phone.press("2").said()
    assert said[0] == "Anmeldung 1 von 2."
    assert said[1].startswith("ErzählCafé, morgen, ") and said[1].endswith("Sie sind angemeldet.")
    said = phone.press("2").said()
    assert said[1].endswith("Sie stehen auf der Warteliste, auf Platz 1.")


def test_cancel_with_confirmation_moves_the_waiting_list_up(
    phone, session, make_resident, make_event
):
    me = make_resident()
    waiting = make_resident(phone="+497310000001", name="Otto")
    event = make_event(title="Bewerbungstraining", capacity=1)
    mine = booking.book(session, event.id, me, wants_reminder=False).registration
    theirs = booking.book(session, event.id, waiting, wants_reminder=False).registration
    session.commit()
    phone.call()
    phone.press("2")
    reply = phone.press("1")
    assert reply.said() == [
        "Möchten Sie sich wirklich von Bewerbungstraining abmelden? Dann drücken Sie die 1. "
        "Wenn Sie angemeldet bleiben möchten, drücken Sie die 2.",
    ]
    reply = phone.press("1")
    assert reply.said()[0] == "Sie sind von Bewerbungstraining abgemeldet."
    assert reply.said()[1] == "Sie haben zurzeit keine Anmeldungen."
    session.expire_all()
    assert session.get(Registration, mine.id).status is RegistrationStatus.CANCELLED
    assert session.get(Registration, theirs.id).status is RegistrationStatus.BOOKED
    session.refresh(event)
    assert event.seats_taken == 1


@pytest.mark.parametrize("key", ["2", "*"])
def test_two_or_star_keeps_the_registration(phone, session, make_resident, make_event, key):
    me = make_resident()
    event = make_event()
    mine = booking.book(session, event.id, me, wants_reminder=False).registration
    session.commit()
    phone.call()
    phone.press("2")
    phone.press("1")
    reply = phone.press(key)
    assert reply.one("Gather").get("action") == "/voice/menu/mine"
    session.expire_all()
    assert session.get(Registration, mine.id).status is RegistrationStatus.BOOKED


def test_retried_cancel_frees_one_seat_only(phone, session, make_resident, make_event):
    me = make_resident()
    event = make_event(capacity=3)
    booking.book(session, event.id, me, wants_reminder=False)
    session.commit()
    phone.call()
    phone.press("2")
    phone.press("1")
    action = phone.last.one("Gather").get("action")
    phone.post(action, Digits="1", token="same")
    phone.post(action, Digits="1", token="same")
    phone.post(action, Digits="1", token="different")  # even a fresh request changes nothing
    session.refresh(event)
    assert event.seats_taken == 0
