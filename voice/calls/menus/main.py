"""The greeting and the main menu."""

from __future__ import annotations

from voice.calls.engine import Line, Menu, Turn, goto, register, show
from voice.calls.menus import staff
from voice.registrations import listings


def greet(turn: Turn) -> None:
    """Welcome the caller (by name when we know it) and tell them their next event."""
    resident = turn.resident
    if resident is not None and resident.name:
        turn.say("greeting.welcome_named", name=resident.name)
    else:
        turn.say("greeting.welcome")
    if resident is not None:
        event = listings.next_registered(turn.session, resident, turn.now)
        if event is not None:
            turn.say("greeting.next_event", title=event.title, when=turn.when(event.starts_at))
    show(turn, "main")


def _speak(turn: Turn) -> list[Line]:
    lines = []
    event = listings.first_live(turn.session, turn.now)
    if event is not None:
        lines.append(Line("greeting.live_now", {"title": event.title}))
    lines.append(Line("main.menu"))
    if staff.is_staff_phone(turn):
        lines.append(Line("staff.offer"))  # never announced to residents
    return lines


register(
    Menu(
        name="main",
        label="Hauptmenü",
        speak=_speak,
        keys={
            "1": goto("events"),
            "2": goto("mine"),
            "3": goto("join"),
            "4": goto("news"),
            "5": goto("message"),
            "8": staff.enter,
            "*": goto("main"),  # nothing to go back to: say the menu again
        },
    )
)
