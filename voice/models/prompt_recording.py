"""A staff recording or upload that replaces a built prompt."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from voice.models.base import Base, utcnow


class PromptRecording(Base):
    __tablename__ = "prompt_recordings"

    id: Mapped[int] = mapped_column(primary_key=True)
    language: Mapped[str] = mapped_column(String(8))
    prompt_id: Mapped[str] = mapped_column(String(80), index=True)
    audio_name: Mapped[str | None] = mapped_column(String(64))  # in the audio store, once there
    recording_sid: Mapped[str | None] = mapped_column(String(64), unique=True)  # made by phone
    source: Mapped[str] = mapped_column(String(20))  # upload, phone, browser
    recorded_by: Mapped[str | None] = mapped_column(String(120))
    active: Mapped[bool] = mapped_column(default=True)  # the older ones stay, for going back
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
