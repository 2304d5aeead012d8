"""Erasure erases, and the export hands out: a resident lives through the phone (registers
with her name, leaves a message, records it twice, is called back, joins the meeting), then
staff erase her. Afterwards no table (found by reflecting the database, not listed here) and
no file under AUDIO_DIR holds her number, her name or anything of her recordings; before, the
ZIP export holds all of it, her voice included."""

from __future__ import annotations

import io
import json
import wave
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import MetaData, func, select, update

from tests.accounts import csrf_token
from tests.conftest import SIMULATOR_DIR
from tests.reminders.test_reminders import ALL_DAY
from voice.models import (
    Call,
    MeetingParticipant,
    Recording,
    Registration,
    Reminder,
    Resident,
    utcnow,
)
from voice.recordings import retention
from voice.recordings.cli import make_fetcher
from voice.registrations import booking, erasure
from voice.registrations.residents import masked
from voice.reminders.cli import make_dialer

NUMBER = "+497311234567"
NAME = "Frieda Keller"


@pytest.fixture
def app_config(tmp_path):
    return {**ALL_DAY, "AUDIO_DIR": str(tmp_path / "audio")}


def _silence() -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(8000)
        wav.writeframes(b"\0\0" * 80)
    return buffer.getvalue()


@pytest.fixture
def life(app, session, phone, make_event, make_resident):
    """Everything a resident leaves behind; returns her id and what identifies her data."""
    event = make_event(title="ErzählCafé", starts_in=timedelta(minutes=5))
    neighbour = make_resident(phone="+497310000077", name="Herr Bauer")
    booking.book(session, event.id, neighbour, wants_reminder=False)
    session.commit()
    phone.call(NUMBER)
    phone.press("1")  # the events: the ErzählCafé
    phone.press("1")  # register: why the name is kept, then the tone
    phone.record(seconds=1)  # her name (each take a different length: a different file)
    phone.press("1")  # a reminder call, please
    phone.press("*")  # back to the main menu
    phone.press("5")  # a message
    phone.record(seconds=2)
    phone.press("2")  # recorded again: the first take is not kept
    phone.record(seconds=3)
    phone.press("1")  # kept
    phone.hang_up()
    person = session.scalar(select(Resident).where(Resident.phone == NUMBER))
    person.name = NAME  # staff typed it from her recording
    session.commit()
    store = app.extensions["audio_store"]
    store.save(NAME, "pico", _silence())  # as the speech worker builds names for greetings
    assert make_fetcher(app).run_once() == 3  # name, message, and the take not kept
    make_dialer(app, "test-dialer", sleep=lambda seconds: None).run_once()
    phones = app.extensions["telephony"].phones
    [ringing] = list(phones.ringing)
    reminder_call = phones.answer(ringing)
    reminder_call.press("1")  # join now: into the meeting
    reminder_call.hang_up()
    # Staff erase days later: every call is long over.
    session.execute(update(Call).values(started_at=utcnow() - timedelta(days=3)))
    session.commit()
    session.expire_all()
    recordings = session.scalars(select(Recording)).all()
    sids = session.scalars(select(Call.call_sid).where(Call.from_number == NUMBER)).all()
    assert len(recordings) == 3 and len(sids) == 2  # her call, and the reminder call
    assert len({r.audio_name for r in recordings}) == 3
    assert session.scalar(select(func.count()).select_from(MeetingParticipant)) == 1
    assert session.scalar(select(Reminder.call_sid)) in sids
    needles = {NUMBER, NUMBER.removeprefix("+"), masked(NUMBER), NAME, "Keller", *sids}
    for recording in recordings:
        needles |= {recording.sid, recording.source_url, recording.audio_name}
    return {
        "id": person.id,
        "needles": needles,
        "audio": [r.audio_name for r in recordings],
        "sids": [r.sid for r in recordings],
        "neighbour": neighbour.id,
    }


def _in_database(session, needles: set[str]) -> list[str]:
    """Every place in any table, in any column, that holds one of the needles."""
    found = []
    meta = MetaData()
    meta.reflect(bind=session.connection())
    for table in meta.sorted_tables:
        for row in session.execute(select(table)).mappings():
            for column, value in row.items():
                shown = json.dumps(value, default=str, ensure_ascii=False)
                found += [f"{table.name}.{column}: {n}" for n in needles if n in shown]
    return found


def _in_files(folder: Path, needles: set[str], names: list[str]) -> list[str]:
    """Every file under the folder that holds a needle or is one of the named recordings."""
    found = []
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        found += [f"{path}: {n}" for n in needles if n.encode() in data]
        found += [f"{path}: recording" for name in names if path.stem == name]
    return found


def _status(client, url: str) -> int:
    with client.get(url) as response:
        if response.status_code == 200:  # a voice must not outlive its erasure in a cache
            assert response.headers["Cache-Control"] == "private, no-store"
        return response.status_code


def _erase(client, login, person_id: int):
    login()
    url = f"/admin/residents/{person_id}"
    return client.post(
        f"{url}/erase", data={"csrf_token": csrf_token(client, url), "confirm_phone": "4567"}
    )


