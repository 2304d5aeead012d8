"""A staff account for the admin page."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import String, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from voice.models.base import Base, str_enum, utcnow


class Role(enum.StrEnum):
    ADMIN = "admin"  # everything, including accounts
    STAFF = "staff"  # everything but accounts
    VOLUNTEER = "volunteer"  # registrations on a resident's behalf, printing


class User(UserMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(300))
    # The role the account was created with (and, before centres, its only one). Nothing
    # decides on it any more: what an account may do is its CentreRole per centre.
    role: Mapped[Role] = mapped_column(str_enum(Role))
    # Sees and manages every centre, creates new ones (issue 19); other accounts have a role
    # per centre (CentreRole).
    city_admin: Mapped[bool] = mapped_column(default=False, server_default="0")
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    # The staff line: calling from this number, or typing the staff code from any phone,
    # then the PIN (stored hashed; three wrong PINs lock phone access for a while).
    phone: Mapped[str | None] = mapped_column(String(20), unique=True)
    staff_code: Mapped[str | None] = mapped_column(String(8), unique=True)
    pin_hash: Mapped[str | None] = mapped_column(String(300))
    pin_failures: Mapped[int] = mapped_column(default=0, server_default="0")
    phone_locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def set_password(self, password: str) -> None:
        """Store a salted hash (werkzeug's scrypt), never the password."""
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def set_pin(self, pin: str) -> None:
        self.pin_hash = generate_password_hash(pin)

    def check_pin(self, pin: str) -> bool:
        if not self.pin_hash:
            return False
        return check_password_hash(self.pin_hash, pin)


def accounts_exist(session: Session) -> bool:
    """True once there is any staff account (the admin login and the softphone both ask)."""
    return bool(session.scalar(select(func.count()).select_from(User)))
