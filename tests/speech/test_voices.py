"""A <Say> voice per language (VOICE_SAY_VOICE_<CODE>), and the offline engine per language."""

from __future__ import annotations

import logging

from twilio.twiml.voice_response import VoiceResponse

from tests.conftest import make_test_app
from voice.speech.engines import EspeakEngine, engine_names


def _says(app, code: str) -> dict[str, str]:
    response = VoiceResponse()
    app.extensions["voices"][code].speak(response, "keys.goodbye")
    return dict(response.verbs[0].attrs)


def test_each_language_has_its_own_say_voice_and_an_empty_one_is_twilios_default(
    database, monkeypatch
):
    monkeypatch.setenv("VOICE_SAY_VOICE_EN", "")  # set, but empty: Twilio's default voice
    monkeypatch.delenv("VOICE_SAY_VOICE", raising=False)
    app = make_test_app(database[0])
    assert _says(app, "de") == {"language": "de-DE", "voice": "Polly.Vicki-Neural"}
    assert _says(app, "en") == {"language": "en-GB"}  # never the German voice
    assert _says(app, "tr") == {"language": "tr-TR", "voice": "Polly.Filiz"}


def test_the_old_setting_is_the_german_voice_with_a_warning(database, monkeypatch, caplog):
    monkeypatch.setenv("VOICE_SAY_VOICE", "")
    with caplog.at_level(logging.WARNING):
        app = make_test_app(database[0])
    assert _says(app, "de") == {"language": "de-DE"}  # cleared, as the README always said
    assert _says(app, "en")["voice"] == "Polly.Amy-Neural"
    assert "VOICE_SAY_VOICE is deprecated" in caplog.text
    monkeypatch.setenv("VOICE_SAY_VOICE", "Polly.Marlene")
    monkeypatch.setenv("VOICE_SAY_VOICE_DE", "Polly.Daniel-Neural")  # the new one wins
    assert _says(make_test_app(database[0]), "de")["voice"] == "Polly.Daniel-Neural"


def test_the_offline_engine_of_a_language_pico_lacks_is_espeak():
    assert engine_names("pico", "de") == ["pico"] and engine_names("pico", "en") == ["pico"]
    assert engine_names("pico", "tr") == ["espeak"]
    assert engine_names("auto", "tr") == ["gtts", "espeak"]
    assert engine_names("say", "tr") == []


def test_espeak_speaks_turkish_slower_at_a_lower_tempo():
    engine = EspeakEngine()
    normal = engine.synthesize("Türkçe için yedi tuşuna basın.", "tr")
    slow = engine.synthesize("Türkçe için yedi tuşuna basın.", "tr", tempo=0.8)
    assert normal.rate == 22050 and normal.seconds > 1.0
    assert slow.seconds > normal.seconds * 1.15
