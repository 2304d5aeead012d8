"""Building audio ahead of every call: the catalogue's prompts, and the texts of current data."""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from voice.speech.catalogue import CENTRE, Catalogue
from voice.speech.engines import Engine, EngineError, engine_names
from voice.speech.settings import PAUSE_MARK, AudioError, AudioSettings
from voice.speech.store import AudioStore

if TYPE_CHECKING:  # the build processes import this module: no database code in them
    from voice.speech.shared import Shared

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
    "count": NUMBERS,  # chooses a plural form: seats left, people in a meeting, a period
}
# Prompts whose only placeholders are these are also built whole for each value ("For
# English, press 7."): one file, said in one breath, instead of words, a digit and a full stop.
# The keys' ones here (static_texts); the centres' ones with the data (voice.speech.dynamic).
WHOLE_FIELDS = frozenset({"key", CENTRE})
KEY_FIELDS = frozenset({"key"})
# Fewer texts than this are built in this process: starting processes would cost more.
PROCESSES_FROM = 24
CHUNK = 8  # texts handed to a build process at a time


@dataclass
class BuildReport:
    """What a build did."""

    built: list[str] = field(default_factory=list)
    skipped: int = 0
    failed: dict[str, str] = field(default_factory=dict)
    audio_seconds: float = 0.0
    removed: list[str] = field(default_factory=list)
    engines: list[str] = field(default_factory=list)

    def add(self, other: BuildReport) -> None:
        """What another build over other texts did, too."""
        self.built += other.built
        self.failed |= other.failed
        self.audio_seconds += other.audio_seconds


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
        if prompt.fields and prompt.fields <= KEY_FIELDS:
            texts.update(prompt.render({"key": str(key)}) for key in NUMBER_FIELDS["key"])
        if prompt.fields:
            texts.update(prompt.literals())
        else:
            texts.add(prompt.text)
    return texts


def plan(setting: str, engines: dict[str, Engine], language: str) -> list[Engine]:
    """The engines to build a language with, best first. `auto` asks Google once and uses the
    offline engine (Pico, or eSpeak NG for a language Pico lacks) without it."""
    if setting == "say":
        return []
    names = engine_names(setting, language)
    if setting != "auto":
        return [engines[name] for name in names]
    try:
        engines["gtts"].synthesize("Hallo", language)
    except EngineError as exc:
        log.warning("Google TTS does not answer (%s); building %s offline", exc, language)
        return [engines[names[-1]]]
    return [engines[name] for name in names]


def render(engine: Engine, text: str, language: str, settings: AudioSettings) -> bytes:
    """One text as telephone audio, each sentence at the settings' pace (pace.py), with a
    pause at every pause mark (slowed down with the speech: it is part of the pace)."""
    from voice.speech import pace  # numpy: only where audio is built
    from voice.speech.audio import join, telephone_wav

    parts = [part.strip() for part in text.split(PAUSE_MARK) if part.strip()]
    spoken = [pace.part(engine, part, language, settings) for part in parts]
    return telephone_wav(join(spoken, round(settings.pause_ms / settings.tempo)), settings)


def build(
    store: AudioStore,
    engines: list[Engine],
    texts: Iterable[str],
    *,
    force: bool = False,
    progress: Callable[[Iterable[str]], Iterable[str]] = iter,
    workers: int | None = None,
    shared: Shared | None = None,
) -> BuildReport:
    """Build every text that lacks a file from the best engine; a failed one is reported.

    Synthesis and signal processing are CPU work that holds the GIL (Pico) or much of it
    (numpy): a long list is built by one process per core. Google's voice waits on the
    network, so with it texts are built on threads. A short list is built right here."""
    report = BuildReport(engines=[e.name for e in engines])
    if not engines:
        return report
    texts = sorted(texts)
    if shared is not None and not force:  # what another server built: copied, not built
        shared.pull(store, [store.key(text, engines[0].name) for text in texts])
    todo = []
    for text in texts:
        if not force and store.has(text, engines[0].name):
            report.skipped += 1
        else:
            todo.append(text)
    workers = workers or os.cpu_count() or 1
    pool, task = _executor(store, engines, len(todo), workers)
    with pool:
        results = pool.map(task, todo, chunksize=CHUNK)
        for text, (seconds, error) in zip(progress(todo), results, strict=True):
            if error is None:
                report.built.append(text)
                report.audio_seconds += seconds
            else:
                report.failed[text] = error
                log.error("could not build audio for %r: %s", text, error)
    if shared is not None and report.built:  # for the other servers
        shared.push(store, [store.find(text) or "" for text in report.built], replace=force)
    return report


Task = Callable[[str], tuple[float, "str | None"]]


class _Here(Executor):
    """Builds in this process, one text after another: for a short list."""

    def map(self, fn, *iterables, timeout=None, chunksize=1, buffersize=None):  # type: ignore[no-untyped-def]
        return map(fn, *iterables)


def _executor(
    store: AudioStore, engines: list[Engine], count: int, workers: int
) -> tuple[Executor, Task]:
    """Where the texts are built, and the task that builds one."""
    here = functools.partial(_build_one, store, engines)
    if count < PROCESSES_FROM or workers == 1:
        return _Here(), here
    if not all(engine.cpu_bound for engine in engines):
        return ThreadPoolExecutor(max_workers=workers), here
    # Imported here: a web worker imports this module for its constants, never builds.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # forkserver: each process is forked from a clean server that has imported the audio
    # code once, never from this process with its threads, database connections and locks.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__, "voice.speech.audio"])
    try:
        processes = ProcessPoolExecutor(
            max_workers=min(workers, -(-count // CHUNK)),
            mp_context=context,
            initializer=_start_worker,
            initargs=(store, engines),
        )
    except (OSError, NotImplementedError) as exc:  # no /dev/shm in some containers
        log.warning("building in this process only, no processes possible here: %s", exc)
        return _Here(), here
    return processes, _build_in_worker


# What a build process builds with, set once when it starts: each task is then only a text.
_job: tuple[AudioStore, list[Engine]] | None = None


def _start_worker(store: AudioStore, engines: list[Engine]) -> None:
    global _job
    _job = (store, engines)


def _build_in_worker(text: str) -> tuple[float, str | None]:
    assert _job is not None, "_start_worker was not called"
    return _build_one(*_job, text)


def _build_one(store: AudioStore, engines: list[Engine], text: str) -> tuple[float, str | None]:
    """Seconds of audio built, or the error of the last engine tried."""
    from voice.speech.audio import wav_seconds

    error = "no engine"
    for engine in engines:
        try:
            wav = render(engine, text, store.language, store.settings)
        except (EngineError, AudioError) as exc:
            error = f"{engine.name}: {exc}"
            continue
        store.save(text, engine.name, wav)
        return wav_seconds(wav), None
    return 0.0, error


def expected_names(store: AudioStore, texts: Iterable[str]) -> set[str]:
    """The files that the texts may use, from any engine."""
    return {store.key(text, engine) for text in texts for engine in store.engines}


def missing(store: AudioStore, texts: Iterable[str]) -> list[str]:
    """Texts with no built file from any engine."""
    return sorted(text for text in texts if store.find(text) is None)
