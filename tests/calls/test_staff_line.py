"""The staff line, through the simulator: PIN, announcements, messages, prompts."""

from __future__ import annotations

from sqlalchemy import delete, select

from tests.conftest import BASE_URL
from tests.phone import Phone, press_together
from voice.calls.menus.staff import MAX_PIN_FAILURES
from voice.models import (
    Announcement,
    Call,
    Message,
    MessageKind,
    PromptRecording,
    Recording,
    RecordingState,
    Role,
    User,
    utcnow,
)
from voice.recordings.cli import make_fetcher

PIN = "4711"


def _staff(session, phone="+497311234567", code="2024") -> User:
    user = User(email="anna@q.de", name="Anna", role=Role.STAFF, phone=phone, staff_code=code)
    user.set_password("ein-langes-Passwort")
    user.set_pin(PIN)
    session.add(user)
    session.commit()
    return user


def test_a_staff_number_hears_8_and_gets_in_with_the_pin(phone, session):
    _staff(session)
    assert "Für den Mitarbeiterbereich drücken Sie die 8." in phone.call().said()
    assert phone.press("8").said() == [
        "Bitte geben Sie Ihre PIN ein und drücken Sie dann die Raute-Taste."
    ]
    reply = phone.press(PIN + "#")
    assert reply.said()[0].startswith("Mitarbeiterbereich.")
    assert reply.one("Gather").get("action") == "/voice/menu/staff_menu"


def test_residents_do_not_hear_8_but_a_code_works_from_any_phone(phone, session):
    _staff(session, phone="+497319999999")
    assert "Für den Mitarbeiterbereich drücken Sie die 8." not in phone.call().said()
    assert phone.press("8").said()[0].startswith("Bitte geben Sie Ihre Mitarbeiternummer ein")
    phone.press("2024#")
    assert phone.press(PIN + "#").said()[0].startswith("Mitarbeiterbereich.")


def test_three_wrong_pins_end_the_call_and_lock_phone_access(phone, session):
    user = _staff(session)
    phone.call()
    phone.press("8")
    assert phone.press("1111#").said()[0] == "Die PIN stimmt nicht."
    phone.press("2222#")
    reply = phone.press("3333#")
    assert reply.verbs[-1] == "Hangup"
    assert reply.said()[-1].startswith("Der Zugang per Telefon ist für eine Weile gesperrt.")
    session.refresh(user)
    assert user.phone_locked_until > utcnow()
    phone.call()
    phone.press("8")
    assert phone.press(PIN + "#").verbs[-1] == "Hangup"  # locked, even with the right PIN


def test_three_unknown_codes_end_the_call_without_saying_locked(phone, session):
    _staff(session, phone="+497319999999")
    phone.call()
    phone.press("8")
    phone.press("1111#")
    phone.press("2222#")
    reply = phone.press("3333#")
    assert reply.verbs[-1] == "Hangup"
    assert "gesperrt" not in reply.text()
    assert reply.said()[-1] == "Das war dreimal falsch. Bitte versuchen Sie es später noch einmal."


def test_prompt_number_9_is_a_prompt_not_repeat(phone, app, session):
    _into_staff_menu(phone, session)
    phone.press("3")
    reply = phone.press("9#")
    ninth = list(app.extensions["voice"].catalogue.prompts.values())[8]
    expected = "Diese Ansage enthält" if ninth.fields else "Die Ansage lautet:"
    assert reply.said()[0].startswith(expected)


def _into_staff_menu(phone, session):
    _staff(session)
    phone.call()
    phone.press("8")
    phone.press(PIN + "#")


def test_record_and_publish_an_announcement_for_this_week(app, phone, session):
    _into_staff_menu(phone, session)
    reply = phone.press("1")
    assert reply.one("Record").get("recordingStatusCallback") == "/voice/recording/announcement"
    phone.record(seconds=3)
    draft = session.scalar(select(Announcement))
    assert draft.published is False and draft.created_by == "Anna"  # kept at once
    phone.press("1")
    assert phone.press("2").said()[0] == "Die Ansage ist veröffentlicht."
    session.refresh(draft)
    assert draft.published and draft.valid_until > utcnow()
    make_fetcher(app).run_once()  # our copy replaces Twilio's
    session.refresh(draft)
    assert draft.recording.state is RecordingState.READY
    ours = f"/audio/{draft.recording.audio_name}.wav"
    phone.call()  # a resident now hears it
    assert any(el.text.endswith(ours) for el in phone.press("4").root.iter("Play"))


