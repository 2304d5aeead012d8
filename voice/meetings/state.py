"""The state of a meeting, from Twilio's conference status callbacks (stored, idempotent,
tolerant of callbacks that arrive out of order) and from the callers' own keys."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from voice.models import Event, MeetingEvent, MeetingParticipant

PARTICIPANT_EVENTS = {
    "participant-join": {"in_meeting": True},
    "participant-leave": {"in_meeting": False, "speaking": False},
    "participant-mute": {"muted": True},
    "participant-unmute": {"muted": False},
    "participant-speech-start": {"speaking": True},
    "participant-speech-stop": {"speaking": False},
}


def conference_name(event: Event) -> str:
    """The name of the event's Twilio conference."""
    return f"quartier-event-{event.id}"


def participant(
    session: Session, event_id: int, call_sid: str, label: str = ""
) -> MeetingParticipant:
    """The row of this call in this meeting, made on first use."""
    row = session.scalar(
        select(MeetingParticipant).where(
            MeetingParticipant.event_id == event_id, MeetingParticipant.call_sid == call_sid
        )
    )
    if row is None:
        row = MeetingParticipant(event_id=event_id, call_sid=call_sid, label=label)
        try:
            with session.begin_nested():
                session.add(row)
        except IntegrityError:  # the same callback in another request
            return participant(session, event_id, call_sid, label)
    elif label and not row.label:
        row.label = label
    return row


def record(
    session: Session, event_id: int, params: Mapping[str, str], label: str, now: datetime
) -> bool:
    """Store one conference status callback and apply it, unless it was seen or is stale.

    False when Twilio sent this callback before (nothing was stored), True otherwise.
    """
    kind = params.get("StatusCallbackEvent", "")
    sequence = int(params.get("SequenceNumber") or 0)
    try:
        with session.begin_nested():
            session.add(
                MeetingEvent(
                    event_id=event_id,
                    conference_sid=params.get("ConferenceSid", ""),
                    sequence=sequence,
                    kind=kind,
                    call_sid=params.get("CallSid", ""),
                    payload=dict(params),
                )
            )
    except IntegrityError:
        return False  # Twilio sent this one before
    changes = PARTICIPANT_EVENTS.get(kind)
    if changes is None or not params.get("CallSid"):
        return True
    row = participant(session, event_id, params["CallSid"], label)
    if sequence <= row.last_sequence:
        return True  # an older callback that arrived late: the newer state stands
    row.last_sequence = sequence
    for field, value in changes.items():
        setattr(row, field, value)
    if kind == "participant-join":
        row.joined_at, row.left_at = row.joined_at or now, None
        row.muted = params.get("Muted") == "true"
    elif kind == "participant-leave":
        row.left_at = now
    return True


def present(session: Session, event_id: int) -> list[MeetingParticipant]:
    """Everyone on the phone in the meeting now."""
    return list(
        session.scalars(
            select(MeetingParticipant)
            .where(MeetingParticipant.event_id == event_id, MeetingParticipant.in_meeting.is_(True))
            .order_by(MeetingParticipant.joined_at, MeetingParticipant.id)
        )
    )
