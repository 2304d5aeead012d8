"""`flask --app app reminders run`: the dialer as a worker (or `--once` for cron)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from datetime import time as clock
from zoneinfo import ZoneInfo

import click
from flask import Flask
from flask.cli import AppGroup

from voice.models import utcnow
from voice.reminders.dialer import Dialer, DialerSettings
from voice.workers import Stopping, app_object, run_worker, this_process

reminders_cli = AppGroup("reminders", help="Reminder calls before events.")


def _hour(text: str) -> clock:
    """A time of day of `REMINDER_HOURS`; "24:00", the end of the day, is its last moment
    (with "23:59", the day's last minute had no calls)."""
    return clock.max if text.strip() == "24:00" else clock.fromisoformat(text.strip())


def settings(app: Flask, base_url: str | None = None) -> DialerSettings:
    """The dialer's settings from the configuration."""
    start, end = app.config["REMINDER_HOURS"].split("-")
    return DialerSettings(
        rate=app.config["REMINDER_RATE"],
        allowed_from=_hour(start),
        allowed_until=_hour(end),
        tz=ZoneInfo(app.config["TIMEZONE"]),
        caller_id=app.config["REMINDER_CALLER_ID"],
        base_url=base_url or app.config["PUBLIC_BASE_URL"] or "http://localhost",
    )


def make_dialer(
    app: Flask,
    name: str | None = None,
    base_url: str | None = None,
    clock_now: Callable[[], datetime] = utcnow,
    sleep: Callable[[float], None] = time.sleep,
) -> Dialer:
    """A dialer for this app, named after the host and process."""
    return Dialer(
        app.extensions["db"],
        app.extensions["telephony"],
        settings(app, base_url),
        name or this_process(),
        clock_now,
        sleep,
    )


@reminders_cli.command("run")
@click.option("--once", is_flag=True, help="Call what is due now, then stop (for cron).")
@click.option("--interval", default=30, show_default=True, help="Seconds between rounds.")
def run_command(once: bool, interval: int) -> None:
    """Place the reminder calls that are due, at the configured rate."""
    app = app_object()
    dialer = make_dialer(app)

    def round_(stopping: Stopping) -> None:
        placed = dialer.run_once(stopping)
        if placed or once:
            click.echo(f"{placed} Erinnerungsanrufe gestartet.")

    run_worker("reminders", round_, app, once=once, interval=interval)
