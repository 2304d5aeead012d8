"""Telephone audio built with the offline engine in-process, measured independently (ffmpeg's
meter and decoder, bench/meter.py)."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pytest

from bench.meter import edge_silence, loudness, probe, samples, true_peak
from voice.speech import hold
from voice.speech.audio import (
    Speech,
    check_upload,
    convert_upload,
    join,
    stretch,
    telephone_wav,
    wav_seconds,
)
from voice.speech.build import render
from voice.speech.engines import PicoEngine
from voice.speech.settings import AudioRejected, AudioSettings
from voice.speech.store import AudioStore

RATE = 16000  # the test signals' rate, as Pico speaks
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
    assert built.stat().st_size == pytest.approx(8000 * duration, abs=200)  # 8 bits a sample
    assert wav_seconds(built.read_bytes()) == pytest.approx(duration, abs=0.01)


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


def _signal(samples: np.ndarray) -> Speech:
    """Float samples at 16 kHz, as Pico speaks."""
    return Speech(samples.astype(np.float32), RATE)


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
    path = _write(tmp_path, telephone_wav(_signal(np.zeros(RATE // 2)), SETTINGS))
    assert probe(path)["codec_name"] == "pcm_mulaw"
    assert not any(samples(path))


def test_silence_at_both_ends_is_trimmed(built):
    lead, trail = edge_silence(built)
    assert lead <= 0.15
    assert trail <= 0.15


def _tone(seconds: float, frequency: float = 300.0) -> Speech:
    """A deterministic test signal (Pico's output varies a little from call to call)."""
    t = np.arange(round(seconds * RATE)) / RATE
    return _signal(0.3 * np.sin(2 * np.pi * frequency * t))


def _seconds(wav: bytes) -> float:
    return len(samples_of(wav)) / 8000


def samples_of(wav: bytes):
    with tempfile.NamedTemporaryFile(suffix=".wav") as handle:
        handle.write(wav)
        handle.flush()
        return samples(Path(handle.name))


def _pitch(speech: Speech) -> float:
    """The strongest frequency in the signal (Hz)."""
    spectrum = np.abs(np.fft.rfft(speech.samples))
    return float(np.fft.rfftfreq(speech.samples.size, 1 / speech.rate)[spectrum.argmax()])


def test_pauses_are_exact():
    parts = [_tone(1.0), _tone(1.0)]
    plain = telephone_wav(join(parts, 0), SETTINGS)
    paused = telephone_wav(join(parts, 800), SETTINGS)
    assert _seconds(paused) - _seconds(plain) == pytest.approx(0.8, abs=0.02)


def test_a_time_stretch_slows_down_at_the_same_pitch():
    """Google's voice is slowed down by a time-stretch: longer, but not lower (a resampling
    would lower a 300 Hz tone to 240 Hz at tempo 0.8)."""
    tone = _tone(2.0)
    slower = stretch(tone, 0.8)
    assert slower.seconds == pytest.approx(2.5, abs=0.02)
    assert _pitch(slower) == pytest.approx(300, abs=2)
    assert stretch(tone, 1.0) is tone


def test_pico_slows_down_by_its_own_speed_markup():
    text = "Für unsere Veranstaltungen drücken Sie die 1."
    normal = PicoEngine().synthesize(text, "de")
    slow = PicoEngine().synthesize(text, "de", tempo=0.8)
    assert slow.rate == normal.rate == RATE
    assert slow.seconds / normal.seconds == pytest.approx(1.25, abs=0.08)


def test_the_hold_music_is_quiet_telephone_audio(tmp_path):
    store = AudioStore(tmp_path, "de", ["pico"], {}, SETTINGS)
    path = store.path(hold.ensure(store))
    stream = probe(path)
    assert (stream["codec_name"], stream["sample_rate"]) == ("pcm_mulaw", "8000")
    assert float(stream["duration"]) == pytest.approx(len(hold.CHORDS) * hold.SECONDS, abs=0.01)
    assert loudness(path) < SETTINGS.loudness - 6  # music under speech, never over it
    assert hold.ensure(store) == path.stem  # made once


class _PicoOnce:
    """Pico, each text spoken once and then repeated: Pico's own output varies from call
    to call (a word 0.3 s longer at times), which would blur the length of a pause."""

    name = "pico"
    voice = PicoEngine.voice
    cpu_bound = True

    def __init__(self) -> None:
        self.pico = PicoEngine()
        self.spoken: dict[str, Speech] = {}

    def synthesize(self, text: str, language: str, tempo: float = 1.0) -> Speech:
        if text not in self.spoken:
            self.spoken[text] = self.pico.synthesize(text, language, tempo)
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
