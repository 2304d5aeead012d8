"""`5` Nachricht hinterlassen (and the message after `0` when nobody answers): record,
listen back, keep or record again. A recording is kept unless the caller discards it, also
when they hang up before choosing."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from voice.calls.engine import RECORDINGS, Audio, Line, Menu, Turn, register, show
from voice.models import Call, Message, MessageKind
from voice.recordings import jobs as recordings

PENDING = "recording"  # choices key: the recording waiting for "keep"
MAX_SECONDS = 120


def record(turn: Turn, kind: MessageKind = MessageKind.MESSAGE) -> None:
    """Ask for the message and record it."""
    turn.choices["message_kind"] = kind.value
    turn.say("message.instructions")
    turn.response.record(
        action=turn.url("voice.record", purpose="message"),
        recording_status_callback=turn.url("voice.recording_status", purpose="message"),
        method="POST",
        max_length=MAX_SECONDS,
        timeout=6,  # older callers pause to think; six seconds of silence end it
        finish_on_key="#",
        play_beep=True,
        trim="trim-silence",
    )
    # Twilio goes on here when nothing was recorded.
    turn.say("message.nothing_heard")
    show(turn, "main")


def recorded(turn: Turn) -> None:
    """The recording is there: play it back and ask what to do with it."""
    turn.choices[PENDING] = {
        "sid": turn.params.get("RecordingSid", ""),
        "url": turn.params.get("RecordingUrl", ""),
        "duration": int(turn.params.get("RecordingDuration") or 0),
        "kind": turn.choices.get("message_kind", MessageKind.MESSAGE.value),
    }
    turn.say("message.playback")
    show(turn, "message_review")


RECORDINGS["message"] = recorded


def _review_speak(turn: Turn) -> list[Line | Audio] | None:
    pending = turn.choices.get(PENDING)
    if not pending:
        show(turn, "main")
        return None
    return [Audio(pending["url"]), Line("message.choices")]


def _keep(turn: Turn) -> None:
    save_pending(turn.session, turn.call)
    turn.say("message.saved")
    show(turn, "main")


def _again(turn: Turn) -> None:
    turn.choices.pop(PENDING, None)
    record(turn, MessageKind(turn.choices.get("message_kind", MessageKind.MESSAGE.value)))


def _discard(turn: Turn) -> None:
    turn.choices.pop(PENDING, None)
    turn.say("message.discarded")
    show(turn, "main")


def save_pending(session: Session, call: Call) -> Message | None:
    """Store the call's pending recording as a message for staff; once, however often called."""
    pending = call.choices.pop(PENDING, None)
    if not pending or not pending.get("sid"):
        return None
    recording = recordings.phone_recording(
        session, pending["sid"], pending["url"], "message", call.call_sid
    )
    existing = session.scalar(select(Message).where(Message.recording_id == recording.id))
    if existing is not None:
        return existing
    message = Message(
        kind=MessageKind(pending["kind"]),
        from_number=call.from_number,
        resident_id=call.resident_id,
        call_sid=call.call_sid,
        recording=recording,
        duration=pending["duration"],
        centre_id=call.centre_id,  # for the staff of the centre the caller rang
    )
    session.add(message)
    session.flush()
    return message


register(Menu(name="message", label="Nachricht", speak=lambda turn: record(turn)))
register(
    Menu(
        name="message_review",
        label="Nachricht anhören",
        speak=_review_speak,
        # `*` leaves the review: the message is kept, as when the caller hangs up.
        keys={"1": _keep, "2": _again, "3": lambda turn: show(turn, "message_discard"), "*": _keep},
        words={"save": "1", "rerecord": "2", "discard": "3"},
    )
)
register(
    Menu(
        name="message_discard",
        label="Nachricht löschen?",
        speak=lambda turn: [Line("message.confirm_discard")],
        keys={"1": _discard, "2": lambda turn: show(turn, "message_review")},
        words={"yes": "1", "discard": "1", "no": "2"},
        back="message_review",
    )
)
