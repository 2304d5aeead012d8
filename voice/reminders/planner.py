"""Which reminder calls are due: created for bookings that asked for one, kept in step with
the event, and given up when they would come too late. Services: they flush, never commit."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from voice.models import (
    Event,
    Registration,
    RegistrationStatus,
    Reminder,
    ReminderKind,
    ReminderState,
)
from voice.registrations.listings import ACTIVE

LOOK_AHEAD = timedelta(days=2)  # plan reminders for events starting within this time
GRACE = timedelta(minutes=10)  # no reminder later than this after the start


def due_time(event: Event, kind: ReminderKind) -> datetime:
    """When a reminder of this kind is due for the event."""
    if kind is ReminderKind.DAY_BEFORE:
        return event.starts_at - timedelta(days=1)
    return event.starts_at - timedelta(minutes=event.remind_minutes)


def plan(session: Session, now: datetime) -> int:
    """Create the missing reminders for upcoming events; returns how many were created."""
    rows = session.scalars(
        select(Registration)
        .join(Registration.event)
        .where(
            Registration.status == RegistrationStatus.BOOKED,
            Registration.wants_reminder.is_(True),
            Event.cancelled_at.is_(None),
            Event.starts_at > now,
            Event.starts_at <= now + LOOK_AHEAD,
        )
    ).all()
    if not rows:
        return 0
    existing = {
        (r.registration_id, r.kind)
        for r in session.scalars(
            select(Reminder).where(Reminder.registration_id.in_([row.id for row in rows]))
        )
    }
    created = 0
    for registration in rows:
        kinds = [ReminderKind.BEFORE]
        if (
            registration.event.remind_day_before
            and due_time(registration.event, ReminderKind.DAY_BEFORE) > now
        ):
            kinds.append(ReminderKind.DAY_BEFORE)
        for kind in kinds:
            if (registration.id, kind) not in existing:
                created += _add(session, registration, kind, due_time(registration.event, kind))
    return created


def _add(session: Session, registration: Registration, kind: ReminderKind, due: datetime) -> int:
    try:
        with session.begin_nested():  # another dialer may plan the same one at the same moment
            session.add(
                Reminder(
                    registration_id=registration.id,
                    kind=kind,
                    state=ReminderState.PLANNED,
                    due_at=due,
                )
            )
    except IntegrityError:
        return 0
    return 1


def skip_stale(session: Session, now: datetime) -> None:
    """Planned reminders nobody wants any more, or that would come too late, are skipped."""
    stale = session.scalars(
        select(Reminder)
        .join(Reminder.registration)
        .join(Registration.event)
        .where(Reminder.state == ReminderState.PLANNED)
        .where(
            (Event.starts_at < now - GRACE)
            | (
                (Reminder.kind != ReminderKind.CANCELLATION)
                & (
                    (Registration.status != RegistrationStatus.BOOKED)
                    | Registration.wants_reminder.is_(False)
                    | Event.cancelled_at.is_not(None)
                )
            )
        )
    ).all()
    for reminder in stale:
        reminder.state, reminder.finished_at = ReminderState.SKIPPED, now


def plan_cancellation(session: Session, event: Event, now: datetime) -> int:
    """The event was cancelled: everyone who asked for reminders gets a call saying so."""
    session.execute(
        update(Reminder)
        .where(
            Reminder.state == ReminderState.PLANNED,
            Reminder.registration_id.in_(
                select(Registration.id).where(Registration.event_id == event.id)
            ),
        )
        .values(state=ReminderState.SKIPPED, finished_at=now)
    )
    registrations = session.scalars(
        select(Registration).where(
            Registration.event_id == event.id,
            Registration.status.in_(ACTIVE),
            Registration.wants_reminder.is_(True),
        )
    ).all()
    return sum(_add(session, r, ReminderKind.CANCELLATION, now) for r in registrations)
