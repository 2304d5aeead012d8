"""Uploads: larger than other requests but within UPLOAD_MAX_MB, refused above it with a
message for staff, and a folder for audio that cannot be used is named, not a 500."""

from __future__ import annotations

import subprocess
import tempfile
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.accounts import csrf_token
from voice.models import Announcement, PromptRecording

NOT_A_FOLDER = Path(tempfile.mkstemp(prefix="qt-not-a-folder-")[1])  # a file, not a folder


def _news(client, audio: bytes, name: str = "ansage.mp3") -> dict:
    return {
        "csrf_token": csrf_token(client, "/admin/news/new"),
        "title": "Adventsfeier",
        "text": "",
        "valid_from": (datetime.now(UTC) - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "priority": "0",
        "published": "y",
        "audio": (BytesIO(audio), name),
    }


def _tone(seconds: int = 2) -> bytes:
    source = ["-f", "lavfi", "-i", f"sine=frequency=500:duration={seconds}"]
    return subprocess.run(
        ["ffmpeg", "-v", "error", *source, "-f", "mp3", "-"], capture_output=True, check=True
    ).stdout


def _post(client, path: str, data: dict):
    """Post a form with a file; closes the temporary file werkzeug's test client puts a body
    over 500 KB in (it stays open when the app does not read the body)."""
    response = client.post(path, data=data)
    response.request.environ["wsgi.input"].close()
    return response


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_an_upload_may_be_larger_than_a_webhook(client, login, session):
    login()
    big = _tone() + b"\0" * (1024 * 1024)  # 1 MB: far above the 64 KB other requests may have
    response = _post(client, "/admin/news/new", _news(client, big))
    assert response.status_code == 302, response.get_data(as_text=True)
    assert _count(session, Announcement) == 1


@pytest.mark.parametrize("app_config", [{"UPLOAD_MAX_MB": 1}])
def test_a_file_over_the_limit_gets_a_message_not_a_bare_413(client, login, session):
    login()
    response = _post(client, "/admin/news/new", _news(client, b"\0" * (2 * 1024 * 1024)))
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "Datei zu groß" in page
    assert "Die Datei ist größer als 1 MB und wurde nicht gespeichert." in page
    assert 'href="/admin/news/new"' in page  # back to the form
    assert _count(session, Announcement) == 0


@pytest.mark.parametrize("app_config", [{"UPLOAD_MAX_MB": 1}])
def test_a_prompt_recording_over_the_limit_leads_back_to_the_prompts(client, login, session):
    login()
    response = _post(
        client,
        "/admin/prompts/greeting.welcome/recording",
        {
            "csrf_token": csrf_token(client, "/admin/prompts"),
            "audio": (BytesIO(b"\0" * (2 * 1024 * 1024)), "gross.wav"),
        },
    )
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "größer als 1 MB" in page and 'href="/admin/prompts"' in page
    assert _count(session, PromptRecording) == 0


UNUSABLE = [{"AUDIO_DIR": str(NOT_A_FOLDER / "audio")}]


@pytest.mark.parametrize("app_config", UNUSABLE)
def test_an_unusable_audio_folder_is_named_on_the_news_form(client, login, session):
    login()
    response = _post(client, "/admin/news/new", _news(client, _tone()))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f"Der Ordner für Aufnahmen ({NOT_A_FOLDER}/audio) fehlt und lässt sich nicht" in page
    assert "Bitte sagen Sie der Person Bescheid, die den Server betreut" in page
    assert _count(session, Announcement) == 0


@pytest.mark.parametrize("app_config", UNUSABLE)
def test_an_unusable_audio_folder_is_named_on_the_prompts_page(client, login, session):
    login()
    response = _post(
        client,
        "/admin/prompts/greeting.welcome/recording",
        {
            "csrf_token": csrf_token(client, "/admin/prompts"),
            "audio": (BytesIO(_tone()), "a.mp3"),
        },
    )
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "„Guten Tag! Hier ist das Quartierstelefon der …“: Der Ordner für Aufnahmen" in page
    assert _count(session, PromptRecording) == 0


def test_a_folder_that_refuses_the_file_is_named_too(client, login, session, app, monkeypatch):
    """A folder that looks usable but fails on writing (a full disk)."""
    store = app.extensions["audio_store"]

    def full(_wav: bytes) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store, "save_recording", full)
    login()
    response = _post(client, "/admin/news/new", _news(client, _tone()))
    assert response.status_code == 422
    assert "nimmt nichts an (No space left on device)" in response.get_data(as_text=True)
