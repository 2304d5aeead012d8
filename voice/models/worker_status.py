"""How each background worker last fared, for /health: written after every round."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from voice.models.base import Base


class WorkerStatus(Base):
    """One row per worker (`reminders`, `recordings`, `prompts`), whichever process ran it."""

    __tablename__ = "worker_status"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    last_ok_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_at: Mapped[datetime | None]
    failures: Mapped[int] = mapped_column(default=0)  # failed rounds in a row
    host: Mapped[str] = mapped_column(String(80), default="")  # host:pid of the last round
