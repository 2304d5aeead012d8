"""Recordings made in the simulator: real audio files, served like Twilio serves recordings."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

# The path web.py serves a recording at; the transport sends it to this app, whatever host.
RECORDING_PATH = re.compile(r"/simulator/recordings/RE[0-9a-f]{32}\.wav")


class RecordingStore:
    """Keeps what a simulated caller said into a <Record>, as WAV files under one folder."""

    def __init__(self, folder: Path, base_url: str) -> None:
        self.folder = folder
        self.base_url = base_url.rstrip("/")

    def is_recording_url(self, url: str) -> bool:
        """True for the URL of a recording the simulator made (as `keep` returns them)."""
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and bool(RECORDING_PATH.fullmatch(parts.path))

    def path(self, sid: str) -> Path:
        return self.folder / f"{sid}.wav"

    def keep(self, sid: str, audio: bytes | None, seconds: int) -> tuple[str, int]:
        """Store the caller's audio (any format ffmpeg reads) or a test tone; (URL, seconds)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        if audio is None:
            source = ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}"]
            data = None
        else:
            source, data = ["-i", "pipe:0"], audio
        subprocess.run(
            [
                "ffmpeg",
                "-v",
                "error",
                "-y",
                *source,
                "-ar",
                "8000",
                "-ac",
                "1",
                str(self.path(sid)),
            ],
            input=data,
            check=True,
            capture_output=True,
            timeout=60,
        )
        duration = round((self.path(sid).stat().st_size - 44) / 16000)  # 16-bit, 8 kHz
        return f"{self.base_url}/simulator/recordings/{sid}.wav", max(duration, 1)
