"""`3` Jetzt teilnehmen: live events, the event number, and the three kinds of bridge."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.days import today_or_tomorrow
from voice.models import BridgeKind, utcnow


def test_live_event_is_offered_and_bridged_into_its_conference(phone, make_event):
    event = make_event(title="Spieleabend", starts_in=timedelta(minutes=-20))
    phone.call()
    reply = phone.press("3")
    assert reply.said()[0].startswith("Gerade läuft: Spieleabend, seit ")
    reply = phone.press("1")
    assert reply.verbs == ["Say", "Say", "Dial"]
    assert reply.said() == [
        "Ich verbinde Sie jetzt mit Spieleabend. Viel Freude!",
        "Mit der Stern-Taste öffnen Sie während der Veranstaltung ein kleines Menü. "
        "Dort können Sie sich stumm schalten, die Hand heben und mehr.",
    ]
    dial = reply.one("Dial")
    assert dial.get("action") == "/voice/dial/join"
    assert dial.get("hangupOnStar") == "true"
    conference = reply.one("Conference")
    assert conference.text == f"quartier-event-{event.id}"
    assert conference.get("startConferenceOnEnter") == "true"
    assert conference.get("statusCallback") == f"/voice/meeting/status?event={event.id}"


def test_event_starting_within_15_minutes_counts_as_live(phone, make_event):
    soon = make_event(title="ErzählCafé", starts_in=timedelta(minutes=10))
    make_event(title="Später", starts_in=timedelta(minutes=40))
    phone.call()
    said = phone.press("3").said()
    assert said[0].startswith(f"Gleich beginnt: ErzählCafé, {today_or_tomorrow(soon.starts_at)}, ")
    assert said[1].startswith("Zum Teilnehmen drücken Sie die 1. Um eine andere")


def test_several_live_events_are_stepped_through(phone, make_event):
    make_event(title="Eins", starts_in=timedelta(minutes=-30))
    make_event(title="Zwei", starts_in=timedelta(minutes=-5))
    phone.call()
    assert phone.press("3").said()[0].startswith("Gerade läuft: Eins")
    assert phone.press("2").said()[0].startswith("Gerade läuft: Zwei")
    assert phone.press("1").said()[0] == "Ich verbinde Sie jetzt mit Zwei. Viel Freude!"


def test_nothing_live_asks_for_the_event_number(phone, make_event):
    make_event(title="ErzählCafé", starts_in=timedelta(minutes=5), phone_code="4711")
    make_event(title="Morgen", starts_in=timedelta(days=1), phone_code="1234")
    phone.call()
    phone.press("3")
    # ErzählCafé is live; "Morgen" is not, so the caller types its number after pressing 4
    reply = phone.press("4")
    gather = reply.one("Gather")
    assert gather.get("numDigits") == "4"
    assert gather.get("finishOnKey") == "#"
    said = phone.press("1234").said()
    assert said[0].startswith("Morgen beginnt erst morgen, ")
    phone.press("3")
    phone.press("4")
    assert phone.press("4711").verbs == ["Say", "Say", "Dial"]


def test_no_live_event_goes_straight_to_the_number(phone, make_event):
    make_event(phone_code="2222", starts_in=timedelta(days=3))
    phone.call()
    reply = phone.press("3")
    assert reply.said() == [
        "Gerade läuft keine Veranstaltung.",
        "Wenn Sie die vierstellige Nummer einer Veranstaltung kennen, geben Sie sie jetzt ein. "
        "Zurück zum Hauptmenü kommen Sie mit der Stern-Taste.",
    ]
    reply = phone.press("9876")
    assert reply.said()[0] == "Die Nummer 9 8 7 6 kenne ich leider nicht."
    assert reply.one("Gather").get("numDigits") == "4"
    assert phone.press("*").one("Gather").get("action") == "/voice/menu/main"


def test_numbers_of_finished_and_cancelled_events(phone, make_event):
    make_event(title="Gestern", phone_code="1111", starts_in=timedelta(days=-1))
    make_event(title="Abgesagt", phone_code="3333", cancelled_at=utcnow(), starts_in=timedelta(0))
    phone.call()
    phone.press("3")
    assert phone.press("1111").said()[0] == "Gestern ist schon vorbei."
    phone.press("3")
    assert phone.press("3333").said()[0] == "Abgesagt wurde leider abgesagt."


def test_sip_bridge(phone, make_event):
    make_event(
        starts_in=timedelta(minutes=-1),
        bridge_kind=BridgeKind.SIP,
        bridge_target="sip:quartier@jigasi.example.org",
    )
    phone.call()
    phone.press("3")
    reply = phone.press("1")
    assert reply.one("Sip").text == "sip:quartier@jigasi.example.org"


def test_phone_bridge_sends_digits(phone, make_event):
    make_event(
        starts_in=timedelta(minutes=-1),
        bridge_kind=BridgeKind.PHONE,
        bridge_target="+496950502596",
        bridge_digits="ww85512345678#ww#ww123456#",
    )
    phone.call()
    phone.press("3")
    number = phone.press("1").one("Number")
    assert number.text == "+496950502596"
    assert number.get("sendDigits") == "ww85512345678#ww#ww123456#"


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        ("busy", "Die Verbindung zur Veranstaltung ist gerade besetzt."),
        ("no-answer", "Die Veranstaltung hat nicht geantwortet."),
        ("failed", "Die Verbindung zur Veranstaltung hat leider nicht geklappt."),
        ("canceled", "Die Verbindung zur Veranstaltung hat leider nicht geklappt."),
    ],
)
def test_failed_bridge_says_why_and_offers_retry_or_person(phone, make_event, status, reason):
    make_event(
        title="Zoom-Treffen",
        starts_in=timedelta(minutes=-1),
        bridge_kind=BridgeKind.PHONE,
        bridge_target="+496950502596",
    )
    phone.call()
    phone.press("3")
    phone.press("1")
    reply = phone.dial_ends(status, duration=0)
    assert reply.said()[0] == reason
    assert reply.said()[1].startswith("Um es noch einmal zu versuchen, drücken Sie die 1.")
    retry = phone.press("1")
    assert retry.verbs == ["Say", "Dial"]


def test_after_the_meeting_the_caller_is_back_in_the_main_menu(phone, session, make_event):
    event = make_event(starts_in=timedelta(minutes=-1))
    phone.call()
    phone.press("3")
    phone.press("1")
    event.ends_at = utcnow() - timedelta(seconds=1)  # the meeting is over when the bridge ends
    session.commit()
    reply = phone.dial_ends("completed")
    assert reply.said()[0].startswith("Die Verbindung zur Veranstaltung ist beendet.")
    assert reply.one("Gather").get("action") == "/voice/menu/main"
