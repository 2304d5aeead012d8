"""Building audio ahead of every call: the catalogue's prompts, and the texts of current data."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from voice.speech.audio import PAUSE_MARK, AudioError, AudioSettings, decode, join, telephone_wav
from voice.speech.catalogue import Catalogue
from voice.speech.engines import Engine, EngineError
from voice.speech.store import AudioStore

log = logging.getLogger(__name__)

NUMBERS = range(0, 61)  # counts a call speaks as pieces; a bigger one is said by <Say>
# The placeholders whose values are numbers, and the numbers each can speak: these are built
# ahead as pieces. Dates and times are not pieced from numbers: they are whole texts of the
# data (voice.speech.dynamic). Other placeholders (titles, names, spaced-out digits) are data.
NUMBER_FIELDS: dict[str, range] = {
    "key": range(0, 10),  # "Die Taste 7 ist hier nicht belegt."
    "number": NUMBERS,  # "Veranstaltung 2 von 5", an unknown prompt number
    "total": NUMBERS,
    "position": NUMBERS,  # on the waiting list
    "seats": NUMBERS,  # seats left
    "count": NUMBERS,  # people on the phone in a meeting
}
WAV_HEADER = 44  # bytes before the samples in our WAV files
BYTES_PER_SECOND = 8000  # 8 kHz, 8-bit µ-law


@dataclass
class BuildReport:
    """What a build did."""

    built: list[str] = field(default_factory=list)
    skipped: int = 0
    failed: dict[str, str] = field(default_factory=dict)
    audio_seconds: float = 0.0
    removed: list[str] = field(default_factory=list)
    engines: list[str] = field(default_factory=list)


def numbers(catalogue: Catalogue) -> set[int]:
    """The numbers the catalogue's placeholders can speak: a catalogue without `{key}` needs
    no digits, one without counts no counts (a test's tiny catalogue builds in a moment)."""
    found: set[int] = set()
    for prompt in catalogue.prompts.values():
        for name in prompt.fields:
            found.update(NUMBER_FIELDS.get(name, ()))
    return found


def static_texts(catalogue: Catalogue) -> set[str]:
    """Every text the catalogue needs as audio: whole prompts, fixed words, numbers."""
    texts = {str(n) for n in numbers(catalogue)}
    for prompt in catalogue.prompts.values():
        if prompt.fields:
            texts.update(prompt.literals())
        else:
            texts.add(prompt.text)
    return texts


def plan(setting: str, engines: dict[str, Engine], language: str) -> list[Engine]:
    """The engines to build with, best first. `auto` asks Google once and uses Pico without it."""
    if setting == "say":
        return []
    if setting != "auto":
        return [engines[setting]]
    try:
        engines["gtts"].synthesize("Hallo", language)
    except EngineError as exc:
        log.warning("Google TTS does not answer (%s); building with pico", exc)
        return [engines["pico"]]
    return [engines["gtts"], engines["pico"]]


def render(engine: Engine, text: str, language: str, settings: AudioSettings) -> bytes:
    """One text as telephone audio, with a pause at every pause mark."""
    parts = [part.strip() for part in text.split(PAUSE_MARK) if part.strip()]
    audio = join([decode(engine.synthesize(part, language)) for part in parts], settings.pause_ms)
    return telephone_wav(audio, settings)


def build(
    store: AudioStore,
    engines: list[Engine],
    texts: Iterable[str],
    *,
    force: bool = False,
    progress: Callable[[Iterable[str]], Iterable[str]] = iter,
    workers: int | None = None,
) -> BuildReport:
    """Build every text that lacks a file from the best engine; a failed one is reported.

    ffmpeg does the heavy work in its own processes, so texts are built in parallel."""
    report = BuildReport(engines=[e.name for e in engines])
    if not engines:
        return report
    todo = []
    for text in sorted(texts):
        if not force and store.has(text, engines[0].name):
            report.skipped += 1
        else:
            todo.append(text)
    with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        results = pool.map(lambda text: _build_one(store, engines, text), todo)
        for text, (seconds, error) in zip(progress(todo), results, strict=True):
            if error is None:
                report.built.append(text)
                report.audio_seconds += seconds
            else:
                report.failed[text] = error
                log.error("could not build audio for %r: %s", text, error)
    return report


def _build_one(store: AudioStore, engines: list[Engine], text: str) -> tuple[float, str | None]:
    """Seconds of audio built, or the error of the last engine tried."""
    error = "no engine"
    for engine in engines:
        try:
            wav = render(engine, text, store.language, store.settings)
        except (EngineError, AudioError) as exc:
            error = f"{engine.name}: {exc}"
            continue
        store.save(text, engine.name, wav)
        return (len(wav) - WAV_HEADER) / BYTES_PER_SECOND, None
    return 0.0, error


def expected_names(store: AudioStore, texts: Iterable[str]) -> set[str]:
    """The files that the texts may use, from any engine."""
    return {store.key(text, engine) for text in texts for engine in store.engines}


def missing(store: AudioStore, texts: Iterable[str]) -> list[str]:
    """Texts with no built file from any engine."""
    return sorted(text for text in texts if store.find(text) is None)
