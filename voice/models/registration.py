"""A resident's booking or waiting-list place for an event."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from voice.models.base import Base, str_enum, utcnow
from voice.models.event import Event
from voice.models.resident import Resident


class RegistrationStatus(enum.StrEnum):
    BOOKED = "booked"
    WAITING = "waiting"
    CANCELLED = "cancelled"


class Registration(Base):
    __tablename__ = "registrations"
    # One row per resident and event: registering twice (or a retried webhook) finds it.
    __table_args__ = (UniqueConstraint("event_id", "resident_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    resident_id: Mapped[int] = mapped_column(
        ForeignKey("residents.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[RegistrationStatus] = mapped_column(str_enum(RegistrationStatus))
    wants_reminder: Mapped[bool] = mapped_column(default=False)
    source: Mapped[str] = mapped_column(String(20), default="phone")  # phone or staff
    # Waiting-list order: the time the resident joined the list.
    queued_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship(lazy="joined", innerjoin=True)
    resident: Mapped[Resident] = relationship(lazy="joined", innerjoin=True)