def test_hanging_up_during_the_announcement_loses_nothing(phone, session):
    _into_staff_menu(phone, session)
    phone.press("1")
    phone.record(seconds=2)
    phone.hang_up()
    [draft] = session.scalars(select(Announcement)).all()
    assert draft.published is False  # waits in the admin for someone to publish it


def test_an_empty_recording_saves_nothing(phone, session):
    _into_staff_menu(phone, session)
    phone.press("1")
    reply = phone.wait()  # nothing said: Twilio goes on with the verbs after <Record>
    assert "Ich habe nichts gehört. Es wurde nichts gespeichert." in reply.said()
    assert reply.one("Gather").get("action") == "/voice/menu/staff_menu"
    assert phone.sim.state == "gather"
    assert session.scalars(select(Announcement)).all() == []


def test_discard_and_record_again(phone, session):
    _into_staff_menu(phone, session)
    phone.press("1")
    phone.record()
    assert phone.press("3").said()[0] == "Die Aufnahme ist verworfen."
    assert session.scalars(select(Announcement)).all() == []


def test_star_goes_back_and_keeps_the_draft(phone, session):
    _into_staff_menu(phone, session)
    phone.press("1")
    phone.record()
    assert phone.press("*").one("Gather").get("action") == "/voice/menu/staff_menu"
    [draft] = session.scalars(select(Announcement)).all()
    assert draft.published is False


def test_listen_to_messages_mark_one_done_and_call_back(phone, session):
    for n in range(2):
        session.add(
            Message(
                kind=MessageKind.MESSAGE,
                from_number=f"+49731555000{n}",
                call_sid=f"CA{n}",
                recording=Recording(
                    sid=f"RE{n}",
                    source_url=phone.system.recordings.keep(f"RE{'c' * 31}{n}", None, 1)[0],
                    purpose="message",
                    state=RecordingState.PENDING,
                ),
            )
        )
    session.commit()
    _into_staff_menu(phone, session)
    said = phone.press("2").said()
    assert said[0].startswith("Nachricht 1 von 2, ")
    assert phone.press("1").said()[0] == "Als erledigt markiert."
    assert session.scalar(select(Message).where(Message.done_at.is_not(None))).handled_by == "Anna"
    reply = phone.press("3")
    assert reply.one("Number").text.startswith("+497315550")
    assert phone.dial_ends("completed").one("Gather").get("action") == "/voice/menu/staff_messages"


def test_replace_a_prompt_by_phone(app, phone, session, client, login):
    numbers = {
        p.id: n for n, p in enumerate(app.extensions["voice"].catalogue.prompts.values(), start=1)
    }
    _into_staff_menu(phone, session)
    phone.press("3")
    reply = phone.press(f"{numbers['greeting.welcome']}#")
    assert reply.said()[0].startswith("Die Ansage lautet: Guten Tag!")
    phone.record(seconds=2)
    assert phone.press("1").said()[0] == "Danke! Ihre Aufnahme wird in ein paar Minuten verwendet."
    login(Role.ADMIN)  # the admin sees it at once, waiting for its audio
    page = client.get("/admin/prompts").get_data(as_text=True)
    assert "eine Aufnahme per Telefon von Anna wird übernommen" in page
    assert phone.call().root[0].tag == "Say"  # until it is ours, callers hear the old prompt
    make_fetcher(app).run_once()
    replacement = session.scalar(select(PromptRecording))
    assert (
        replacement.active
        and replacement.recording.source == "phone"
        and replacement.recorded_by == "Anna"
    )
    assert phone.call().root[0].tag == "Play"  # callers now hear Anna's voice


def test_a_prompt_recording_that_arrived_before_it_was_kept_is_used_at_once(app, phone, session):
    numbers = {
        p.id: n for n, p in enumerate(app.extensions["voice"].catalogue.prompts.values(), start=1)
    }
    _into_staff_menu(phone, session)
    phone.press("3")
    phone.press(f"{numbers['greeting.welcome']}#")
    phone.record(seconds=2)
    assert make_fetcher(app).run_once() == 1  # ours before the staff member presses 1
    phone.press("1")
    replacement = session.scalar(select(PromptRecording))
    assert replacement.active and replacement.recording.state is RecordingState.READY
    assert phone.call().root[0].tag == "Play"


