"""News from the centre: text to be spoken or a recording to be played."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from voice.models.base import Base, utcnow
from voice.models.centre import DEFAULT_CENTRE
from voice.models.recording import Recording


class Announcement(Base):
    __tablename__ = "announcements"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The centre it belongs to (issue 19); made without one: the default centre.
    centre_id: Mapped[int] = mapped_column(
        ForeignKey("centres.id"), index=True, default=DEFAULT_CENTRE
    )
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str | None] = mapped_column(Text)  # spoken when there is no audio
    # Played instead of the text: uploaded, recorded in the browser or by phone.
    recording_id: Mapped[int | None] = mapped_column(ForeignKey("recordings.id"), unique=True)
    recording: Mapped[Recording | None] = relationship(lazy="joined")
    valid_from: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    valid_until: Mapped[datetime | None]
    published: Mapped[bool] = mapped_column(default=True)
    # Higher is read first; then the newest first.
    priority: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(120))
