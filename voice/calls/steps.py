"""The step a call is in, checked before a key, a recording or a dial result acts.

A signature only shows that Twilio sent the request, not that the call is where the URL says:
a request can name any menu, recording or dial. So each reply notes the step webhooks it
offers (a <Gather>'s action and its silence, a <Record>'s or <Dial>'s action, a <Redirect>;
see `Turn.url`), the call keeps them, and only those may act next; the staff's steps also
need a staff login in this call. Anything else hears the menu the call is in again."""

from __future__ import annotations

import logging

from voice.calls.engine import MENUS, STAFF_ONLY, Turn, show
from voice.calls.menus import staff

log = logging.getLogger(__name__)


def allowed(turn: Turn, path: str, name: str) -> bool:
    """True when the call's last reply offered `path` (and, for a staff step, a staff
    member logged in in this call and still has phone access)."""
    if path not in turn.call.awaiting:
        return False
    return name not in STAFF_ONLY or staff_login(turn)


def staff_login(turn: Turn) -> bool:
    """True when a staff member passed the PIN in this call and still has phone access."""
    user = staff.current(turn)
    return user is not None and user.pin_hash is not None


def refuse(turn: Turn, path: str) -> None:
    """Out of step: say the menu the call is in again (the main menu when that is a staff
    menu without a staff login), and log what was asked."""
    step = turn.call.step
    if step not in MENUS or (step in STAFF_ONLY and not staff_login(turn)):
        step = "main"
    log.warning(
        "webhook %s is not a step of CallSid %s (in %s, offered %s): menu %s again",
        path,
        turn.call.call_sid,
        turn.call.step,
        turn.call.awaiting,
        step,
    )
    show(turn, step)


def remember(turn: Turn) -> None:
    """Keep the step webhooks this reply offered: the only ones that may act next."""
    turn.call.awaiting = sorted(turn.offered)
