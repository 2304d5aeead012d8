"""Inside a meeting: `*` brings the caller here and `*` (or silence) back. `1` mute or unmute,
`2` raise or lower the hand, `3` who is here, `4` leave; `0` is a person, as everywhere."""

from __future__ import annotations

from voice.calls.engine import Line, Menu, Turn, register, show
from voice.calls.menus import join
from voice.meetings import state as meetings
from voice.models import Event, MeetingParticipant, utcnow


def _event(turn: Turn) -> Event | None:
    return turn.session.get(Event, turn.choices.get("joined") or 0)


def _joined(turn: Turn) -> Event:
    """The event of the meeting the caller is in (events are cancelled, never deleted)."""
    return turn.session.get_one(Event, turn.choices["joined"])


def _me(turn: Turn, event: Event) -> MeetingParticipant:
    return meetings.participant(turn.session, event.id, turn.call.call_sid)


def _speak(turn: Turn) -> list[Line] | None:
    event = _event(turn)
    if event is None:
        show(turn, "main")
        return None
    muted = bool(turn.choices.get("muted"))
    hand = _me(turn, event).hand_raised
    return [
        Line("meeting.menu_intro", {"title": turn.title(event)}),
        Line("meeting.unmute" if muted else "meeting.mute"),
        Line("meeting.lower_hand" if hand else "meeting.raise_hand"),
        Line("meeting.choices"),
    ]


def _toggle_mute(turn: Turn) -> None:
    turn.choices["muted"] = not turn.choices.get("muted")
    turn.say("meeting.now_muted" if turn.choices["muted"] else "meeting.now_unmuted")
    show(turn, "meeting")


def _toggle_hand(turn: Turn) -> None:
    me = _me(turn, _joined(turn))
    me.hand_raised = not me.hand_raised
    turn.say("meeting.hand_raised" if me.hand_raised else "meeting.hand_lowered")
    show(turn, "meeting")


def _who(turn: Turn) -> None:
    event = _joined(turn)
    here = [p for p in meetings.present(turn.session, event.id) if p.call_sid != turn.call.call_sid]
    turn.say("meeting.count", count=len(here))
    speaking = [p.label for p in here if p.speaking and p.label]
    if speaking:
        turn.say("meeting.speaking", names=", ".join(speaking))
    show(turn, "meeting")


def _back(turn: Turn) -> None:
    event = _event(turn)
    if event is None or event.ends_at <= utcnow():
        show(turn, "main")
        return
    join.enter(turn, event)  # straight back in, without the greeting


def _leave(turn: Turn) -> None:
    turn.say("meeting.left")
    show(turn, "main")


register(
    Menu(
        name="meeting",
        speak=_speak,
        keys={"1": _toggle_mute, "2": _toggle_hand, "3": _who, "4": _leave, "*": _back},
        words={"mute": "1", "hand": "2", "who": "3", "leave": "4"},
        on_silence=_back,  # a caller who says nothing wants to be back with the others
    )
)
