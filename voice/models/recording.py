"""One recording we keep or are about to keep: made by phone (fetched from Twilio into our
storage), uploaded or recorded in the browser. Every place that uses it refers to it by id."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from voice.models.base import Base, str_enum, utcnow


class RecordingState(enum.StrEnum):
    RECORDING = "recording"  # kept by a caller; Twilio has not yet said it is complete
    PENDING = "pending"  # to be fetched (again)
    READY = "ready"  # converted and in our audio store
    FAILED = "failed"  # gave up; last_error says why
    REFUSED = "refused"  # its URL is not the provider's (RECORDINGS_HOSTS): never fetched
    DISCARDED = "discarded"  # nobody kept it (the caller recorded again): not stored
    REMOVED = "removed"  # its retention period was over, or nothing uses it any more


class RecordingSource(enum.StrEnum):
    PHONE = "phone"
    UPLOAD = "upload"
    BROWSER = "browser"


class Recording(Base):
    __tablename__ = "recordings"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[RecordingSource] = mapped_column(
        str_enum(RecordingSource), default=RecordingSource.PHONE, server_default="phone"
    )
    sid: Mapped[str | None] = mapped_column(String(64), unique=True)  # Twilio's RecordingSid
    source_url: Mapped[str | None] = mapped_column(String(500))  # at Twilio, until fetched
    purpose: Mapped[str] = mapped_column(String(20))  # name, message, announcement, prompt
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
