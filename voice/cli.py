"""Commands for whoever runs the server: `flask --app app init-db`, `flask --app app demo`."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import click
from flask import Flask, current_app

from voice import schema
from voice.db import db
from voice.demo import load_demo


@click.command("init-db")
def init_db_command() -> None:
    """Create the database schema, or upgrade it; safe to run again."""
    schema.upgrade(db.engine)
    click.echo(f"Datenbank bereit: {db.engine.url.render_as_string(hide_password=True)}")


@click.command("demo")
def demo_command() -> None:
    """Load demo events (one running now) and an announcement; safe to run again."""
    schema.upgrade(db.engine)
    with db.factory.begin() as session:
        load_demo(session, ZoneInfo(current_app.config["TIMEZONE"]))
    click.echo("Demo-Daten geladen: Spieleabend (läuft gerade), ErzählCafé, Bewerbungstraining.")


def init_app(app: Flask) -> None:
    """Register the commands."""
    app.cli.add_command(init_db_command)
    app.cli.add_command(demo_command)
