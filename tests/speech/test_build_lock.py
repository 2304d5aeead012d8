"""`prompts build` takes minutes; on SQLite, calls must be answered while it runs."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import func, select

from tests.conftest import BASE_URL, make_test_app
from tests.phone import Phone
from voice import schema
from voice.models import Call
from voice.speech.audio import Speech
from voice.speech.engines import PicoEngine

CATALOGUE = """[greeting]
welcome = "Guten Tag!"
[keys]
goodbye = "Auf Wiederhören!"
"""
STUCK_AFTER = 5.0  # seconds: the old code kept the lock; let the build go on by then


class HeldPico:
    """Pico, whose every text waits until the test lets the build go on: a build that is
    reliably in the middle of its slow work, with the real pipeline making the audio."""

    name = "pico"
    voice = PicoEngine.voice
    cpu_bound = True

    def __init__(self) -> None:
        self.pico = PicoEngine()
        self.building = threading.Event()
        self.go_on = threading.Event()

    def synthesize(self, text: str, language: str, tempo: float = 1.0) -> Speech:
        self.building.set()
        self.go_on.wait(STUCK_AFTER)
        return self.pico.synthesize(text, language, tempo)


@pytest.fixture
def apps(tmp_path):
    """Two apps on one SQLite file, as in production: the service, which answers calls, and
    the one `flask prompts build` makes (here with a tiny catalogue)."""
    url = f"sqlite:///{tmp_path}/quartier.db"
    prompts = tmp_path / "prompts"
    prompts.mkdir()
    (prompts / "de.toml").write_text(CATALOGUE)
    service = make_test_app(url)
    builder = make_test_app(url, PROMPTS_DIR=str(prompts), AUDIO_DIR=str(tmp_path / "audio"))
    schema.upgrade(service.extensions["db"].kw["bind"])
    yield service, builder
    for app in (service, builder):
        app.extensions["db"].kw["bind"].dispose()


def test_a_call_is_answered_at_once_while_prompts_build(apps, monkeypatch):
    service, builder = apps
    engine = HeldPico()
    monkeypatch.setattr("voice.speech.cli.make_engines", lambda config: {"pico": engine})
    result = {}
    runner = builder.test_cli_runner()
    build = threading.Thread(
        target=lambda: result.update(build=runner.invoke(args=["prompts", "build"]))
    )
    build.start()
    try:
        assert engine.building.wait(10), "the build never started synthesising"
        phone = Phone(service.test_client(), service, BASE_URL)
        phone.call_sid = "CA-during-build"
        started = time.monotonic()
        reply = phone.post("/voice/incoming")  # also checks the TwiML as Twilio would
        answered_in = time.monotonic() - started
    finally:
        engine.go_on.set()
        build.join(60)
    assert answered_in < 1.0, f"the call waited {answered_in:.1f} s for the build's lock"
    assert (reply.status, reply.mimetype) == (200, "text/xml")
    assert "Gather" in reply.verbs
    assert result["build"].exit_code == 0, result["build"].output
    assert "0 fehlgeschlagen" in result["build"].output
    with service.extensions["db"]() as session:
        assert session.scalar(select(func.count()).select_from(Call)) == 1
