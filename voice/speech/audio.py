"""Telephone audio: 8 kHz mono µ-law WAV, trimmed and a little slower (ffmpeg), and
loudness-normalised in-process (EBU R128, see loudness.py) so that every prompt sounds
equally loud."""

from __future__ import annotations

import math
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pydub import AudioSegment
from pydub.utils import mediainfo_json

from voice.speech import loudness
from voice.speech.engines import Speech

RATE = 16000  # the working format between engine and telephone: 16 kHz mono 16-bit
PCM_ARGS = ("-f", "s16le", "-ar", str(RATE), "-ac", "1")
TELEPHONE_RATE = 8000
FLOAT_ARGS = ("-f", "f32le", "-ar", str(TELEPHONE_RATE), "-ac", "1")  # raw samples, in and out
PAUSE_MARK = "|"  # in a prompt text: a short pause here
ASK_FOR_AUDIO = "Bitte laden Sie eine Audiodatei hoch (zum Beispiel MP3 oder WAV)."


class AudioError(Exception):
    """ffmpeg failed on audio we produced (a bug or a missing ffmpeg)."""


class AudioRejected(Exception):
    """An uploaded file that cannot be used; the message is for staff, in German."""


@dataclass(frozen=True)
class AudioSettings:
    """How prompts are made to sound; part of every file's hash."""

    tempo: float = 0.9  # below 1: slower than the engine speaks
    loudness: float = -18.0  # LUFS, integrated
    true_peak: float = -2.0  # dBTP
    pause_ms: int = 400  # for each PAUSE_MARK
    keep_silence_ms: int = 100  # at each end, after trimming (at most 150)

    def fingerprint(self) -> str:
        # Bump the trailing version when the processing chain changes: every file is rebuilt.
        settings = (self.tempo, self.loudness, self.true_peak, self.pause_ms, self.keep_silence_ms)
        return ":".join(map(str, settings)) + ":v2"


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


def decode(speech: Speech) -> AudioSegment:
    """Whatever the engine returned, as 16 kHz mono PCM (resampled by ffmpeg)."""
    out = _ffmpeg([*speech.ffmpeg_input, "-i", "pipe:0", *PCM_ARGS, "pipe:1"], speech.data)
    return AudioSegment(data=out.stdout, sample_width=2, frame_rate=RATE, channels=1)


def join(parts: list[AudioSegment], pause_ms: int) -> AudioSegment:
    """Parts spoken one after another with a pause between them."""
    pause = AudioSegment.silent(duration=pause_ms, frame_rate=RATE)
    joined = parts[0]
    for part in parts[1:]:
        joined = joined + pause + part
    return joined


def _trim(keep_ms: int) -> str:
    one_end = f"silenceremove=start_periods=1:start_silence={keep_ms / 1000}:start_threshold=-50dB"
    return f"{one_end},areverse,{one_end},areverse"


def telephone_wav(
    audio: AudioSegment, settings: AudioSettings, *, tempo: float | None = None
) -> bytes:
    """Trim, slow down, normalise and encode as 8 kHz mono µ-law WAV.

    ffmpeg shapes the audio and writes raw samples to a pipe; the loudness is measured and
    set here, in-process (no parsing of ffmpeg's messages); ffmpeg then encodes µ-law."""
    if audio.channels != 1 or audio.sample_width != 2:
        raise AudioError("expected 16-bit mono audio from decode()")
    shaped = _shape(audio, settings, tempo or settings.tempo)
    levelled = loudness.normalise(shaped, TELEPHONE_RATE, settings.loudness, settings.true_peak)
    return _encode(levelled)


def _shape(audio: AudioSegment, settings: AudioSettings, tempo: float) -> np.ndarray:
    """Trimmed, at the given tempo, resampled to 8 kHz: float samples from ffmpeg's pipe."""
    source = ["-f", "s16le", "-ar", str(audio.frame_rate), "-ac", "1", "-i", "pipe:0"]
    chain = f"{_trim(settings.keep_silence_ms)},atempo={tempo},aresample={TELEPHONE_RATE}"
    out = _ffmpeg([*source, "-af", chain, *FLOAT_ARGS, "pipe:1"], audio.raw_data)
    return np.frombuffer(out.stdout, dtype="<f4")


def _encode(samples: np.ndarray) -> bytes:
    """Float samples at 8 kHz as a µ-law WAV file."""
    source = [*FLOAT_ARGS, "-i", "pipe:0"]
    encode = ["-c:a", "pcm_mulaw", "-f", "wav", "pipe:1"]
    out = _ffmpeg([*source, *encode], samples.astype("<f4").tobytes())
    return _fix_wav_sizes(out.stdout)


def _fix_wav_sizes(wav: bytes) -> bytes:
    """ffmpeg cannot seek back in a pipe to write the RIFF sizes; fill them in."""
    riff = bytearray(wav)
    riff[4:8] = (len(riff) - 8).to_bytes(4, "little")
    data_at = riff.find(b"data", 12)
    if data_at != -1:
        riff[data_at + 4 : data_at + 8] = (len(riff) - data_at - 8).to_bytes(4, "little")
    return bytes(riff)


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


def convert_upload(path: Path, settings: AudioSettings, max_seconds: int) -> bytes:
    """An uploaded or recorded file as telephone audio (a human voice keeps its own pace)."""
    check_upload(path, max_seconds)
    out = _ffmpeg(["-i", str(path), "-vn", *PCM_ARGS, "pipe:1"])
    audio = AudioSegment(data=out.stdout, sample_width=2, frame_rate=RATE, channels=1)
    return telephone_wav(audio, settings, tempo=1.0)
