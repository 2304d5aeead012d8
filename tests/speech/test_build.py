"""Building the catalogue: cached by hash, rebuilt on change, cleaned up, robust to Google."""

from __future__ import annotations

import concurrent.futures
import os
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
from gtts import gTTSError

from voice.speech import build
from voice.speech.audio import Speech, wav_seconds
from voice.speech.engines import EngineError, GttsEngine, PicoEngine
from voice.speech.settings import AudioSettings
from voice.speech.store import AudioStore

TEXTS = {"Guten Tag!", "Auf Wiederhören!"}


def _store(root: Path, settings: AudioSettings | None = None, engines=("pico",)) -> AudioStore:
    voices = {"pico": PicoEngine.voice, "gtts": "gtts-com"}
    return AudioStore(root, "de", list(engines), voices, settings or AudioSettings())


def test_rebuild_with_nothing_changed_builds_nothing(tmp_path):
    store = _store(tmp_path)
    first = build.build(store, [PicoEngine()], TEXTS)
    assert sorted(first.built) == sorted(TEXTS)
    assert first.audio_seconds > 1
    before = {p.name: p.stat().st_mtime_ns for p in store.built.iterdir()}
    again = build.build(store, [PicoEngine()], TEXTS)
    assert again.built == [] and again.skipped == 2
    assert {p.name: p.stat().st_mtime_ns for p in store.built.iterdir()} == before
    forced = build.build(store, [PicoEngine()], TEXTS, force=True)
    assert sorted(forced.built) == sorted(TEXTS)


def test_changed_text_or_setting_gets_a_new_file_and_the_old_one_is_removed(tmp_path):
    store = _store(tmp_path)
    build.build(store, [PicoEngine()], TEXTS)
    old = store.find("Guten Tag!")
    changed = {"Guten Abend!", "Auf Wiederhören!"}
    report = build.build(store, [PicoEngine()], changed)
    assert report.built == ["Guten Abend!"]
    removed = store.remove_except(build.expected_names(store, changed))
    assert removed == [old]
    assert build.missing(store, changed) == []
    slower = _store(tmp_path, AudioSettings(tempo=0.8))
    assert slower.find("Auf Wiederhören!") is None  # another setting, another file


def test_the_catalogue_needs_whole_prompts_fixed_words_and_numbers(app):
    texts = build.static_texts(app.extensions["voice"].catalogue)
    assert "Zurzeit gibt es keine Neuigkeiten." in texts
    assert "Sie sind angemeldet für" in texts  # from "Sie sind angemeldet für {title}, {when}."
    assert {"1", "12", "60"} <= texts
    assert not any("{" in text for text in texts)


