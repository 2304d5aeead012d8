"""What we keep about one resident: the DSGVO export (Art. 15 and 20) and erasure (Art. 17)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from voice.models import Call, Message, Registration, Resident
from voice.registrations import booking
from voice.registrations.listings import ACTIVE

ERASED = "gelöscht"  # what an erased caller's number reads as in the call log


def export(session: Session, person: Resident) -> dict[str, Any]:
    """Everything we keep about one person (DSGVO Art. 15 and 20)."""
    regs = session.scalars(select(Registration).where(Registration.resident_id == person.id)).all()
    msgs = session.scalars(select(Message).where(Message.resident_id == person.id)).all()
    calls = session.scalars(select(Call).where(Call.resident_id == person.id)).all()
    return {
        "resident": {
            "phone": person.phone,
            "name": person.name,
            "language": person.language,
            "name_recording_url": person.name_recording.source_url
            if person.name_recording
            else None,
            "created_at": person.created_at.isoformat(),
            "consent_at": person.consent_at.isoformat() if person.consent_at else None,
        },
        "registrations": [
            {
                "event": r.event.title,
                "starts_at": r.event.starts_at.isoformat(),
                "status": r.status.value,
                "wants_reminder": r.wants_reminder,
                "source": r.source,
                "created_at": r.created_at.isoformat(),
            }
            for r in regs
        ],
        "messages": [
            {
                "kind": m.kind.value,
                "recording_url": (m.recording.source_url or "") if m.recording else "",
                "duration": m.duration,
                "created_at": m.created_at.isoformat(),
            }
            for m in msgs
        ],
        "calls": [
            {"started_at": c.started_at.isoformat(), "duration": c.duration, "status": c.status}
            for c in calls
        ],
    }


def erase(session: Session, person: Resident) -> None:
    """Erase everything about one person; their seats go to the waiting list first."""
    active = session.scalars(
        select(Registration).where(
            Registration.resident_id == person.id, Registration.status.in_(ACTIVE)
        )
    ).all()
    for registration in active:
        booking.cancel(session, registration)
    session.execute(
        update(Call)
        .where((Call.resident_id == person.id) | (Call.from_number == person.phone))
        .values(from_number=ERASED, resident_id=None, choices={}, last_reply=None)
    )
    for message in session.scalars(
        select(Message).where(
            (Message.resident_id == person.id) | (Message.from_number == person.phone)
        )
    ):
        session.delete(message)
    session.delete(person)  # registrations go with it (ON DELETE CASCADE)
