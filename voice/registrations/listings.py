"""What a caller can browse: upcoming events, live events, their registrations, the news.

A menu shows one item at a time. Each function issues a fixed number of queries however many
rows exist: the item is found by its place in the order (a keyset: the first one after the item
heard before), never by OFFSET, and a list is counted only up to `COUNTED`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any, Generic, TypeVar

from sqlalchemy import (
    Integer,
    Select,
    bindparam,
    func,
    literal,
    or_,
    select,
    tuple_,
)
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


def open_events(centre_id: int | None = None) -> Select[Any]:
    """Published events not cancelled; of one centre where `centre_id` is given (None: of
    every centre)."""
    query = select(Event).where(Event.published.is_(True), Event.cancelled_at.is_(None))
    return query if centre_id is None else query.where(Event.centre_id == centre_id)


@dataclass(frozen=True)
class _List:
    """A list callers step through, as the shape of its query (its values are bound when it
    runs): "upcoming", "live" or "registrations", and which conditions it has."""

    name: str
    centred: bool = False  # of one centre (`centre_id`)
    bridged: bool = False  # of one kind of bridge (`kind`)


# A list's statement is built once per shape and kept (`_statement`): building it took ten
# times as long as SQLite takes to run it, and a key press runs one. These are its values
# (the greeting's statement, in greeting.py, binds `now` and `soon` too).
NOW, SOON = (
    bindparam("now", type_=Event.ends_at.type),
    bindparam("soon", type_=Event.ends_at.type),
)
_HEARD = tuple_(
    bindparam("heard_at", type_=Event.starts_at.type), bindparam("heard_id", type_=Integer)
)


def _query(shape: _List) -> Select[Any]:
    """The list's rows, with its values as bound parameters."""
    if shape.name == "registrations":
        return (
            select(Registration)
            .join(Registration.event)
            .where(
                Registration.resident_id == bindparam("resident_id"),
                Registration.status.in_(ACTIVE),
                Event.cancelled_at.is_(None),
                Event.ends_at > NOW,
            )
        )
    query = open_events().where(Event.ends_at > NOW)
    if shape.name == "live":
        query = query.where(Event.starts_at <= SOON)
    if shape.centred:
        query = query.where(Event.centre_id == bindparam("centre_id"))
    if shape.bridged:
        query = query.where(Event.bridge_kind == bindparam("kind"))
    return query


@cache
def _statement(shape: _List, counted: bool, direction: int | None) -> Select[Any]:
    """The row (item, start, event id) of the list after (`direction` 1), before (-1) or at
    (0) the item heard, or its first (None); `counted` adds the size of the whole list,
    counted up to COUNTED + 1."""
    query = _query(shape)
    found = query.add_columns(Event.starts_at, Event.id)
    if counted:
        some = query.with_only_columns(literal(1), maintain_column_froms=True).limit(COUNTED + 1)
        found = found.add_columns(
            select(func.count()).select_from(some.subquery()).scalar_subquery()
        )
    place = tuple_(Event.starts_at, Event.id)
    if direction is not None and direction < 0:
        return (
            found.where(place < _HEARD).order_by(Event.starts_at.desc(), Event.id.desc()).limit(1)
        )
    if direction is not None:
        found = found.where(place > _HEARD if direction > 0 else place >= _HEARD)
    return found.order_by(Event.starts_at.asc(), Event.id.asc()).limit(1)


def _page(session: Session, shape: _List, values: dict[str, Any], cursor: Cursor) -> Page[Any]:
    """The item of the list at `cursor`, and the list's size: one query; more only when the
    list changed under the caller."""
    tries = [(cursor, cursor.index)]
    if cursor.move > 0:  # past the last of a long list: the item heard, again
        tries.append((Cursor(key=cursor.key), cursor.index - 1))
    if cursor.key is not None:  # the item heard is gone: from the start
        tries.append((Cursor(), 0))
    for at, index in tries:
        row = _at(session, shape, values, at, counted=True)
        if row is not None:
            item, starts_at, event_id, total = row
            size = total if total <= COUNTED else None
            index = max(0, index if size is None else min(index, size - 1))
            return Page(item, (starts_at, event_id), index, size)
    return Page(None, None, 0, 0)


def _at(
    session: Session, shape: _List, values: dict[str, Any], cursor: Cursor, *, counted: bool = False
) -> Any:
    """The row (item, start, event id[, size]) of the list at `cursor`, or None."""
    if cursor.key is None:
        return session.execute(_statement(shape, counted, None), values).first()
    direction = (cursor.move > 0) - (cursor.move < 0)
    heard = {"heard_at": cursor.key[0], "heard_id": cursor.key[1]}
    return session.execute(_statement(shape, counted, direction), values | heard).first()


def _upcoming(now: datetime, centre_id: int | None) -> Select[Any]:
    return open_events(centre_id).where(Event.ends_at > now)


def upcoming(
    session: Session, now: datetime, cursor: Cursor, *, centre_id: int | None = None
) -> Page[Event]:
    """The event at `cursor` among those that have not ended yet (of one centre, if given),
    and how many there are."""
    shape = _List("upcoming", centred=centre_id is not None)
    return _page(session, shape, {"now": now, "centre_id": centre_id}, cursor)


def _live(
    now: datetime, kind: BridgeKind | None, centre_id: int | None
) -> tuple[_List, dict[str, Any]]:
    shape = _List("live", centred=centre_id is not None, bridged=kind is not None)
    return shape, {"now": now, "soon": now + LIVE_AHEAD, "centre_id": centre_id, "kind": kind}


def live(
    session: Session,
    now: datetime,
    cursor: Cursor,
    *,
    kind: BridgeKind | None = None,
    centre_id: int | None = None,
) -> Page[Event]:
    """The event at `cursor` among those running now or starting within 15 minutes (of one
    kind of bridge, of one centre, if given), and how many there are."""
    return _page(session, *_live(now, kind, centre_id), cursor)


def first_live(session: Session, now: datetime, *, centre_id: int | None = None) -> Event | None:
    """The event running now (or starting soonest within 15 minutes): one query."""
    row = _at(session, *_live(now, None, centre_id), Cursor())
    return row[0] if row is not None else None


def by_code(session: Session, code: str, *, centre_id: int | None = None) -> Event | None:
    """The published event with this 4-digit phone code (cancelled ones included); of one
    centre, if given: another centre's code is not found."""
    query = select(Event).where(Event.phone_code == code, Event.published.is_(True))
    if centre_id is not None:
        query = query.where(Event.centre_id == centre_id)
    return session.scalar(query)


def registrations(
    session: Session, resident_id: int, now: datetime, cursor: Cursor
) -> Page[Registration]:
    """The resident's active registration (booked or waiting) at `cursor`, for an event not
    yet over, and how many they have."""
    values = {"resident_id": resident_id, "now": now}
    return _page(session, _List("registrations"), values, cursor)


def news(
    session: Session, now: datetime, limit: int = 10, *, centre_id: int | None = None
) -> list[Announcement]:
    """Current announcements (of one centre, if given), newest first."""
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
    if centre_id is not None:
        query = query.where(Announcement.centre_id == centre_id)
    return list(session.scalars(query))


def upcoming_list(
    session: Session, now: datetime, limit: int, *, centre_id: int | None = None
) -> list[Event]:
    """The next events that have not ended (of one centre, if given), for the info screen."""
    query = _upcoming(now, centre_id).order_by(Event.starts_at, Event.id)
    return list(session.scalars(query.limit(limit)))
