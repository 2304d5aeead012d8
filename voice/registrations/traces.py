"""Where one resident's data lies beyond their own row: their calls (in and out) and every
recording made in them or kept for them. Export and erasure ask the same questions here, so
that what staff can download is what erasure removes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, exists, or_, select
from sqlalchemy.orm import Session

from voice.models import Base, Call, Message, Recording, Registration, Reminder, Resident


def call_sids(session: Session, person: Resident) -> list[str]:
    """Every call with this person: the ones they made and the reminder calls we placed."""
    theirs = select(Call.call_sid).where(
        (Call.resident_id == person.id) | (Call.from_number == person.phone)
    )
    reminded = (
        select(Reminder.call_sid)
        .join(Registration, Reminder.registration_id == Registration.id)
        .where(Registration.resident_id == person.id, Reminder.call_sid.is_not(None))
    )
    found = set(session.scalars(theirs)) | {sid for sid in session.scalars(reminded) if sid}
    return sorted(found)


def messages(session: Session, person: Resident, sids: list[str]) -> list[Message]:
    """The person's messages: by their row, their number, or a call of theirs."""
    return list(
        session.scalars(
            select(Message)
            .where(
                (Message.resident_id == person.id)
                | (Message.from_number == person.phone)
                | Message.call_sid.in_(sids)
            )
            .order_by(Message.created_at, Message.id)
        )
    )


def recordings(session: Session, person: Resident, sids: list[str]) -> list[Recording]:
    """Every recording of the person: their name, their messages, and whatever else was
    recorded in their calls (a name said again, a message recorded again, not kept)."""
    own = [person.name_recording_id] + [m.recording_id for m in messages(session, person, sids)]
    return list(
        session.scalars(
            select(Recording)
            .where(
                Recording.id.in_([i for i in own if i is not None]) | Recording.call_sid.in_(sids)
            )
            .order_by(Recording.created_at, Recording.id)
        )
    )


def references() -> list[Column[Any]]:
    """Every column that refers to a recording, read from the models (none listed by hand)."""
    target = Recording.__table__.c.id
    return [
        key.parent
        for table in Base.metadata.tables.values()
        for key in table.foreign_keys
        if key.column is target
    ]


def in_use(session: Session, ids: list[int]) -> set[int]:
    """Those of the recordings that some row still refers to."""
    if not ids:
        return set()
    used = or_(*(exists().where(column == Recording.id) for column in references()))
    return set(session.scalars(select(Recording.id).where(Recording.id.in_(ids), used)))
