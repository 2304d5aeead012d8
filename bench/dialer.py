"""Dialer benchmark: 200 due reminders, two dialers, one dies half-way and is restarted.

Prints calls placed, duplicates, and the highest number of calls placed within any one second
against the configured rate. Runs on SQLite, or on PostgreSQL when TEST_DATABASE_URL is set
(the database is emptied). Run: .venv/bin/python bench/dialer.py
"""

from __future__ import annotations

import os
import tempfile

from harness import clear, load, race  # bench/harness.py, beside this script

from voice import create_app, schema
from voice.db import make_engine

COUNT = 200
RATE = 20.0


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{folder}/bench.db"
        schema.upgrade(make_engine(url))
        app = create_app(
            {
                "DATABASE_URL": url,
                "TWILIO_AUTH_TOKEN": "",
                "PUBLIC_BASE_URL": "http://bench.local",
                "REMINDER_HOURS": "00:00-23:59",
                "REMINDER_RATE": RATE,
                "AUDIO_DIR": folder,
                "SIMULATOR_DIR": folder,
                "VOICE_TTS_ENGINE": "say",
            }
        )
        clear(app)
        load(app, COUNT)
        result = race(app, RATE, die_after=COUNT // 2)
        clear(app)
        app.extensions["db"].kw["bind"].dispose()
    print(f"database:                 {url.split(':')[0]}")
    print(f"reminders due:            {COUNT}")
    print(f"calls placed:             {result.placed}")
    print(f"duplicates:               {result.duplicates}")
    print(f"highest calls in 1 s:     {result.highest_rate}  (configured: {RATE:.0f} per second)")
    print(f"highest / configured:     {result.highest_rate / RATE:.2f}")
    print(f"time:                     {result.seconds:.1f} s")


if __name__ == "__main__":
    main()
