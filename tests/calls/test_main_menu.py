"""Greeting, main menu, key conventions and silence."""

from __future__ import annotations

from datetime import timedelta

import pytest

from voice.models import Recording, RecordingState, Registration, RegistrationStatus
from voice.registrations import booking


def test_unknown_caller_hears_greeting_and_main_menu(phone):
    reply = phone.call()
    assert reply.verbs == ["Say", "Gather", "Redirect"]
    assert reply.said()[0].startswith("Guten Tag! Hier ist das Quartierstelefon")
    gather = reply.one("Gather")
    assert gather.get("action") == "/voice/menu/main"
    assert gather.get("numDigits") == "1"
    assert int(gather.get("timeout")) >= 10
    assert "Für unsere Veranstaltungen drücken Sie die 1." in reply.text()
    assert reply.root.find("Redirect").text == "/voice/menu/main/silence"


def test_known_caller_is_greeted_by_name_and_told_their_next_event(
    phone, session, make_resident, make_event
):
    resident = make_resident(name="Frau Keller")
    later = make_event(title="Bewerbungstraining", starts_in=timedelta(days=5))
    sooner = make_event(title="ErzählCafé", starts_in=timedelta(days=1))
    for event in (later, sooner):
        booking.book(session, event.id, resident, wants_reminder=False)
    session.commit()
    said = phone.call().said()
    assert said[0] == "Guten Tag, Frau Keller! Hier ist das Quartierstelefon."
    # after the menu's choices: the first key comes within seconds for every caller
    assert said[-3].startswith("Sie sind schon angemeldet für ErzählCafé, morgen um ")
    # a known caller's call is in their language already: no other language is spoken, the
    # way to change it is said in theirs
    assert said[-2] == "Für eine andere Sprache drücken Sie die 7."


def test_a_running_event_is_announced_in_the_main_menu(phone, make_event):
    make_event(title="Spieleabend", starts_in=timedelta(minutes=-10))
    assert "Gerade läuft: Spieleabend. Zum Teilnehmen drücken Sie die 3." in phone.call().said()


@pytest.mark.parametrize(("key", "spoken"), [("6", "6"), ("#", "Raute")])
def test_unassigned_key_is_named_and_menu_repeats(phone, key, spoken):
    phone.call()
    phone.press("1")
    phone.press("*")  # past the greeting, where 6 and 7 choose a language
    reply = phone.press(key)
    assert reply.said()[0] == f"Mit der Taste {spoken} passiert hier nichts."
    assert reply.one("Gather").get("action") == "/voice/menu/main"


def test_nine_repeats_and_star_stays_in_main_menu(phone):
    first = phone.call()
    menu, fixed = first.said()[-2:]
    assert fixed == "Zum Wiederholen drücken Sie die 9. Einen Menschen erreichen Sie mit der 0."
    first_choice = "Für unsere Veranstaltungen drücken Sie die 1."
    offers = ["For English, press 7.", "Türkçe için 6 tuşuna basın."]
    # said again: the fixed keys too, and in the greeting the other languages
    assert phone.press("9").said() == [first_choice, *offers, menu, fixed]
    # back to a menu heard: without the fixed keys
    assert phone.press("*").said() == [first_choice, *offers, menu]


def test_silence_repeats_menu_three_times_then_says_goodbye(phone):
    phone.call()
    for _ in range(3):
        reply = phone.wait()
        assert reply.said()[0] == "Ich habe keine Taste gehört."
        assert reply.one("Gather").get("action") == "/voice/menu/main"
    reply = phone.wait()
    assert reply.verbs == ["Say", "Hangup"]
    assert reply.said() == ["Vielen Dank für Ihren Anruf. Auf Wiederhören!"]


def test_a_key_resets_the_silence_count(phone):
    phone.call()
    phone.wait()
    phone.wait()
    phone.press("9")
    for _ in range(3):
        assert phone.wait().one("Gather") is not None
    assert phone.wait().verbs == ["Say", "Hangup"]


@pytest.mark.parametrize(
    "app_config", [{"OFFICE_HOURS": "Mo-So 00:00-24:00", "STAFF_PHONE_NUMBER": "+497319990000"}]
)
def test_silence_in_office_hours_transfers_to_staff(phone):
    phone.call()
    for _ in range(3):
        phone.wait()
    reply = phone.wait()
    assert reply.verbs == ["Say", "Dial"]
    assert reply.one("Number").text == "+497319990000"


