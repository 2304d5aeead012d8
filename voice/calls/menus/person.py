"""`0` Mit einem Menschen sprechen: forwarded to the staff number of the call's centre in its
office hours, otherwise a message for that centre."""

from __future__ import annotations

from voice.calls.engine import DIALS, Menu, Turn, can_transfer, goodbye, register
from voice.calls.menus import message
from voice.models import MessageKind

RING_SECONDS = 25  # then we assume nobody is at the desk


def _speak(turn: Turn) -> None:
    if can_transfer(turn):
        turn.say("person.connecting")
        dial = turn.response.dial(
            action=turn.url("voice.dial", purpose="person"), method="POST", timeout=RING_SECONDS
        )
        dial.number(turn.place.staff_number)
        return None
    turn.say("person.closed", hours=turn.office_hours.spoken(turn.language))
    turn.say("person.leave_message")
    message.record(turn, MessageKind.OFFICE)
    return None


def dial_ended(turn: Turn) -> None:
    """After the transfer: goodbye if they talked, otherwise the offer of a message."""
    if turn.params.get("DialCallStatus") in ("completed", "answered"):
        goodbye(turn)
        return
    turn.say("person.no_answer")
    turn.say("person.leave_message")
    message.record(turn, MessageKind.OFFICE)


DIALS["person"] = dial_ended

register(Menu(name="person", label="Mensch", speak=_speak))
