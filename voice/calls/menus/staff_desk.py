"""What staff attend to by phone: residents' messages (done, next, call back), and the
meetings they open as host."""

from __future__ import annotations

from sqlalchemy import func, select

from voice.calls.engine import DIALS, STAFF_ONLY, Audio, Line, Menu, Turn, register, show
from voice.calls.menus import join, paging
from voice.calls.menus.staff import current
from voice.models import BridgeKind, Event, Message
from voice.registrations import listings
from voice.speech import public_url, recording_url


def _messages_speak(turn: Turn) -> list[Line | Audio] | None:
    if current(turn) is None:
        show(turn, "main")
        return None
    # The messages left for the centre whose number the staff member called.
    open_messages = select(Message).where(
        Message.done_at.is_(None), Message.centre_id == turn.place.id
    )
    total = turn.session.scalar(select(func.count()).select_from(open_messages.subquery())) or 0
    index = min(turn.choices.get("staff_message_index", 0), total - 1)
    message = turn.session.scalar(
        open_messages.order_by(Message.created_at.desc()).offset(max(index, 0)).limit(1)
    )
    if message is None:  # none open (or another phone just marked the last one done)
        turn.say("staff.no_messages")
        show(turn, "staff_menu")
        return None
    turn.choices["staff_message"] = message.id
    turn.choices["staff_message_index"] = index
    caller = message.from_number if message.from_number.startswith("+") else None
    spoken = " ".join(caller[-4:]) if caller else turn.voice.catalogue.text("staff.unknown_caller")
    audio = recording_url(message.recording)
    params = {
        "number": index + 1,
        "total": total,
        "when": turn.when(message.created_at),
        "caller": spoken,
    }
    # A recording retention removed is not played (a <Play> of nothing breaks the call).
    played = [Audio(public_url(audio))] if audio else []
    return [Line("staff.message", params), *played, Line("staff.message_choices")]


def _message(turn: Turn) -> Message | None:
    return turn.session.get(Message, turn.choices.get("staff_message") or 0)


def _done(turn: Turn) -> None:
    message, user = _message(turn), current(turn)
    if message is not None and message.done_at is None:
        message.done_at, message.handled_by = turn.now, user.name if user else None
        turn.say("staff.message_done")
    show(turn, "staff_messages")


def _next(turn: Turn) -> None:
    turn.choices["staff_message_index"] = turn.choices.get("staff_message_index", 0) + 1
    show(turn, "staff_messages")


def _call_back(turn: Turn) -> None:
    message = _message(turn)
    if message is None or not message.from_number.startswith("+"):
        show(turn, "staff_messages")
        return
    turn.say("staff.calling_back")
    dial = turn.response.dial(
        action=turn.url("voice.dial", purpose="staff_callback"), method="POST", timeout=30
    )
    dial.number(message.from_number)


DIALS["staff_callback"] = lambda turn: show(turn, "staff_messages")
STAFF_ONLY.add("staff_callback")


register(
    Menu(
        name="staff_messages",
        staff=True,
        speak=_messages_speak,
        back="staff_menu",
        keys={"1": _done, "2": _next, "3": _call_back},
        words={"next": "2"},
    )
)


def _host_speak(turn: Turn) -> list[Line] | None:
    if current(turn) is None:
        show(turn, "main")
        return None
    page = listings.live(
        turn.session,
        turn.now,
        paging.cursor(turn, "host"),
        kind=BridgeKind.CONFERENCE,
        centre_id=turn.place.id,
    )
    event = paging.opened(turn, "host", page, "meeting.no_live", "staff_menu")
    if event is None:
        return None
    return [Line("meeting.host_choice", {"title": turn.title(event)})]


def _host(turn: Turn) -> None:
    event = turn.session.get(Event, paging.shown_id(turn, "host") or 0)
    if event is None:
        show(turn, "staff_menu")
        return
    join.connect(turn, event, host=True)


register(
    Menu(
        name="staff_host",
        staff=True,
        speak=_host_speak,
        back="staff_menu",
        keys={
            "1": _host,
            **paging.stepping("host", "staff_host", "events.last", "events.first"),
        },
        words={"yes": "1", "next": "2", "previous": "3"},
    )
)
