"""The reminder call, as the resident hears it: who calls, the event and its time, then
`1` join now, `2` not this time (asked once more: it gives the seat away), `9` repeat.
A machine hears a short message after its beep."""

from __future__ import annotations

import logging

from voice.calls.engine import Line, Menu, Turn, goodbye, register, show
from voice.calls.menus import join
from voice.centres import directory
from voice.models import Reminder, ReminderKind, ReminderState, utcnow
from voice.registrations import booking
from voice.registrations.residents import readable

log = logging.getLogger(__name__)
KEY = "reminder"  # choices: the reminder this call is for
MACHINES = ("machine_start", "machine_end_beep", "machine_end_silence", "machine_end_other", "fax")


def answered(turn: Turn, reminder_id: int) -> None:
    """The called phone picked up: a person hears the menu, a machine a short message."""
    reminder = turn.session.get(Reminder, reminder_id)
    if reminder is None or not _placed_by(reminder, turn):
        goodbye(turn)
        return
    turn.choices[KEY] = reminder.id
    event = reminder.registration.event
    turn.belong_to(directory().by_id(event.centre_id))  # the event's centre calls
    when = turn.when(event.starts_at)
    centre = turn.place.name
    if turn.params.get("AnsweredBy", "human") in MACHINES:
        _finish(reminder, ReminderState.MACHINE)
        # The centre's number as printed on its flyer; else ours as residents dial it
        # ("0731 …"), never "+ 4 9 …" digit by digit.
        ours = turn.params.get("From", "")
        number = turn.place.public_number or readable(ours, turn.config["PHONE_REGION"])
        number = spoken_number(number or ours)
        turn.say(
            "reminder.machine", centre=centre, title=turn.title(event), when=when, number=number
        )
        turn.response.hangup()
        return
    if reminder.state in (ReminderState.CALLING, ReminderState.PLANNED):
        reminder.state = ReminderState.ANSWERED
    turn.say("reminder.intro", centre=centre)
    show(
        turn,
        "reminder_cancelled" if reminder.kind is ReminderKind.CANCELLATION else "reminder_call",
    )


def _placed_by(reminder: Reminder, turn: Turn) -> bool:
    """True when this call is the one placed for the reminder: it is being called, and by
    this call once the dialer noted the CallSid. The URL names the reminder, and a signed
    request could name any; only its own call may decline or join for the resident."""
    if reminder.state is ReminderState.CALLING and reminder.call_sid in (None, turn.call.call_sid):
        return True
    log.warning(
        "reminder %s answered by CallSid %s, placed as %s (%s): goodbye",
        reminder.id,
        turn.call.call_sid,
        reminder.call_sid,
        reminder.state.value,
    )
    return False


def spoken_number(number: str) -> str:
    """'0731 123' as '0 7 3 1, 1 2 3': digit by digit, with a breath between the groups."""
    return ", ".join(" ".join(group) for group in number.split())


def _finish(reminder: Reminder, state: ReminderState) -> None:
    reminder.state, reminder.finished_at = state, reminder.finished_at or utcnow()


def _reminder(turn: Turn) -> Reminder | None:
    return turn.session.get(Reminder, turn.choices.get(KEY) or 0)


def _speak(turn: Turn) -> list[Line] | None:
    reminder = _reminder(turn)
    if reminder is None:
        show(turn, "main")
        return None
    event = reminder.registration.event
    return [
        Line("reminder.event", {"title": turn.title(event), "when": turn.when(event.starts_at)}),
        Line("reminder.choices"),
    ]


def _join(turn: Turn) -> None:
    reminder = _reminder(turn)
    if reminder is None:  # erased with its resident while the phone rang
        show(turn, "main")
        return
    _finish(reminder, ReminderState.JOINED)
    join.connect(turn, reminder.registration.event)  # before the start they wait with the others


def _decline(turn: Turn) -> None:
    reminder = _reminder(turn)
    if reminder is None:  # erased with its resident: nothing left to cancel
        show(turn, "main")
        return
    booking.cancel(turn.session, reminder.registration)  # the seat goes to the waiting list
    _finish(reminder, ReminderState.DECLINED)
    turn.say("reminder.declined")
    goodbye(turn)


def _decline_speak(turn: Turn) -> list[Line] | None:
    reminder = _reminder(turn)
    if reminder is None:
        show(turn, "main")
        return None
    return [Line("reminder.confirm_decline", {"title": turn.title(reminder.registration.event)})]


def _keep(turn: Turn) -> None:
    turn.say("mine.kept")
    goodbye(turn)


def _cancelled_speak(turn: Turn) -> list[Line] | None:
    reminder = _reminder(turn)
    if reminder is None:
        show(turn, "main")
        return None
    _finish(reminder, ReminderState.ANSWERED)
    event = reminder.registration.event
    # `9` repeats it: the engine announces that at the end, as in every menu.
    return [
        Line("reminder.cancelled", {"title": turn.title(event), "when": turn.when(event.starts_at)})
    ]


register(
    Menu(
        name="reminder_call",
        speak=_speak,
        keys={"1": _join, "2": lambda turn: show(turn, "reminder_decline")},
        words={"join": "1", "yes": "1", "no": "2", "cancel": "2"},
        max_silence=2,
    )
)
register(
    Menu(
        name="reminder_decline",
        speak=_decline_speak,
        keys={"1": _decline, "2": _keep},
        words={"yes": "1", "cancel": "1", "no": "2", "keep": "2"},
        back="reminder_call",
        max_silence=2,
    )
)
register(Menu(name="reminder_cancelled", speak=_cancelled_speak, max_silence=1))
