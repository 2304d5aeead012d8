"""An event of the virtual neighbourhood and the bridge that puts a phone into it."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from voice.models.base import Base, str_enum, utcnow
from voice.models.centre import DEFAULT_CENTRE


class BridgeKind(enum.StrEnum):
    CONFERENCE = "conference"  # a Twilio conference room
    SIP = "sip"  # a SIP gateway of a video meeting (Jigasi, BigBlueButton)
    PHONE = "phone"  # a dial-in number plus the keys to type after it


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint("capacity IS NULL OR seats_taken <= capacity", name="not_overbooked"),
        CheckConstraint("seats_taken >= 0", name="seats_taken_positive"),
        # The order of every caller's list: the next event is one row of this index.
        Index("ix_events_starts_at_id", "starts_at", "id"),
        # One centre's list, in the same order (and its centre_id alone).
        Index("ix_events_centre_id_starts_at_id", "centre_id", "starts_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The centre it belongs to (issue 19); made without one: the default centre.
    centre_id: Mapped[int] = mapped_column(ForeignKey("centres.id"), default=DEFAULT_CENTRE)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")  # one sentence, meant to be spoken
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    capacity: Mapped[int | None]  # None: unlimited
    # Booked seats, kept by the registration service with one conditional UPDATE, so that
    # two callers pressing 1 for the last seat at once can never both get it.
    seats_taken: Mapped[int] = mapped_column(default=0)
    published: Mapped[bool] = mapped_column(default=True)
    cancelled_at: Mapped[datetime | None]
    phone_code: Mapped[str] = mapped_column(String(4), unique=True)  # typed to join
    bridge_kind: Mapped[BridgeKind] = mapped_column(str_enum(BridgeKind))
    bridge_target: Mapped[str] = mapped_column(String(500), default="")
    bridge_digits: Mapped[str | None] = mapped_column(String(100))  # sendDigits for `phone`
    bridge_room: Mapped[str | None] = mapped_column(String(300))  # Jitsi room, sent to Jigasi
    # Conference events: callers wait with music until a host (staff, by phone) opens it,
    # and optionally the meeting ends when the host leaves.
    wait_for_host: Mapped[bool] = mapped_column(default=False, server_default="0")
    end_with_host: Mapped[bool] = mapped_column(default=False, server_default="0")
    pin: Mapped[str | None] = mapped_column(String(8))  # asked before joining, when set
    remind_minutes: Mapped[int] = mapped_column(default=10, server_default="10")
    remind_day_before: Mapped[bool] = mapped_column(default=False, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # What staff typed in the other languages a call speaks: {"en": {"title": ...,
    # "description": ...}, "tr": {...}}; `title` and `description` above are German.
    translations: Mapped[dict[str, dict[str, str]]] = mapped_column(
        JSON, default=dict, server_default="{}"
    )

    def title_in(self, language: str) -> str | None:
        """The title in a call's language; None where staff typed none (then the German one
        is spoken, introduced in the caller's language)."""
        if language == "de":
            return self.title
        return (self.translations or {}).get(language, {}).get("title", "").strip() or None

    def description_in(self, language: str) -> str | None:
        """The description in a call's language; None where staff typed none."""
        if language == "de":
            return self.description
        return (self.translations or {}).get(language, {}).get("description", "").strip() or None

    @property
    def seats_left(self) -> int | None:
        """Free seats, or None when the event has no limit."""
        if self.capacity is None:
            return None
        return max(self.capacity - self.seats_taken, 0)
