"""Registering and cancelling, with the waiting list. Services: they flush, never commit.

Seats are counted in `Event.seats_taken` and taken with one conditional UPDATE
(`... WHERE seats_taken < capacity`), which the database serialises: of two callers who press
1 for the last seat at the same moment, exactly one gets it and the other is put on the
waiting list.

Joining the waiting list locks the event's row until the request commits, so callers who
join at the same moment queue one after the other: each is placed behind everyone already
waiting and told the place that is stored, counted after the write (without the lock, on
PostgreSQL, overlapping joiners could not see each other and several heard „Platz 1“)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, func, or_, select, tuple_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from voice.models import (
    Event,
    Registration,
    RegistrationStatus,
    Reminder,
    ReminderKind,
    ReminderState,
    Resident,
    utcnow,
)

QUEUE_STEP = timedelta(microseconds=1)  # the smallest step both databases keep


class Outcome(enum.StrEnum):
    BOOKED = "booked"
    WAITING = "waiting"
    ALREADY_BOOKED = "already_booked"
    ALREADY_WAITING = "already_waiting"
    CLOSED = "closed"  # cancelled or gone


@dataclass(frozen=True)
class Booking:
    outcome: Outcome
    registration: Registration | None = None
    position: int | None = None  # on the waiting list


def current(session: Session, event_id: int, resident: Resident) -> Registration | None:
    """The resident's registration row for the event, in whatever status."""
    return session.scalar(
        select(Registration).where(
            Registration.event_id == event_id, Registration.resident_id == resident.id
        )
    )


def book(
    session: Session,
    event_id: int,
    resident: Resident,
    *,
    wants_reminder: bool,
    source: str = "phone",
) -> Booking:
    """Book a seat, or a waiting-list place when the event is full; never twice."""
    existing = current(session, event_id, resident)
    if existing is not None and existing.status is RegistrationStatus.BOOKED:
        return Booking(Outcome.ALREADY_BOOKED, existing)
    if existing is not None and existing.status is RegistrationStatus.WAITING:
        return Booking(Outcome.ALREADY_WAITING, existing, waiting_position(session, existing))
    try:
        with session.begin_nested():
            status = _take_seat(session, event_id)
            if status is None:
                return Booking(Outcome.CLOSED)
            registration = existing or Registration(event_id=event_id, resident_id=resident.id)
            registration.status = status
            registration.wants_reminder = wants_reminder
            registration.source = source
            registration.queued_at = (
                _queue_time(session, event_id) if status is RegistrationStatus.WAITING else utcnow()
            )
            session.add(registration)
            session.flush()
    except IntegrityError:
        # The same resident registered at the same moment in another request (a retried
        # webhook): that one won, and the savepoint gave our seat back.
        return Booking(Outcome.ALREADY_BOOKED, current(session, event_id, resident))
    if status is RegistrationStatus.BOOKED:
        return Booking(Outcome.BOOKED, registration)
    return Booking(Outcome.WAITING, registration, waiting_position(session, registration))


def _take_seat(session: Session, event_id: int) -> RegistrationStatus | None:
    """BOOKED if a seat was free (and is now taken), WAITING if full, None if closed."""
    taken = session.execute(  # an UPDATE's result is a CursorResult, which counts rows
        update(Event)
        .where(
            Event.id == event_id,
            Event.cancelled_at.is_(None),
            or_(Event.capacity.is_(None), Event.seats_taken < Event.capacity),
        )
        .values(seats_taken=Event.seats_taken + 1)
    )
    if cast(CursorResult[Any], taken).rowcount == 1:
        return RegistrationStatus.BOOKED
    # Full: the UPDATE above matched nothing and so locked nothing. Lock the row now, for the
    # waiting list (the module's docstring says why); SQLite has one writer at a time anyway.
    still_open = session.scalar(
        select(Event.id).where(Event.id == event_id, Event.cancelled_at.is_(None)).with_for_update()
    )
    return RegistrationStatus.WAITING if still_open is not None else None


