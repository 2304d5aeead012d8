"""One phone call, keyed by Twilio's CallSid; the call's state lives here, not in cookies."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.ext.mutable import MutableDict
from sqlalchemy.orm import Mapped, mapped_column

from voice.models.base import Base, utcnow
from voice.models.centre import DEFAULT_CENTRE


class Call(Base):
    __tablename__ = "calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The centre it belongs to (issue 19); made without one: the default centre.
    centre_id: Mapped[int] = mapped_column(
        ForeignKey("centres.id"), index=True, default=DEFAULT_CENTRE
    )
    call_sid: Mapped[str] = mapped_column(String(64), unique=True)
    # As Twilio sent it; indexed: an unknown caller's next call finds their chosen language.
    from_number: Mapped[str] = mapped_column(String(32), index=True)
    # The number the caller dialled (Twilio's `To`): it chose the centre; staff see numbers no
    # centre claims. On a call we placed, the number we called from.
    to_number: Mapped[str] = mapped_column(String(32), default="", server_default="")
    resident_id: Mapped[int | None] = mapped_column(
        ForeignKey("residents.id", ondelete="SET NULL"), index=True
    )
    step: Mapped[str] = mapped_column(String(40), default="main")  # the menu the caller is in
    choices: Mapped[dict[str, Any]] = mapped_column(
        MutableDict.as_mutable(JSON), default=dict
    )  # what they picked
    silence_count: Mapped[int] = mapped_column(default=0)
    # The step webhooks (/voice/menu|record|dial/...) the last reply offered: only these may
    # act next (voice/calls/steps.py).
    awaiting: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    # Twilio retries a webhook with the same I-Twilio-Idempotency-Token: we answer it again
    # with the reply we gave, instead of doing the work twice.
    last_token: Mapped[str | None] = mapped_column(String(200))
    last_reply: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="in-progress")
    duration: Mapped[int | None]
    started_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    ended_at: Mapped[datetime | None]
