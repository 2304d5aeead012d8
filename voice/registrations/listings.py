"""What a caller can browse: upcoming events, live events, their registrations, the news.

Every function issues a fixed number of queries, however many rows exist: a menu shows one
item at a time, fetched with OFFSET, plus one COUNT."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Generic, TypeVar

from sqlalchemy import ColumnElement, ScalarSelect, Select, func, or_, select
from sqlalchemy.orm import Session

from voice.models import (
    Announcement,
    BridgeKind,
    Event,
    Registration,
    RegistrationStatus,
    Resident,
)

LIVE_AHEAD = timedelta(minutes=15)  # "starting within 15 minutes" counts as live
ACTIVE = (RegistrationStatus.BOOKED, RegistrationStatus.WAITING)
T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One item of a list the caller steps through: the item, its index and the list's size."""

    item: T | None
    index: int
    total: int


def _open_events() -> Select[Event]:
    return select(Event).where(Event.published.is_(True), Event.cancelled_at.is_(None))


def _page(session: Session, query: Select[T], index: int) -> Page[T]:
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    if total == 0:
        return Page(None, 0, 0)
    index = min(max(index, 0), total - 1)
    return Page(session.scalar(query.offset(index).limit(1)), index, total)


def upcoming(session: Session, now: datetime, index: int) -> Page[Event]:
    """The index-th event that has not ended yet, and how many there are."""
    query = _open_events().where(Event.ends_at > now).order_by(Event.starts_at, Event.id)
    return _page(session, query, index)


def live(
    session: Session, now: datetime, index: int, *, kind: BridgeKind | None = None
) -> Page[Event]:
    """The index-th event running now or starting within 15 minutes (of one kind of bridge,
    if given), and how many there are."""
    query = _open_events().where(Event.starts_at <= now + LIVE_AHEAD, Event.ends_at > now)
    if kind is not None:
        query = query.where(Event.bridge_kind == kind)
    return _page(session, query.order_by(Event.starts_at, Event.id), index)


def by_code(session: Session, code: str) -> Event | None:
    """The published event with this 4-digit phone code (cancelled ones included)."""
    return session.scalar(select(Event).where(Event.phone_code == code, Event.published.is_(True)))


def registrations(
    session: Session, resident: Resident, now: datetime, index: int
) -> Page[Registration]:
    """The index-th active registration of the resident for an event not yet over."""
    query = (
        select(Registration)
        .join(Registration.event)
        .where(
            Registration.resident_id == resident.id,
            Registration.status.in_(ACTIVE),
            Event.cancelled_at.is_(None),
            Event.ends_at > now,
        )
        .order_by(Event.starts_at, Event.id)
    )
    return _page(session, query, index)


def next_registered(session: Session, resident: Resident, now: datetime) -> Event | None:
    """The event of the resident's next registration (booked or waiting)."""
    first = registrations(session, resident, now, 0).item
    return first.event if first is not None else None


@dataclass(frozen=True)
class Greeting:
    """What a greeting speaks of: the first event running now (or within 15 minutes), the
    caller's next registered event, and the next one they could book (not started, seats
    free, not registered for)."""

    live: Event | None
    booked: Event | None
    offer: Event | None


def for_greeting(session: Session, resident_id: int | None, now: datetime) -> Greeting:
    """The greeting's three events, in one query: each is the first of its kind (a scalar
    subquery), the rows come back with whether the caller is registered."""
    mine = select(Registration.event_id).where(
        Registration.resident_id == resident_id, Registration.status.in_(ACTIVE)
    )
    seats = or_(Event.capacity.is_(None), Event.seats_taken < Event.capacity)
    soon = now + LIVE_AHEAD

    def first(*conditions: ColumnElement[bool]) -> ScalarSelect[int]:
        query = _open_events().with_only_columns(Event.id).where(Event.ends_at > now, *conditions)
        return query.order_by(Event.starts_at, Event.id).limit(1).scalar_subquery()

    ids = [
        first(Event.starts_at <= soon),
        first(Event.id.in_(mine)),
        first(Event.starts_at > soon, Event.id.not_in(mine), seats),
    ]
    query = (
        select(Event, Event.id.in_(mine))
        .where(Event.id.in_(ids))
        .order_by(Event.starts_at, Event.id)
    )
    rows = session.execute(query).all()
    # The subqueries chose the rows; which is which follows from the same conditions.
    bookable = [e for e, m in rows if not m and e.starts_at > soon and e.seats_left != 0]
    return Greeting(
        live=next((e for e, _m in rows if e.starts_at <= soon), None),
        booked=next((e for e, m in rows if m), None),
        offer=bookable[0] if bookable else None,
    )


def news(session: Session, now: datetime, limit: int = 10) -> list[Announcement]:
    """Current announcements, newest first."""
    query = (
        select(Announcement)
        .where(
            Announcement.published.is_(True),
            Announcement.valid_from <= now,
            or_(Announcement.valid_until.is_(None), Announcement.valid_until > now),
        )
        .order_by(
            Announcement.priority.desc(), Announcement.valid_from.desc(), Announcement.id.desc()
        )
        .limit(limit)
    )
    return list(session.scalars(query))


def upcoming_list(session: Session, now: datetime, limit: int) -> list[Event]:
    """The next events that have not ended, for the info screen."""
    query = _open_events().where(Event.ends_at > now).order_by(Event.starts_at, Event.id)
    return list(session.scalars(query.limit(limit)))
