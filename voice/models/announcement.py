"""News from the centre: text to be spoken or a recording to be played."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from voice.models.base import Base, utcnow


class Announcement(Base):
    __tablename__ = "announcements"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str | None] = mapped_column(Text)  # spoken when there is no audio
    audio_url: Mapped[str | None] = mapped_column(String(500))
    valid_from: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    valid_until: Mapped[datetime | None]
    published: Mapped[bool] = mapped_column(default=True)
    # Higher is read first; then the newest first.
    priority: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    recording_sid: Mapped[str | None] = mapped_column(String(64), unique=True)  # recorded by phone
    created_by: Mapped[str | None] = mapped_column(String(120))
