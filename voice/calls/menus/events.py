"""`1` Veranstaltungen: the upcoming events, one at a time."""

from __future__ import annotations

from voice.calls.engine import Line, Menu, Turn, register
from voice.calls.menus import paging, registering
from voice.registrations import listings
from voice.speech.dynamic import describe_event

KEY = "events"


def _speak(turn: Turn) -> list[Line] | None:
    page = listings.upcoming(
        turn.session, turn.now, paging.cursor(turn, KEY), centre_id=turn.place.id
    )
    event = paging.opened(turn, KEY, page, "events.none", "main")
    if event is None:
        return None
    position = paging.position(page, "events.position", "events.position_of_many")
    return [
        *position,
        *describe_event(event, turn.now, turn.tz, language=turn.language),
        Line("events.choices"),
    ]


def _register(turn: Turn) -> None:
    registering.start(turn, paging.shown_id(turn, KEY))


register(
    Menu(
        name="events",
        label="Veranstaltungen",
        speak=_speak,
        keys={
            "1": _register,
            **paging.stepping(KEY, "events", "events.last", "events.first"),
        },
        words={"register": "1", "yes": "1", "next": "2", "no": "2", "previous": "3"},
    )
)
