"""Measuring built audio with ffprobe and ffmpeg's EBU R128 meter, independently of the code
that makes it (which levels with pyloudnorm): the tests check the audio contract with it, and
bench/prompt_build.py measures the whole catalogue. Test and benchmark code, so it lives in
bench/ beside harness.py, not in the package the service ships."""

from __future__ import annotations

import json
import math
import subprocess
import tempfile
from array import array
from pathlib import Path


def probe(path: Path) -> dict:
    """ffprobe's view of the first stream."""
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_streams", "-of", "json", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)["streams"][0]


def r128(path: Path, *, loop: int = 0) -> dict[str, float]:
    """ffmpeg's EBU R128 meter on the file (played `loop` more times), read from the
    key=value metadata it attaches to the audio, not from its human-readable summary."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "r128.txt"
        subprocess.run(
            [
                *("ffmpeg", "-v", "error", "-nostdin", "-stream_loop", str(loop), "-i", str(path)),
                *("-af", f"ebur128=metadata=1:peak=true,ametadata=mode=print:file={out}"),
                *("-f", "null", "-"),
            ],
            check=True,
        )
        last: dict[str, float] = {}  # the last frame's values cover the whole file
        for line in out.read_text().splitlines():
            key, sep, value = line.partition("=")
            if sep and key.startswith("lavfi.r128."):
                last[key.removeprefix("lavfi.r128.")] = float(value)
    return last


def loudness(path: Path, *, loop: int = 0) -> float:
    """Integrated loudness (LUFS) measured by ffmpeg's EBU R128 meter."""
    return r128(path, loop=loop)["I"]


def true_peak(path: Path) -> float:
    """The true peak in dBTP, measured by ffmpeg's EBU R128 meter."""
    return 20 * math.log10(r128(path)["true_peak"])


def samples(path: Path) -> array:
    """The audio as 16-bit samples (decoded from µ-law by ffmpeg)."""
    out = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-f", "s16le", "-ac", "1", "-ar", "8000", "-"],
        capture_output=True,
        check=True,
    )
    return array("h", out.stdout)


def edge_silence(path: Path, threshold_db: float = -45.0) -> tuple[float, float]:
    """Seconds of silence before the first and after the last audible sample."""
    pcm = samples(path)
    limit = 32768 * 10 ** (threshold_db / 20)
    loud = [i for i, s in enumerate(pcm) if abs(s) > limit]
    return loud[0] / 8000, (len(pcm) - 1 - loud[-1]) / 8000
