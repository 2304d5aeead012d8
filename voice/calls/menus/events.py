"""`1` Veranstaltungen: the upcoming events, one at a time."""

from __future__ import annotations

from voice.calls.engine import Line, Menu, Turn, register
from voice.calls.menus import paging, registering
from voice.models import Event
from voice.registrations import listings

KEY = "events"


def describe(turn: Turn, event: Event) -> list[Line]:
    """How an event sounds: when, what, and whether seats are left."""
    lines = [Line("events.summary", {"when": turn.when(event.starts_at), "title": event.title})]
    if event.description.strip():
        lines.append(Line("events.description", {"text": event.description.strip()}))
    if event.starts_at <= turn.now:
        lines.append(Line("events.running"))
    seats = event.seats_left
    if seats == 0:
        lines.append(Line("events.full"))
    elif seats == 1:
        lines.append(Line("events.one_seat_left"))
    elif seats is not None:
        lines.append(Line("events.seats_left", {"seats": seats}))
    return lines


def _speak(turn: Turn) -> list[Line] | None:
    page = listings.upcoming(turn.session, turn.now, paging.index(turn, KEY))
    if not paging.opened(turn, KEY, page, "events.none", "main"):
        return None
    position = paging.position(page, "events.position")
    return [*position, *describe(turn, page.item), Line("events.choices")]


def _register(turn: Turn) -> None:
    registering.start(turn, paging.shown_id(turn, KEY))


register(
    Menu(
        name="events",
        speak=_speak,
        keys={
            "1": _register,
            **paging.stepping(KEY, "events", "events.last", "events.first"),
        },
    )
)
