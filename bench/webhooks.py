"""Webhook cost benchmark (issue 16): what a greeting and a key press cost, and whether that
stays flat from 10 events to 10,000 events with 100,000 registrations.

Prints, each beside its goal and with its baseline measured in the same run:
- importing the app (time, RSS) in a fresh process, beside Flask + twilio alone;
- SQL statements for a greeting and for a key press (main menu `1`: the list of events);
- CPU per key press in-process, beside a bare Flask app that checks the same signature and
  answers constant TwiML;
- the key press's latency at both sizes.
The gunicorn + wrk part of issue 16 (throughput beside a sample-style menu webhook, p99 at
100 connections) is not measured here yet.

Runs on SQLite, and on PostgreSQL too when BENCH_DATABASE_URL (or TEST_DATABASE_URL) names
a database, which is emptied. Run: .venv/bin/python bench/webhooks.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from flask import Flask, request
from sqlalchemy import delete, event, insert
from twilio.request_validator import RequestValidator

from voice import create_app, schema
from voice.db import make_engine
from voice.models import Base, BridgeKind, Event, Registration, RegistrationStatus, Resident, utcnow

TOKEN = "bench-token-0123456789abcdef0123"
BASE_URL = "http://bench.local"
SIZES = ((10, 0), (10_000, 100_000))  # upcoming events, registrations
PRESSES = 300  # key presses timed per size
GOALS = {"greeting": 6, "key press": 4}
CPU_GOAL = 8.0  # times a bare Flask reply
FLAT_GOAL = 1.10  # large / small latency
IMPORT_GOAL = (0.4, 60)  # seconds, MB
ROOT = Path(__file__).resolve().parent.parent
# Transaction control is not counted (SQLite's BEGIN goes through the cursor, PostgreSQL's
# does not; COMMIT never does): what counts is what reads or writes.
CONTROL = ("BEGIN", "SAVEPOINT", "RELEASE", "ROLLBACK", "COMMIT")


def _line(label: str, value: str, goal: str = "") -> None:
    print(f"{label:<34}{value:>16}   {goal}")


def _import_cost(code: str) -> tuple[float, float]:
    """Seconds and MB (peak RSS) to run `code` in a fresh interpreter; the median of three.

    The peak is the kernel's VmHWM: getrusage's maxrss would count this process's memory,
    which a child inherits across fork and exec."""
    script = (
        "import time\nstarted = time.perf_counter()\n"
        f"{code}\n"
        "seconds = time.perf_counter() - started\n"
        "status = open('/proc/self/status').read().split('VmHWM:')[1].split()[0]\n"
        "print(seconds, status)"
    )
    runs = []
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
        )
        seconds, kilobytes = out.stdout.split()[-2:]
        runs.append((float(seconds), int(kilobytes) / 1024))
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def _imports() -> None:
    base = _import_cost("import flask, twilio.twiml.voice_response")
    ours = _import_cost("import app")
    _line("import Flask + twilio alone", f"{base[0]:.2f} s {base[1]:.0f} MB")
    goal = f"goal: <= {IMPORT_GOAL[0]} s, <= {IMPORT_GOAL[1]} MB"
    _line("import app", f"{ours[0]:.2f} s {ours[1]:.0f} MB", goal)


def _signed(path: str, form: dict[str, str]) -> dict[str, str]:
    return {"X-Twilio-Signature": RequestValidator(TOKEN).compute_signature(BASE_URL + path, form)}


class Caller:
    """One call after another from the same number, through the test client."""

    def __init__(self, app: Flask) -> None:
        self.client = app.test_client()
        self.calls = 0

    def post(self, path: str, **params: str) -> None:
        form = {"CallSid": f"CA{self.calls:032d}", "From": "+497311234567", "To": "+497319876543"}
        form |= params
        response = self.client.post(path, data=form, headers=_signed(path, form))
        assert response.status_code == 200, (path, response.status_code)

    def greet(self) -> None:
        self.calls += 1
        self.post("/voice/incoming", CallStatus="ringing")

    def press(self) -> None:
        self.post("/voice/menu/main", Digits="1")


@contextmanager
def _counting(app: Flask) -> Iterator[list[str]]:
    engine = app.extensions["db"].kw["bind"]
    statements: list[str] = []

    def note(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        if not statement.lstrip().upper().startswith(CONTROL):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", note)


def _fill(app: Flask, events: int, registrations: int) -> None:
    """Empty the database, then upcoming events and, spread over them, registrations."""
    start = utcnow() + timedelta(days=1)
    with app.extensions["db"].begin() as session:
        for table in reversed(Base.metadata.sorted_tables):
            session.execute(delete(table))
        session.execute(
            insert(Event),
            [
                {
                    "title": f"Treffen {n}",
                    "starts_at": start + timedelta(hours=n),
                    "ends_at": start + timedelta(hours=n, minutes=90),
                    "capacity": None,
                    "phone_code": f"{n:04d}",
                    "bridge_kind": BridgeKind.CONFERENCE,
                    "seats_taken": registrations // events,
                }
                for n in range(events)
            ],
        )
        people = max(1, registrations // 10)
        session.execute(
            insert(Resident), [{"phone": f"+4915{n:09d}", "name": None} for n in range(people)]
        )
        event_ids = [e.id for e in session.query(Event.id).order_by(Event.id)]
        resident_ids = [r.id for r in session.query(Resident.id).order_by(Resident.id)]
        rows = [
            {
                "event_id": event_ids[n % events],
                "resident_id": resident_ids[n // 10 % people],
                "status": RegistrationStatus.BOOKED,
            }
            for n in range(registrations)  # ten per person, each at another event
        ]
        for at in range(0, len(rows), 10_000):
            session.execute(insert(Registration), rows[at : at + 10_000])


def _bare_app() -> Flask:
    """The lower bound: the same signature check, a constant reply, no database."""
    bare = Flask("bare")
    validator = RequestValidator(TOKEN)
    reply = '<?xml version="1.0" encoding="UTF-8"?><Response><Say>Hallo</Say></Response>'

    @bare.post("/voice/menu/main")
    def menu() -> tuple[str, int, dict[str, str]]:
        url = BASE_URL + request.path
        if not validator.validate(url, request.form, request.headers.get("X-Twilio-Signature")):
            return "", 403, {}
        return reply, 200, {"Content-Type": "text/xml"}

    return bare


def _cpu_per_request(post, count: int) -> float:  # type: ignore[no-untyped-def]
    started = time.process_time()
    for _ in range(count):
        post()
    return (time.process_time() - started) / count


def _run(url: str, label: str) -> None:
    schema.upgrade(make_engine(url))
    app = create_app(
        {
            "DATABASE_URL": url,
            "TWILIO_AUTH_TOKEN": TOKEN,
            "PUBLIC_BASE_URL": BASE_URL,
            "VOICE_TTS_ENGINE": "say",
            "OFFICE_HOURS": "",
            "STAFF_PHONE_NUMBER": "",
            "TESTING": True,
        }
    )
    print(f"-- {label}")
    bare = Caller(_bare_app())
    bare_cpu = _cpu_per_request(lambda: bare.post("/voice/menu/main", Digits="1"), PRESSES)
    latencies = {}
    for events, registrations in SIZES:
        _fill(app, events, registrations)
        caller = Caller(app)
        caller.greet()
        caller.press()  # warm: first use of each statement
        with _counting(app) as greeting:
            caller.greet()
        with _counting(app) as press:
            caller.press()
        print(f"{events} upcoming events, {registrations} registrations:")
        size = " "
        for name, statements in (("greeting", greeting), ("key press", press)):
            _line(f"{size} SQL statements, {name}", str(len(statements)), f"goal: <= {GOALS[name]}")
        times, cpu = [], 0.0
        for _ in range(PRESSES // 10):
            caller.greet()
            started, cpu_started = time.perf_counter(), time.process_time()
            caller.press()
            times.append(time.perf_counter() - started)
            cpu += time.process_time() - cpu_started
        latencies[events] = statistics.median(times)
        per_press = cpu / len(times)
        _line(f"{size} key press latency (median)", f"{latencies[events] * 1000:.2f} ms")
        _line(
            f"{size} CPU per key press",
            f"{per_press * 1000:.2f} ms",
            f"{per_press / bare_cpu:.1f}x bare Flask ({bare_cpu * 1000:.2f} ms); "
            f"goal: <= {CPU_GOAL:.0f}x",
        )
    small, large = (latencies[e] for e, _r in SIZES)
    _line("latency 10,000 events / 10 events", f"{large / small:.2f}", f"goal: <= {FLAT_GOAL}")
    app.extensions["db"].kw["bind"].dispose()


def main() -> None:
    _imports()
    with tempfile.TemporaryDirectory() as folder:
        _run(f"sqlite:///{folder}/bench.db", "SQLite")
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if url:
        _run(url, "PostgreSQL")


if __name__ == "__main__":
    main()
