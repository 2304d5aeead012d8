"""Ansagen: listen, replace with a recording, go back, rebuild."""

from __future__ import annotations

import subprocess
from io import BytesIO

import pytest

from tests.accounts import csrf_token


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


def test_replace_a_prompt_with_a_recording_and_go_back(client, login, phone):
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


def test_rebuild_one_prompt(client, login, phone):
    login()
    client.post(
        "/admin/prompts/greeting.welcome/rebuild",
        data={"csrf_token": csrf_token(client, "/admin/prompts")},
    )
    assert phone.call().root[0].tag == "Play"
    assert "Computerstimme" in client.get("/admin/prompts").get_data(as_text=True)
