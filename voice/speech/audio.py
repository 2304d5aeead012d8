"""Telephone audio: 8 kHz mono µ-law WAV, loudness-normalised (EBU R128, see loudness.py),
with little silence at the ends, made in-process on sample arrays.

Synthesised speech never leaves the process: the engine's samples are joined with pauses,
resampled by soxr, levelled, trimmed and written as µ-law WAV by libsndfile (soundfile).
ffmpeg only decodes what comes from outside as a file: uploads, recordings, Google's MP3."""

from __future__ import annotations

import io
import math
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import python_stretch
import soundfile
import soxr
from pydub.utils import mediainfo_json

from voice.speech import loudness

TELEPHONE_RATE = 8000
PAUSE_MARK = "|"  # in a prompt text: a short pause here
# dBFS: quieter than this at either end counts as silence: -45 (as bench/meter.py measures
# it), plus 1 dB for µ-law's rounding, which may lower a sample just above -45 below it.
EDGE_THRESHOLD_DB = -44.0
ASK_FOR_AUDIO = "Bitte laden Sie eine Audiodatei hoch (zum Beispiel MP3 oder WAV)."


class AudioError(Exception):
    """ffmpeg failed on audio we produced (a bug or a missing ffmpeg)."""


class AudioRejected(Exception):
    """An uploaded file that cannot be used; the message is for staff, in German."""


@dataclass(frozen=True)
class Speech:
    """Mono audio as float samples (full scale 1.0) at a sample rate."""

    samples: np.ndarray
    rate: int

    @property
    def seconds(self) -> float:
        return self.samples.size / self.rate

    @classmethod
    def from_pcm16(cls, pcm: bytes, rate: int) -> Speech:
        """16-bit little-endian mono PCM, as engines write it."""
        samples = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0
        return cls(samples, rate)


@dataclass(frozen=True)
class AudioSettings:
    """How prompts are made to sound; part of every file's hash."""

    tempo: float = 1.0  # below 1: slower than the engine speaks (pace.py slows what is fast)
    loudness: float = -18.0  # LUFS, integrated
    true_peak: float = -2.0  # dBTP
    pause_ms: int = 400  # for each PAUSE_MARK
    keep_silence_ms: int = 100  # at each end, after trimming (at most 150)
    max_wpm: int = 135  # words a minute: a faster sentence is spoken again, slower (pace.py)
    sentence_pause_ms: int = 300  # between the sentences of one part

    def fingerprint(self) -> str:
        # Bump the trailing version when the processing chain changes: every file is rebuilt.
        settings = (
            self.tempo,
            self.loudness,
            self.true_peak,
            self.pause_ms,
            self.keep_silence_ms,
            self.max_wpm,
            self.sentence_pause_ms,
        )
        return ":".join(map(str, settings)) + ":v4"


def ffmpeg_available() -> bool:
    """True when ffmpeg and ffprobe are on the PATH."""
    return bool(shutil.which("ffmpeg") and shutil.which("ffprobe"))


