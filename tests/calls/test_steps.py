"""A key, a recording or a dial result acts only in the step the call is in: the webhooks its
last reply offered, and for staff steps a staff login in this call. Anything else hears the
menu the call is in again, and a WARNING names it (signed requests all: the signature only
says that Twilio sent a request, not that the call is where the URL says)."""

from __future__ import annotations

import logging

from sqlalchemy import select

from voice.models import (
    Announcement,
    Message,
    Registration,
    RegistrationStatus,
    Reminder,
    ReminderKind,
    ReminderState,
    Role,
    User,
    utcnow,
)

PIN = "4711"
RECORDING = {
    "RecordingSid": "RE" + "a" * 32,
    "RecordingUrl": "https://api.twilio.com/2010-04-01/Accounts/AC0/Recordings/RE" + "a" * 32,
    "RecordingDuration": "5",
}


def _refused(reply, caplog, path: str, menu: str) -> None:
    """The reply is the menu `menu` again, and a WARNING named the request."""
    assert reply.status == 200
    assert reply.one("Gather").get("action") == f"/voice/menu/{menu}"
    assert reply.one("Redirect").text == f"/voice/menu/{menu}/silence"
    warnings = [
        r for r in caplog.records if r.levelno == logging.WARNING and path in r.getMessage()
    ]
    assert warnings, f"no WARNING about {path}"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_a_residents_call_cannot_publish_an_announcement(phone, session, caplog):
    """The review's attack: three signed requests from an ordinary call."""
    phone.call()
    with caplog.at_level(logging.WARNING):
        reply = phone.post("/voice/record/staff_announcement", **RECORDING)
        _refused(reply, caplog, "/voice/record/staff_announcement", "main")
        caplog.clear()
        reply = phone.post("/voice/menu/staff_validity", Digits="3")
        _refused(reply, caplog, "/voice/menu/staff_validity", "main")
    assert phone.call_sid in caplog.text
    assert session.scalars(select(Announcement)).all() == []
    phone.call()  # every caller's news: nothing new
    assert "Zurzeit gibt es keine Neuigkeiten." in phone.press("4").said()


def test_a_key_for_another_menu_does_nothing(phone, session, make_resident, make_event, caplog):
    """Heard the booking in `2`, went back to the main menu: `cancel` is not on offer now."""
    resident = make_resident()
    event = make_event()
    session.add(Registration(event=event, resident=resident, status=RegistrationStatus.BOOKED))
    session.commit()
    phone.call()
    phone.press("2")  # Meine Anmeldungen: the booking is read out
    phone.press("*")  # back in the main menu
    with caplog.at_level(logging.WARNING):
        reply = phone.post("/voice/menu/mine_cancel", Digits="1")
    _refused(reply, caplog, "/voice/menu/mine_cancel", "main")
    registration = session.scalar(select(Registration))
    session.refresh(registration)
    assert registration.status is RegistrationStatus.BOOKED


def test_a_recording_nobody_asked_for_is_not_kept(phone, session, make_event, caplog):
    make_event()
    phone.call()
    phone.to_main()
    phone.press("1")  # in the events menu
    with caplog.at_level(logging.WARNING):
        reply = phone.post("/voice/record/message", **RECORDING)
        _refused(reply, caplog, "/voice/record/message", "events")
        phone.post("/voice/menu/message_review", Digits="1")
        phone.hang_up()
    assert session.scalars(select(Message)).all() == []


def test_a_dial_result_without_a_dial_repeats_the_menu(phone, caplog):
    phone.call()
    with caplog.at_level(logging.WARNING):
        reply = phone.post("/voice/dial/join", DialCallStatus="busy")
    _refused(reply, caplog, "/voice/dial/join", "main")
    assert "besetzt" not in reply.text()


