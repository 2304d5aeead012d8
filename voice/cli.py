"""Commands for whoever runs the server: `flask --app app init-db`, `flask --app app demo`.

Each command's module is imported only when the command is run or listed (`LazyCommands`):
a web worker never runs one, and what they need (migrations, the prompt build, the workers'
loops, the terminal phone) would cost every worker time and memory at start (issue 16)."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from zoneinfo import ZoneInfo

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from voice.db import db

# command name -> "module:attribute" of the click command
ELSEWHERE = {
    "prompts": "voice.speech.cli:prompts_cli",
    "call": "voice.telephony.simulator.cli:call_command",
    "reminders": "voice.reminders.cli:reminders_cli",
    "recordings": "voice.recordings.cli:recordings_cli",
    "retention": "voice.recordings.cli:retention_command",
}


class LazyCommands(AppGroup):
    """The app's command group; commands named in `elsewhere` are imported on first use."""

    def __init__(self, elsewhere: Mapping[str, str]) -> None:
        super().__init__()
        self.elsewhere = dict(elsewhere)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.elsewhere})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.elsewhere:
            module, _, attribute = self.elsewhere[cmd_name].partition(":")
            self.add_command(getattr(importlib.import_module(module), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create the database schema, or upgrade it; safe to run again."""
    from voice import schema

    schema.upgrade(db.engine)
    click.echo(f"Datenbank bereit: {db.engine.url.render_as_string(hide_password=True)}")


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Load two demo centres with their events (one running now) and announcements; safe to
    run again."""
    from voice import schema
    from voice.demo import load_demo

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
    from voice.calls.apology import outage
    from voice.centres import directory
    from voice.speech import current_voice

    found = directory()
    place = found.by_slug(slug) if slug else found.default
    if place is None:
        known = ", ".join(p.slug for p in found.places)
        raise click.ClickException(f"Eine Quartierszentrale {slug!r} gibt es nicht ({known}).")
    click.echo(str(outage(current_voice(), place.staff_number)))


def init_app(app: Flask) -> None:
    """Register the commands (before any other part of the app adds its own)."""
    commands = LazyCommands(ELSEWHERE)
    commands.commands.update(app.cli.commands)
    app.cli = commands
    for command in (init_db_command, demo_command, fallback_twiml_command):
        commands.add_command(command)