def test_a_known_caller_is_offered_the_next_event_they_have_not_booked(
    phone, session, make_resident, make_event
):
    me = make_resident(name="Frau Keller")
    booked = make_event(title="Bewerbungstraining", starts_in=timedelta(days=1))
    booking.book(session, booked.id, me, wants_reminder=False)
    make_event(title="Spieleabend", starts_in=timedelta(minutes=-5))  # running: not offered
    offered = make_event(title="ErzählCafé", starts_in=timedelta(days=3))
    make_event(title="Später", starts_in=timedelta(days=4))
    session.commit()
    reply = phone.call()
    said = reply.said()
    assert said[0] == "Guten Tag, Frau Keller! Hier ist das Quartierstelefon."
    assert said[1] == "Gerade läuft: Spieleabend. Zum Teilnehmen drücken Sie die 3."
    assert said[2].startswith("ErzählCafé ist am ")
    assert said[2].endswith(" Zum Anmelden drücken Sie die 1.")
    assert said[3].startswith("Sie sind schon angemeldet für Bewerbungstraining, morgen um ")
    assert said[4] == "Für alle anderen Angebote drücken Sie die 2."
    assert "For English, press 7." not in said  # their call is in their language already
    assert reply.one("Gather").get("action") == "/voice/menu/offer"
    phone.press("1")  # known: straight to the reminder question
    reply = phone.press("2")
    assert reply.said()[0].startswith("Sie sind angemeldet für ErzählCafé, ")
    assert reply.one("Gather").get("action") == "/voice/menu/main"
    mine = session.query(Registration).filter_by(event_id=offered.id).one()
    assert mine.status is RegistrationStatus.BOOKED


def test_waiting_or_2_at_the_offer_is_the_main_menu(phone, make_resident, make_event):
    make_resident()
    make_event(title="ErzählCafé", starts_in=timedelta(days=1))
    assert phone.call().one("Gather").get("timeout") == "5"
    reply = phone.wait()
    assert "Ich habe keine Taste gehört." not in reply.said()
    assert reply.one("Gather").get("action") == "/voice/menu/main"
    phone.call()
    assert phone.press("2").one("Gather").get("action") == "/voice/menu/main"
    phone.call()
    assert phone.press("3").one("Gather").get("action") == "/voice/menu/join_code"  # main's


def test_a_full_event_or_one_already_booked_is_not_offered(
    phone, session, make_resident, make_event
):
    me = make_resident()
    make_event(title="Voll", capacity=1, seats_taken=1)
    mine = make_event(title="Meins", starts_in=timedelta(days=3))
    booking.book(session, mine.id, me, wants_reminder=False)
    session.commit()
    assert phone.call().one("Gather").get("action") == "/voice/menu/main"


def test_a_name_said_on_the_phone_greets_the_caller(phone, session, make_resident):
    sid = "RE" + "b" * 32
    url = phone.system.recordings.keep(sid, None, 1)[0]  # as Twilio has it, not fetched yet
    recording = Recording(sid=sid, source_url=url, purpose="name")
    recording.state = RecordingState.PENDING
    make_resident(name=None, name_recording=recording)
    reply = phone.call()
    assert reply.verbs[:3] == ["Say", "Play", "Say"]
    assert reply.said()[:2] == ["Guten Tag,", "Hier ist das Quartierstelefon."]
    assert reply.root.find("Play").text == url


def test_a_first_time_caller_is_offered_the_next_event_too(phone, session, make_event):
    make_event(title="ErzählCafé", starts_in=timedelta(days=1))
    said = phone.call("+497310000777").said()
    assert said[1].startswith("ErzählCafé ist morgen um ")
    assert said[1].endswith(" Zum Anmelden drücken Sie die 1.")
    assert said[2:4] == ["For English, press 7.", "Türkçe için 6 tuşuna basın."]
    booking = phone.press("1")  # one key: the name (after why we keep it), then the reminder
    assert booking.one("Record").get("action") == "/voice/record/name"
    phone.hang_up()
    phone.call("+497310000778")
    assert phone.say("meine Anmeldungen").said()[0] == "Sie haben zurzeit keine Anmeldungen."


def test_a_withheld_number_is_offered_no_booking(phone, make_event):
    make_event(title="ErzählCafé", starts_in=timedelta(days=1))
    reply = phone.call("anonymous")
    assert reply.one("Gather").get("action") == "/voice/menu/main"  # it could not book
