"""Telephone audio built with the offline engine and real ffmpeg, measured independently."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pytest
from pydub import AudioSegment

from bench.meter import edge_silence, loudness, probe, samples, true_peak
from voice.speech.audio import (
    RATE,
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


def test_true_peaks_stay_under_the_ceiling(built):
    assert true_peak(built) <= SETTINGS.true_peak + 0.3  # µ-law rounding, the meter's resampler


def _signal(samples: np.ndarray) -> AudioSegment:
    """Float samples at the working rate as the 16-bit audio that decode() returns."""
    pcm = np.round(np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes()
    return AudioSegment(data=pcm, sample_width=2, frame_rate=RATE, channels=1)


def _write(tmp_path: Path, wav: bytes) -> Path:
    path = tmp_path / "out.wav"
    path.write_bytes(wav)
    return path


def test_peaks_the_gain_would_push_over_the_ceiling_are_limited(tmp_path):
    """A quiet tone with short loud clicks: the gain it needs would clip the clicks."""
    t = np.arange(4 * RATE) / RATE
    signal = 0.1 * np.sin(2 * np.pi * 300 * t)
    for start in range(RATE // 2, len(t) - RATE // 2, RATE):
        click = slice(start, start + RATE // 200)  # 5 ms, almost full scale
        signal[click] = 0.99 * np.sign(np.sin(2 * np.pi * 1000 * t[click]))
    path = _write(tmp_path, telephone_wav(_signal(signal), AudioSettings(tempo=1.0)))
    assert loudness(path) == pytest.approx(SETTINGS.loudness, abs=1.0)
    assert true_peak(path) <= SETTINGS.true_peak + 0.3


def test_a_clip_shorter_than_a_gating_block_is_levelled_too(tmp_path):
    """A spoken number can be shorter than EBU R128's 400 ms block; it is measured whole."""
    t = np.arange(int(0.25 * RATE)) / RATE
    quiet = _signal(0.02 * np.sin(2 * np.pi * 440 * t))
    path = _write(tmp_path, telephone_wav(quiet, AudioSettings(tempo=1.0)))
    assert float(probe(path)["duration"]) == pytest.approx(0.25, abs=0.03)
    # The meter needs 400 ms: it hears the clip 20 times over (a steady tone, the same level).
    assert loudness(path, loop=19) == pytest.approx(SETTINGS.loudness, abs=1.0)


def test_silence_stays_silent_and_is_no_error(tmp_path):
    path = _write(tmp_path, telephone_wav(AudioSegment.silent(500, RATE), SETTINGS))
    assert probe(path)["codec_name"] == "pcm_mulaw"
    assert not any(samples(path))


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


class _PicoOnce:
    """Pico, each text spoken once and then repeated: Pico's own output varies from call
    to call (a word 0.3 s longer at times), which would blur the length of a pause."""

    name = "pico"
    voice = PicoEngine.voice

    def __init__(self) -> None:
        self.pico = PicoEngine()
        self.spoken: dict[str, Speech] = {}

    def synthesize(self, text: str, language: str) -> Speech:
        if text not in self.spoken:
            self.spoken[text] = self.pico.synthesize(text, language)
        return self.spoken[text]


def test_a_pause_mark_becomes_a_pause():
    engine = _PicoOnce()
    no_pause = render(engine, "Eins. | Zwei.", "de", AudioSettings(pause_ms=0))
    paused = render(engine, "Eins. | Zwei.", "de", AudioSettings(pause_ms=1500))
    tempo = AudioSettings().tempo  # the pause is slowed down with the speech
    assert _seconds(paused) - _seconds(no_pause) == pytest.approx(1.5 / tempo, abs=0.03)


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
