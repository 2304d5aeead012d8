"""What a caller can browse: upcoming events, live events, their registrations, the news.

A menu shows one item at a time. Each function issues a fixed number of queries however many
rows exist: the item is found by its place in the order (a keyset: the first one after the item
heard before), never by OFFSET, and a list is counted only up to `COUNTED`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, ScalarSelect, Select, func, literal, or_, select, tuple_
from sqlalchemy.orm import Session

from voice.models import (
    Announcement,
    BridgeKind,
    Event,
    Registration,
    RegistrationStatus,
)

LIVE_AHEAD = timedelta(minutes=15)  # "starting within 15 minutes" counts as live
ACTIVE = (RegistrationStatus.BOOKED, RegistrationStatus.WAITING)
# A list is counted up to here ("Veranstaltung 3 von 40."); a longer one is read without its
# size, and counting stops early, so that ten thousand events cost what forty do.
COUNTED = 40
T = TypeVar("T")
Key = tuple[datetime, int]  # an item's place in every list: its event's start, then event id


@dataclass(frozen=True)
class Cursor:
    """Where a caller is in a list: the place of the item heard last, and which item to show
    now: that one again (`move` 0), the next (+1) or the one before (-1); `index` is the
    number of items before the one to show."""

    index: int = 0
    key: Key | None = None
    move: int = 0


@dataclass(frozen=True)
class Page(Generic[T]):
    """One item of a list the caller steps through: the item, its place, its index and the
    list's size (None: more than `COUNTED`)."""

    item: T | None
    key: Key | None
    index: int
    total: int | None

    @property
    def several(self) -> bool:
        """More than one item: the caller hears where they are and can step."""
        return self.total is None or self.total > 1


def _open_events() -> Select[Any]:
    return select(Event).where(Event.published.is_(True), Event.cancelled_at.is_(None))


def _page(session: Session, query: Select[Any], cursor: Cursor) -> Page[Any]:
    """The item of `query` (which joins Event) at `cursor`, and the list's size: one query;
    more only when the list changed under the caller."""
    tries = [(cursor, cursor.index)]
    if cursor.move > 0:  # past the last of a long list: the item heard, again
        tries.append((Cursor(key=cursor.key), cursor.index - 1))
    if cursor.key is not None:  # the item heard is gone: from the start
        tries.append((Cursor(), 0))
    for at, index in tries:
        row = _at(session, query, at, counted=True)
        if row is not None:
            item, starts_at, event_id, total = row
            size = total if total <= COUNTED else None
            index = max(0, index if size is None else min(index, size - 1))
            return Page(item, (starts_at, event_id), index, size)
    return Page(None, None, 0, 0)


def _at(session: Session, query: Select[Any], cursor: Cursor, *, counted: bool = False) -> Any:
    """The row (item, start, event id) at `cursor`, or None; `counted` adds the size of the
    whole list, counted up to COUNTED + 1."""
    found = query.add_columns(Event.starts_at, Event.id)
    if counted:
        some = query.with_only_columns(literal(1), maintain_column_froms=True).limit(COUNTED + 1)
        found = found.add_columns(
            select(func.count()).select_from(some.subquery()).scalar_subquery()
        )
    order: list[ColumnElement[Any]] = [Event.starts_at.asc(), Event.id.asc()]
    if cursor.key is not None:
        place, heard = tuple_(Event.starts_at, Event.id), tuple_(*cursor.key)
        if cursor.move < 0:
            found = found.where(place < heard)
            order = [Event.starts_at.desc(), Event.id.desc()]
        else:
            found = found.where(place > heard if cursor.move > 0 else place >= heard)
    return session.execute(found.order_by(*order).limit(1)).first()


def _upcoming(now: datetime) -> Select[Any]:
    return _open_events().where(Event.ends_at > now)


def _live(now: datetime, kind: BridgeKind | None) -> Select[Any]:
    query = _open_events().where(Event.starts_at <= now + LIVE_AHEAD, Event.ends_at > now)
    return query if kind is None else query.where(Event.bridge_kind == kind)


def _registrations(resident_id: int, now: datetime) -> Select[Any]:
    return (
        select(Registration)
        .join(Registration.event)
        .where(
            Registration.resident_id == resident_id,
            Registration.status.in_(ACTIVE),
            Event.cancelled_at.is_(None),
            Event.ends_at > now,
        )
    )


def upcoming(session: Session, now: datetime, cursor: Cursor) -> Page[Event]:
    """The event at `cursor` among those that have not ended yet, and how many there are."""
    return _page(session, _upcoming(now), cursor)


def live(
    session: Session, now: datetime, cursor: Cursor, *, kind: BridgeKind | None = None
) -> Page[Event]:
    """The event at `cursor` among those running now or starting within 15 minutes (of one
    kind of bridge, if given), and how many there are."""
    return _page(session, _live(now, kind), cursor)


def first_live(session: Session, now: datetime, centre_id: int | None = None) -> Event | None:
    """The event running now (or starting soonest within 15 minutes), of one centre if
    named: one query."""
    query = _live(now, None)
    if centre_id is not None:
        query = query.where(Event.centre_id == centre_id)
    row = _at(session, query, Cursor())
    return row[0] if row is not None else None


def by_code(session: Session, code: str) -> Event | None:
    """The published event with this 4-digit phone code (cancelled ones included)."""
    return session.scalar(select(Event).where(Event.phone_code == code, Event.published.is_(True)))


def registrations(
    session: Session, resident_id: int, now: datetime, cursor: Cursor
) -> Page[Registration]:
    """The resident's active registration (booked or waiting) at `cursor`, for an event not
    yet over, and how many they have."""
    return _page(session, _registrations(resident_id, now), cursor)


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


def upcoming_list(
    session: Session, now: datetime, limit: int, centre_id: int | None = None
) -> list[Event]:
    """The next events that have not ended (of one centre, if named), for the info screen
    and the flyer."""
    query = _upcoming(now).order_by(Event.starts_at, Event.id)
    if centre_id is not None:
        query = query.where(Event.centre_id == centre_id)
    return list(session.scalars(query.limit(limit)))