def test_a_prompt_with_values_cannot_be_replaced(app, phone, session):
    numbers = {
        p.id: n for n, p in enumerate(app.extensions["voice"].catalogue.prompts.values(), start=1)
    }
    _into_staff_menu(phone, session)
    phone.press("3")
    said = phone.press(f"{numbers['register.booked']}#").said()
    assert said[0] == "Diese Ansage enthält wechselnde Angaben und kann nicht ersetzt werden."
    assert phone.press("999#").said()[0] == "Eine Ansage mit der Nummer 999 gibt es nicht."


def test_forty_wrong_pins_at_once_get_three_checks(own_app, monkeypatch):
    """Calls from 40 phones guess one account's PIN at the same moment: the tries are
    counted in the database before any PIN is checked, so only three PINs are ever tried.
    (SQLite lets one writer in at a time, so there the old count was right too.)"""
    app = own_app()
    factory = app.extensions["db"]
    with factory() as session:
        user_id = _staff(session, phone="+497310000000", code="7070").id
    checks = []
    real_check = User.check_pin
    monkeypatch.setattr(
        User, "check_pin", lambda self, pin: checks.append(pin) or real_check(self, pin)
    )
    phones = []
    for n in range(40):
        phone = Phone(app.test_client(), app, BASE_URL)
        phone.call(f"+4915100000{n:03d}")
        phone.press("8")
        phone.press("7070#")  # the staff code: the PIN is asked next
        phones.append(phone)
    replies = press_together(phones, "1111#")
    try:
        assert len(replies) == 40
        assert len(checks) == MAX_PIN_FAILURES
        with factory() as session:
            assert session.get(User, user_id).phone_locked_until > utcnow()
    finally:  # this app commits for real: remove what it stored
        with factory.begin() as session:
            session.execute(delete(Call).where(Call.from_number.like("+4915100000%")))
            session.execute(delete(User).where(User.id == user_id))


def test_staff_numbers_are_kept_per_process_and_renewed_after_a_change(two_processes):
    """A resident's call does not look up staff accounts (the numbers are kept); a staff
    number added in another process (the admin's worker) is known at the next call."""
    calls, admin, queries = two_processes
    phone = Phone(calls.test_client(), calls, BASE_URL)
    offer = "Für den Mitarbeiterbereich drücken Sie die 8."
    assert offer not in phone.call("+497311234567").said()
    queries.clear()
    assert offer not in phone.call("+497311234567").said()
    assert not [q for q in queries if "FROM users" in q]
    with admin.extensions["db"]() as session:
        _staff(session)
    assert offer in phone.call("+497311234567").said()


def test_staff_review_by_voice_and_the_pin_said_as_words(phone, session):
    _staff(session)
    phone.call()
    phone.press("8")
    reply = phone.say("vier sieben eins eins", confidence=0.3)  # a PIN is never asked back
    assert reply.one("Gather").get("action") == "/voice/menu/staff_menu"
    phone.press("1")
    phone.record(seconds=2)
    reply = phone.say("Bitte löschen.", confidence=0.2)  # staff menus do not ask back either
    assert reply.said()[0] == "Die Aufnahme ist verworfen."
    assert session.scalars(select(Announcement)).all() == []


def test_prompt_number_9_said_is_a_prompt_but_nochmal_repeats(app, phone, session):
    ninth = list(app.extensions["voice"].catalogue.prompts.values())[8]
    _into_staff_menu(phone, session)
    phone.press("3")
    reply = phone.say("nochmal")  # the word for `9`: this menu again
    assert reply.one("Gather").get("action") == "/voice/menu/staff_prompt_number"
    assert reply.said()[0].startswith("Bitte geben Sie die Nummer der Ansage")
    reply = phone.say("neun")  # this menu takes one digit as a number: prompt 9
    expected = "Diese Ansage enthält" if ninth.fields else "Die Ansage lautet:"
    assert reply.said()[0].startswith(expected)  # prompt 9, not this menu again
