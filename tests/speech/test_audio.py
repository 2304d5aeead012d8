"""Telephone audio built with the offline engine and real ffmpeg, measured independently."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest
from pydub import AudioSegment

from tests.speech.helpers import edge_silence, loudness, probe, samples
from voice.speech.audio import (
    AudioRejected,
    AudioSettings,
    check_upload,
    convert_upload,
    decode,
    join,
    telephone_wav,
)
from voice.speech.build import render
from voice.speech.engines import PicoEngine, Speech

SETTINGS = AudioSettings()
MENU = "Für unsere Veranstaltungen drücken Sie die 1. | Für Ihre Anmeldungen die 2."


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("audio") / "menu.wav"
    path.write_bytes(render(PicoEngine(), MENU, "de", SETTINGS))
    return path


def test_format_is_8khz_mono_mulaw(built):
    stream = probe(built)
    assert stream["codec_name"] == "pcm_mulaw"
    assert stream["sample_rate"] == "8000"
    assert stream["channels"] == 1
    duration = float(stream["duration"])
    assert built.stat().st_size == pytest.approx(44 + 8000 * duration, abs=200)


def test_loudness_is_on_target(built):
    assert loudness(built) == pytest.approx(SETTINGS.loudness, abs=1.0)


@pytest.mark.parametrize(
    "text", ["Zum Wiederholen drücken Sie die 9.", "Vielen Dank für Ihren Anruf. Auf Wiederhören!"]
)
def test_every_prompt_is_equally_loud(tmp_path, text):
    path = tmp_path / "p.wav"
    path.write_bytes(render(PicoEngine(), text, "de", SETTINGS))
    assert loudness(path) == pytest.approx(SETTINGS.loudness, abs=1.0)


def test_silence_at_both_ends_is_trimmed(built):
    lead, trail = edge_silence(built)
    assert lead <= 0.15
    assert trail <= 0.15


def _tone(seconds: float) -> AudioSegment:
    """A deterministic test signal (Pico's output varies a little from call to call)."""
    speech = Speech(
        subprocess.run(
            [
                "ffmpeg",
                "-v",
                "error",
                "-f",
                "lavfi",
                "-i",
                f"sine=frequency=300:duration={seconds}",
                "-f",
                "wav",
                "-",
            ],
            capture_output=True,
            check=True,
        ).stdout,
        ("-f", "wav"),
    )
    return decode(speech)


def _seconds(wav: bytes) -> float:
    return len(samples_of(wav)) / 8000


def samples_of(wav: bytes):

    with tempfile.NamedTemporaryFile(suffix=".wav") as handle:
        handle.write(wav)
        handle.flush()
        return samples(Path(handle.name))


def test_pauses_are_exact_and_tempo_slows_down():
    parts = [_tone(1.0), _tone(1.0)]
    plain = telephone_wav(join(parts, 0), AudioSettings(tempo=1.0))
    paused = telephone_wav(join(parts, 800), AudioSettings(tempo=1.0))
    assert _seconds(paused) - _seconds(plain) == pytest.approx(0.8, abs=0.02)
    slower = telephone_wav(join(parts, 0), AudioSettings(tempo=0.8))
    assert _seconds(slower) / _seconds(plain) == pytest.approx(1.25, abs=0.02)


def test_a_pause_mark_becomes_a_pause(tmp_path):
    no_pause = render(PicoEngine(), "Eins. | Zwei.", "de", AudioSettings(pause_ms=0))
    paused = render(PicoEngine(), "Eins. | Zwei.", "de", AudioSettings(pause_ms=1500))
    assert _seconds(paused) - _seconds(no_pause) > 1.2  # Pico's own edges vary a little


def _ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-v", "error", "-y", *args], check=True)


def test_an_uploaded_mp3_becomes_telephone_audio(tmp_path):
    upload = tmp_path / "ansage.mp3"
    _ffmpeg(
        "-f",
        "lavfi",
        "-i",
        "sine=frequency=440:duration=3",
        "-ar",
        "44100",
        "-ac",
        "2",
        str(upload),
    )
    out = tmp_path / "out.wav"
    out.write_bytes(convert_upload(upload, SETTINGS, max_seconds=60))
    stream = probe(out)
    assert (stream["codec_name"], stream["sample_rate"], stream["channels"]) == (
        "pcm_mulaw",
        "8000",
        1,
    )
    assert float(stream["duration"]) == pytest.approx(3.0, abs=0.3)  # a recording keeps its pace
    assert loudness(out) == pytest.approx(SETTINGS.loudness, abs=1.0)


def test_a_file_without_sound_is_refused(tmp_path):
    upload = tmp_path / "brief.mp3"
    upload.write_text("Liebe Nachbarn, ...")
    with pytest.raises(AudioRejected, match="keinen Ton"):
        check_upload(upload, 60)


def test_a_video_is_refused(tmp_path):
    video = tmp_path / "film.mp4"
    _ffmpeg(
        "-f",
        "lavfi",
        "-i",
        "testsrc=duration=1:size=64x64:rate=5",
        "-f",
        "lavfi",
        "-i",
        "sine=duration=1",
        "-shortest",
        str(video),
    )
    with pytest.raises(AudioRejected, match="Video"):
        check_upload(video, 60)


def test_a_too_long_recording_is_refused(tmp_path):
    upload = tmp_path / "lang.wav"
    _ffmpeg("-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", "130", str(upload))
    with pytest.raises(AudioRejected, match="3 Minuten lang; erlaubt sind höchstens 2 Minuten"):
        check_upload(upload, 120)
