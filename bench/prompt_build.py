"""Prompt-build benchmark: the German catalogue alone, then every language in prompts/, with
the offline engine.

Prints, each beside its goal from issue 15: the cold build time of each, the rebuild time
with nothing changed and its ratio to the cold build, seconds of audio built per second, the
loudness spread and the edge silence of the built files (measured by ffmpeg's EBU R128 meter,
not by the code under test), and how the build compares with the offline engines' bare
synthesis of the same texts in the same run (Pico; eSpeak NG for Turkish): the physical limit
of this pipeline.
Run: .venv/bin/python bench/prompt_build.py
"""

from __future__ import annotations

import math
import multiprocessing
import os
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

from meter import edge_silence, loudness  # bench/meter.py, beside this script

from voice.config import PROJECT_ROOT
from voice.speech import build
from voice.speech.audio import wav_seconds
from voice.speech.catalogue import load
from voice.speech.engines import Engine, EspeakEngine, PicoEngine, offline_engine
from voice.speech.settings import PAUSE_MARK, AudioSettings
from voice.speech.store import AudioStore

COLD_GOAL = 5.0  # seconds for the whole catalogue (issue 15: German alone; all languages too)
WARM_GOAL = 0.05  # of the cold build
LOUDNESS_TOLERANCE = 1.0  # LU around VOICE_LOUDNESS
EDGE_GOAL = 0.150  # seconds of silence at either end
MIN_METERED = 2.0  # seconds: shorter files are looped for the meter (its blocks are 400 ms)
# The offline engines: Pico, and eSpeak NG for a language Pico has no voice for (Turkish).
OFFLINE: dict[str, Engine] = {"pico": PicoEngine(), "espeak": EspeakEngine()}


def _engine(language: str) -> Engine:
    return OFFLINE[offline_engine(language)]


def _catalogues() -> dict[str, set[str]]:
    """Every language's texts, as `prompts build` makes them."""
    paths = sorted((PROJECT_ROOT / "prompts").glob("*.toml"))
    return {path.stem: build.static_texts(load(path)) for path in paths}


def _speak(job: tuple[str, str, float]) -> None:
    _engine(job[1]).synthesize(*job)


def _bare(catalogues: dict[str, set[str]], tempo: float) -> float:
    """Seconds the offline engines alone need for every text (each part between pause marks) at
    the tempo, in one process per core as the build runs it: the physical limit of this pipeline."""
    parts = [
        (part.strip(), language, tempo)
        for language, texts in catalogues.items()
        for text in texts
        for part in text.split(PAUSE_MARK)
        if part.strip()
    ]
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(os.cpu_count() or 1, mp_context=context) as pool:
        list(pool.map(_speak, parts[:2]))  # the processes are up before the clock starts
        started = time.perf_counter()
        list(pool.map(_speak, parts, chunksize=build.CHUNK))
        return time.perf_counter() - started


def _build_all(stores: dict[str, AudioStore], catalogues) -> tuple[float, list]:
    started = time.perf_counter()
    reports = [
        build.build(stores[lang], [_engine(lang)], texts) for lang, texts in catalogues.items()
    ]
    return time.perf_counter() - started, reports


def _measure(path: Path) -> tuple[float, float, float]:
    """Integrated loudness, leading and trailing silence of one built file."""
    seconds = wav_seconds(path.read_bytes())
    loop = max(0, math.ceil(MIN_METERED / max(seconds, 0.01)) - 1)
    lead, trail = edge_silence(path)
    return loudness(path, loop=loop), lead, trail


def _files(stores: dict[str, AudioStore], catalogues) -> list[tuple[str, Path]]:
    """Each text with its built file."""
    return [
        (f"{lang}: {text!r}", stores[lang].path(stores[lang].find(text)))
        for lang, texts in catalogues.items()
        for text in texts
    ]


def _line(label: str, value: str, goal: str = "") -> None:
    print(f"{label:<34}{value:>16}   {goal}")


