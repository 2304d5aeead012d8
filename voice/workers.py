"""One loop for every background worker (`reminders run`, `recordings run`, `prompts worker`).

A job is called once a round with a `stopping()` callable, so that a long round can end
between two of its pieces (a batch of calls, a recording). A round that raises is logged with
its traceback, counted, and tried again after a pause that doubles with each failure in a row
(up to `MAX_PAUSE`); the loop goes on. SIGTERM or Ctrl-C stops it between rounds (a second
Ctrl-C stops at once). After every round the worker's row in `worker_status` says how it
went, for /health, in a short transaction of its own."""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

import click
from flask import Flask, current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from voice.models import WorkerStatus, utcnow

log = logging.getLogger(__name__)

MAX_PAUSE = 600.0  # seconds: the longest wait after failures in a row
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
Stopping = Callable[[], bool]  # True once the worker was asked to stop


def app_object() -> Flask:
    """The current app itself, not its context-local proxy (for what outlives the context)."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    return app


def this_process() -> str:
    """`host:pid`, the name a worker process goes by."""
    return f"{socket.gethostname()}:{os.getpid()}"


def pause_after(failures: int, interval: float) -> float:
    """Seconds to wait before the next round: the interval, doubled per failure in a row."""
    if failures == 0:
        return interval
    return max(interval, min(MAX_PAUSE, max(interval, 1.0) * 2.0 ** (failures - 1)))


@dataclass
class Tally:
    """What a run did."""

    rounds: int = 0
    failures: int = 0  # all failed rounds
    in_a_row: int = 0  # failed rounds since the last good one


class Runner:
    """Runs `job` in rounds, `interval` seconds apart, and survives its failures."""

    def __init__(
        self,
        name: str,
        job: Callable[[Stopping], object],
        sessions: sessionmaker[Session],
        *,
        interval: float,
        sleep: Callable[[float], object] | None = None,
        now: Callable[[], datetime] = utcnow,
    ) -> None:
        self.name, self.job, self.sessions, self.interval = name, job, sessions, interval
        self.now = now
        self.stopping = threading.Event()
        self.sleep = sleep or self.stopping.wait  # a stop signal cuts the pause short
        self.tally = Tally()

    def run(self, *, once: bool = False, rounds: int | None = None) -> Tally:
        """Run rounds until stopped (or once, or `rounds` times); returns what happened."""
        with self._stop_signals():
            while not self.stopping.is_set():
                self.round()
                if once or (rounds is not None and self.tally.rounds >= rounds):
                    break
                if not self.stopping.is_set():
                    self.sleep(pause_after(self.tally.in_a_row, self.interval))
        return self.tally

    def round(self) -> bool:
        """One round of the job; True when it went well."""
        self.tally.rounds += 1
        try:
            self.job(self.stopping.is_set)
        except Exception as error:
            self.tally.failures += 1
            self.tally.in_a_row += 1
            log.error(
                "worker %s: round %s failed (%s in a row); next try in %.0f s",
                self.name,
                self.tally.rounds,
                self.tally.in_a_row,
                pause_after(self.tally.in_a_row, self.interval),
                exc_info=True,
            )
            self._note(error)
            return False
        self.tally.in_a_row = 0
        self._note(None)
        return True

    def stop(self, signum: int | None = None, _frame: object = None) -> None:
        """Finish the current round, then stop; a second Ctrl-C stops at once."""
        if self.stopping.is_set() and signum == signal.SIGINT:
            raise KeyboardInterrupt
        log.info("worker %s: stopping after this round", self.name)
        self.stopping.set()

    @contextmanager
    def _stop_signals(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield  # only the main thread may handle signals; a runner in a thread leaves them
            return
        previous = {signum: signal.signal(signum, self.stop) for signum in STOP_SIGNALS}
        try:
            yield
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    def _note(self, error: Exception | None) -> None:
        """Record the round in `worker_status`; a database that is down must not stop the loop."""
        try:
            record(self.sessions, self.name, self.now(), error, self.tally.in_a_row)
        except Exception:
            log.warning("worker %s: could not record its status", self.name, exc_info=True)


def run_worker(
    name: str, job: Callable[[Stopping], object], app: Flask, *, once: bool, interval: float
) -> None:
    """A worker command's loop; with `once`, a failed round makes the command fail."""
    log.info("worker %s: started as %s, every %s s", name, this_process(), interval)
    tally = Runner(name, job, app.extensions["db"], interval=interval).run(once=once)
    if once and tally.failures:
        raise click.ClickException(
            f"{name}: der Durchgang ist fehlgeschlagen, Einzelheiten stehen im Protokoll."
        )


def record(
    sessions: sessionmaker[Session],
    name: str,
    now: datetime,
    error: Exception | None,
    in_a_row: int,
) -> None:
    """Write how the worker's last round went, in a transaction of its own."""
    for attempt in range(2):  # two new workers may insert the same row at once
        try:
            with sessions.begin() as session:
                status = session.get(WorkerStatus, name)
                if status is None:
                    status = WorkerStatus(name=name)
                    session.add(status)
                status.host, status.failures = this_process(), in_a_row
                if error is None:
                    status.last_ok_at = now
                else:
                    status.last_error = f"{type(error).__name__}: {error}"[:1000]
                    status.last_error_at = now
            return
        except IntegrityError:
            if attempt:
                raise


def statuses(session: Session) -> list[WorkerStatus]:
    """Every worker's status row, by name."""
    return list(session.scalars(select(WorkerStatus).order_by(WorkerStatus.name)))
