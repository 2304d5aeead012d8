"""Commands for whoever runs the server: `flask --app app init-db`, `flask --app app demo`."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from voice import schema
from voice.calls.apology import outage
from voice.centres import directory
from voice.db import db
from voice.demo import load_demo
from voice.recordings.cli import recordings_cli, retention_command
from voice.reminders.cli import reminders_cli
from voice.speech import current_voice
from voice.speech.cli import prompts_cli
from voice.telephony.simulator.cli import call_command


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create the database schema, or upgrade it; safe to run again."""
    schema.upgrade(db.engine)
    click.echo(f"Datenbank bereit: {db.engine.url.render_as_string(hide_password=True)}")


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Load two demo centres with their events (one running now) and announcements; safe to
    run again."""
    schema.upgrade(db.engine)
    with db.factory.begin() as session:
        load_demo(session, ZoneInfo(current_app.config["TIMEZONE"]))
    click.echo(
        "Demo-Daten geladen: Alter Eselsberg (Spieleabend läuft gerade, ErzählCafé, "
        "Bewerbungstraining) und Weststadt (+4973100000001: Spaziergang, Nachbarschaftscafé)."
    )


@click.command("fallback-twiml")
@click.option(
    "--centre", "slug", default=None, help="The centre's short name (default: the first)."
)
@with_appcontext
def fallback_twiml_command(slug: str | None) -> None:
    """Print TwiML for a TwiML Bin to use as the fallback URL of a centre's numbers (works
    without us): it connects to that centre's staff number."""
    found = directory()
    place = found.by_slug(slug) if slug else found.default
    if place is None:
        known = ", ".join(p.slug for p in found.places)
        raise click.ClickException(f"Eine Quartierszentrale {slug!r} gibt es nicht ({known}).")
    click.echo(str(outage(current_voice(), place.staff_number)))


def init_app(app: Flask) -> None:
    """Register the commands."""
    app.cli.add_command(init_db_command)
    app.cli.add_command(demo_command)
    app.cli.add_command(fallback_twiml_command)
    app.cli.add_command(prompts_cli)
    app.cli.add_command(call_command)
    app.cli.add_command(reminders_cli)
    app.cli.add_command(recordings_cli)
    app.cli.add_command(retention_command)
