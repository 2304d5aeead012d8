"""Greeting, main menu, key conventions and silence."""

from __future__ import annotations

from datetime import timedelta

import pytest

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
    assert said[0] == (
        "Guten Tag, Frau Keller! "
        "Hier ist das Quartierstelefon der Quartierszentrale Alter Eselsberg."
    )
    assert said[1].startswith("Ihre nächste Veranstaltung: ErzählCafé, morgen, ")


def test_a_running_event_is_announced_in_the_main_menu(phone, make_event):
    make_event(title="Spieleabend", starts_in=timedelta(minutes=-10))
    assert "Gerade läuft: Spieleabend. Zum Teilnehmen drücken Sie die 3." in phone.call().said()


@pytest.mark.parametrize(("key", "spoken"), [("7", "7"), ("#", "Raute"), ("6", "6")])
def test_unassigned_key_is_named_and_menu_repeats(phone, key, spoken):
    phone.call()
    reply = phone.press(key)
    assert reply.said()[0] == f"Die Taste {spoken} ist hier nicht belegt."
    assert reply.one("Gather").get("action") == "/voice/menu/main"


def test_nine_repeats_and_star_stays_in_main_menu(phone):
    first = phone.call()
    menu = first.said()[-1]
    assert phone.press("9").said() == [menu]
    assert phone.press("*").said() == [menu]


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