def _ffmpeg(args: list[str], data: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        result = subprocess.run(
            ["ffmpeg", "-hide_banner", "-nostdin", "-nostats", *args],
            input=data,
            capture_output=True,
            timeout=120,
            check=False,
        )
    except FileNotFoundError as exc:
        raise AudioError("ffmpeg is not installed") from exc
    if result.returncode != 0:
        raise AudioError(result.stderr.decode(errors="replace")[-800:])
    return result


def _decoded(args: list[str], rate: int, data: bytes | None = None) -> Speech:
    """ffmpeg's decoding of the input as mono float samples at `rate`."""
    out = _ffmpeg([*args, "-vn", "-f", "f32le", "-ac", "1", "-ar", str(rate), "pipe:1"], data)
    return Speech(np.frombuffer(out.stdout, dtype="<f4"), rate)


def decode_mp3(data: bytes, rate: int) -> Speech:
    """An MP3 an engine returned (Google's is 24 kHz), as samples."""
    return _decoded(["-f", "mp3", "-i", "pipe:0"], rate, data)


def stretch(speech: Speech, tempo: float) -> Speech:
    """The speech slower (tempo < 1) or faster, at the same pitch: a time-stretch
    (Signalsmith Stretch), not a resampling, for engines without a rate control of their own."""
    if tempo == 1.0 or speech.samples.size == 0:
        return speech
    stretcher = python_stretch.Signalsmith.Stretch()
    stretcher.preset(1, speech.rate)
    stretcher.setTimeFactor(tempo)
    out = np.asarray(stretcher.process(speech.samples.astype(np.float32)[np.newaxis, :]))
    return Speech(out[0].astype(np.float32), speech.rate)


def join(parts: list[Speech], pause_ms: int) -> Speech:
    """Parts spoken one after another with a pause between them (all at one rate)."""
    rate = parts[0].rate
    if any(part.rate != rate for part in parts):
        raise AudioError("parts to join differ in sample rate")
    pause = np.zeros(round(rate * pause_ms / 1000), dtype=np.float32)
    pieces: list[np.ndarray] = []
    for index, part in enumerate(parts):
        if index:
            pieces.append(pause)
        pieces.append(part.samples.astype(np.float32))
    return Speech(np.concatenate(pieces), rate)


def trim(samples: np.ndarray, rate: int, keep_ms: int) -> np.ndarray:
    """The samples without the silence at either end beyond `keep_ms` of it.

    Silence is what stays under EDGE_THRESHOLD_DB: trimmed after levelling, so "silent" means
    silent in the file a caller hears. All silence stays all silence (nothing to trim to)."""
    audible = np.flatnonzero(np.abs(samples) > 10 ** (EDGE_THRESHOLD_DB / 20))
    if audible.size == 0:
        return samples
    keep = round(rate * keep_ms / 1000)
    return samples[max(0, audible[0] - keep) : audible[-1] + 1 + keep]


def telephone_wav(speech: Speech, settings: AudioSettings) -> bytes:
    """Resampled to 8 kHz, levelled, trimmed and encoded as µ-law WAV (the tempo is the
    engine's business: speech arrives at the pace it is to be heard)."""
    samples = speech.samples.astype(np.float32)
    if speech.rate != TELEPHONE_RATE and samples.size:
        samples = soxr.resample(samples, speech.rate, TELEPHONE_RATE, quality="HQ")
    # Trimmed before levelling: a short word is measured without the engine's silence around
    # it, as it will be heard. When levelling lowered the edges of a short clip under the
    # threshold, the trimmed clip is levelled once more (a word shorter by 40 ms can be 1 LU
    # louder looped; in a longer text the gating ignores the edges).
    for _ in range(2):
        samples = trim(samples, TELEPHONE_RATE, settings.keep_silence_ms)
        levelled = loudness.normalise(
            samples, TELEPHONE_RATE, settings.loudness, settings.true_peak
        )
        trimmed = trim(levelled, TELEPHONE_RATE, settings.keep_silence_ms)
        if trimmed.size == levelled.size or levelled.size >= loudness.LOOPED_BELOW * TELEPHONE_RATE:
            break  # nothing trimmed, or long enough for the gating to ignore the edges
        samples = levelled
    return encode(trim(levelled, TELEPHONE_RATE, settings.keep_silence_ms))


def encode(samples: np.ndarray) -> bytes:
    """Float samples at 8 kHz as a µ-law WAV file (G.711, written by libsndfile)."""
    buffer = io.BytesIO()
    clipped = np.clip(samples, -1.0, 1.0)
    soundfile.write(buffer, clipped, TELEPHONE_RATE, subtype="ULAW", format="WAV")
    return buffer.getvalue()


def wav_seconds(wav: bytes) -> float:
    """How long a WAV file plays."""
    return float(soundfile.info(io.BytesIO(wav)).duration)


def check_upload(path: Path, max_seconds: int) -> float:
    """The duration of an uploaded file, or AudioRejected with a reason staff understand."""
    info = mediainfo_json(str(path))
    streams = info.get("streams") or []
    videos = [
        s
        for s in streams
        if s.get("codec_type") == "video" and not s.get("disposition", {}).get("attached_pic")
    ]
    audios = [s for s in streams if s.get("codec_type") == "audio"]
    if videos:
        raise AudioRejected(f"Das ist ein Video. {ASK_FOR_AUDIO}")
    if not audios:
        raise AudioRejected(f"Die Datei enthält keinen Ton. {ASK_FOR_AUDIO}")
    duration = float(info.get("format", {}).get("duration") or audios[0].get("duration") or 0)
    if duration <= 0.2:
        raise AudioRejected("Die Aufnahme ist leer oder zu kurz.")
    if duration > max_seconds:
        raise AudioRejected(
            f"Die Aufnahme ist {math.ceil(duration / 60)} Minuten lang; erlaubt sind höchstens "
            f"{max_seconds // 60} Minuten."
        )
    return duration


# Uploads and recordings are decoded at this rate and resampled by soxr: enough for the
# telephone band (4 kHz) with room for soxr's filter, and a tenth of the memory of 48 kHz.
DECODE_RATE = 16000


def convert_upload(path: Path, settings: AudioSettings, max_seconds: int) -> bytes:
    """An uploaded or recorded file as telephone audio (a human voice keeps its own pace)."""
    check_upload(path, max_seconds)
    return telephone_wav(_decoded(["-i", str(path)], DECODE_RATE), settings)
