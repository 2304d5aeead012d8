"""A staff recording or upload that replaces a built prompt."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from voice.models.base import Base, utcnow
from voice.models.centre import DEFAULT_CENTRE
from voice.models.recording import Recording


class PromptRecording(Base):
    __tablename__ = "prompt_recordings"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The centre it belongs to (issue 19); made without one: the default centre.
    centre_id: Mapped[int] = mapped_column(
        ForeignKey("centres.id"), index=True, default=DEFAULT_CENTRE
    )
    language: Mapped[str] = mapped_column(String(8))
    prompt_id: Mapped[str] = mapped_column(String(80), index=True)
    recording_id: Mapped[int] = mapped_column(ForeignKey("recordings.id"), unique=True)
    recording: Mapped[Recording] = relationship(lazy="joined")
    recorded_by: Mapped[str | None] = mapped_column(String(120))
    active: Mapped[bool] = mapped_column(default=True)  # the older ones stay, for going back
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def audio_name(self) -> str | None:
        """The recording's file in the audio store, once it is there."""
        return self.recording.audio_name
