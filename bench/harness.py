"""A load of due reminders and dialers racing for them, one of which dies half-way: shared by
the concurrency test and the dialer benchmark, so both measure the same thing. It empties
every table, so it lives here, outside the installed package."""

from __future__ import annotations

import dataclasses
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from flask import Flask
from sqlalchemy import delete

from voice.models import (
    Base,
    BridgeKind,
    Centre,
    Event,
    Registration,
    RegistrationStatus,
    Resident,
    utcnow,
)
from voice.reminders.cli import make_dialer


class Killed(BaseException):
    """The dialer process dies (not an Exception: nothing in the dialer catches it)."""


@dataclass
class Recorder:
    """Wraps the telephony seam: notes every call placed and can die after a number of them."""

    telephony: object
    die_after: int | None = None
    placed: list[tuple[str, float]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def place_call(self, to, caller, url, status_callback=None, *, machine_detection=False):
        sid = self.telephony.place_call(
            to, caller, url, status_callback, machine_detection=machine_detection
        )
        with self.lock:
            self.placed.append((to, time.monotonic()))
        if self.die_after is not None and len(self.placed) >= self.die_after:
            raise Killed  # after placing the call, before the dialer noted its SID
        return sid

    def __getattr__(self, name):
        return getattr(self.telephony, name)


def load(app: Flask, count: int) -> None:
    """`count` residents booked for an event whose reminders are all due now."""
    with app.app_context(), app.extensions["db"].begin() as session:
        start = utcnow() + timedelta(minutes=30)
        event = Event(
            title="Großer Abend",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            capacity=None,
            phone_code="9999",
            bridge_kind=BridgeKind.CONFERENCE,
            remind_minutes=45,
            seats_taken=count,
        )
        session.add(event)
        session.flush()
        for n in range(count):
            resident = Resident(phone=f"+49731{n:07d}", name=f"Nachbar {n}")
            session.add(resident)
            session.flush()
            session.add(
                Registration(
                    event_id=event.id,
                    resident_id=resident.id,
                    status=RegistrationStatus.BOOKED,
                    wants_reminder=True,
                )
            )


def clear(app: Flask) -> None:
    """Empty every table but the centres (rows fall back on the default centre)."""
    with app.extensions["db"].begin() as session:
        for table in reversed(Base.metadata.sorted_tables):
            if table is not Centre.__table__:
                session.execute(delete(table))


@dataclass
class Result:
    placed: int
    duplicates: int
    highest_rate: float  # most calls placed within any one second
    seconds: float


def race(app: Flask, rate: float, die_after: int) -> Result:
    """Two dialers; the first dies after `die_after` calls and is started again."""
    telephony = app.extensions["telephony"]
    dying = Recorder(telephony, die_after=die_after)
    steady = Recorder(telephony)
    started = time.monotonic()

    def work(recorder: Recorder, name: str) -> None:
        dialer = make_dialer(app, name)
        dialer.settings = dataclasses.replace(
            dialer.settings, rate=rate, claim_timeout=timedelta(seconds=1)
        )
        dialer.telephony = recorder
        with app.app_context():
            try:
                while dialer.run_once():
                    pass
            except Killed:
                return

    threads = [
        threading.Thread(target=work, args=(dying, "A")),
        threading.Thread(target=work, args=(steady, "B")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    time.sleep(1.1)  # the dead dialer's claims expire
    restarted = Recorder(telephony)
    work(restarted, "A-again")
    work(steady, "B")
    calls = dying.placed + steady.placed + restarted.placed
    per_number = Counter(to for to, _at in calls)
    times = sorted(at for _to, at in calls)
    highest = max((sum(1 for t in times if start <= t < start + 1.0) for start in times), default=0)
    return Result(
        len(per_number),
        sum(n - 1 for n in per_number.values()),
        highest,
        time.monotonic() - started,
    )
