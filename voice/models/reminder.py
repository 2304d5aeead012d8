"""A reminder call for one registration: planned, claimed by a dialer, called, and how it ended."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from voice.models.base import Base, str_enum, utcnow
from voice.models.registration import Registration


class ReminderKind(enum.StrEnum):
    BEFORE = "before"  # minutes before the start
    DAY_BEFORE = "day_before"
    CANCELLATION = "cancellation"  # the event was cancelled


class ReminderState(enum.StrEnum):
    PLANNED = "planned"
    CALLING = "calling"
    ANSWERED = "answered"
    JOINED = "joined"
    DECLINED = "declined"  # pressed 2: not this time
    MACHINE = "machine"
    NO_ANSWER = "no_answer"
    BUSY = "busy"
    FAILED = "failed"
    SKIPPED = "skipped"  # too late, or no longer wanted


OPEN_STATES = (ReminderState.PLANNED, ReminderState.CALLING)


class Reminder(Base):
    __tablename__ = "reminders"
    __table_args__ = (UniqueConstraint("registration_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[ReminderKind] = mapped_column(str_enum(ReminderKind))
    state: Mapped[ReminderState] = mapped_column(str_enum(ReminderState), index=True)
    due_at: Mapped[datetime] = mapped_column(index=True)  # next attempt
    attempts: Mapped[int] = mapped_column(default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(80))
    claimed_at: Mapped[datetime | None]
    placed_at: Mapped[datetime | None]  # Twilio reported the call as initiated
    call_sid: Mapped[str | None] = mapped_column(String(64))
    finished_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)  # why the provider refused the call
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    registration: Mapped[Registration] = relationship(lazy="joined", innerjoin=True)


class DialerClock(Base):
    """One row: the earliest moment the next call may be placed, shared by every dialer, so
    that together they never exceed the configured rate."""

    __tablename__ = "dialer_clock"

    id: Mapped[int] = mapped_column(primary_key=True)
    next_slot: Mapped[datetime]
