"""The worker loop: a failing round is logged, counted and retried after a growing pause; the
loop goes on, stops cleanly on SIGTERM, and every worker command records how it fared."""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from voice.models import WorkerStatus, utcnow
from voice.workers import MAX_PAUSE, Runner, pause_after


class Clock:
    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self):
        return self.now


def _status(app, name: str) -> WorkerStatus | None:
    with app.extensions["db"]() as session:
        return session.get(WorkerStatus, name)


def test_a_failing_round_is_logged_counted_and_retried_while_the_loop_goes_on(app, caplog):
    failures = [ValueError("kaputt"), OSError("Platte voll"), ConnectionError("weg"), None, None]
    outcomes = iter(failures)

    def job(_stopping) -> None:
        error = next(outcomes)
        if error:
            raise error

    clock = Clock()
    seen = []  # at each pause: its length, and the status row as /health would read it

    def sleep(seconds: float) -> None:
        row = _status(app, "test")
        seen.append((seconds, row.failures, row.last_error, row.last_ok_at))
        clock.now += timedelta(seconds=seconds)

    runner = Runner("test", job, app.extensions["db"], interval=30, sleep=sleep, now=clock)
    tally = runner.run(rounds=len(failures))

    assert (tally.rounds, tally.failures, tally.in_a_row) == (5, 3, 0)
    assert [pause for pause, *_ in seen] == [30, 60, 120, 30]  # doubling, back after success
    assert [(n, error) for _, n, error, _ in seen] == [
        (1, "ValueError: kaputt"),
        (2, "OSError: Platte voll"),
        (3, "ConnectionError: weg"),
        (0, "ConnectionError: weg"),
    ]
    assert [ok for *_, ok in seen][:3] == [None, None, None]
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert [r.getMessage() for r in errors] == [
        "worker test: round 1 failed (1 in a row); next try in 30 s",
        "worker test: round 2 failed (2 in a row); next try in 60 s",
        "worker test: round 3 failed (3 in a row); next try in 120 s",
    ]
    assert [r.exc_info[1] for r in errors] == failures[:3]  # with the traceback
    row = _status(app, "test")
    assert (row.failures, row.last_ok_at) == (0, clock.now)
    assert row.last_error_at == clock.now - timedelta(seconds=30 + 120)  # round 3, two ago
    assert row.host.endswith(f":{os.getpid()}")


def test_the_pause_grows_to_its_cap():
    assert [pause_after(n, 30) for n in range(7)] == [30, 30, 60, 120, 240, 480, MAX_PAUSE]
    assert pause_after(50, 30) == MAX_PAUSE
    assert pause_after(3, 0) == 4  # `--interval 0` must not spin on errors
    assert pause_after(2, 900) == 900  # never shorter than the interval


def test_sigterm_lets_the_round_finish_then_stops(app):
    finished = []

    def job(stopping) -> None:
        os.kill(os.getpid(), signal.SIGTERM)  # systemd stops the service mid-round
        finished.append(("round finished", stopping()))

    before = signal.getsignal(signal.SIGTERM)
    pauses: list[float] = []
    tally = Runner("test", job, app.extensions["db"], interval=30, sleep=pauses.append).run(
        rounds=3  # bounded: a broken stop would show as three rounds, not hang the suite
    )
    assert finished == [("round finished", True)] and tally.rounds == 1 and pauses == []
    assert signal.getsignal(signal.SIGTERM) is before
    assert _status(app, "test").last_ok_at is not None


def test_sigterm_during_the_pause_stops_at_once(app):
    runner = Runner("test", lambda _stopping: None, app.extensions["db"], interval=60)

    def terminate_in_the_pause() -> None:
        while runner.tally.rounds < 1:  # the signal handler is in place once a round ran
            time.sleep(0.01)
        time.sleep(0.2)
        os.kill(os.getpid(), signal.SIGTERM)

    killer = threading.Thread(target=terminate_in_the_pause)
    started = time.monotonic()
    killer.start()
    tally = runner.run(rounds=2)
    killer.join()
    assert tally.rounds == 1
    assert time.monotonic() - started < 10  # not the 60 s pause


GERMAN = '[greeting]\nwelcome = "Guten Tag!"\n'


@pytest.fixture(scope="session")
def speech_dirs(tmp_path_factory) -> tuple[Path, Path]:
    """A one-prompt catalogue and its audio, shared: the numbers are built once, not per test."""
    folder = tmp_path_factory.mktemp("worker-speech")
    (folder / "prompts").mkdir()
    (folder / "prompts" / "de.toml").write_text(GERMAN)
    return folder / "prompts", folder / "audio"


@pytest.fixture
def worker_app(own_app, speech_dirs):
    """An app on the shared database, committing for real; its status rows are removed after."""
    prompts, audio = speech_dirs
    app = own_app(PROMPTS_DIR=str(prompts), AUDIO_DIR=str(audio))
    yield app
    with app.extensions["db"].begin() as session:
        session.execute(delete(WorkerStatus))


@pytest.mark.parametrize(
    ("command", "name", "says"),
    [
        (["reminders", "run", "--once"], "reminders", "0 Erinnerungsanrufe gestartet."),
        (["recordings", "run", "--once"], "recordings", "0 Aufnahmen gespeichert."),
        (["prompts", "worker", "--once"], "prompts", ""),  # silent when all is built
    ],
)
def test_each_worker_command_records_its_run(worker_app, command, name, says):
    before = utcnow()
    result = worker_app.test_cli_runner().invoke(args=command)
    assert result.exit_code == 0, result.output
    assert says in result.output
    row = _status(worker_app, name)
    assert row.last_ok_at >= before and row.failures == 0 and row.last_error is None


def test_a_failing_once_run_exits_non_zero_and_records_the_error(own_app, tmp_path: Path):
    """A database nobody ran `init-db` on: the round fails, the status row says so."""
    app = own_app(f"sqlite:///{tmp_path}/not-migrated.db")
    WorkerStatus.__table__.create(app.extensions["db"].kw["bind"])
    result = app.test_cli_runner().invoke(args=["recordings", "run", "--once"])
    assert result.exit_code == 1
    assert "recordings: der Durchgang ist fehlgeschlagen" in result.output
    with app.extensions["db"]() as session:
        [row] = session.scalars(select(WorkerStatus)).all()
    assert row.name == "recordings" and row.failures == 1 and row.last_ok_at is None
    assert row.last_error.startswith("OperationalError: (sqlite3.OperationalError) no such table")
