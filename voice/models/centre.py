"""A neighbourhood centre: one installation serves several (issue 19). Calls are routed to a
centre by the number they called; events, news, messages, staff recordings and the call log
belong to one. Residents are people of the whole city and belong to none."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, ScalarSelect, String, select
from sqlalchemy.orm import Mapped, mapped_column

from voice.models.base import Base, str_enum, utcnow
from voice.models.user import Role

# The centre a new installation starts with (the first version was written for it).
FIRST_NAME = "Alter Eselsberg"
FIRST_SLUG = "alter-eselsberg"


class Centre(Base):
    __tablename__ = "centres"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)  # in addresses: /screen/<slug>
    name: Mapped[str] = mapped_column(String(120))  # as callers hear it and staff read it
    # The numbers it answers (Twilio's `To`), E.164, separated by spaces.
    numbers: Mapped[str] = mapped_column(String(300), default="", server_default="")
    office_hours: Mapped[str] = mapped_column(String(200), default="", server_default="")
    staff_number: Mapped[str] = mapped_column(String(32), default="", server_default="")  # key 0
    public_number: Mapped[str] = mapped_column(String(40), default="", server_default="")
    # The languages its calls offer, codes separated by spaces; empty: every catalogue's.
    languages: Mapped[str] = mapped_column(String(60), default="", server_default="")
    # Takes the calls to numbers no centre claims (exactly one centre is the default).
    is_default: Mapped[bool] = mapped_column(default=False, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def number_list(self) -> list[str]:
        return self.numbers.split()

    @property
    def language_list(self) -> list[str]:
        return self.languages.split()


class CentreRole(Base):
    """What a staff account may do in one centre (a city-wide administrator needs none)."""

    __tablename__ = "centre_roles"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    centre_id: Mapped[int] = mapped_column(
        ForeignKey("centres.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[Role] = mapped_column(str_enum(Role))


# The default centre's id, as a subquery: the INSERT default of every `centre_id`, so that a
# row made without naming a centre (as in a single-centre installation) belongs to the default.
DEFAULT_CENTRE: ScalarSelect[int] = (
    select(Centre.id).where(Centre.is_default).limit(1).scalar_subquery()
)
