"""The registration service: seat counting, the waiting list, and the race for the last seat."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.conftest import BASE_URL
from tests.phone import Phone, press_together
from voice import schema
from voice.models import BridgeKind, Event, Registration, RegistrationStatus, Resident, utcnow
from voice.registrations import booking
from voice.registrations.booking import Outcome


def _resident(session, n: int) -> Resident:
    resident = Resident(phone=f"+4973100000{n:02d}", name=f"Nachbar {n}")
    session.add(resident)
    session.flush()
    return resident


def test_seats_are_counted_and_the_waiting_list_keeps_its_order(session, make_event):
    event = make_event(capacity=2)
    people = [_resident(session, n) for n in range(5)]
    outcomes = [booking.book(session, event.id, p, wants_reminder=False) for p in people]
    assert [o.outcome for o in outcomes] == [Outcome.BOOKED] * 2 + [Outcome.WAITING] * 3
    assert [o.position for o in outcomes[2:]] == [1, 2, 3]
    session.refresh(event)
    assert event.seats_taken == 2 and event.seats_left == 0

    promoted = booking.cancel(session, outcomes[0].registration)
    assert promoted.id == outcomes[2].registration.id
    assert booking.waiting_position(session, outcomes[3].registration) == 1
    assert booking.cancel(session, outcomes[3].registration) is None  # waiting: nothing moves
    assert booking.waiting_position(session, outcomes[4].registration) == 1
    session.refresh(event)
    assert event.seats_taken == 2


def test_a_later_joiner_queues_behind_even_when_another_server_clock_runs_ahead(
    session, make_event
):
    """Several servers on one PostgreSQL: the first joiner's clock was a minute ahead."""
    event = make_event(capacity=0)
    early, late = _resident(session, 1), _resident(session, 2)
    first = booking.book(session, event.id, early, wants_reminder=False)
    first.registration.queued_at = utcnow() + timedelta(minutes=1)
    session.flush()
    second = booking.book(session, event.id, late, wants_reminder=False)
    assert (first.position, second.position) == (1, 2)
    assert booking.waiting_position(session, first.registration) == 1
    assert booking.waiting_position(session, second.registration) == 2


def test_cancel_without_waiting_list_frees_the_seat_and_rebooking_reuses_the_row(
    session, make_event
):
    event = make_event(capacity=1)
    person = _resident(session, 1)
    first = booking.book(session, event.id, person, wants_reminder=True).registration
    booking.cancel(session, first)
    session.refresh(event)
    assert event.seats_taken == 0
    again = booking.book(session, event.id, person, wants_reminder=False)
    assert again.outcome is Outcome.BOOKED
    assert again.registration.id == first.id
    assert again.registration.wants_reminder is False


def test_unlimited_event_never_fills(session, make_event):
    event = make_event(capacity=None)
    outcomes = {
        booking.book(session, event.id, _resident(session, n), wants_reminder=False).outcome
        for n in range(20)
    }
    assert outcomes == {Outcome.BOOKED}


def test_cancelled_event_takes_no_bookings(session, make_event):
    event = make_event(cancelled_at=utcnow())
    assert (
        booking.book(session, event.id, _resident(session, 1), wants_reminder=False).outcome
        is Outcome.CLOSED
    )


@pytest.fixture
def committed(database, own_app):
    """An app on the real engine (no outer transaction): for tests of concurrent requests."""
    _url, engine = database
    yield own_app(), engine
    with engine.begin() as conn:
        schema.empty(conn)


def _one_seat(session, title: str, code: str) -> Event:
    """An event tomorrow with one seat, for callers racing for it."""
    start = utcnow() + timedelta(days=1)
    event = Event(
        title=title,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        capacity=1,
        phone_code=code,
        bridge_kind=BridgeKind.CONFERENCE,
    )
    session.add(event)
    return event


def test_race_for_the_last_seat(committed):
    """Eight callers press the last key of their registration at the same moment."""
    app, engine = committed
    callers = 8
    with app.app_context(), app.extensions["db"].begin() as s:
        _one_seat(s, "Bewerbungstraining", "7777")
        for n in range(callers):
            s.add(Resident(phone=f"+4973155500{n:02d}", name=f"Anrufer {n}"))
    phones = []
    for n in range(callers):
        phone = Phone(app.test_client(), app, BASE_URL, number=f"+4973155500{n:02d}")
        phone.call()
        phone.press("1")  # the greeting offers the event; each now hears the reminder question
        phones.append(phone)

    replies = press_together(phones, "2")  # the reminder question, answered at once

    firsts = [r.said()[0] for r in replies]
    booked = [s for s in firsts if s.startswith("Sie sind angemeldet")]
    too_late = [s for s in firsts if s == "Gerade eben wurde der letzte Platz vergeben."]
    assert len(booked) == 1, firsts
    assert len(too_late) == callers - 1, firsts
    with app.app_context(), app.extensions["db"]() as s:
        statuses = s.scalars(select(Registration.status)).all()
        assert statuses.count(RegistrationStatus.BOOKED) == 1
        assert statuses.count(RegistrationStatus.WAITING) == callers - 1
        assert s.scalar(select(Event.seats_taken)) == 1
        positions = sorted(
            booking.waiting_position(s, r)
            for r in s.scalars(
                select(Registration).where(Registration.status == RegistrationStatus.WAITING)
            )
        )
        assert positions == list(range(1, callers))
        assert s.scalar(select(func.count()).select_from(Registration)) == callers


def test_forty_callers_joining_the_waiting_list_at_once_hear_the_stored_order(committed):
    """Each hears the place the waiting list keeps: 1 to 40, no place twice (issue 12, 6).

    On PostgreSQL the joiners' transactions overlap, and a place counted before the others
    committed was spoken twice. SQLite takes one writer at a time (a transaction takes the
    write lock before it first writes or locks a row), so there it cannot go wrong; it runs
    there too, as a check that the fix works on both."""
    app, _engine = committed
    callers = 40
    with app.app_context(), app.extensions["db"].begin() as s:
        event = _one_seat(s, "Spieleabend", "4040")
        first = Resident(phone="+497315550999", name="Die Erste")
        s.add_all(
            [
                first,
                *(
                    Resident(phone=f"+4973155510{n:02d}", name=f"Anrufer {n}")
                    for n in range(callers)
                ),
            ]
        )
        s.flush()
        assert booking.book(s, event.id, first, wants_reminder=False).outcome is Outcome.BOOKED
    phones = []
    for n in range(callers):
        phone = Phone(app.test_client(), app, BASE_URL, number=f"+4973155510{n:02d}")
        phone.call()
        phone.press("1")  # the events
        phone.press("1")  # this one: it is full, so the waiting list is offered
        phone.press("1")  # yes, the waiting list; now the reminder question
        phones.append(phone)

    heard = [reply.text() for reply in press_together(phones, "2")]

    spoken = {}
    for phone, text in zip(phones, heard, strict=True):
        found = re.search(r"Sie sind auf Platz (\d+)\.", text)
        assert found, text
        spoken[phone.number] = int(found.group(1))
    assert sorted(spoken.values()) == list(range(1, callers + 1))
    with app.app_context(), app.extensions["db"]() as s:
        stored = s.scalars(
            select(Resident.phone)
            .join(Registration, Registration.resident_id == Resident.id)
            .where(Registration.status == RegistrationStatus.WAITING)
            .order_by(Registration.queued_at, Registration.id)
        ).all()
    assert [spoken[number] for number in stored] == list(range(1, callers + 1))
