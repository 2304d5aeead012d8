"""The light part of telephone audio: its settings, its errors, whether ffmpeg is there.

A web worker imports this; the audio work itself (voice/speech/audio.py, with numpy, soxr and
libsndfile) loads only where audio is made: the speech worker, uploads, previews."""

from __future__ import annotations

import shutil
from dataclasses import dataclass

TELEPHONE_RATE = 8000
PAUSE_MARK = "|"  # in a prompt text: a short pause here


class AudioError(Exception):
    """ffmpeg failed on audio we produced (a bug or a missing ffmpeg)."""


class AudioRejected(Exception):
    """An uploaded file that cannot be used; the message is for staff, in German."""


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