def test_silence_of_another_menu_repeats_the_menu_the_call_is_in(phone, caplog):
    phone.call()
    phone.press("4")  # no news: back in the main menu
    with caplog.at_level(logging.WARNING):
        reply = phone.post("/voice/menu/staff_menu/silence")
    _refused(reply, caplog, "/voice/menu/staff_menu/silence", "main")


def test_an_unknown_step_is_a_warning_not_an_error(phone, caplog):
    phone.call()
    with caplog.at_level(logging.WARNING):
        reply = phone.post("/voice/menu/does-not-exist", Digits="1")
    _refused(reply, caplog, "/voice/menu/does-not-exist", "main")


def _staff(session) -> User:
    user = User(email="anna@q.de", name="Anna", role=Role.STAFF, phone="+497311234567")
    user.set_password("ein-langes-Passwort")
    user.set_pin(PIN)
    session.add(user)
    session.commit()
    return user


def test_staff_steps_need_the_staff_login_of_this_call(phone, session, caplog):
    """Phone access taken away during the call: the next key is refused, nothing published."""
    user = _staff(session)
    phone.call()
    phone.press("8")
    phone.press(PIN + "#")
    phone.press("1")
    phone.record()
    assert phone.press("1").one("Gather").get("action") == "/voice/menu/staff_validity"
    user.pin_hash = None  # an administrator removes the PIN (admin: Telefonzugang)
    session.commit()
    with caplog.at_level(logging.WARNING):
        reply = phone.press("3")
    _refused(reply, caplog, "/voice/menu/staff_validity", "main")
    draft = session.scalar(select(Announcement))
    session.refresh(draft)
    assert draft.published is False


def test_a_staff_login_in_another_call_does_not_count(phone, session, caplog):
    _staff(session)
    phone.call()
    phone.press("8")
    phone.press(PIN + "#")  # this call is logged in
    phone.call()  # a new call from the same number, not logged in
    with caplog.at_level(logging.WARNING):
        reply = phone.post("/voice/menu/staff_menu", Digits="1")
    _refused(reply, caplog, "/voice/menu/staff_menu", "main")
    assert reply.one("Gather").get("action") == "/voice/menu/main"


def test_the_steps_on_offer_still_work(phone, session):
    """The record's fallback (nothing recorded) and its silence both stay possible."""
    phone.call()
    reply = phone.press("5")
    assert reply.one("Record").get("action") == "/voice/record/message"
    reply = phone.post("/voice/menu/main", Digits="4")  # the <Gather> after the <Record>
    assert "Neuigkeiten" in reply.text()
    phone.call()
    phone.press("5")
    reply = phone.post("/voice/record/message", **RECORDING)
    assert reply.one("Gather").get("action") == "/voice/menu/message_review"


def test_a_call_cannot_answer_a_reminder_placed_to_someone_else(
    phone, session, make_resident, make_event, caplog
):
    """The URL names the reminder; only the call placed for it may decline the booking."""
    other = make_resident(phone="+497319999999", name="Karl")
    registration = Registration(
        event=make_event(), resident=other, status=RegistrationStatus.BOOKED
    )
    session.add(registration)
    session.flush()
    reminder = Reminder(
        registration=registration,
        kind=ReminderKind.BEFORE,
        state=ReminderState.CALLING,
        due_at=utcnow(),
        call_sid="CA" + "9" * 32,  # the call the dialer placed
    )
    session.add(reminder)
    session.commit()
    phone.call()
    with caplog.at_level(logging.WARNING):
        reply = phone.post(f"/voice/reminder/answer?reminder={reminder.id}", AnsweredBy="human")
        assert reply.verbs[-1] == "Hangup"
        phone.post("/voice/menu/reminder_call", Digits="2")  # "not this time"
    assert any("reminder" in r.getMessage() and "goodbye" in r.getMessage() for r in caplog.records)
    session.refresh(registration)
    session.refresh(reminder)
    assert registration.status is RegistrationStatus.BOOKED
    assert reminder.state is ReminderState.CALLING
