"""Registering for an event: name (first time), reminder wish, booking, read-back."""

from __future__ import annotations

from voice.calls.engine import RECORDINGS, Line, Menu, Turn, register, show
from voice.models import Event, RegistrationStatus
from voice.recordings import jobs as recordings
from voice.registrations import booking, residents
from voice.registrations.booking import Outcome
from voice.speech.dates import spoken_days

PENDING = "booking"  # choices key: {"event": id, "waitlist": bool, "then": menu afterwards}
SKIP_NAME = "2"  # "no", as in every menu: the caller registers without saying their name


def start(turn: Turn, event_id: int | None, *, then: str = "events") -> None:
    """The caller pressed 1 on an event (in the list, or offered by the greeting); `then`
    is the menu they come back to."""
    event = turn.session.get(Event, event_id) if event_id else None
    if turn.caller is None:
        turn.say("register.withheld")
        show(turn, then)
        return
    if event is None or event.cancelled_at is not None:
        turn.say("events.gone")
        show(turn, then)
        return
    if _already(turn, event):
        show(turn, then)
        return
    turn.choices[PENDING] = {"event": event.id, "waitlist": event.seats_left == 0, "then": then}
    if event.seats_left == 0:
        show(turn, "waitlist_offer")
    else:
        ask_name_or_reminder(turn)


def _already(turn: Turn, event: Event) -> bool:
    resident = turn.resident
    existing = booking.current(turn.session, event.id, resident) if resident else None
    if existing is None or existing.status is RegistrationStatus.CANCELLED:
        return False
    if existing.status is RegistrationStatus.BOOKED:
        turn.say("register.already", title=turn.title(event))
    else:
        turn.say("register.already_waiting", title=turn.title(event))
    return True


def ask_name_or_reminder(turn: Turn) -> None:
    """A caller we do not know yet says their name once; everyone is asked about reminders."""
    resident = turn.resident
    if resident is not None and resident.is_known:
        show(turn, "reminder")
        return
    # Why we keep the name, how long, and that it may go (DSGVO Art. 13), then how to skip.
    period = spoken_days(turn.config["RETAIN_NAMES_DAYS"], turn.voice.catalogue)
    turn.say("register.name_privacy", period=period)
    turn.say("register.say_name")
    turn.response.record(
        action=turn.url("voice.record", purpose="name"),
        recording_status_callback=turn.url("voice.recording_status", purpose="name"),
        method="POST",
        max_length=10,
        timeout=5,  # older callers take a breath before their name (3 s cut them off)
        finish_on_key="#" + SKIP_NAME,
        play_beep=True,
        trim="trim-silence",
    )
    # Twilio goes on here when nothing was recorded (also when the caller skipped at once).
    turn.say("register.name_missing")
    turn.response.redirect(turn.url("voice.menu", name="reminder"), method="POST")


def name_recorded(turn: Turn) -> None:
    """Keep the recording of the caller's name with the resident, unless they skipped it."""
    if turn.caller is None:  # `start` turned withheld numbers away before the recording
        show(turn, "main")
        return
    if turn.params.get("Digits") == SKIP_NAME:  # what was recorded is not kept
        turn.say("register.name_missing")
        show(turn, "reminder")
        return
    resident = residents.find_or_create(turn.session, turn.caller, turn.voice.catalogue.language)
    sid = turn.params.get("RecordingSid", "")
    resident.name_recording = (
        recordings.phone_recording(
            turn.session, sid, turn.params.get("RecordingUrl", ""), "name", turn.call.call_sid
        )
        if sid
        else None
    )
    turn.call.resident_id = resident.id
    show(turn, "reminder")


RECORDINGS["name"] = name_recorded


def _pending_event(turn: Turn) -> Event | None:
    pending = turn.choices.get(PENDING)
    return turn.session.get(Event, pending["event"]) if pending else None


def _waitlist_speak(turn: Turn) -> list[Line] | None:
    event = _pending_event(turn)
    if event is None:
        show(turn, "events")
        return None
    return [Line("register.waitlist_offer", {"title": turn.title(event)})]


def _reminder_speak(turn: Turn) -> list[Line] | None:
    if _pending_event(turn) is None or turn.caller is None:
        show(turn, "events")
        return None
    return [Line("register.reminder_question")]


def finish(turn: Turn, wants_reminder: bool) -> None:
    """Book the seat (or waiting-list place) and read back what was booked."""
    event = _pending_event(turn)
    pending = turn.choices.pop(PENDING, None)
    if event is None or pending is None or turn.caller is None:
        show(turn, "events")
        return
    resident = residents.find_or_create(turn.session, turn.caller, turn.voice.catalogue.language)
    turn.call.resident_id = resident.id
    result = booking.book(turn.session, event.id, resident, wants_reminder=wants_reminder)
    when = turn.when(event.starts_at)
    if result.outcome is Outcome.BOOKED:
        turn.say("register.booked", title=turn.title(event), when=when)
    elif result.outcome is Outcome.WAITING:
        if not pending["waitlist"]:
            turn.say("register.last_seat_gone")
        turn.say("register.waiting", title=turn.title(event), when=when, position=result.position)
    elif result.outcome is Outcome.ALREADY_BOOKED:
        turn.say("register.already", title=turn.title(event))
    elif result.outcome is Outcome.ALREADY_WAITING:
        turn.say("register.already_waiting", title=turn.title(event))
    else:
        turn.say("register.closed")
    if result.outcome in (Outcome.BOOKED, Outcome.WAITING):
        turn.say("register.reminder_yes" if wants_reminder else "register.reminder_no")
    show(turn, pending.get("then", "events"))


register(
    Menu(
        name="waitlist_offer",
        label="Warteliste angeboten",
        speak=_waitlist_speak,
        keys={"1": ask_name_or_reminder, "2": lambda turn: show(turn, "events")},
        words={"yes": "1", "waitlist": "1", "no": "2"},
        back="events",
    )
)
register(
    Menu(
        name="reminder",
        label="Erinnerung gefragt",
        speak=_reminder_speak,
        keys={"1": lambda turn: finish(turn, True), "2": lambda turn: finish(turn, False)},
        words={"yes": "1", "reminder": "1", "no": "2"},
        back="events",
    )
)
