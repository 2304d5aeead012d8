"""A reminder comes from the centre of its event: from its number, naming it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from voice.models import BridgeKind, Call, Centre, Event, Resident, utcnow
from voice.registrations import booking
from voice.reminders.cli import make_dialer

WEST = "+4973100000001"


@pytest.fixture
def app_config():
    return {"REMINDER_HOURS": "00:00-24:00", "REMINDER_RATE": 1000.0}


def _booked(session, event, number: str) -> None:
    resident = Resident(phone=number, name="Anna")
    session.add(resident)
    session.flush()
    booking.book(session, event.id, resident, wants_reminder=True)
    session.commit()


def _ring(app, session, numbers: str, *, machine: bool = False):
    """A reminder for an event of a second centre with these numbers: its ring, and the
    answered call."""
    west = Centre(
        slug="weststadt", name="Weststadt", numbers=numbers, public_number="0731 000 000 01"
    )
    session.add(west)
    session.commit()
    phones = app.extensions["telephony"].phones
    phones.strict = True
    start = utcnow().replace(microsecond=0) + timedelta(minutes=20)
    event = Event(
        title="Spaziergang",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        phone_code="2001",
        bridge_kind=BridgeKind.CONFERENCE,
        remind_minutes=30,
        centre_id=west.id,
    )
    session.add(event)
    session.commit()
    _booked(session, event, "+4973100000150")
    assert make_dialer(app, "test", sleep=lambda seconds: None).run_once() == 1
    [(sid, ring)] = phones.ringing.items()
    return west, ring, phones.answer(sid, machine=machine)


def test_a_reminder_for_a_centres_event_comes_from_its_number_and_names_it(app, session):
    west, ring, answered = _ring(app, session, f"{WEST} +4973100000002")
    assert ring.caller == WEST  # its first number
    said = [e.text for e in answered.events if e.kind == "say"]
    assert said[0] == "Hier ist das Quartierstelefon der Quartierszentrale Weststadt."
    row = session.scalar(select(Call).where(Call.call_sid == ring.sid))
    assert (row.centre_id, row.to_number) == (west.id, WEST)


def test_a_centre_without_a_number_reminds_from_the_configured_one(app, session):
    app.config["REMINDER_CALLER_ID"] = "+4973155555"
    west, ring, answered = _ring(app, session, "", machine=True)
    assert ring.caller == "+4973155555"
    [message] = [e.text for e in answered.events if e.kind == "say"]
    assert message.startswith("Hier ist das Quartierstelefon der Quartierszentrale Weststadt. ")
    assert "rufen Sie uns an unter 0 7 3 1, 0 0 0, 0 0 0, 0 1." in message  # its own number
    row = session.scalar(select(Call).where(Call.call_sid == ring.sid))
    assert row.centre_id == west.id  # the event's centre, though no centre claims the number
