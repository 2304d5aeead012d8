"""What a call or a page needs lives in the database, not on one server's disk (issue 19):
two apps on one database with their own audio folders stand for two servers."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from tests.servers import Instance, environment
from voice import caches
from voice.models import (
    AudioFile,
    Centre,
    Message,
    MessageKind,
    Recording,
    RecordingSource,
    RecordingState,
    Resident,
    utcnow,
)
from voice.registrations import erasure
from voice.speech import build, shared
from voice.speech.engines import PicoEngine, make_engines

TEXTS = ["Guten Tag.", "Auf Wiederhören.", "Bitte warten Sie."]


@pytest.fixture
def servers(own_app, own_database, tmp_path):
    """Two apps on one database, each with its own audio folder."""
    return [own_app(own_database, AUDIO_DIR=str(tmp_path / name)) for name in ("a", "b")]


def _build(app, texts, synthesised: list | None = None) -> build.BuildReport:
    store = app.extensions["audio_store"]
    engines = build.plan("pico", make_engines(app.config), store.language)
    with app.app_context():
        sharing = shared.Shared(app.extensions["db"])
        with sharing.building():
            return build.build(store, engines, texts, shared=sharing, workers=1)


def test_two_servers_name_and_serve_the_same_built_file(servers, monkeypatch):
    """Pico's output differs by a few bytes from run to run, so a server does not build
    again what another built: it copies it, and both serve the same bytes."""
    first, second = servers
    assert _build(first, TEXTS[:1]).built == TEXTS[:1]
    here, there = first.extensions["audio_store"], second.extensions["audio_store"]
    name = here.find(TEXTS[0])
    assert there.key(TEXTS[0], "pico") == name  # the same name on every server
    assert there.find(TEXTS[0]) is None  # its speech worker has not run yet
    with second.test_client().get(f"/audio/{name}.wav") as served:  # Twilio asks the other
        assert served.status_code == 200
        assert served.data == here.path(name).read_bytes()

    def refuse(*_args, **_kwargs):
        raise AssertionError("built again on the second server")

    monkeypatch.setattr(PicoEngine, "synthesize", refuse)
    report = _build(second, TEXTS[:1])
    assert (report.built, report.skipped) == ([], 1)  # copied from the database
    assert there.find(TEXTS[0]) == name


def test_two_speech_workers_build_each_text_once(servers, own_database, monkeypatch):
    if own_database.startswith("sqlite"):
        pytest.skip("one server on SQLite: one speech worker")
    original, made = PicoEngine.synthesize, []

    def counting(self, text, *args, **kwargs):
        made.append((text, threading.current_thread().name))
        return original(self, text, *args, **kwargs)

    monkeypatch.setattr(PicoEngine, "synthesize", counting)
    reports: list[build.BuildReport] = []
    threads = [
        threading.Thread(target=lambda app=app: reports.append(_build(app, TEXTS)))
        for app in servers
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert sorted(len(report.built) for report in reports) == [0, len(TEXTS)]
    spoken = {text: {where for said, where in made if said == text} for text in TEXTS}
    assert all(len(where) == 1 for where in spoken.values()), spoken  # by one server each
    for app in servers:
        assert all(app.extensions["audio_store"].find(text) for text in TEXTS)


def _resident_with_voice(app) -> int:
    store = app.extensions["audio_store"]
    with app.app_context(), app.extensions["db"].begin() as session:
        name = shared.save_recording(session, store, b"RIFF-erikas-voice")
        resident = Resident(
            phone="+497311234567",
            name="Erika Muster",
            name_recording=Recording(
                source=RecordingSource.UPLOAD,
                purpose="name",
                state=RecordingState.READY,
                audio_name=name,
            ),
        )
        session.add(resident)
        session.flush()
        return resident.id


def test_an_erased_voice_is_gone_from_every_server(servers):
    first, second = servers
    resident_id = _resident_with_voice(first)
    with first.extensions["db"]() as session:
        name = session.get(Resident, resident_id).name_recording.audio_name
    copy = second.extensions["audio_store"].path(name)
    with second.test_client().get(f"/audio/{name}.wav") as served:
        assert served.data == b"RIFF-erikas-voice"
    assert copy.is_file()  # the second server keeps a copy
    store = first.extensions["audio_store"]
    with first.app_context(), first.extensions["db"].begin() as session:
        erasure.erase(session, session.get(Resident, resident_id), store=store)
    assert second.test_client().get(f"/audio/{name}.wav").status_code == 404
    assert not copy.exists()  # erased on the server that did not erase it


def test_the_shared_version_is_read_at_most_once_per_interval(servers):
    """CACHE_CHECK_SECONDS bounds how long another server's change stays unseen, and how
    often a process asks: once per interval, for all its caches."""
    first, second = servers
    now, asked = [100.0], []
    versions = caches.Versions(2.0, clock=lambda: now[0])
    factory = first.extensions["db"]
    with factory() as session:

        def check() -> int:
            def load():
                asked.append(now[0])
                return session

            try:
                return versions.current(load)
            finally:
                session.rollback()  # the request ends

        seen = check()
        with second.app_context(), second.extensions["db"].begin() as other:
            other.execute(update(Centre).values(name="Alter Eselsberg (Zentrum)"))
        now[0] += 1.9
        assert check() == seen  # within the interval: not asked
        now[0] += 0.1
        assert check() == seen + 1  # the change is seen
    assert asked == [100.0, 102.0]


def test_a_residents_recording_leaves_the_caches_alone(servers):
    """Only changes to what processes keep raise the version: a resident's message does not
    make every server read staff recordings again."""
    first, _second = servers
    read = caches.Versions(0.0)
    factory = first.extensions["db"]
    with factory() as session:
        before = read.current(lambda: session)
    _resident_with_voice(first)
    with factory() as session:
        assert read.current(lambda: session) == before
    with first.app_context(), factory.begin() as session:
        session.execute(update(Centre).values(office_hours="Mo 09:00-12:00"))
    with factory() as session:
        assert read.current(lambda: session) == before + 1


def test_two_retention_runs_remove_each_recording_once(servers, own_database, tmp_path):
    if own_database.startswith("sqlite"):
        pytest.skip("one server on SQLite: one retention run at a time")
    first, _second = servers
    with first.app_context(), first.extensions["db"].begin() as session:
        old = utcnow() - timedelta(days=400)
        for n in range(20):
            name = shared.save_recording(
                session, first.extensions["audio_store"], f"RIFF-{n}".encode()
            )
            recording = Recording(
                source=RecordingSource.UPLOAD,
                purpose="message",
                state=RecordingState.READY,
                audio_name=name,
                created_at=old,
            )
            session.add(
                Message(
                    kind=MessageKind.MESSAGE,
                    from_number=f"+4973155501{n:02d}",
                    call_sid=f"CA{n:032d}",
                    recording=recording,
                    created_at=old,
                )
            )
    # Two servers' timers fire at once: two processes.
    runs = [
        Instance(environment(own_database, tmp_path / name, tmp_path / "twilio", "")).flask(
            "retention", "run"
        )
        for name in ("a", "b")
    ]
    outputs = [run.communicate(timeout=120)[0] for run in runs]
    counts = sorted(int(re.search(r"Gelöscht: (\d+) Nachrichten", out).group(1)) for out in outputs)
    assert counts == [0, 20]
    with first.extensions["db"]() as session:
        assert session.scalars(select(AudioFile)).all() == []