def test_after_erasure_nothing_about_her_is_left(app, client, login, session, life):
    audio_dir = Path(app.config["AUDIO_DIR"])
    needles = life["needles"]
    before = _in_database(session, needles)
    assert any(place.startswith("recordings.sid") for place in before)  # the search can find
    assert _in_files(audio_dir, needles, life["audio"])
    for name in life["audio"]:
        assert _status(client, f"/audio/{name}.wav") == 200  # no login needed

    _erase(client, login, life["id"])

    session.expire_all()
    assert _in_database(session, needles) == []
    assert _in_files(audio_dir, needles, life["audio"]) == []
    for name in life["audio"]:
        assert _status(client, f"/audio/{name}.wav") == 404
    # The simulated provider's copies are gone too (the phone simulator keeps them as Twilio).
    assert [sid for sid in life["sids"] if (Path(SIMULATOR_DIR) / f"{sid}.wav").exists()] == []
    # Her neighbour keeps everything; the calls stay, without her, for the statistics.
    [left] = session.scalars(select(Registration)).all()
    assert left.resident_id == life["neighbour"]
    assert session.scalar(select(func.count()).select_from(Call)) == 2


def test_the_export_holds_everything_and_her_voice(app, client, login, session, life):
    login()
    response = client.get(f"/admin/residents/{life['id']}/export.zip")
    assert response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    text = archive.read("daten.json").decode()
    data = json.loads(text)
    # Everything the database holds about her, the export holds.
    held = [n for n in sorted(life["needles"]) if _in_database(session, {n})]
    assert len(held) > 10 and [n for n in held if n not in text] == []
    assert [r["source"] for r in data["registrations"]] == ["phone"]
    assert data["registrations"][0]["reminder_calls"][0]["state"] == "joined"
    assert len(data["messages"]) == 1 and len(data["calls"]) == 2
    assert data["meetings"][0]["shown_as"] == masked(NUMBER)  # a reminder call: no name
    store = app.extensions["audio_store"]
    files = {r["audio"]: r["file"] for r in data["recordings"]}
    assert sorted(files) == sorted(life["audio"])
    for name, inside in files.items():
        assert archive.read(inside) == store.path(name).read_bytes()
    assert set(archive.namelist()) == {"daten.json", *files.values()}


def test_a_file_that_cannot_be_deleted_is_swept_by_retention(app, session, life, monkeypatch):
    """The database is right at once; the file goes with the next retention run."""
    store = app.extensions["audio_store"]
    person = session.get(Resident, life["id"])
    erased = erasure.erase(session, person)
    session.commit()

    def refuse(path, missing_ok=False):
        raise PermissionError("read-only")

    monkeypatch.setattr(Path, "unlink", refuse)
    telephony = app.extensions["telephony"]
    failed = erasure.remove_outside(erased, store, telephony, provider_deleted_fetched=True)
    monkeypatch.undo()
    assert len(failed) >= 3 and all(store.path(name).is_file() for name in life["audio"])
    assert retention.orphans(session, store, utcnow()) == []  # too new: a fetch may be saving
    orphans = retention.orphans(session, store, utcnow() + timedelta(hours=2))
    assert orphans == sorted(life["audio"])
    retention.delete_files(store, orphans)
    assert not any(store.path(name).exists() for name in life["audio"])


def test_a_recording_erased_while_it_is_fetched_is_not_kept(app, session, phone, make_event):
    make_event()
    phone.call(NUMBER)
    phone.press("1")
    phone.press("1")
    phone.record(seconds=2)
    phone.press("2")
    fetcher = make_fetcher(app)
    store = app.extensions["audio_store"]
    source, sessions = fetcher.telephony, app.extensions["db"]

    class ErasedMeanwhile:
        def fetch_recording(self, url):
            with sessions.begin() as other:  # staff press „Endgültig löschen“ just now
                erasure.erase(other, other.scalar(select(Resident)))
            return source.fetch_recording(url)

        def delete_recording(self, sid):
            source.delete_recording(sid)

    fetcher.telephony = ErasedMeanwhile()
    assert fetcher.run_once() == 0
    assert session.scalar(select(func.count()).select_from(Recording)) == 0
    assert store.recordings() == {}


def test_a_call_erased_while_it_goes_on_loses_its_sid_with_the_next_retention(
    app, session, phone, make_event
):
    make_event()
    phone.call(NUMBER)
    phone.to_main()
    phone.press("1")
    phone.press("1")
    phone.wait()  # no name
    phone.press("2")  # registered, and still on the phone
    erasure.erase(session, session.scalar(select(Resident)))
    session.commit()
    reply = phone.press("9")  # she hears the menus to the end
    assert reply.one("Gather").get("action") == "/voice/menu/events"
    assert "Entschuldigung" not in reply.text()
    assert session.scalar(select(Call.call_sid)) == phone.call_sid
    session.execute(update(Call).values(started_at=utcnow() - timedelta(hours=5)))
    session.commit()
    assert app.test_cli_runner().invoke(args=["retention", "run"]).exit_code == 0
    session.expire_all()
    assert session.scalar(select(Call.call_sid)).startswith("gelöscht-")
