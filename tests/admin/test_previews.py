"""„So klingt es“: staff hear the files a call plays, put together from what the speech
worker built; a web request never synthesises (it would hold a worker for seconds)."""

from __future__ import annotations

import io

import pytest
import soundfile
from sqlalchemy import select

from tests.accounts import log_in_browser, staff_account
from tests.browser import chromium_page
from voice.admin.blueprint import local_zone
from voice.models import Event, utcnow
from voice.speech import build
from voice.speech.dynamic import describe_event
from voice.speech.engines import PicoEngine
from voice.speech.voice import Line


@pytest.fixture
def app_config(tmp_path):
    return {"AUDIO_DIR": str(tmp_path / "audio")}


def _build_lines(app, lines: list[Line]) -> float:
    """What the speech worker does for these lines; returns the seconds of audio built."""
    voice = app.extensions["voice"]
    pieces = {
        piece for line in lines for piece in voice.catalogue[line.prompt_id].pieces(line.params)
    }
    report = build.build(app.extensions["audio_store"], [PicoEngine()], pieces)
    assert not report.failed
    return report.audio_seconds


def _seconds(wav: bytes) -> float:
    return soundfile.info(io.BytesIO(wav)).duration


def test_an_event_sounds_as_in_a_call_once_the_worker_built_it(
    app, client, login, make_event, no_voice_here
):
    event = make_event(title="Spieleabend", description="Bitte Würfel mitbringen.", capacity=8)
    login()
    waiting = client.get(f"/admin/events/{event.id}/preview.wav")
    assert (waiting.status_code, waiting.get_data(as_text=True)) == (202, "Wird erstellt …")

    no_voice_here.undo()
    with app.app_context():
        lines = describe_event(event, utcnow(), local_zone())
    built = _build_lines(app, lines)

    ready = client.get(f"/admin/events/{event.id}/preview.wav")
    assert ready.status_code == 200 and ready.mimetype == "audio/wav"
    info = soundfile.info(io.BytesIO(ready.data))
    assert (info.samplerate, info.channels, info.subtype) == (8000, 1, "ULAW")
    pauses = (len(lines) - 1) * app.extensions["audio_store"].settings.pause_ms / 1000
    assert _seconds(ready.data) == pytest.approx(built + pauses, abs=0.05)


def test_an_announcement_sounds_as_in_a_call(app, client, login, make_announcement, no_voice_here):
    news = make_announcement(text="Am Freitag feiern wir Advent.")
    login()
    assert client.get(f"/admin/news/{news.id}/preview.wav").status_code == 202
    no_voice_here.undo()
    built = _build_lines(app, [Line("news.item", {"text": news.text})])
    ready = client.get(f"/admin/news/{news.id}/preview.wav")
    assert ready.status_code == 200
    assert _seconds(ready.data) == pytest.approx(built, abs=0.05)


@pytest.fixture
def live_config(tmp_path):
    return {"AUDIO_DIR": str(tmp_path / "audio")}


def test_the_page_says_it_is_being_built_and_then_plays_it(live_app, live_server):
    """In Debian's Chromium: „Wird erstellt …“ until the worker built it, then a player,
    without reloading the page."""
    from playwright.sync_api import expect

    staff_account(live_app, "team@quartier.example.org")
    with live_app.app_context(), live_app.extensions["db"].begin() as session:
        event = session.scalars(select(Event).where(Event.phone_code == "1001")).one()
        lines = describe_event(event, utcnow(), local_zone())
    with chromium_page() as page:
        log_in_browser(page, live_server, "team@quartier.example.org")
        page.goto(f"{live_server}/admin/events")
        row = page.locator("tr", has_text="Spieleabend").first
        row.locator("summary", has_text="So klingt es").click()
        expect(row).to_contain_text("Wird erstellt …")
        expect(row.locator("audio")).to_have_count(0)
        _build_lines(live_app, lines)
        player = row.locator("audio")
        expect(player).to_have_count(1, timeout=15000)
        expect(player).to_have_attribute("aria-label", "So klingt es: Spieleabend")
        assert (
            page.evaluate(
                "async (src) => (await fetch(src)).headers.get('content-type')",
                player.get_attribute("src"),
            )
            == "audio/wav"
        )


@pytest.mark.parametrize("app_config", [{"VOICE_TTS_ENGINE": "say"}])
def test_with_twilio_speaking_everything_there_is_no_preview_to_wait_for(client, login, make_event):
    event = make_event(title="Spieleabend")
    login()
    answer = client.get(f"/admin/events/{event.id}/preview.wav")
    assert answer.status_code == 404
    assert (
        answer.get_data(as_text=True)
        == "Keine Vorschau: Twilio liest diesen Text im Anruf selbst vor."
    )
