"""`5` Nachricht hinterlassen: record, listen back, keep or again; nothing recorded is lost."""

from __future__ import annotations

from sqlalchemy import select

from voice.models import Message, MessageKind


def _messages(session) -> list[Message]:
    session.expire_all()
    return list(session.scalars(select(Message).order_by(Message.id)))


def test_record_listen_and_keep(phone, session, make_resident):
    resident = make_resident()
    phone.call()
    reply = phone.press("5")
    assert reply.verbs == ["Say", "Record", "Say", "Gather", "Redirect"]
    record = reply.one("Record")
    assert record.get("maxLength") == "120"
    assert record.get("finishOnKey") == "#"
    reply = phone.record(sid="RE-msg", url="https://api.twilio.com/rec/RE-msg", duration=42)
    assert reply.said()[0] == "Sie hören jetzt Ihre Nachricht."
    assert reply.one("Play").text == "https://api.twilio.com/rec/RE-msg"
    reply = phone.press("1")
    assert reply.said()[0].startswith("Vielen Dank! Ihre Nachricht ist gespeichert.")
    [message] = _messages(session)
    assert message.kind is MessageKind.MESSAGE
    assert message.recording_sid == "RE-msg"
    assert message.duration == 42
    assert message.from_number == "+497311234567"
    assert message.resident_id == resident.id
    assert message.call_sid == phone.call_sid


def test_record_again_keeps_only_the_second(phone, session):
    phone.call()
    phone.press("5")
    phone.record(sid="RE-1")
    reply = phone.press("2")
    assert reply.one("Record") is not None
    phone.record(sid="RE-2")
    phone.press("1")
    assert [m.recording_sid for m in _messages(session)] == ["RE-2"]


def test_discard(phone, session):
    phone.call()
    phone.press("5")
    phone.record()
    reply = phone.press("*")
    assert reply.said()[0] == "Die Aufnahme wurde gelöscht."
    phone.hang_up()
    assert _messages(session) == []


def test_hanging_up_before_choosing_keeps_the_message(phone, session):
    phone.call()
    phone.press("5")
    phone.record(sid="RE-kept")
    phone.hang_up()
    assert [m.recording_sid for m in _messages(session)] == ["RE-kept"]


def test_empty_recording_says_nothing_was_heard(phone, session):
    phone.call()
    reply = phone.press("5")
    # Twilio does not call the action for an empty recording: it goes on after <Record>.
    assert reply.said()[1] == "Ich habe leider nichts gehört. Es wurde nichts gespeichert."
    assert reply.one("Gather").get("action") == "/voice/menu/main"
    phone.hang_up()
    assert _messages(session) == []


def test_keep_pressed_twice_and_status_after_keep_store_one_message(phone, session):
    phone.call()
    phone.press("5")
    phone.record(sid="RE-once")
    action = phone.last.one("Gather").get("action")
    phone.post(action, Digits="1", token="t1")
    phone.post(action, Digits="1", token="t2")
    phone.hang_up()
    phone.hang_up()
    assert len(_messages(session)) == 1
