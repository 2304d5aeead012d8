"""The call's row: created when the call comes in, found again on every webhook."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from voice.centres import directory
from voice.models import Call


class LostCall(Exception):
    """A webhook names a CallSid we have no row for."""


def start(session: Session, params: Mapping[str, str]) -> Call:
    """The row for this CallSid: found when there is one (Twilio retried the webhook, or the
    call goes on after an apology), else made for the call's first webhook.

    A new row is only added to the session: it is written at the commit, with the call's
    state and reply, in one INSERT. Until then the webhook only reads, so on SQLite it holds
    no write lock while it builds the greeting (voice/db.py)."""
    sid = params.get("CallSid", "")
    if not sid:
        raise LostCall("request without CallSid")
    call = find(session, sid)
    if call is not None:
        return call
    # On a call we placed (a reminder), the resident is the one we called, and ours is the
    # number we called from. Ours chooses the centre (the directory is kept: no query).
    outbound = params.get("Direction", "").startswith("outbound")
    resident_number = params.get("To" if outbound else "From", "")
    ours = params.get("From" if outbound else "To", "")
    call = Call(
        call_sid=sid,
        from_number=resident_number[:32],
        to_number=ours[:32],
        centre_id=directory().for_number(ours).id,
        choices={},
    )
    session.add(call)
    return call


# Built once: every webhook runs it, and building it cost more than running it.
_BY_SID = select(Call).where(Call.call_sid == bindparam("sid"))


def find(session: Session, sid: str) -> Call | None:
    """The call with this CallSid, if we have it."""
    return session.scalar(_BY_SID, {"sid": sid})


def load(session: Session, sid: str) -> Call:
    """The call with this CallSid; LostCall when we have none."""
    call = find(session, sid) if sid else None
    if call is None:
        raise LostCall(f"no call with CallSid {sid!r}")
    return call
