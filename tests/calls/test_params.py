"""Webhook parameters are made safe before they reach the menus, the database or the TwiML
(voice/calls/params.py): what the review's fuzzing found, one case each. A left-out value is
a WARNING; the caller hears what they hear when it is missing, never an apology."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from voice.models import Call, Message, Recording, Role, User

RECORDING_URL = "https://api.twilio.com/2010-04-01/Accounts/AC0/Recordings/RE1"


@pytest.fixture
def no_errors(caplog):
    """Fails the test when anything was logged as an ERROR."""
    caplog.set_level(logging.WARNING)
    yield caplog
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


def _warned(caplog, text: str) -> bool:
    return any(r.levelno == logging.WARNING and text in r.getMessage() for r in caplog.records)


def _call(session, sid: str) -> Call:
    call = session.scalar(select(Call).where(Call.call_sid == sid))
    session.refresh(call)
    return call


def test_a_nul_byte_in_the_keys_is_left_out(phone, no_errors):
    phone.call()
    reply = phone.post("/voice/menu/main", Digits="\x00")  # phone.post parses the TwiML
    assert reply.one("Gather").get("action") == "/voice/menu/main"
    assert _warned(no_errors, "Digits without its control characters")


def test_keys_no_keypad_sends_are_left_out(phone, session, no_errors):
    """'²' is a digit to Python's isdigit(), and int('²') fails."""
    user = User(email="anna@q.de", name="Anna", role=Role.STAFF, phone=phone.number)
    user.set_password("ein-langes-Passwort")
    user.set_pin("4711")
    session.add(user)
    session.commit()
    phone.call()
    phone.press("8")
    phone.press("4711#")
    phone.press("3")  # the number of a prompt to replace
    reply = phone.post("/voice/menu/staff_prompt_number", Digits="²")
    assert reply.one("Gather").get("action") == "/voice/menu/staff_prompt_number"


def test_nul_bytes_in_stored_values_are_removed(phone, session, no_errors):
    phone.call(number="+4973\x0011234567")
    assert _call(session, phone.call_sid).from_number == "+497311234567"


def test_a_value_longer_than_its_column_is_left_out(phone, session, no_errors):
    phone.call()
    phone.press("5")
    long_sid = "RE" + "a" * 100  # recordings.sid holds 64
    reply = phone.post("/voice/record/message", RecordingSid=long_sid, RecordingUrl=RECORDING_URL)
    assert reply.one("Gather").get("action") == "/voice/menu/message_review"
    phone.post("/voice/menu/message_review", Digits="1")  # keep it
    assert _warned(no_errors, "RecordingSid left out (102 characters, at most 64)")
    assert session.scalars(select(Recording).where(Recording.sid == long_sid)).all() == []


def test_a_number_that_is_not_a_number_is_left_out(phone, session, no_errors):
    phone.call()
    phone.press("5")
    phone.post(
        "/voice/record/message",
        RecordingSid="RE" + "b" * 32,
        RecordingUrl=RECORDING_URL,
        RecordingDuration="x",
    )
    phone.post("/voice/menu/message_review", Digits="1")  # keep it
    [message] = session.scalars(select(Message)).all()
    assert message.duration == 0
    assert _warned(no_errors, "RecordingDuration left out (not a number)")


def test_a_number_too_large_for_its_column_is_left_out(phone, session, no_errors):
    phone.call()
    reply = phone.post("/voice/status", CallStatus="completed", CallDuration="99999999999")
    assert reply.status == 200
    call = _call(session, phone.call_sid)
    assert call.status == "completed" and call.duration is None


def test_an_id_in_the_query_that_is_too_large_is_no_id(phone, no_errors):
    phone.call()
    reply = phone.post(
        "/voice/meeting/status?event=99999999999",
        StatusCallbackEvent="participant-join",
        ConferenceSid="CF" + "c" * 32,
        SequenceNumber="1",
    )
    assert reply.status == 200 and reply.verbs == []


def test_a_withheld_number_on_the_name_recording(phone, no_errors):
    phone.call(number="anonymous")
    reply = phone.post("/voice/record/name", RecordingSid="RE" + "c" * 32)
    assert reply.one("Gather").get("action") == "/voice/menu/main"


def test_an_overlong_idempotency_token_is_ignored(phone, session, no_errors):
    phone.call()
    reply = phone.post("/voice/menu/main", Digits="4", token="t" * 500)
    assert reply.status == 200
    assert _call(session, phone.call_sid).last_token is None
