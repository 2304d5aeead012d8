"""Webhook cost benchmark (issue 16): what a greeting and a key press cost, and whether that
stays flat from 10 events to 10,000 events with 100,000 registrations.

Prints, each beside its goal and with its baseline measured in the same run:
- importing the app (time, RSS) in a fresh process, beside Flask + twilio alone;
- SQL statements for a greeting and for a key press (main menu `1`: the list of events);
- CPU per key press in-process, beside a bare Flask app that checks the same signature and
  answers constant TwiML (one bare reply after each press, so both meet the same caches);
- the key press's latency at both sizes, measured side by side in alternating rounds;
- then, when wrk is installed, the load under gunicorn (bench/load.py): throughput beside a
  sample-style menu webhook, p99, errors, the workers' memory.

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
from pathlib import Path

import load
from flask import Flask, request
from sqlalchemy import event
from twilio.request_validator import RequestValidator
from webhook_setup import BASE_URL, SERVER, SIZES, TOKEN, Caller, bench_app, fill, postgres_urls

PRESSES = 30  # key presses per size and round
ROUNDS = 10
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


def _import_once(code: str, env: dict[str, str]) -> tuple[float, float]:
    """Seconds and MB (peak RSS) to run `code` in a fresh interpreter.

    The peak is the kernel's VmHWM: getrusage's maxrss would count this process's memory,
    which a child inherits across fork and exec."""
    script = (
        "import time\nstarted = time.perf_counter()\n"
        f"{code}\n"
        "seconds = time.perf_counter() - started\n"
        "status = open('/proc/self/status').read().split('VmHWM:')[1].split()[0]\n"
        "print(seconds, status)"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **env},
    )
    seconds, kilobytes = out.stdout.split()[-2:]
    return float(seconds), int(kilobytes) / 1024


# What a web worker cannot do without: the web and Twilio's signature and TwiML, the ORM and
# its driver, dates and plurals, phone numbers, the staff pages' logins and CSRF.
LIBRARIES = (
    "import flask, twilio.twiml.voice_response, twilio.request_validator, sqlalchemy.orm, "
    "babel.dates, phonenumbers, flask_login, flask_wtf.csrf"
)


def _imports() -> None:
    """The app as a server connected to Twilio loads it (no simulator), beside Flask and
    twilio alone and beside every library it needs alone; alternating, the median of five
    each."""
    server = {**SERVER, "PUBLIC_BASE_URL": "https://telefon.example.org"}
    base, libraries, ours = [], [], []
    for _ in range(5):
        base.append(_import_once("import flask, twilio.twiml.voice_response", {}))
        libraries.append(_import_once(LIBRARIES, {}))
        ours.append(_import_once("import app", server))
    for label, runs, goal in (
        ("import Flask + twilio alone", base, ""),
        ("import the libraries alone", libraries, "(with SQLAlchemy, Babel, phonenumbers)"),
        ("import app", ours, f"goal: <= {IMPORT_GOAL[0]} s, <= {IMPORT_GOAL[1]} MB"),
    ):
        seconds = statistics.median(r[0] for r in runs)
        megabytes = statistics.median(r[1] for r in runs)
        _line(label, f"{seconds:.2f} s {megabytes:.0f} MB", goal)


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


def _presses(caller: Caller, bare: Caller, count: int) -> tuple[list[float], float, float]:
    """Latencies of `count` key presses (main menu `1`, each in a new call), their CPU, and
    the CPU of as many bare replies, each right after a press (the same cache conditions)."""
    times, cpu, bare_cpu = [], 0.0, 0.0
    for _ in range(count):
        caller.greet()
        caller.to_main()
        started, cpu_started = time.perf_counter(), time.process_time()
        caller.press()
        times.append(time.perf_counter() - started)
        cpu += time.process_time() - cpu_started
        cpu_started = time.process_time()
        bare.post("/voice/menu/main", Digits="1")
        bare_cpu += time.process_time() - cpu_started
    return times, cpu, bare_cpu


def _run(urls: tuple[str, str], label: str) -> None:
    """Both sizes side by side (one database each), measured in alternating rounds so that
    the machine's noise falls on both alike."""
    print(f"-- {label}")
    apps = [bench_app(url) for url in urls]
    callers = []
    for app, (events, registrations) in zip(apps, SIZES, strict=True):
        fill(app, events, registrations)
        caller = Caller(app)
        caller.greet()
        caller.to_main()
        caller.press()  # warm: first use of each statement
        with _counting(app) as greeting:
            caller.greet()
        caller.to_main()
        with _counting(app) as press:
            caller.press()
        print(f"{events} upcoming events, {registrations} registrations (a known caller):")
        for name, statements in (("greeting", greeting), ("key press", press)):
            _line(f"  SQL statements, {name}", str(len(statements)), f"goal: <= {GOALS[name]}")
        callers.append(caller)
    bare = Caller(_bare_app())
    times: list[list[float]] = [[], []]
    cpu, bare_cpu = [0.0, 0.0], [0.0, 0.0]
    for _round in range(ROUNDS):
        for n, caller in enumerate(callers):
            round_times, round_cpu, round_bare = _presses(caller, bare, PRESSES)
            times[n] += round_times
            cpu[n] += round_cpu
            bare_cpu[n] += round_bare
    for n, (events, _registrations) in enumerate(SIZES):
        per_press, per_bare = cpu[n] / len(times[n]), bare_cpu[n] / len(times[n])
        _line(f"{events} events: key press latency", f"{statistics.median(times[n]) * 1000:.2f} ms")
        _line(
            f"{events} events: CPU per key press",
            f"{per_press * 1000:.2f} ms",
            f"{per_press / per_bare:.1f}x bare Flask ({per_bare * 1000:.2f} ms); "
            f"goal: <= {CPU_GOAL:.0f}x",
        )
    small, large = (statistics.median(t) for t in times)
    _line("latency 10,000 events / 10 events", f"{large / small:.2f}", f"goal: <= {FLAT_GOAL}")
    for app in apps:
        app.extensions["db"].kw["bind"].dispose()


def main() -> None:
    _imports()
    with tempfile.TemporaryDirectory() as folder:
        _run((f"sqlite:///{folder}/small.db", f"sqlite:///{folder}/large.db"), "SQLite")
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if url:
        _run(postgres_urls(url), "PostgreSQL")
    print("-- under load")
    load.main()


if __name__ == "__main__":
    main()
