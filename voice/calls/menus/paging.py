"""Stepping through a list one item at a time: `2` next, `3` previous (events, bookings)."""

from __future__ import annotations

from typing import Any, TypeVar

from voice.calls.engine import Handler, Line, Turn, show
from voice.models import Event, Registration
from voice.registrations.listings import Page

Listed = TypeVar("Listed", Event, Registration)  # what callers step through


def opened(
    turn: Turn, key: str, page: Page[Listed] | None, empty: str, elsewhere: str
) -> Listed | None:
    """The item the caller will hear, remembered; for an empty list say `empty` and go on to
    the menu `elsewhere` instead (None)."""
    if page is None or page.item is None:
        turn.say(empty)
        show(turn, elsewhere)
        return None
    remember(turn, key, page, page.item)
    return page.item


def position(page: Page[Any], prompt_id: str) -> list[Line]:
    """ "Veranstaltung 2 von 3." when there is more than one."""
    if page.total < 2:
        return []
    return [Line(prompt_id, {"number": page.index + 1, "total": page.total})]


def remember(turn: Turn, key: str, page: Page[Listed], item: Listed) -> None:
    """Keep which item (of `page`) the caller hears, so that keys act on exactly that one."""
    turn.choices[key] = {"index": page.index, "total": page.total, "id": item.id}


def shown_id(turn: Turn, key: str) -> int | None:
    """The id of the item the caller heard last in this list."""
    shown = turn.choices.get(key)
    return shown["id"] if shown else None


def step(turn: Turn, key: str, menu: str, delta: int, edge_prompt: str) -> None:
    """Move to the next or previous item; at either end say so and repeat the item."""
    shown = turn.choices.get(key) or {"index": 0, "total": 0, "id": None}
    target = shown["index"] + delta
    if 0 <= target < shown["total"]:
        turn.choices[key] = {**shown, "index": target}
    else:
        turn.say(edge_prompt)
    show(turn, menu)


def index(turn: Turn, key: str) -> int:
    """The index to show now (0 when the list is new)."""
    shown = turn.choices.get(key)
    return shown["index"] if shown else 0


def stepping(key: str, menu: str, last: str, first: str) -> dict[str, Handler]:
    """The keys of a list menu: `2` next, `3` previous (saying `last`/`first` at the ends)."""
    return {
        "2": lambda turn: step(turn, key, menu, +1, last),
        "3": lambda turn: step(turn, key, menu, -1, first),
    }
