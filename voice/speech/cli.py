"""`flask --app app prompts build|check|worker|replace`: audio is built here, never in a call."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

import click
from click._termui_impl import ProgressBar
from flask import current_app
from flask.cli import AppGroup

from voice.db import db
from voice.models import utcnow
from voice.speech import audio_settings, build, dynamic, hold, recordings
from voice.speech.catalogue import CatalogueError, compare, load, plural_problems
from voice.speech.dates import spoken_days
from voice.speech.engines import Engine, make_engines
from voice.speech.settings import AudioRejected
from voice.speech.shared import Shared
from voice.speech.store import AudioStore
from voice.workers import Stopping, app_object, run_worker

T = TypeVar("T")
# A built prompt in the database that no text needs goes after this long (a speech worker may
# have built it for an event this build did not see yet).
SHARED_GRACE = timedelta(days=1)

prompts_cli = AppGroup("prompts", help="Build and check the audio of the prompts.")


def _store() -> AudioStore:
    """The service language's store (staff recordings, the hold music)."""
    store: AudioStore = _stores()[0]
    return store


def _stores() -> list[AudioStore]:
    """Every language's store, the service's own language first."""
    if not current_app.extensions["ffmpeg"]:
        raise click.ClickException("ffmpeg fehlt. Installieren Sie es mit: apt-get install ffmpeg")
    if current_app.config["VOICE_TTS_ENGINE"] == "say":
        raise click.ClickException("VOICE_TTS_ENGINE=say: Twilio spricht alle Ansagen selbst.")
    default = current_app.extensions["audio_store"]
    others = [voice.store for voice in current_app.extensions["voices"].values()]
    return [default, *(store for store in others if store is not default)]


def _engines(store: AudioStore) -> list[Engine]:
    """The engines that build the store's language (each language asks Google once)."""
    config = current_app.config
    return build.plan(config["VOICE_TTS_ENGINE"], make_engines(config), store.language)


def _validate_catalogues() -> None:
    """Every language's catalogue against the German one, and its plural forms against its
    language's; the build stops on a problem."""
    folder = Path(current_app.config["PROMPTS_DIR"])
    try:
        reference = load(folder / "de.toml")
        problems = plural_problems(reference, folder / "de.toml")
        for path in sorted(folder.glob("*.toml")):
            if path.name != "de.toml":
                catalogue = load(path)
                problems += compare(reference, catalogue, path) + plural_problems(catalogue, path)
    except CatalogueError as exc:
        raise click.ClickException(str(exc)) from exc
    if problems:
        raise click.ClickException("\n".join(problems))


def _texts(store: AudioStore) -> tuple[set[str], set[str]]:
    """The store's language's static texts (its catalogue), and the texts of current data."""
    catalogue = current_app.extensions["voices"][store.language].catalogue
    tz = ZoneInfo(current_app.config["TIMEZONE"])
    language = catalogue.language
    # Each centre's name, greeting and office hours (voice.centres: a layer above speech).
    centres: set[str] = current_app.extensions["centre_texts"](catalogue)
    live = centres | dynamic.current_texts(
        db.session, utcnow(), tz, "", language=language, catalogue=catalogue
    )
    if "register.name_privacy" in catalogue:  # how long a caller's name is kept: a setting
        live.add(spoken_days(current_app.config["RETAIN_NAMES_DAYS"], catalogue))
    return build.static_texts(catalogue), live


def _briefly(read: Callable[[], T]) -> T:
    """Read, then end the transaction at once: none may stay open while audio is built (for
    minutes), holding a connection and, on PostgreSQL, an old snapshot."""
    try:
        return read()
    finally:
        db.session.close()


def _needed(store: AudioStore, texts: set[str]) -> set[str]:
    """Files still in use: built texts from any engine, and active staff recordings."""
    by_centre = recordings.active_by_centre(db.session, store.language).values()
    active = {name for names in by_centre for name in names.values()}
    return build.expected_names(store, texts) | active


def _report(report: build.BuildReport, seconds: float, language: str) -> None:
    click.echo(
        f"{language}: {len(report.built)} gebaut, {report.skipped} unverändert, "
        f"{len(report.failed)} fehlgeschlagen, {report.audio_seconds:.0f} s Audio in "
        f"{seconds:.1f} s (Engines: {', '.join(report.engines) or '-'})"
    )
    for text, error in report.failed.items():
        click.echo(f"  FEHLER {text[:60]!r}: {error}", err=True)


def _shared() -> Shared:
    """Built audio shared with the other servers through the database."""
    return Shared(current_app.extensions["db"])


