"""What a greeting speaks of: the event running now, the caller's next booking and the next
event they could book, found in one query whatever the number of events (issue 16)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import ColumnElement, ScalarSelect, Select, bindparam, or_, select
from sqlalchemy.orm import Session

from voice.models import Event, Registration
from voice.registrations import listings


@cache
def _statement(*, centred: bool) -> Select[Event, bool]:
    """The greeting's query, built once (as the lists' are): its values are bound."""
    mine = select(Registration.event_id).where(
        Registration.resident_id == bindparam("resident_id"),
        Registration.status.in_(listings.ACTIVE),
    )
    seats = or_(Event.capacity.is_(None), Event.seats_taken < Event.capacity)

    def first(here: bool, *conditions: ColumnElement[bool]) -> ScalarSelect[int]:
        query = (
            listings.open_events()
            .with_only_columns(Event.id)
            .where(Event.ends_at > listings.NOW, *conditions)
        )
        if here:
            query = query.where(Event.centre_id == bindparam("centre_id"))
        return query.order_by(Event.starts_at, Event.id).limit(1).scalar_subquery()

    ids = [
        first(centred, Event.starts_at <= listings.SOON),
        first(False, Event.id.in_(mine)),
        first(centred, Event.starts_at > listings.SOON, Event.id.not_in(mine), seats),
    ]
    return (
        select(Event, Event.id.in_(mine))
        .where(Event.id.in_(ids))
        .order_by(Event.starts_at, Event.id)
    )


@dataclass(frozen=True)
class Greeting:
    """What a greeting speaks of: the first event running now (or within 15 minutes), the
    caller's next registered event, and the next one they could book (not started, seats
    free, not registered for)."""

    live: Event | None
    booked: Event | None
    offer: Event | None


def find(
    session: Session, resident_id: int | None, now: datetime, *, centre_id: int | None = None
) -> Greeting:
    """The greeting's three events, in one query: each is the first of its kind (a scalar
    subquery), the rows come back with whether the caller is registered. With `centre_id`
    the running and the offered event are that centre's; the caller's next booking is theirs
    wherever they booked (a resident is one person across the city)."""
    soon = now + listings.LIVE_AHEAD
    values = {"resident_id": resident_id, "now": now, "soon": soon, "centre_id": centre_id}
    query = _statement(centred=centre_id is not None)
    rows = session.execute(query, values).all()
    # The subqueries chose the rows; which is which follows from the same conditions.
    here = [e for e, _m in rows if centre_id is None or e.centre_id == centre_id]
    mine_ids = {e.id for e, m in rows if m}
    bookable = [
        e for e in here if e.id not in mine_ids and e.starts_at > soon and e.seats_left != 0
    ]
    return Greeting(
        live=next((e for e in here if e.starts_at <= soon), None),
        booked=next((e for e, m in rows if m), None),
        offer=bookable[0] if bookable else None,
    )
