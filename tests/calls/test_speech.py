"""Voice input beside the keypad: every menu also understands a few spoken words."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from voice.models import Registration, RegistrationStatus

MAIN_CHOICES = (
    "Sie können sagen: Veranstaltungen, Anmeldungen, teilnehmen, Neuigkeiten, Nachricht. "
    "Oder drücken Sie eine Taste."
)


def _registrations(session) -> list[Registration]:
    session.expire_all()
    return list(session.scalars(select(Registration)))


def test_a_caller_books_an_event_by_voice_alone(phone, session, make_event):
    make_event(title="ErzählCafé", starts_in=timedelta(days=1))
    offer = phone.call()  # the greeting offers the event: the caller asks for the list
    assert offer.one("Gather").get("action") == "/voice/menu/offer"
    reply = phone.say("Veranstaltungen")
    assert reply.one("Gather").get("action") == "/voice/menu/events"
    assert "ErzählCafé" in reply.text()
    reply = phone.say("Äh, ich möchte mich anmelden, bitte.")
    assert reply.one("Record").get("action") == "/voice/record/name"  # the name: a recording
    reply = phone.record(seconds=2)
    assert reply.one("Gather").get("action") == "/voice/menu/reminder"
    reply = phone.say("Ja.")
    assert reply.said()[0].startswith("Sie sind angemeldet für ErzählCafé, morgen, ")
    [registration] = _registrations(session)
    assert registration.status is RegistrationStatus.BOOKED
    assert registration.wants_reminder is True


def test_every_menu_listens_for_its_words_in_the_call_language(phone):
    gather = phone.call().one("Gather")
    assert gather.get("input") == "dtmf speech"
    assert gather.get("language") == "de-DE"
    assert gather.get("speechTimeout") == "3"  # not "auto": slow speakers pause mid-sentence
    hints = gather.get("hints").split(", ")
    assert hints[:3] == ["Veranstaltungen", "Veranstaltung", "Termine"]
    assert {"Neuigkeiten", "Nachricht", "nochmal", "zurück", "Mensch"} <= set(hints)
    assert "anmelden" not in hints  # a word of the events menu, not of this one
    assert gather.get("numDigits") == "1"  # the keypad as before


@pytest.mark.parametrize("app_config", [{"VOICE_SPEECH": "off"}])
def test_speech_off_gathers_keys_exactly_as_before(phone, app_config):
    gather = phone.call().one("Gather")
    assert gather.attrib == {
        "action": "/voice/menu/main",
        "method": "POST",
        "input": "dtmf",
        "numDigits": "1",
        "timeout": "10",
        "finishOnKey": "",
    }
    reply = phone.say("Veranstaltungen")  # nobody listens: as if nothing was pressed
    assert reply.said()[0] == "Ich habe keine Taste gehört."


@pytest.mark.parametrize(
    ("words", "heard"),
    [
        ("Veranstaltungen", ": Spieleabend."),
        ("meine Anmeldungen", "Sie haben zurzeit keine Anmeldungen."),
        ("Jetzt teilnehmen!", "Gerade läuft keine Veranstaltung."),
        ("Neuigkeiten", "Die Neuigkeiten aus der Quartierszentrale."),
        ("Nachricht hinterlassen", "Bitte sprechen Sie nach dem Ton Ihre Nachricht"),
        ("zwei", "Sie haben zurzeit keine Anmeldungen."),  # a key said as a number
        ("Taste vier, bitte", "Die Neuigkeiten aus der Quartierszentrale."),
        ("Ich möchte einen Menschen sprechen", "Die Quartierszentrale ist gerade nicht besetzt."),
    ],
)
def test_the_main_menu_understands_its_words(phone, make_event, make_announcement, words, heard):
    make_event()
    make_announcement(text="Das Sommerfest ist am Samstag.")
    phone.call()
    phone.to_main()
    reply = phone.say(words)
    assert heard in reply.said()[0]


def test_the_fixed_words_repeat_go_back_and_reach_a_person(phone, make_event):
    make_event()
    phone.call()
    phone.to_main()
    phone.say("Veranstaltungen")
    reply = phone.say("Können Sie das noch einmal sagen?")
    assert reply.one("Gather").get("action") == "/voice/menu/events"
    assert reply.said()[-1].startswith("Zum Wiederholen drücken Sie die 9.")  # hesitated
    reply = phone.say("Zurück.")
    assert reply.one("Gather").get("action") == "/voice/menu/main"
    reply = phone.say("Ich möchte mit einem Menschen sprechen.")
    assert "Quartierszentrale" in reply.text()


def test_words_that_fit_nothing_are_like_an_unassigned_key(phone):
    phone.call()
    reply = phone.say("Blumenkohl")
    assert reply.said()[:2] == ["Das habe ich leider nicht verstanden.", MAIN_CHOICES]
    assert reply.one("Gather").get("action") == "/voice/menu/main"
    assert reply.said()[-1].startswith("Zum Wiederholen drücken Sie die 9.")


def test_two_meanings_in_one_sentence_are_not_guessed(phone, make_event):
    make_event()
    phone.call()
    phone.to_main()
    phone.press("1")
    reply = phone.say("nein, nicht anmelden")
    assert reply.said()[0] == "Das habe ich leider nicht verstanden."
    assert reply.said()[1] == (
        "Sie können sagen: anmelden, weiter, vorherige. Oder drücken Sie eine Taste."
    )


def test_low_confidence_asks_once_and_yes_does_it(phone, session, make_event):
    make_event(title="ErzählCafé")
    phone.call()
    phone.say("Veranstaltungen")
    reply = phone.say("anmelden", confidence=0.3)
    assert reply.said() == ["Meinten Sie: anmelden? Dann sagen Sie ja oder drücken Sie die 1."]
    assert reply.one("Gather").get("action") == "/voice/menu/speech_confirm"
    reply = phone.say("ja", confidence=0.3)  # asked once: a second unsure yes is a yes
    assert reply.one("Record").get("action") == "/voice/record/name"


@pytest.mark.parametrize("answer", ["say:nein", "say:Blumenkohl", "2", "9", "silence"])
def test_low_confidence_and_anything_but_yes_is_the_menu_again(phone, make_event, answer):
    make_event(title="ErzählCafé")
    phone.call()
    phone.to_main()
    phone.say("Veranstaltungen")
    phone.say("anmelden", confidence=0.2)
    if answer == "silence":
        reply = phone.wait()
    elif answer.startswith("say:"):
        reply = phone.say(answer.removeprefix("say:"))
    else:
        reply = phone.press(answer)
    assert reply.one("Gather").get("action") == "/voice/menu/events"
    assert "ErzählCafé" in reply.text()


def test_the_key_of_an_unsure_word_asks_back_and_1_does_it(phone, make_announcement):
    make_announcement()
    phone.call()
    reply = phone.say("Neuigkeiten", confidence=0.1)
    assert reply.said() == ["Meinten Sie: Neuigkeiten? Dann sagen Sie ja oder drücken Sie die 1."]
    reply = phone.press("1")
    assert reply.one("Gather").get("action") == "/voice/menu/news"


def test_without_a_confidence_the_words_are_taken_as_heard(phone, make_announcement):
    make_announcement()
    phone.call()
    reply = phone.post("/voice/menu/main", SpeechResult="Neuigkeiten")
    assert reply.one("Gather").get("action") == "/voice/menu/news"


@pytest.mark.parametrize("app_config", [{"VOICE_SPEECH_CONFIDENCE": 0.0}])
def test_a_confidence_threshold_of_0_never_asks(phone, make_announcement, app_config):
    make_announcement()
    phone.call()
    assert phone.say("Neuigkeiten", confidence=0.01).one("Gather").get("action") == (
        "/voice/menu/news"
    )


@pytest.mark.parametrize(
    "words", ["eins zwei drei vier", "zwölf vierunddreißig", "1 2 3 4", "Die Nummer ist 1234."]
)
def test_the_event_number_said_as_words(phone, make_event, words):
    make_event(title="Spieleabend", starts_in=timedelta(minutes=-5), phone_code="1234")
    make_event(title="Erzählcafé", starts_in=timedelta(minutes=-5), phone_code="4321")
    phone.call()
    phone.say("teilnehmen")
    phone.say("Nummer")
    reply = phone.say(words)
    assert reply.said()[0] == "Ich verbinde Sie jetzt mit Spieleabend. Viel Freude!"


def test_an_unsure_number_is_not_asked_back(phone, make_event):
    make_event(title="Spieleabend", starts_in=timedelta(minutes=-5), phone_code="1234", pin="4711")
    phone.call()
    phone.say("teilnehmen")
    phone.say("andere Nummer")  # "4": another event number
    reply = phone.say("eins zwei drei vier", confidence=0.2)
    assert reply.one("Gather").get("action") == "/voice/menu/join_pin"
    reply = phone.say("vier sieben eins eins", confidence=0.1)
    assert reply.said()[0] == "Ich verbinde Sie jetzt mit Spieleabend. Viel Freude!"


def test_a_number_menu_that_hears_no_number_says_how(phone):
    phone.call()
    phone.say("teilnehmen")
    reply = phone.say("keine Ahnung")
    assert reply.said()[:2] == [
        "Das habe ich leider nicht verstanden.",
        "Sagen Sie die Ziffern einzeln, zum Beispiel: eins, zwei, drei, vier. "
        "Oder tippen Sie sie ein.",
    ]
    assert reply.one("Gather").get("action") == "/voice/menu/join_code"
    reply = phone.say("zurück")  # the fixed words work in a number menu too
    assert reply.one("Gather").get("action") == "/voice/menu/main"


def test_a_retried_speech_webhook_gets_the_same_answer(phone, session, make_event):
    make_event()
    phone.call()
    phone.post("/voice/menu/main", SpeechResult="Veranstaltungen", Confidence="0.9")
    first = phone.post("/voice/menu/events", token="same", SpeechResult="anmelden", Confidence="1")
    again = phone.post("/voice/menu/events", token="same", SpeechResult="anmelden", Confidence="1")
    assert again.xml() == first.xml()


def test_speech_for_a_menu_not_offered_does_nothing(phone, make_event):
    make_event()
    phone.call()
    phone.to_main()
    reply = phone.post("/voice/menu/mine_cancel", SpeechResult="ja", Confidence="0.99")
    assert reply.one("Gather").get("action") == "/voice/menu/main"  # the menu it is in


@pytest.mark.parametrize(
    ("app_config", "language", "events", "register", "yes", "booked"),
    [
        ({"VOICE_LANGUAGE": "en"}, "en-GB", "Events, please.", "Book it", "Yes.", "You are"),
        ({"VOICE_LANGUAGE": "tr"}, "tr-TR", "Etkinlikler", "kaydol", "Evet.", None),
    ],
    ids=["en", "tr"],
)
def test_a_caller_books_by_voice_in_english_and_turkish(
    phone, session, make_event, app_config, language, events, register, yes, booked
):
    make_event(title="Story café", starts_in=timedelta(days=1))
    gather = phone.call().one("Gather")  # the greeting's offer of the event
    assert gather.get("language") == language
    assert phone.say(events).one("Gather").get("action") == "/voice/menu/events"
    phone.say(register)
    phone.record(seconds=2)
    reply = phone.say(yes)
    assert booked is None or reply.said()[0].startswith(booked)  # tr.toml is still English
    [registration] = _registrations(session)
    assert registration.status is RegistrationStatus.BOOKED
    assert registration.wants_reminder is True


@pytest.mark.parametrize("app_config", [{"VOICE_LANGUAGE": "en"}])
def test_english_words_that_fit_nothing(phone, app_config):
    phone.call()
    reply = phone.say("cauliflower")
    assert reply.said()[:2] == [
        "Sorry, I didn't understand that.",
        "You can say: events, my bookings, join, news, message. Or press a key.",
    ]


def test_speech_too_long_or_a_confidence_that_is_not_one_is_left_out(phone):
    phone.call()
    reply = phone.post("/voice/menu/main", SpeechResult="ja " * 300, Confidence="0.9")
    assert reply.said()[0].startswith("Für unsere Veranstaltungen")  # as if nothing came
    phone.call()
    reply = phone.post("/voice/menu/main", SpeechResult="Nachricht", Confidence="1.5")
    assert reply.one("Record").get("action") == "/voice/record/message"  # as if not sent


def test_voice_speech_takes_on_or_off(monkeypatch):
    from voice.config import ConfigError, from_environment

    monkeypatch.setenv("VOICE_SPEECH", "off")
    assert from_environment()["VOICE_SPEECH"] == "off"
    monkeypatch.setenv("VOICE_SPEECH", "yes")
    with pytest.raises(ConfigError, match="VOICE_SPEECH"):
        from_environment()
