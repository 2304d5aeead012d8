"""Ansagen: listen, replace with a recording, go back, rebuild."""

from __future__ import annotations

import subprocess
from io import BytesIO

import pytest

from tests.accounts import csrf_token
from voice.db import db
from voice.speech import audio
from voice.speech.cli import rebuild_requested
from voice.speech.engines import PicoEngine


@pytest.fixture
def app_config(tmp_path):
    return {"AUDIO_DIR": str(tmp_path / "audio")}


def _tone() -> bytes:
    return subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=400:duration=2",
            "-f",
            "mp3",
            "-",
        ],
        capture_output=True,
        check=True,
    ).stdout


def test_replace_a_prompt_with_a_recording_and_go_back(client, login, phone, monkeypatch):
    in_transaction = []  # while converting: none may be open (on SQLite: the write lock)
    real = audio.convert_upload  # loaded where it is used: replaced at its source
    monkeypatch.setattr(
        audio,
        "convert_upload",
        lambda *args, **kw: in_transaction.append(db.session.in_transaction()) or real(*args, **kw),
    )
    login()
    page = client.get("/admin/prompts").get_data(as_text=True)
    assert "Guten Tag! Hier ist das Quartierstelefon" in page and "greeting.welcome" in page
    token = csrf_token(client, "/admin/prompts")
    response = client.post(
        "/admin/prompts/greeting.welcome/recording",
        data={"csrf_token": token, "audio": (BytesIO(_tone()), "hallo.mp3")},
        content_type="multipart/form-data",
    )
    assert "wird jetzt mit Ihrer Aufnahme abgespielt" in client.get(response.location).get_data(
        as_text=True
    )
    assert phone.call().root[0].tag == "Play"
    assert in_transaction == [False]
    client.post(
        "/admin/prompts/greeting.welcome/generated",
        data={"csrf_token": csrf_token(client, "/admin/prompts")},
    )
    assert phone.call().root[0].tag == "Say"


def test_a_file_without_sound_is_refused(client, login, phone):
    login()
    response = client.post(
        "/admin/prompts/greeting.welcome/recording",
        data={
            "csrf_token": csrf_token(client, "/admin/prompts"),
            "audio": (BytesIO(b"kein Ton"), "x.wav"),
        },
        content_type="multipart/form-data",
    )
    assert "Die Datei enthält keinen Ton." in client.get(response.location).get_data(as_text=True)
    assert phone.call().root[0].tag == "Say"


def test_rebuild_one_prompt_is_done_by_the_speech_worker(app, client, login, phone, no_voice_here):
    login()
    store = app.extensions["audio_store"]
    response = client.post(
        "/admin/prompts/greeting.welcome/rebuild",
        data={"csrf_token": csrf_token(client, "/admin/prompts")},
    )
    page = client.get(response.location).get_data(as_text=True)
    assert "„Guten Tag! Hier ist das Quartierstelefon der …“ wird neu erstellt" in page
    assert "Computerstimme, wird neu erstellt" in page
    assert 'data-audio="/admin/prompts/greeting.welcome/audio.wav"' in page
    waiting = client.get("/admin/prompts/greeting.welcome/audio.wav")
    assert (waiting.status_code, waiting.get_data(as_text=True)) == (202, "Wird erstellt …")
    assert phone.call().root[0].tag == "Say"  # nothing built yet: the call does not wait

    no_voice_here.undo()  # the worker's round, which may speak
    with app.app_context():
        engines = [PicoEngine()]
        report = rebuild_requested(store, engines)
    welcome = app.extensions["voice"].catalogue.text("greeting.welcome", centre="Alter Eselsberg")
    assert report.built == [welcome]  # as the default centre's callers hear it
    assert store.rebuild_requests() == {}
    assert phone.call().root[0].tag == "Play"
    ready = client.get("/admin/prompts/greeting.welcome/audio.wav")
    assert ready.status_code == 200 and ready.data[:4] == b"RIFF"
    page = client.get("/admin/prompts").get_data(as_text=True)
    assert "wird neu erstellt" not in page and "Computerstimme" in page


def test_a_recording_replaces_the_prompt_only_in_its_own_language(client, login, phone, session):
    from sqlalchemy import select

    from voice.models import PromptRecording

    login()
    english = client.get("/admin/prompts?sprache=en").get_data(as_text=True)
    assert '<h3 class="sentence" lang="en">Hello! This is the neighbourhood phone' in english
    assert "Guten Tag! Hier ist das Quartierstelefon" in english  # German folded beside it
    assert 'action="/admin/prompts/greeting.welcome/recording?sprache=en"' in english
    token = csrf_token(client, "/admin/prompts?sprache=en")
    response = client.post(
        "/admin/prompts/greeting.welcome/recording?sprache=en",
        data={"csrf_token": token, "audio": (BytesIO(_tone()), "hello.mp3")},
        content_type="multipart/form-data",
    )
    assert response.location.endswith("/admin/prompts?sprache=en#greeting.welcome")
    page = client.get(response.location).get_data(as_text=True)
    assert "„Hello! This is the neighbourhood phone of the …“ wird jetzt mit Ihrer" in page
    [recording] = session.scalars(select(PromptRecording)).all()
    assert (recording.language, recording.prompt_id, recording.active) == (
        "en",
        "greeting.welcome",
        True,
    )
    assert phone.call().root[0].tag == "Say"  # a German call does not play the English one
    german = client.get("/admin/prompts").get_data(as_text=True)
    welcome = german.split('id="greeting.welcome"')[1].split("</li>")[0]
    assert "· Aufnahme ·" not in welcome and "Zurück zur Computerstimme" not in welcome
    welcome = page.split('id="greeting.welcome"')[1].split("</li>")[0]
    assert "· Aufnahme ·" in welcome and "Zurück zur Computerstimme" in welcome

    client.post(  # going back in German leaves the English recording alone
        "/admin/prompts/greeting.welcome/generated", data={"csrf_token": token}
    )
    session.expire_all()
    assert recording.active
    client.post("/admin/prompts/greeting.welcome/generated?sprache=en", data={"csrf_token": token})
    session.expire_all()
    assert not recording.active


def test_each_language_plays_its_own_computer_voice(app, client, login):
    login()
    english = app.extensions["voices"]["en"]
    text = english.catalogue["keys.goodbye"].text
    wav = audio.telephone_wav(PicoEngine().synthesize(text, "en"), english.store.settings)
    english.store.save(text, "pico", wav)
    page = client.get("/admin/prompts?sprache=en").get_data(as_text=True)
    goodbye = page.split('id="keys.goodbye"')[1].split("</li>")[0]
    assert "Computerstimme" in goodbye and "ohne Hörprobe" not in goodbye
    played = client.get("/admin/prompts/keys.goodbye/audio.wav?sprache=en")
    assert played.status_code == 200 and played.data == wav
    # Turkish is not built here: the page says Twilio reads it, and offers a rebuild
    turkish = client.get("/admin/prompts?sprache=tr").get_data(as_text=True)
    assert "Twilio liest vor" in turkish.split('id="keys.goodbye"')[1].split("</li>")[0]