def _timings(label: str, texts: int, cold: float, bare: float, audio: float) -> None:
    limit = COLD_GOAL / bare  # below 1: the goal asks for less than Pico alone needs
    _line(f"{label}: cold build", f"{cold:.2f} s", f"goal: <= {COLD_GOAL:.0f} s")
    _line("  texts", f"{texts}")
    _line("  audio built", f"{audio:.0f} s")
    _line("  audio s per build s", f"{audio / cold:.0f}", f"goal: >= {audio / COLD_GOAL:.0f}")
    _line("  bare synthesis, same texts", f"{bare:.2f} s", "the physical limit")
    _line("  cold build / bare synthesis", f"{cold / bare:.2f} x", f"goal: <= {limit:.2f} x")


def _audio(measured: list[tuple[str, float, float, float]], target: float) -> None:
    low, high = target - LOUDNESS_TOLERANCE, target + LOUDNESS_TOLERANCE
    levels = [m[1] for m in measured]
    loud = [m for m in measured if not low <= m[1] <= high]
    _line(
        "loudness min .. max (LUFS)",
        f"{min(levels):.1f} .. {max(levels):.1f}",
        f"goal: {low:.0f} .. {high:.0f} (VOICE_LOUDNESS {target:.0f} +- 1 LU)",
    )
    _line("files outside the loudness goal", f"{len(loud)} of {len(measured)}")
    for edge, index in (("leading", 2), ("trailing", 3)):
        worst = max(m[index] for m in measured)
        _line(
            f"{edge} silence, max", f"{worst * 1000:.0f} ms", f"goal: <= {EDGE_GOAL * 1000:.0f} ms"
        )
    long = [m for m in measured if max(m[2], m[3]) > EDGE_GOAL]
    _line("files with longer edge silence", f"{len(long)} of {len(measured)}")
    print("the farthest from the goals (LUFS, leading / trailing silence, text):")
    worst = sorted(loud, key=lambda m: abs(m[1] - target))[-4:]
    worst += sorted(long, key=lambda m: max(m[2], m[3]))[-4:]
    for text, lufs, lead, trail in worst:
        print(f"  {lufs:6.1f} LUFS {lead * 1000:4.0f} / {trail * 1000:4.0f} ms  {text[:60]}")


def main() -> None:
    # As the build starts it: processes forked from a server that has imported the pipeline.
    multiprocessing.get_context("forkserver").set_forkserver_preload([build.__name__])
    catalogues = _catalogues()
    german = {"de": catalogues["de"]}
    settings = AudioSettings()
    OFFLINE["pico"].synthesize("Hallo", "de")  # load the voice before anything is timed
    _line("load average (1 min) at the start", f"{os.getloadavg()[0]:.1f}", "(2 cores)")
    with tempfile.TemporaryDirectory() as folder:
        stores = {
            lang: AudioStore(
                Path(folder, lang),
                lang,
                [_engine(lang).name],
                {_engine(lang).name: _engine(lang).voice},
                settings,
            )
            for lang in catalogues
        }
        alone = {
            "de": AudioStore(Path(folder, "alone"), "de", ["pico"], stores["de"].voices, settings)
        }
        for label, which, where in (
            ("German", german, alone),
            ("all languages", catalogues, stores),
        ):
            bare = _bare(which, settings.tempo)
            cold, reports = _build_all(where, which)
            assert not any(r.failed for r in reports), [r.failed for r in reports]
            texts = sum(len(t) for t in which.values())
            _timings(
                f"{label} ({', '.join(which)})",
                texts,
                cold,
                bare,
                sum(r.audio_seconds for r in reports),
            )
        warm, again = _build_all(stores, catalogues)
        assert not any(r.built for r in again), "the rebuild built something"
        _line("rebuild, nothing changed", f"{warm:.3f} s")
        _line("rebuild / cold", f"{warm / cold:.2%}", f"goal: <= {WARM_GOAL:.0%}")
        files = _files(stores, catalogues)
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            measured = [
                (text, *figures)
                for (text, _path), figures in zip(
                    files, pool.map(_measure, [path for _text, path in files]), strict=True
                )
            ]
    _audio(measured, settings.loudness)


if __name__ == "__main__":
    main()
