"""Who is on the phone in an event's meeting, from Twilio's conference status callbacks."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from voice.models.base import Base, utcnow


class MeetingParticipant(Base):
    __tablename__ = "meeting_participants"
    __table_args__ = (UniqueConstraint("event_id", "call_sid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    call_sid: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(120), default="")  # name or masked number
    joined_at: Mapped[datetime | None]
    left_at: Mapped[datetime | None]
    in_meeting: Mapped[bool] = mapped_column(default=False)
    muted: Mapped[bool] = mapped_column(default=False)
    hand_raised: Mapped[bool] = mapped_column(default=False)
    speaking: Mapped[bool] = mapped_column(default=False)
    last_sequence: Mapped[int] = mapped_column(default=0)  # callbacks may arrive out of order


class MeetingEvent(Base):
    """Every conference status callback, as Twilio sent it (once, however often it is sent)."""

    __tablename__ = "meeting_events"
    __table_args__ = (UniqueConstraint("event_id", "conference_sid", "sequence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    conference_sid: Mapped[str] = mapped_column(String(64), default="")
    sequence: Mapped[int]
    kind: Mapped[str] = mapped_column(String(40))
    call_sid: Mapped[str] = mapped_column(String(64), default="")
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
