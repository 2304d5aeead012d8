"""Neuigkeiten: text or audio, a validity period, an order; bad input loses nothing."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime, timedelta
from io import BytesIO

import pytest
from sqlalchemy import select

from tests.accounts import csrf_token
from voice.db import db
from voice.models import Announcement
from voice.speech import audio


def _form(client, **values) -> dict:
    now = datetime.now(UTC)
    data = {
        "csrf_token": csrf_token(client, "/admin/news/new"),
        "title": "Adventsfeier",
        "text": "Am Freitag feiern wir im Quartierszentrum Advent.",
        "valid_from": (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "valid_until": "",
        "priority": "0",
        "published": "y",
    }
    data.update(values)
    return data


def _tone(fmt: str = "mp3", seconds: int = 2, video: bool = False) -> bytes:
    source = ["-f", "lavfi", "-i", f"sine=frequency=500:duration={seconds}"]
    if video:
        source = ["-f", "lavfi", "-i", "testsrc=duration=1:size=64x64:rate=5", *source, "-shortest"]
    return subprocess.run(
        ["ffmpeg", "-v", "error", *source, "-f", fmt, "-"], capture_output=True, check=True
    ).stdout


def _all(session) -> list[Announcement]:
    session.expire_all()
    return list(session.scalars(select(Announcement)))


def test_a_text_announcement_is_spoken_on_the_phone_and_can_be_previewed(
    client, login, session, phone
):
    login()
    assert client.post("/admin/news/new", data=_form(client)).status_code == 302
    [news] = _all(session)
    preview = client.get(f"/admin/news/{news.id}/preview.wav")
    assert preview.status_code == 202  # until the speech worker built it (test_previews.py)
    phone.call()
    assert "Am Freitag feiern wir im Quartierszentrum Advent." in phone.press("4").said()


def test_an_uploaded_recording_is_converted_and_played_on_the_phone(client, login, session, phone):
    login()
    data = _form(client, text="", audio=(BytesIO(_tone("mp3")), "ansage.mp3"))
    response = client.post("/admin/news/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    [news] = _all(session)
    assert news.recording.source == "upload" and news.text is None
    path = f"/audio/{news.recording.audio_name}.wav"
    served = client.get(path)
    assert served.mimetype == "audio/wav"
    served.close()
    phone.call()
    plays = [el.text for el in phone.press("4").root.iter("Play")]
    assert plays == [f"https://quartier.example.org{path}"]


def test_no_transaction_is_open_while_an_upload_is_converted(client, login, monkeypatch):
    """On SQLite a transaction holds the write lock, which every call needs; converting a
    long recording takes seconds."""
    seen = []

    def convert(*args, **kwargs):
        seen.append(db.session.in_transaction())
        return real(*args, **kwargs)

    real = audio.convert_upload  # loaded where it is used: replaced at its source
    monkeypatch.setattr(audio, "convert_upload", convert)
    login()
    data = _form(client, text="", audio=(BytesIO(_tone("mp3")), "ansage.mp3"))
    response = client.post("/admin/news/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    assert seen == [False]


@pytest.mark.parametrize(
    ("upload", "complaint"),
    [
        (lambda: (BytesIO(b"Liebe Nachbarn"), "brief.mp3"), "Die Datei enthält keinen Ton."),
        (lambda: (BytesIO(_tone("matroska", 1, video=True)), "film.mkv"), "Das ist ein Video."),
        (lambda: (BytesIO(b""), "leer.wav"), "Die Datei ist leer."),
    ],
)
def test_a_file_that_is_not_audio_is_refused_and_nothing_is_saved(
    client, login, session, upload, complaint
):
    login()
    data = _form(client, text="", audio=upload())
    response = client.post("/admin/news/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert complaint in response.get_data(as_text=True)
    assert _all(session) == []


@pytest.mark.parametrize(
    ("values", "complaint"),
    [
        ({"text": ""}, "Bitte einen Text eingeben oder eine Aufnahme hochladen."),
        ({"valid_until": "2020-01-01T10:00"}, "Das Ende muss nach dem Anfang liegen."),
        ({"valid_from": "irgendwann"}, "„irgendwann“ kann ich nicht als Datum lesen."),
        ({"valid_from": ""}, "Bitte ein Datum angeben"),
    ],
)
def test_bad_input_is_named(client, login, session, values, complaint):
    login()
    response = client.post("/admin/news/new", data=_form(client, **values))
    assert response.status_code == 422
    assert complaint in response.get_data(as_text=True)
    assert _all(session) == []


def test_order_and_validity_on_the_phone(client, login, session, phone):
    login()
    client.post("/admin/news/new", data=_form(client, title="A", text="Zuerst gespeichert."))
    client.post("/admin/news/new", data=_form(client, title="B", text="Wichtig.", priority="5"))
    past = (datetime.now(UTC) - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    client.post(
        "/admin/news/new",
        data=_form(
            client, title="C", text="Vorbei.", valid_from="2020-01-01T10:00", valid_until=past
        ),
    )
    phone.call()
    said = phone.press("4").said()
    assert said.index("Wichtig.") < said.index("Zuerst gespeichert.")
    assert "Vorbei." not in said


def test_delete(client, login, session):
    login()
    client.post("/admin/news/new", data=_form(client))
    [news] = _all(session)
    client.post(
        f"/admin/news/{news.id}/delete", data={"csrf_token": csrf_token(client, "/admin/news")}
    )
    assert _all(session) == []