@pytest.fixture
def silent_server():
    """A port that accepts connections and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    held = []
    stop = threading.Event()

    def hold():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    server.close()


def _refusing_port() -> int:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nobody listens there now: connections are refused
    return port


@pytest.mark.parametrize("where", ["silent", "refusing"])
def test_unreachable_google_falls_back_to_pico_within_the_timeout(
    tmp_path, monkeypatch, request, where
):
    port = request.getfixturevalue("silent_server") if where == "silent" else _refusing_port()
    for name in ("HTTPS_PROXY", "https_proxy"):
        monkeypatch.setenv(name, f"http://127.0.0.1:{port}")
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    engines = {"gtts": GttsEngine(timeout=1.0), "pico": PicoEngine()}
    started = time.monotonic()
    chosen = build.plan("auto", engines, "de")
    assert time.monotonic() - started < 5  # the 1 s timeout, and room for a busy machine
    assert [e.name for e in chosen] == ["pico"]
    store = _store(tmp_path, engines=("gtts", "pico"))
    report = build.build(store, chosen, TEXTS)
    assert sorted(report.built) == sorted(TEXTS)
    assert not any(store.has(text, "gtts") for text in TEXTS)
    assert all(store.has(text, "pico") for text in TEXTS)
    assert sorted(p.name for p in store.built.iterdir() if p.name.startswith(".")) == []
    with pytest.raises(EngineError):  # and every single request gives up in time
        engines["gtts"].synthesize("Hallo", "de")


class _Status:
    def __init__(self, status_code: int) -> None:
        self.status_code = status_code
        self.reason = "Too Many Requests"


@pytest.fixture(scope="module")
def mp3() -> bytes:
    """Two seconds of a tone as an MP3 at 24 kHz, the format Google answers with."""
    return subprocess.run(
        [
            *("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=300:duration=2"),
            *("-ar", "24000", "-f", "mp3", "-"),
        ],
        capture_output=True,
        check=True,
    ).stdout


def test_google_is_retried_with_backoff_on_429_and_5xx(monkeypatch, mp3):
    engine = GttsEngine(timeout=1.0)
    answers = [429, 503, None]
    delays = []

    def fetch(text, language):
        status = answers.pop(0)
        if status:
            raise gTTSError(msg="busy", response=_Status(status))
        return mp3

    monkeypatch.setattr(engine, "_fetch", fetch)
    engine.backoff = delays.append
    assert engine.synthesize("Hallo", "de").seconds == pytest.approx(2.0, abs=0.1)
    assert delays == [2.0, 4.0]


def test_google_speech_is_decoded_and_stretched_to_the_tempo(monkeypatch, mp3):
    """Google has no rate control: its MP3 is decoded and time-stretched in-process."""
    engine = GttsEngine(timeout=1.0)
    monkeypatch.setattr(engine, "_fetch", lambda text, language: mp3)
    speech = engine.synthesize("Hallo", "de", tempo=0.8)
    assert speech.rate == 24000
    assert speech.seconds == pytest.approx(2.0 / 0.8, abs=0.1)


def test_google_refusing_is_not_retried(monkeypatch):
    engine = GttsEngine(timeout=1.0)
    calls = []

    def fetch(text, language):
        calls.append(text)
        raise gTTSError(msg="forbidden", response=_Status(403))

    monkeypatch.setattr(engine, "_fetch", fetch)
    with pytest.raises(EngineError):
        engine.synthesize("Hallo", "de")
    assert calls == ["Hallo"]


def test_throttle_spaces_requests(monkeypatch, mp3):
    engine = GttsEngine(timeout=1.0, min_interval=0.2)
    stamps = []
    monkeypatch.setattr(
        "gtts.gTTS.write_to_fp",
        lambda self, fp: (stamps.append(time.monotonic()), fp.write(mp3)),
    )
    for _ in range(3):
        engine.synthesize("Hallo", "de")
    assert min(b - a for a, b in zip(stamps, stamps[1:], strict=False)) >= 0.19


class PicoNoting(PicoEngine):
    """Pico that notes which process spoke each text (a file per text, named by the pid)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def synthesize(self, text: str, language: str, tempo: float = 1.0) -> Speech:
        (self.folder / f"{os.getpid()}-{text}").touch()
        return super().synthesize(text, language, tempo)


def test_a_long_list_is_built_by_one_process_per_core(tmp_path, monkeypatch):
    """Pico holds the GIL: threads would take turns on one core, processes use them all."""
    monkeypatch.setattr(build, "PROCESSES_FROM", 2)
    monkeypatch.setattr(build, "CHUNK", 1)
    notes = tmp_path / "notes"
    notes.mkdir()
    store = _store(tmp_path / "audio")
    texts = {"Eins.", "Zwei und.", "Drei und zwei.", "Vier und drei."}
    report = build.build(store, [PicoNoting(notes)], texts, workers=2)
    assert sorted(report.built) == sorted(texts) and not report.failed
    pids = {int(note.name.split("-")[0]) for note in notes.iterdir()}
    assert len(list(notes.iterdir())) == len(texts)
    assert os.getpid() not in pids and 1 <= len(pids) <= 2
    assert report.audio_seconds == pytest.approx(
        sum(wav_seconds(store.path(store.find(text)).read_bytes()) for text in texts)
    )


def test_a_short_list_is_built_here(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    report = build.build(_store(tmp_path / "audio"), [PicoNoting(notes)], TEXTS, workers=2)
    assert sorted(report.built) == sorted(TEXTS)
    assert {note.name.split("-")[0] for note in notes.iterdir()} == {str(os.getpid())}


def test_without_processes_the_build_runs_here(tmp_path, monkeypatch, caplog):
    """Some containers have no /dev/shm: multiprocessing cannot make its locks there."""

    def no_semaphores(*args, **kwargs):
        raise OSError(38, "Function not implemented")

    monkeypatch.setattr(build, "PROCESSES_FROM", 2)
    # build imports it when it starts processes (a web worker never does)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_semaphores)
    notes = tmp_path / "notes"
    notes.mkdir()
    report = build.build(_store(tmp_path / "audio"), [PicoNoting(notes)], TEXTS, workers=2)
    assert sorted(report.built) == sorted(TEXTS)
    assert {note.name.split("-")[0] for note in notes.iterdir()} == {str(os.getpid())}
    assert "in this process only" in caplog.text
