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
    reply = phone.record(seconds=4)
    sid, url = phone.recording
    assert reply.said()[0] == "Sie hören jetzt Ihre Nachricht."
    assert reply.one("Play").text == url
    reply = phone.press("1")
    assert reply.said()[0].startswith("Vielen Dank! Ihre Nachricht ist gespeichert.")
    [message] = _messages(session)
    assert message.kind is MessageKind.MESSAGE
    assert (message.recording.sid, message.recording.source_url) == (sid, url)
    assert message.duration == 4
    assert message.from_number == "+497311234567"
    assert message.resident_id == resident.id
    assert message.call_sid == phone.call_sid


def test_record_again_keeps_only_the_second(phone, session):
    phone.call()
    phone.press("5")
    phone.record()
    reply = phone.press("2")
    assert reply.one("Record") is not None
    phone.record()
    second, _url = phone.recording
    phone.press("1")
    assert [m.recording.sid for m in _messages(session)] == [second]


def test_discard_asks_once_more(phone, session):
    phone.call()
    phone.press("5")
    phone.record()
    reply = phone.press("3")
    assert reply.said()[0].startswith("Möchten Sie Ihre Aufnahme wirklich löschen?")
    assert phone.press("2").one("Gather").get("action") == "/voice/menu/message_review"
    phone.press("3")
    reply = phone.press("1")
    assert reply.said()[0] == "Die Aufnahme wurde gelöscht."
    phone.hang_up()
    assert _messages(session) == []


def test_star_goes_back_and_keeps_the_message(phone, session):
    phone.call()
    phone.press("5")
    phone.record()
    reply = phone.press("*")
    assert reply.one("Gather").get("action") == "/voice/menu/main"
    assert len(_messages(session)) == 1


def test_hanging_up_before_choosing_keeps_the_message(phone, session):
    phone.call()
    phone.press("5")
    phone.record()
    phone.hang_up()
    assert [m.recording.sid for m in _messages(session)] == [phone.recording[0]]


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
    phone.record()
    action = phone.last.one("Gather").get("action")
    phone.post(action, Digits="1", token="t1")
    phone.post(action, Digits="1", token="t2")
    phone.hang_up()
    phone.post("/voice/status", CallStatus="completed", CallDuration="20")  # a retry
    assert len(_messages(session)) == 1
