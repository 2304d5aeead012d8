"""`3` Jetzt teilnehmen: live events first, else the event's 4-digit number; then the bridge."""

from __future__ import annotations

from twilio.twiml.voice_response import Dial

from voice.calls import listings
from voice.calls.engine import DIALS, Line, Menu, Turn, register, show
from voice.calls.menus import paging
from voice.models import BridgeKind, Event

KEY = "live"
DIAL_TIMEOUT = 30  # seconds a gateway or dial-in number may take to answer
FAILURES = {"busy": "join.failed_busy", "no-answer": "join.failed_no_answer"}


def _speak(turn: Turn) -> list[Line] | None:
    page = listings.live(turn.session, turn.now, paging.index(turn, KEY))
    if not paging.opened(turn, KEY, page, "join.none_live", "join_code"):
        return None
    event = page.item
    if event.starts_at <= turn.now:
        lines = [
            Line("join.live_started", {"title": event.title, "time": turn.time(event.starts_at)})
        ]
    else:
        lines = [Line("join.live_soon", {"title": event.title, "time": turn.when(event.starts_at)})]
    lines.append(Line("join.choices_many" if page.total > 1 else "join.choices_one"))
    return lines


def _code_speak(turn: Turn) -> list[Line]:
    return [Line("join.enter_code")]


def _code_entered(turn: Turn, code: str) -> None:
    event = listings.by_code(turn.session, code)
    if event is None:
        turn.say("join.unknown_code", code=" ".join(code))
        show(turn, "join_code")
    elif event.cancelled_at is not None:
        turn.say("join.cancelled", title=event.title)
        show(turn, "main")
    elif event.ends_at <= turn.now:
        turn.say("join.over", title=event.title)
        show(turn, "main")
    elif event.starts_at > turn.now + listings.LIVE_AHEAD:
        turn.say("join.not_yet", title=event.title, when=turn.when(event.starts_at))
        show(turn, "main")
    else:
        connect(turn, event)


def _join_shown(turn: Turn) -> None:
    event_id = paging.shown_id(turn, KEY)
    event = turn.session.get(Event, event_id) if event_id else None
    if event is None or event.cancelled_at is not None or event.ends_at <= turn.now:
        turn.say("events.gone")
        show(turn, "join")
        return
    connect(turn, event)


def connect(turn: Turn, event: Event) -> None:
    """Bridge the caller into the event's meeting with the event's kind of bridge."""
    turn.choices["joined"] = event.id
    turn.say("join.connecting", title=event.title)
    dial = turn.response.dial(
        action=turn.url("voice.dial", purpose="join"), method="POST", timeout=DIAL_TIMEOUT
    )
    _bridge(dial, event)


def _bridge(dial: Dial, event: Event) -> None:
    if event.bridge_kind is BridgeKind.CONFERENCE:
        dial.conference(
            f"quartier-event-{event.id}",
            start_conference_on_enter=True,
            end_conference_on_exit=False,
            beep="onEnter",
        )
    elif event.bridge_kind is BridgeKind.SIP:
        dial.sip(event.bridge_target)
    else:
        dial.number(event.bridge_target, send_digits=event.bridge_digits or None)


def dial_ended(turn: Turn) -> None:
    """Twilio reports how the bridge ended: completed, or why it failed."""
    status = turn.params.get("DialCallStatus", "")
    if status in ("completed", "answered"):
        turn.say("join.ended")
        show(turn, "main")
        return
    turn.say(FAILURES.get(status, "join.failed_error"))
    show(turn, "join_failed")


def _retry(turn: Turn) -> None:
    event = turn.session.get(Event, turn.choices.get("joined") or 0)
    if event is None or event.cancelled_at is not None or event.ends_at <= turn.now:
        turn.say("events.gone")
        show(turn, "main")
        return
    connect(turn, event)


DIALS["join"] = dial_ended

register(
    Menu(
        name="join",
        speak=_speak,
        keys={
            "1": _join_shown,
            **paging.stepping(KEY, "join", "events.last", "events.first"),
            "4": lambda turn: show(turn, "join_code"),
        },
    )
)
register(Menu(name="join_code", speak=_code_speak, digits=4, entry=_code_entered))
register(
    Menu(
        name="join_failed",
        speak=lambda turn: [Line("join.failed_choices")],
        keys={"1": _retry},
    )
)
