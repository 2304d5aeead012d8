"""A recording made at Twilio (a name, a message), on its way into our own storage."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from voice.models.base import Base, str_enum, utcnow


class RecordingState(enum.StrEnum):
    PENDING = "pending"  # to be fetched (again)
    READY = "ready"  # converted and in our audio store
    FAILED = "failed"  # gave up; last_error says why
    DISCARDED = "discarded"  # nobody kept it (the caller recorded again): not stored
    REMOVED = "removed"  # its retention period was over


class Recording(Base):
    __tablename__ = "recordings"

    id: Mapped[int] = mapped_column(primary_key=True)
    sid: Mapped[str] = mapped_column(String(64), unique=True)  # Twilio's RecordingSid
    source_url: Mapped[str] = mapped_column(String(500))
    purpose: Mapped[str] = mapped_column(String(20))  # name, message
    call_sid: Mapped[str] = mapped_column(String(64), default="")
    state: Mapped[RecordingState] = mapped_column(str_enum(RecordingState), index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    claimed_by: Mapped[str | None] = mapped_column(String(80))
    claimed_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    audio_name: Mapped[str | None] = mapped_column(String(64))  # in the audio store
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    fetched_at: Mapped[datetime | None]
