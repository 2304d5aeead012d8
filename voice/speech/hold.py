"""Calm hold music, made here (no external URL, no ffmpeg): soft chords that change slowly."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from voice.speech.settings import TELEPHONE_RATE
from voice.speech.store import AudioStore, write_atomically

if TYPE_CHECKING:  # numpy loads where the music is made, not in the webhook that names it
    import numpy as np

VERSION = "hold-v2"  # change to make new music
CHORDS = [
    (220.0, 277.2, 329.6),
    (196.0, 246.9, 293.7),
    (174.6, 220.0, 261.6),
    (196.0, 246.9, 293.7),
]
SECONDS = 6  # per chord
FADE = 1.5  # seconds in and out of each chord
LEVEL = 0.015  # each tone's amplitude: three together stay far below speech


def music_name() -> str:
    """The hold music's name in the audio store."""
    return "h" + hashlib.sha256(VERSION.encode()).hexdigest()[:31]


def chords() -> np.ndarray:
    """The music as samples at 8 kHz: each chord fades in and out, one after another."""
    import numpy as np

    t = np.arange(SECONDS * TELEPHONE_RATE) / TELEPHONE_RATE
    fade = np.minimum(1.0, np.minimum(t, SECONDS - t) / FADE)
    pieces = [
        LEVEL * fade * sum(np.sin(2 * np.pi * tone * t) for tone in chord) for chord in CHORDS
    ]
    return np.concatenate(pieces).astype(np.float32)


def ensure(store: AudioStore) -> str:
    """Make the hold music once (24 s, looped by Twilio); returns its audio name.

    Called by `prompts build` and the speech worker, never inside a webhook."""
    from voice.speech.audio import encode

    name = music_name()
    path = store.path(name)
    if not path.is_file():
        write_atomically(path, encode(chords()))  # a caller never hears half a file
    return name
