"""Stepping through a list one item at a time: `2` next, `3` previous (events, bookings).

The call keeps, per list, the item heard (its id and its place in the order), its index and
the list's size; the next webhook asks the list for the item after (or before) that place."""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar

from voice.calls.engine import Handler, Line, Turn, show
from voice.models import Event, Registration
from voice.registrations.listings import COUNTED, Cursor, Page

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
    asked = turn.choices.get(key) or {}
    if asked.get("edge") and page.index < asked["index"]:  # past the end of a long list
        turn.say(asked["edge"])
    remember(turn, key, page, page.item)
    return page.item


def position(page: Page[Any], prompt_id: str, of_many: str) -> list[Line]:
    """ "Veranstaltung 2 von 3." when there is more than one; "… von über 40." (`of_many`)
    for a long list."""
    if not page.several:
        return []
    if page.total is None:
        return [Line(of_many, {"number": page.index + 1, "total": COUNTED})]
    return [Line(prompt_id, {"number": page.index + 1, "total": page.total})]


def remember(turn: Turn, key: str, page: Page[Listed], item: Listed) -> None:
    """Keep which item (of `page`) the caller hears, so that keys act on exactly that one."""
    at = [page.key[0].isoformat(), page.key[1]] if page.key else None
    turn.choices[key] = {"index": page.index, "total": page.total, "id": item.id, "at": at}


def shown_id(turn: Turn, key: str) -> int | None:
    """The id of the item the caller heard last in this list."""
    shown = turn.choices.get(key)
    return shown["id"] if shown else None


def step(turn: Turn, key: str, menu: str, delta: int, edge_prompt: str) -> None:
    """Move to the next or previous item; at either end say so and repeat the item."""
    shown = turn.choices.get(key) or {"index": 0, "total": 0, "id": None}
    target = shown["index"] + delta
    total = shown["total"]
    if target >= 0 and total is None:  # a long list: where it ends shows when we look
        turn.choices[key] = {**shown, "index": target, "move": delta, "edge": edge_prompt}
    elif 0 <= target < total:
        turn.choices[key] = {**shown, "index": target, "move": delta}
    else:
        turn.say(edge_prompt)
    show(turn, menu)


def cursor(turn: Turn, key: str) -> Cursor:
    """Where to look in the list now: the first item when it is new."""
    shown = turn.choices.get(key)
    if not shown or not shown.get("at"):
        return Cursor()
    at, event_id = shown["at"]
    return Cursor(shown["index"], (datetime.fromisoformat(at), event_id), shown.get("move", 0))


def stepping(key: str, menu: str, last: str, first: str) -> dict[str, Handler]:
    """The keys of a list menu: `2` next, `3` previous (saying `last`/`first` at the ends)."""
    return {
        "2": lambda turn: step(turn, key, menu, +1, last),
        "3": lambda turn: step(turn, key, menu, -1, first),
    }
