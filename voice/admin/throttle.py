"""How many login attempts a client address has left, counted in the database.

Each attempt is counted *before* its password is checked, by one atomic statement
(`INSERT ... ON CONFLICT DO UPDATE ... RETURNING`), so concurrent requests and several worker
processes cannot slip past the limit between reading and writing the count. A successful
login gives its attempt back: only wrong passwords (and unknown accounts) use up the limit."""

from __future__ import annotations

import ipaddress
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, delete, select, update
from sqlalchemy.orm import Session

from voice.models import LoginThrottle

MAX_ATTEMPTS = 20  # per address and window: enough for a centre whose staff share one address
WINDOW = timedelta(minutes=15)


def client_key(address: str | None) -> str:
    """The address to count under: an IPv4 address, or the /64 network of an IPv6 one (one
    home or phone usually has a whole /64, and could otherwise count afresh per address)."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return "unknown"
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def allows(session: Session, address: str, now: datetime) -> bool:
    """Count one attempt from `address`; False when the window's attempts are used up."""
    cutoff = now - WINDOW
    _forget_old(session, cutoff)
    # The dialect of the database in use, imported here: a worker need not load the other's.
    dialect = session.get_bind().dialect.name
    insert: Any
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    expired = LoginThrottle.since <= cutoff
    statement = (
        insert(LoginThrottle)
        .values(address=address, attempts=1, since=now)
        .on_conflict_do_update(
            index_elements=[LoginThrottle.address],
            set_={
                "attempts": case((expired, 1), else_=LoginThrottle.attempts + 1),
                "since": case((expired, now), else_=LoginThrottle.since),
            },
        )
        .returning(LoginThrottle.attempts)
    )
    attempts = session.scalar(statement)
    return attempts is not None and attempts <= MAX_ATTEMPTS


def succeeded(session: Session, address: str) -> None:
    """A right password: its attempt does not count against the address."""
    session.execute(
        update(LoginThrottle)
        .where(LoginThrottle.address == address, LoginThrottle.attempts > 0)
        .values(attempts=LoginThrottle.attempts - 1)
    )


def _forget_old(session: Session, cutoff: datetime) -> None:
    # Rows another login is counting right now are left for the next one (SKIP LOCKED on
    # PostgreSQL), so two logins never wait for each other's old rows.
    old = select(LoginThrottle.address).where(LoginThrottle.since <= cutoff)
    session.execute(
        delete(LoginThrottle).where(
            LoginThrottle.address.in_(old.with_for_update(skip_locked=True))
        )
    )
