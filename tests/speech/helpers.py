"""Measuring produced audio with ffprobe and ffmpeg, independently of the code under test."""

from __future__ import annotations

import json
import re
import subprocess
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


def loudness(path: Path) -> float:
    """Integrated loudness (LUFS) measured by ffmpeg's EBU R128 meter."""
    out = subprocess.run(
        [
            "ffmpeg",
            "-hide_banner",
            "-nostats",
            "-i",
            str(path),
            "-af",
            "ebur128",
            "-f",
            "null",
            "-",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    summary = out.stderr[out.stderr.rindex("Summary:") :]
    return float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1))


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
