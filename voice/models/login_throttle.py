"""Login attempts per client address, so that one address cannot try password after password
(across accounts, and across worker processes: the count lives in the database)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from voice.models.base import Base


class LoginThrottle(Base):
    """One row per address with attempts in the current window; an address is personal data,
    so a row goes as soon as its window is over."""

    __tablename__ = "login_throttle"

    address: Mapped[str] = mapped_column(String(64), primary_key=True)  # IPv6: its /64
    attempts: Mapped[int] = mapped_column(default=0)  # not counting successful logins
    since: Mapped[datetime]  # the window's start