def _queue_time(session: Session, event_id: int) -> datetime:
    """Now, but never before the last one waiting (clocks of several servers may differ)."""
    last = session.scalar(
        select(func.max(Registration.queued_at)).where(
            Registration.event_id == event_id, Registration.status == RegistrationStatus.WAITING
        )
    )
    now = utcnow()
    return max(now, last + QUEUE_STEP) if last is not None else now


def cancel(session: Session, registration: Registration) -> Registration | None:
    """Cancel a registration; a freed seat goes to the first on the waiting list (returned)."""
    if registration.status is RegistrationStatus.CANCELLED:
        return None  # cancelled already (a retried webhook): nothing moves twice
    was_booked = registration.status is RegistrationStatus.BOOKED
    registration.status = RegistrationStatus.CANCELLED
    session.flush()
    if not was_booked:
        return None
    promoted = session.scalar(
        select(Registration)
        .where(
            Registration.event_id == registration.event_id,
            Registration.status == RegistrationStatus.WAITING,
        )
        .order_by(Registration.queued_at, Registration.id)
        .limit(1)
        # Two cancellations at once must promote two different residents.
        .with_for_update(skip_locked=True, of=Registration)
    )
    if promoted is not None:
        promoted.status = RegistrationStatus.BOOKED  # the seat passes on: count unchanged
        session.flush()
        return promoted
    session.execute(
        update(Event)
        .where(Event.id == registration.event_id)
        .values(seats_taken=Event.seats_taken - 1)
    )
    return None


def restore(session: Session, registration: Registration) -> Booking:
    """Undo a cancellation made a moment ago: the seat again if one is free; if the waiting
    list moved up into it, the first place on the waiting list (whoever moved up keeps the
    seat: they may have been told already). Reminder calls skipped meanwhile come back."""
    if registration.status is not RegistrationStatus.CANCELLED:
        return Booking(Outcome.ALREADY_BOOKED, registration)
    status = _take_seat(session, registration.event_id)
    if status is None:
        return Booking(Outcome.CLOSED)
    if status is RegistrationStatus.WAITING:
        first = session.scalar(
            select(func.min(Registration.queued_at)).where(
                Registration.event_id == registration.event_id,
                Registration.status == RegistrationStatus.WAITING,
            )
        )
        registration.queued_at = first - QUEUE_STEP if first is not None else utcnow()
    registration.status = status
    session.execute(
        update(Reminder)
        .where(
            Reminder.registration_id == registration.id,
            Reminder.kind != ReminderKind.CANCELLATION,
            Reminder.state == ReminderState.SKIPPED,
        )
        .values(state=ReminderState.PLANNED, finished_at=None)
        .execution_options(synchronize_session=False)
    )
    session.flush()
    if status is RegistrationStatus.BOOKED:
        return Booking(Outcome.BOOKED, registration)
    return Booking(Outcome.WAITING, registration, waiting_position(session, registration))


def waiting_position(session: Session, registration: Registration) -> int:
    """1 for the first on the waiting list."""
    ahead = session.scalar(
        select(func.count()).where(
            Registration.event_id == registration.event_id,
            Registration.status == RegistrationStatus.WAITING,
            tuple_(Registration.queued_at, Registration.id)
            < tuple_(registration.queued_at, registration.id),
        )
    )
    return (ahead or 0) + 1


def move_up(session: Session, registration: Registration) -> bool:
    """Give a waiting resident a free seat; False when no seat is free."""
    if registration.status is not RegistrationStatus.WAITING:
        return False
    if _take_seat(session, registration.event_id) is not RegistrationStatus.BOOKED:
        return False
    registration.status = RegistrationStatus.BOOKED
    session.flush()
    return True


def fill_free_seats(session: Session, event_id: int) -> list[Registration]:
    """After more seats were added: the waiting list moves up, first come first served."""
    promoted = []
    waiting = session.scalars(
        select(Registration)
        .where(Registration.event_id == event_id, Registration.status == RegistrationStatus.WAITING)
        .order_by(Registration.queued_at, Registration.id)
    ).all()
    for registration in waiting:
        if not move_up(session, registration):
            break
        promoted.append(registration)
    return promoted
