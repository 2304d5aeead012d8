"""The call's row: created when the call comes in, found again on every webhook."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from voice.centres import directory
from voice.models import Call


class LostCall(Exception):
    """A webhook names a CallSid we have no row for."""


def start(session: Session, params: Mapping[str, str], *, first: bool = True) -> Call:
    """The row for this CallSid, created on the call's first webhook (a retry finds it).

    For a first webhook (`first`) the row is inserted straight away and looked for only when
    that fails, one statement instead of two; a later one (a restart) looks first."""
    sid = params.get("CallSid", "")
    if not sid:
        raise LostCall("request without CallSid")
    if not first:
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
    try:
        with session.begin_nested():
            session.add(call)
    except IntegrityError:
        # Twilio retried the webhook (or this is a restart): the row is there already.
        return load(session, sid)
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
