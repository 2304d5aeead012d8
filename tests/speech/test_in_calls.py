"""Calls play built audio where every piece has some, and say the rest."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import delete

from tests.conftest import BASE_URL
from tests.phone import Phone
from voice.models import Call, Centre
from voice.speech import build
from voice.speech.cli import _texts as texts_to_build
from voice.speech.engines import PicoEngine

WEST = "+4973100000001"  # a second centre's number


@pytest.fixture
def audio_dir(tmp_path) -> Path:
    return tmp_path / "audio"


@pytest.fixture
def app_config(audio_dir):
    return {"AUDIO_DIR": str(audio_dir)}


def _build(app, *texts: str) -> None:
    build.build(app.extensions["audio_store"], [PicoEngine()], set(texts))


def _catalogue(app):
    return app.extensions["voice"].catalogue


def test_built_prompts_are_played_and_the_rest_said(app, phone):
    catalogue = _catalogue(app)
    welcome = catalogue.text("greeting.welcome", centre="Alter Eselsberg")  # as the data builds
    _build(app, welcome, catalogue["main.menu"].text)
    reply = phone.call()
    assert reply.verbs == ["Play", "Gather", "Redirect"]
    urls = [reply.root.find("Play").text, reply.one("Gather").find("Play").text]
    assert all(url.startswith(f"{BASE_URL}/audio/") and url.endswith(".wav") for url in urls)
    said = phone.press("#").said()  # "Mit der Taste {key} ..." has no built pieces yet: <Say>
    assert said[0] == "Mit der Taste Raute passiert hier nichts."


def test_a_sentence_with_a_value_plays_as_a_sequence(app, phone, make_event):
    make_event(title="Spieleabend")
    catalogue = _catalogue(app)
    _build(app, *catalogue["register.already"].literals(), "Spieleabend")
    voice = app.extensions["voice"]
    from twilio.twiml.voice_response import VoiceResponse

    with app.test_request_context():
        response = VoiceResponse()
        voice.speak(response, "register.already", title="Spieleabend")
        xml = str(response)
    assert xml.count("<Play>") == 2 and "<Say" not in xml
    with app.test_request_context():
        response = VoiceResponse()
        voice.speak(response, "register.already", title="ErzählCafé")  # title not built yet
        xml = str(response)
    assert "<Play>" not in xml and "Sie sind bereits angemeldet für ErzählCafé." in xml


def test_audio_is_served_with_cache_headers(app, client, phone):
    _build(app, _catalogue(app).text("greeting.welcome", centre="Alter Eselsberg"))
    url = phone.call().root.find("Play").text
    response = client.get(url.removeprefix(BASE_URL))
    body = response.data
    response.close()  # send_file streams from an open file
    assert response.status_code == 200
    assert response.mimetype == "audio/wav"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["ETag"]
    assert body[:4] == b"RIFF"
    etag = response.headers["ETag"]
    again = client.get(url.removeprefix(BASE_URL), headers={"If-None-Match": etag})
    again.close()
    assert again.status_code == 304
    assert client.get("/audio/" + "0" * 32 + ".wav").status_code == 404
    assert client.get("/audio/../../etc/passwd.wav").status_code == 404


def test_say_engine_never_plays_built_prompts(own_app, tmp_path):
    app = own_app(VOICE_TTS_ENGINE="say", AUDIO_DIR=str(tmp_path))
    assert app.extensions["audio_store"].engines == []
    result = app.test_cli_runner().invoke(args=["prompts", "build"])
    assert result.exit_code != 0 and "Twilio spricht alle Ansagen selbst" in result.output


def test_without_ffmpeg_the_service_says_so_and_speaks_with_say(own_app, monkeypatch, caplog):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    app = own_app()
    assert app.extensions["ffmpeg"] is False
    assert app.extensions["audio_store"] is None
    assert "ffmpeg fehlt" in caplog.text
    health = app.test_client().get("/health").json
    assert (health["status"], health["ffmpeg"]) == ("ok", False)
    phone = Phone(app.test_client(), app, BASE_URL)
    try:
        assert phone.call().verbs == ["Say", "Gather", "Redirect"]
    finally:  # this app commits for real: its call must not stay for later tests
        with app.extensions["db"].begin() as session:
            session.execute(delete(Call).where(Call.call_sid == phone.call_sid))
    result = app.test_cli_runner().invoke(args=["prompts", "build"])
    assert result.exit_code != 0 and "ffmpeg fehlt" in result.output


def test_each_centres_greeting_and_hours_are_built_and_played_whole(app, phone, session):
    """What `prompts build` and its worker build for a second centre: its greeting as one
    sentence, its name and its office hours; a call to its number plays them."""
    session.add(
        Centre(slug="weststadt", name="Weststadt", numbers=WEST, office_hours="Mo 10:00-12:00")
    )
    session.commit()
    store = app.extensions["audio_store"]
    with app.app_context():
        _static, live = texts_to_build(store)
    welcome = "Guten Tag! Hier ist das Quartierstelefon der Quartierszentrale Weststadt."
    assert {welcome, "Weststadt", "montags von 10 Uhr bis 12 Uhr"} <= live
    assert "Hier ist das Quartierstelefon der Quartierszentrale Weststadt." in live  # reminders
    _build(app, *(text for text in live if "Weststadt" in text))
    reply = phone.call(to=WEST)
    assert reply.root[0].tag == "Play"
    assert reply.root[0].text == f"{BASE_URL}/audio/{store.find(welcome)}.wav"
    assert phone.call().root[0].tag == "Say"  # the other centre's greeting is not built here
