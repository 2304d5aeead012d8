"""`3` Jetzt teilnehmen: live events first, else the event's 4-digit number; then the bridge."""

from __future__ import annotations

from urllib.parse import quote

from twilio.twiml.voice_response import Dial

from voice.calls.engine import DIALS, Line, Menu, Turn, goodbye, register, show
from voice.calls.menus import paging
from voice.meetings import state as meetings
from voice.models import BridgeKind, Event
from voice.registrations import listings

KEY = "live"
DIAL_TIMEOUT = 30  # seconds a gateway or dial-in number may take to answer
FAILURES = {"busy": "join.failed_busy", "no-answer": "join.failed_no_answer"}


def _speak(turn: Turn) -> list[Line] | None:
    page = listings.live(turn.session, turn.now, paging.cursor(turn, KEY), centre_id=turn.place.id)
    event = paging.opened(turn, KEY, page, "join.none_live", "join_code")
    if event is None:
        return None
    if event.starts_at <= turn.now:
        lines = [
            Line(
                "join.live_started",
                {"title": turn.title(event), "time": turn.time(event.starts_at)},
            )
        ]
    else:
        lines = [
            Line("join.live_soon", {"title": turn.title(event), "time": turn.when(event.starts_at)})
        ]
    lines.append(Line("join.choices_many" if page.several else "join.choices_one"))
    return lines


def _code_speak(turn: Turn) -> list[Line]:
    return [Line("join.enter_code")]


def _code_entered(turn: Turn, code: str) -> None:
    event = listings.by_code(turn.session, code, centre_id=turn.place.id)
    if event is None:
        turn.say("join.unknown_code", code=" ".join(code))
        show(turn, "join_code")
    elif event.cancelled_at is not None:
        turn.say("join.cancelled", title=turn.title(event))
        show(turn, "main")
    elif event.ends_at <= turn.now:
        turn.say("join.over", title=turn.title(event))
        show(turn, "main")
    elif event.starts_at > turn.now + listings.LIVE_AHEAD:
        turn.say("join.not_yet", title=turn.title(event), when=turn.when(event.starts_at))
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


def connect(turn: Turn, event: Event, *, host: bool = False) -> None:
    """Bridge the caller into the event's meeting (after its PIN, when it has one); a host
    (staff, from the staff line) opens the meeting for those who wait."""
    turn.choices["joined"] = event.id
    turn.choices["host"] = host
    if event.pin and not host and event.id not in turn.choices.get("pin_ok", []):
        show(turn, "join_pin")
        return
    turn.say("join.connecting", title=turn.title(event))
    if event.bridge_kind is BridgeKind.CONFERENCE and not turn.choices.get("star_hint"):
        turn.choices["star_hint"] = True  # said once, when the caller first enters
        turn.say("meeting.star_hint")
    enter(turn, event)


def enter(turn: Turn, event: Event) -> None:
    """The <Dial> into the meeting; `*` brings a conference caller to the meeting menu."""
    conference = event.bridge_kind is BridgeKind.CONFERENCE
    dial = turn.response.dial(
        action=turn.url("voice.dial", purpose="join"),
        method="POST",
        timeout=DIAL_TIMEOUT,
        hangup_on_star=conference,
    )
    _bridge(turn, dial, event)


def _bridge(turn: Turn, dial: Dial, event: Event) -> None:
    if event.bridge_kind is BridgeKind.CONFERENCE:
        host = bool(turn.choices.get("host"))
        dial.conference(
            meetings.conference_name(event),
            muted=bool(turn.choices.get("muted")),
            start_conference_on_enter=host or not event.wait_for_host,
            end_conference_on_exit=host and event.end_with_host,
            beep="onEnter",
            wait_url=turn.url("voice.meeting_hold"),  # our own calm music, not Twilio's
            wait_method="POST",
            status_callback=turn.url("voice.meeting_status", event=event.id),
            status_callback_event="start end join leave mute speaker",
        )
    elif event.bridge_kind is BridgeKind.SIP:
        # Jigasi reads the room from a header; Twilio passes on X- headers given in the URI.
        room = f"?X-Room-Name={quote(event.bridge_room)}" if event.bridge_room else ""
        dial.sip(event.bridge_target + room)
    else:
        dial.number(event.bridge_target, send_digits=event.bridge_digits or None)


def _pin_entered(turn: Turn, pin: str) -> None:
    event = turn.session.get(Event, turn.choices.get("joined") or 0)
    if event is None:
        show(turn, "main")
        return
    if pin == event.pin:
        turn.choices["pin_ok"] = [*turn.choices.get("pin_ok", []), event.id]
        connect(turn, event)
        return
    tries = turn.choices.get("pin_tries", 0) + 1
    turn.choices["pin_tries"] = tries
    turn.say("meeting.wrong_pin")
    if tries >= 3:
        goodbye(turn)
    else:
        show(turn, "join_pin")


def dial_ended(turn: Turn) -> None:
    """Twilio reports how the bridge ended: `*` pressed, the end, or why it failed."""
    status = turn.params.get("DialCallStatus", "")
    event = turn.session.get(Event, turn.choices.get("joined") or 0)
    conference = (
        event is not None
        and event.cancelled_at is None
        and event.ends_at > turn.now
        and event.bridge_kind is BridgeKind.CONFERENCE
    )
    if status in ("completed", "answered") and conference:
        show(turn, "meeting")  # `*` (hangupOnStar): the meeting menu; # goes back in
        return
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
        label="Jetzt teilnehmen",
        speak=_speak,
        keys={
            "1": _join_shown,
            **paging.stepping(KEY, "join", "events.last", "events.first"),
            "4": lambda turn: show(turn, "join_code"),
        },
        words={"join": "1", "yes": "1", "next": "2", "previous": "3", "number": "4"},
    )
)
register(
    Menu(
        name="join_code", label="Nummer eingeben", speak=_code_speak, digits=4, entry=_code_entered
    )
)
register(
    Menu(
        name="join_pin",
        speak=lambda turn: [Line("meeting.enter_pin")],
        digits=6,
        entry=_pin_entered,
    )
)
register(
    Menu(
        name="join_failed",
        label="Verbindung gescheitert",
        speak=lambda turn: [Line("join.failed_choices")],
        keys={"1": _retry},
        words={"retry": "1", "yes": "1"},
    )
)
