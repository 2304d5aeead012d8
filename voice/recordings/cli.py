"""`flask --app app recordings run` (fetch into our storage) and `retention run` (clean up)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from voice.db import db
from voice.models import Recording, utcnow
from voice.recordings import retention
from voice.recordings.jobs import Fetcher
from voice.registrations import erasure
from voice.speech import audio_settings
from voice.speech.shared import Shared
from voice.workers import Stopping, app_object, run_worker, this_process

recordings_cli = AppGroup("recordings", help="Residents' recordings, from Twilio into our storage.")


def make_fetcher(app: Flask, now: Callable[[], datetime] = utcnow) -> Fetcher:
    """A fetcher for this app, named after the host and process."""
    return Fetcher(
        app.extensions["db"],
        app.extensions["telephony"],
        app.extensions["audio_store"],
        audio_settings(app.config),
        this_process(),
        delete_at_source=app.config["RECORDINGS_DELETE_AT_TWILIO"],
        now=now,
    )


@recordings_cli.command("run")
@click.option("--once", is_flag=True, help="Fetch what is due now, then stop (for cron).")
@click.option("--interval", default=20, show_default=True, help="Seconds between rounds.")
def run_command(once: bool, interval: int) -> None:
    """Fetch completed recordings; failures are retried with growing pauses."""
    app = app_object()
    fetcher = make_fetcher(app)

    def round_(stopping: Stopping) -> None:
        done = fetcher.run_once(stopping)
        if done or once:
            click.echo(f"{done} Aufnahmen gespeichert.")

    run_worker("recordings", round_, app, once=once, interval=interval)


@click.command("retention")
@click.argument("action", type=click.Choice(["run"]))
@with_appcontext
def retention_command(action: str) -> None:
    """Delete recordings whose retention period is over (for cron or a systemd timer)."""
    config = current_app.config
    periods = retention.Periods(
        messages=timedelta(days=config["RETAIN_MESSAGES_DAYS"]),
        names=timedelta(days=config["RETAIN_NAMES_DAYS"]),
        announcements=timedelta(days=config["RETAIN_ANNOUNCEMENTS_DAYS"]),
    )
    store = current_app.extensions["audio_store"]
    retention.one_at_a_time(db.session)  # several servers may run it at the same moment
    removed = retention.run(db.session, periods, utcnow())
    erasure.forget_call_sids(db.session, utcnow())  # of calls erased while they went on
    unnamed = retention.unnamed_in_database(db.session)
    db.session.commit()
    orphans = retention.orphans(db.session, store, utcnow()) if store else []
    retention.delete_files(store, removed.files + unnamed + orphans)
    click.echo(
        f"Gelöscht: {len(removed.messages)} Nachrichten, {len(removed.names)} Namensaufnahmen, "
        f"{len(removed.announcements)} Ansagen, {len(removed.unkept)} nicht behaltene Aufnahmen, "
        f"{len(orphans)} verwaiste Dateien."
    )


@recordings_cli.command("share")
def share_command() -> None:
    """Copy this server's recording files that the database lacks into it (after 0018 ran
    on a server without them, or when moving a folder from an old machine)."""
    store = current_app.extensions["audio_store"]
    if store is None:
        raise click.ClickException("Kein Audio-Speicher: ffmpeg fehlt.")
    named = db.session.scalars(
        select(Recording.audio_name).where(Recording.audio_name.is_not(None)).distinct()
    ).all()
    db.session.close()  # read; the copying runs in a transaction of its own
    added = Shared(current_app.extensions["db"]).push(store, [name for name in named if name])
    click.echo(f"{added} Aufnahmen in die Datenbank kopiert.")
