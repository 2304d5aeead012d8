"""Calm hold music, made here with ffmpeg (no external URL): soft chords that change slowly."""

from __future__ import annotations

import hashlib
import subprocess

from voice.speech.audio import AudioError
from voice.speech.store import AudioStore

VERSION = "hold-v1"  # change to make new music
CHORDS = [
    (220.0, 277.2, 329.6),
    (196.0, 246.9, 293.7),
    (174.6, 220.0, 261.6),
    (196.0, 246.9, 293.7),
]
SECONDS = 6  # per chord


def music_name() -> str:
    """The hold music's name in the audio store."""
    return "h" + hashlib.sha256(VERSION.encode()).hexdigest()[:31]


def ensure(store: AudioStore) -> str:
    """Make the hold music once (about 24 s, looped by Twilio); returns its audio name.

    Called by `prompts build` and the speech worker: ffmpeg never runs inside a webhook."""
    name = music_name()
    path = store.path(name)
    if path.is_file():
        return name
    inputs, filters = [], []
    for index, chord in enumerate(CHORDS):
        for tone in chord:
            inputs += ["-f", "lavfi", "-i", f"sine=frequency={tone}:duration={SECONDS}"]
        first = index * len(chord)
        mix = "".join(f"[{first + n}]" for n in range(len(chord)))
        fades = f"afade=t=in:d=1.5,afade=t=out:st={SECONDS - 1.5}:d=1.5"
        filters.append(f"{mix}amix=inputs={len(chord)},{fades}[c{index}]")
    chain = ";".join(filters) + ";" + "".join(f"[c{i}]" for i in range(len(CHORDS)))
    chain += f"concat=n={len(CHORDS)}:v=0:a=1,volume=0.35,aresample=8000[out]"
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".partial-{path.name}")  # a caller never hears half a file
    result = subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-y",
            *inputs,
            "-filter_complex",
            chain,
            "-map",
            "[out]",
            "-ac",
            "1",
            "-c:a",
            "pcm_mulaw",
            "-f",
            "wav",
            str(partial),
        ],
        capture_output=True,
        timeout=60,
        check=False,
    )
    if result.returncode != 0:
        partial.unlink(missing_ok=True)
        raise AudioError(result.stderr.decode(errors="replace")[-500:])
    partial.replace(path)
    return name
