"""A resident: someone who phones in, identified by their number."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from voice.models.base import Base, utcnow
from voice.models.recording import Recording


class Resident(Base):
    __tablename__ = "residents"

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(20), unique=True)  # E.164
    # Typed by staff; callers only give a recording of their name.
    name: Mapped[str | None] = mapped_column(String(120))
    name_recording_id: Mapped[int | None] = mapped_column(ForeignKey("recordings.id"))
    name_recording: Mapped[Recording | None] = relationship(lazy="joined")
    language: Mapped[str] = mapped_column(String(8), default="de")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When the resident agreed that we keep their number, name and recordings (DSGVO).
    consent_at: Mapped[datetime | None]

    @property
    def is_known(self) -> bool:
        """True when we have the resident's name, typed or recorded."""
        return bool(self.name or self.name_recording is not None)
