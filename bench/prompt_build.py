"""Prompt-build benchmark: the whole German catalogue with the offline engine and real ffmpeg.

Prints the cold build time, the rebuild time with nothing changed, their ratio (goal: at most
5 %), and seconds of audio built per second of building. Run: .venv/bin/python bench/prompt_build.py
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from voice.config import PROJECT_ROOT
from voice.speech import build
from voice.speech.audio import AudioSettings
from voice.speech.catalogue import load
from voice.speech.engines import PicoEngine
from voice.speech.store import AudioStore


def main() -> None:
    catalogue = load(PROJECT_ROOT / "prompts" / "de.toml")
    texts = build.static_texts(catalogue)
    engine = PicoEngine()
    with tempfile.TemporaryDirectory() as folder:
        store = AudioStore(Path(folder), "de", ["pico"], {"pico": engine.voice}, AudioSettings())
        started = time.perf_counter()
        cold = build.build(store, [engine], texts)
        cold_seconds = time.perf_counter() - started
        started = time.perf_counter()
        warm = build.build(store, [engine], texts)
        warm_seconds = time.perf_counter() - started
    assert not cold.failed and not warm.built
    print(f"texts:                  {len(texts)}")
    print(f"cold build:             {cold_seconds:.2f} s")
    print(f"rebuild, nothing new:   {warm_seconds:.3f} s")
    print(f"rebuild / cold:         {warm_seconds / cold_seconds:.2%}  (goal: <= 5%)")
    print(f"audio built:            {cold.audio_seconds:.0f} s")
    print(f"audio s per build s:    {cold.audio_seconds / cold_seconds:.1f}")


if __name__ == "__main__":
    main()
