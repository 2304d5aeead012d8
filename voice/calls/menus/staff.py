"""The staff line: `8` in the main menu, the staff code from another phone, the PIN."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from voice.calls.engine import Line, Menu, Turn, goto, register, show
from voice.models import User, utcnow

STAFF_PHONES = "staff_phones"  # the cache of staff numbers, in app.extensions["stamped"]
STAFF = "staff"  # choices: the account that passed the PIN
CANDIDATE = "staff_candidate"  # choices: the account whose PIN is asked
MAX_PIN_FAILURES = 3
LOCK_FOR = timedelta(minutes=30)


def staff_phones(session: Session) -> frozenset[str]:
    """The numbers of the staff accounts with phone access."""
    query = select(User.phone).where(User.phone.is_not(None), User.pin_hash.is_not(None))
    return frozenset(phone for phone in session.scalars(query) if phone)


def is_staff_phone(turn: Turn) -> bool:
    """True when the caller's number belongs to staff: no query on a resident's call (the
    numbers are kept per process until staff accounts change, see voice/caches.py)."""
    if turn.caller is None:
        return False
    numbers = current_app.extensions["stamped"][STAFF_PHONES].get(lambda: turn.session)
    return turn.caller in numbers


def staff_by_phone(turn: Turn) -> User | None:
    """The account of the caller's number, if it belongs to staff."""
    if not is_staff_phone(turn):
        return None
    return turn.session.scalar(
        select(User).where(User.phone == turn.caller, User.pin_hash.is_not(None))
    )


def enter(turn: Turn) -> None:
    """`8` in the main menu: the PIN for a staff number, otherwise the staff code first."""
    user = staff_by_phone(turn)
    if user is None:
        show(turn, "staff_code")
        return
    turn.choices[CANDIDATE] = user.id
    show(turn, "staff_pin")


def current(turn: Turn) -> User | None:
    """The staff member of this call, once the PIN was right."""
    user_id = turn.choices.get(STAFF)
    return turn.session.get(User, user_id) if user_id else None


def _code_entered(turn: Turn, code: str) -> None:
    user = turn.session.scalar(
        select(User).where(User.staff_code == code, User.pin_hash.is_not(None))
    )
    if user is None:
        turn.say("staff.unknown_code")
        if not _count_try(turn):
            show(turn, "staff_code")
        return
    turn.choices[CANDIDATE] = user.id
    show(turn, "staff_pin")


def _count_try(turn: Turn) -> bool:
    """Counts a wrong try in this call; True (and the call ends) after the third."""
    tries = turn.choices.get("staff_tries", 0) + 1
    turn.choices["staff_tries"] = tries
    if tries >= MAX_PIN_FAILURES:
        turn.say("staff.too_many")  # nothing is locked by this call's tries alone
        turn.response.hangup()
        return True
    return False


def _pin_entered(turn: Turn, pin: str) -> None:
    user = turn.session.get(User, turn.choices.get(CANDIDATE) or 0)
    now = utcnow()
    if user is None:
        show(turn, "main")
        return
    # The try is counted before the PIN is checked, in one statement: calls guessing at the
    # same moment each see the count after their own try (a Python `+= 1` let every one of
    # them read the old count and check its PIN). No row: phone access is locked.
    tries = turn.session.scalar(
        update(User)
        .where(
            User.id == user.id,
            or_(User.phone_locked_until.is_(None), User.phone_locked_until <= now),
        )
        .values(pin_failures=User.pin_failures + 1)
        .returning(User.pin_failures),
        execution_options={"synchronize_session": False},
    )
    if tries is None or tries > MAX_PIN_FAILURES:
        turn.say("staff.locked")
        turn.response.hangup()
        return
    if user.check_pin(pin):
        _set_pin_state(turn, user, failures=0, locked_until=None)
        turn.choices[STAFF] = user.id
        show(turn, "staff_menu")
        return
    if tries >= MAX_PIN_FAILURES:
        _set_pin_state(turn, user, failures=0, locked_until=now + LOCK_FOR)
        turn.say("staff.locked")
        turn.response.hangup()
        return
    turn.say("staff.wrong_pin")
    if not _count_try(turn):
        show(turn, "staff_pin")


def _set_pin_state(turn: Turn, user: User, *, failures: int, locked_until: datetime | None) -> None:
    turn.session.execute(
        update(User)
        .where(User.id == user.id)
        .values(pin_failures=failures, phone_locked_until=locked_until),
        execution_options={"synchronize_session": False},
    )


def _menu_speak(turn: Turn) -> list[Line] | None:
    if current(turn) is None:
        show(turn, "main")
        return None
    return [Line("staff.menu")]


register(
    Menu(
        name="staff_code",
        speak=lambda turn: [Line("staff.enter_code")],
        digits=6,
        entry=_code_entered,
    )
)
register(
    Menu(
        name="staff_pin", speak=lambda turn: [Line("staff.enter_pin")], digits=6, entry=_pin_entered
    )
)
register(
    Menu(
        name="staff_menu",
        staff=True,
        speak=_menu_speak,
        keys={
            "1": goto("staff_record"),
            "2": goto("staff_messages"),
            "3": goto("staff_prompt_number"),
            "4": goto("staff_host"),
        },
    )
)
