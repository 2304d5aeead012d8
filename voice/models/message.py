"""A recorded message from a resident for the staff."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from voice.models.base import Base, str_enum, utcnow
from voice.models.centre import DEFAULT_CENTRE
from voice.models.recording import Recording


class MessageKind(enum.StrEnum):
    MESSAGE = "message"  # menu 5: a message, an idea, a wish
    OFFICE = "office"  # menu 0: nobody at the centre could take the call


class Message(Base):
    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The centre it belongs to (issue 19); made without one: the default centre.
    centre_id: Mapped[int] = mapped_column(
        ForeignKey("centres.id"), index=True, default=DEFAULT_CENTRE
    )
    kind: Mapped[MessageKind] = mapped_column(str_enum(MessageKind))
    from_number: Mapped[str] = mapped_column(String(32))
    resident_id: Mapped[int | None] = mapped_column(
        ForeignKey("residents.id", ondelete="SET NULL"), index=True
    )
    call_sid: Mapped[str] = mapped_column(String(64))
    # Unique: a retried webhook or a hang-up after the recording stores it only once.
    # None once retention took the recording away.
    recording_id: Mapped[int | None] = mapped_column(ForeignKey("recordings.id"), unique=True)
    recording: Mapped[Recording | None] = relationship(lazy="joined")
    duration: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    done_at: Mapped[datetime | None]
    handled_by: Mapped[str | None] = mapped_column(String(120))  # who takes care of it