@prompts_cli.command("build")
@click.option("--force", is_flag=True, help="Rebuild every prompt, even unchanged ones.")
def build_command(force: bool) -> None:
    """Build every language's prompts and every text of current data; remove files nobody
    needs (in any language)."""
    stores = _stores()
    _validate_catalogues()
    needed: set[str] = set()
    failed = False
    for store in stores:
        report, texts = _build_language(store, force)
        needed |= _briefly(lambda: _needed(store, texts))  # noqa: B023 - called at once
        failed = failed or bool(report.failed)
    _hold_music(stores[0])
    removed = stores[0].remove_except(needed)  # one folder: what no language needs goes
    if removed:
        click.echo(f"{len(removed)} nicht mehr benötigte Dateien entfernt.")
    pruned = _shared().prune(needed, utcnow() - SHARED_GRACE)
    if pruned:
        click.echo(f"{pruned} nicht mehr benötigte Ansagen aus der Datenbank entfernt.")
    if failed:
        raise SystemExit(1)


def _build_language(store: AudioStore, force: bool) -> tuple[build.BuildReport, set[str]]:
    """Build one language's texts, with a progress bar; returns the report and the texts."""
    static, live = _briefly(lambda: _texts(store))
    texts = static | live
    engines = _engines(store)
    shared = _shared()
    started = time.monotonic()
    bar: ProgressBar[int]  # click cannot infer the item type from a length
    with click.progressbar(length=len(texts), label=f"Ansagen ({store.language})") as bar:

        def progress(items: Iterable[str]) -> Iterator[str]:
            for text in items:
                yield text
                bar.update(1)

        with shared.building():
            report = build.build(
                store, engines, texts, force=force, progress=progress, shared=shared
            )
            report.add(rebuild_requested(store, engines, shared))
    _report(report, time.monotonic() - started, store.language)
    return report, texts


def rebuild_requested(
    store: AudioStore, engines: list[Engine], shared: Shared | None = None
) -> build.BuildReport:
    """Build again what staff asked for on the "Ansagen" page; each request is done once,
    built or failed (a failure is reported, and the old audio stays in use)."""
    requests = store.rebuild_requests()
    report = build.build(store, engines, requests, force=True, shared=shared)
    for path in requests.values():
        path.unlink(missing_ok=True)
    return report


def _hold_music(store: AudioStore) -> None:
    """The meetings' hold music is built here too, never while a caller waits for it."""
    try:
        hold.ensure(store)
    except OSError as error:
        click.echo(f"FEHLER Wartemusik: {error}", err=True)


@prompts_cli.command("check")
def check_command() -> None:
    """List prompts without audio (per language) and files that no language needs any more."""
    stores = _stores()
    _validate_catalogues()
    needed: set[str] = set()
    total = built = 0
    for store in stores:
        static, live = _briefly(lambda: _texts(store))  # noqa: B023 - called at once
        texts = static | live
        needed |= _briefly(lambda: _needed(store, texts))  # noqa: B023 - called at once
        missing = build.missing(store, texts)
        for text in missing:
            click.echo(f"fehlt: {text} ({store.language})")
        total, built = total + len(texts), built + len(texts) - len(missing)
    stale = sorted(name for name in stores[0].built_prompts() if name not in needed)
    for name in stale:
        click.echo(f"veraltet: {name}.wav")
    click.echo(f"{built} von {total} Ansagen gebaut, {len(stale)} veraltet.")
    if built < total or stale:
        raise SystemExit(1)


@prompts_cli.command("worker")
@click.option("--once", is_flag=True, help="Build what is missing, then stop (for cron).")
# Every few seconds: a round with nothing to do costs a few milliseconds, and staff who asked
# for a prompt to be rebuilt, or wait for a new event's preview, hear it soon.
@click.option("--interval", default=5, show_default=True, help="Seconds between rounds.")
def worker_command(once: bool, interval: int) -> None:
    """Keep the audio of events, news and names built as staff change them."""
    stores = _stores()
    engines = {store.language: _engines(store) for store in stores}
    shared = _shared()

    def round_(_stopping: Stopping) -> None:  # texts are built in parallel: not stoppable
        failed = 0
        for store in stores:
            static, live = _briefly(lambda: _texts(store))  # noqa: B023 - fresh data each round
            started = time.monotonic()
            with shared.building():  # one server builds; the others copy what it built
                report = build.build(store, engines[store.language], static | live, shared=shared)
                report.add(rebuild_requested(store, engines[store.language], shared))
            if report.built or report.failed:
                _report(report, time.monotonic() - started, store.language)
            failed += len(report.failed)
        _hold_music(stores[0])
        if failed:
            raise RuntimeError(f"{failed} Ansagen nicht gebaut")

    run_worker("prompts", round_, app_object(), once=once, interval=interval)


@prompts_cli.command("replace")
@click.argument("prompt_id")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--by", "recorded_by", default=None, help="Who recorded it.")
def replace_command(prompt_id: str, file: Path, recorded_by: str | None) -> None:
    """Replace a prompt with a recording (any format ffmpeg reads)."""
    store = _store()
    catalogue = current_app.extensions["voice"].catalogue
    try:
        recordings.replace_prompt(
            db.session,
            store,
            catalogue,
            prompt_id,
            file,
            source="upload",
            recorded_by=recorded_by,
            max_seconds=current_app.config["AUDIO_MAX_SECONDS"],
            settings=audio_settings(current_app.config),
        )
    except AudioRejected as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"{prompt_id} wird jetzt mit Ihrer Aufnahme abgespielt.")
