"""Values that change rarely (staff prompt recordings, staff phone numbers, centres), read
from the database once per process and again only after a change.

Two signs of a change, both written by the transaction that changes a cache's tables:
- on this server, a new stamp file beside the audio: a reader compares the stamp's identity
  (inode and time) with the one it read with, one `stat` per request instead of a query;
- for every server, the row `cache_version`, raised in the same transaction: a process reads
  it at most once per CACHE_CHECK_SECONDS (one statement for all its caches), so a change
  made through another server is seen within that time (issue 19)."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

from flask import Flask, current_app, has_app_context
from sqlalchemy import event, select, update
from sqlalchemy.orm import ORMExecuteState, Session

from voice.files import write_atomically
from voice.models import CacheVersion

log = logging.getLogger(__name__)
CHANGED = "stamped_caches_changed"  # Session.info: the names of caches this transaction changed
T = TypeVar("T")
# name -> the tables whose rows the cache holds (with a test of which rows count); and the
# stamp of the cache made last in this process under that name (a worker's job runs outside
# an app context).
Relevant = Callable[[object], bool]
_TABLES: dict[str, tuple[tuple[type, ...], Relevant]] = {}
_LATEST: dict[str, Path] = {}


class Versions:
    """The shared version row, read at most once per `interval` seconds by this process."""

    def __init__(self, interval: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval, self.clock = interval, clock
        self._lock = threading.Lock()
        self._read_at: float | None = None
        self._version = 0

    def current(self, load_session: Callable[[], Session]) -> int:
        """The version as last read; read again when `interval` has passed."""
        now = self.clock()
        with self._lock:
            if self._read_at is not None and now - self._read_at < self.interval:
                return self._version
            self._read_at = now  # also after a failure: no query storm while the database is out
            try:
                found = load_session().scalar(select(CacheVersion.version))
            except Exception:
                log.warning("could not read the caches' version", exc_info=True)
                return self._version
            self._version = found or 0
            return self._version


def versions(app: Flask) -> Versions:
    """The app's reader of the shared version (one per process and app)."""
    found: Versions | None = app.extensions.get("cache_versions")
    if found is None:
        found = Versions(float(app.config.get("CACHE_CHECK_SECONDS", 2.0)))
        app.extensions["cache_versions"] = found
    return found


class Stamped(Generic[T]):
    """`read(session)`, kept until a commit anywhere changes a row of `tables` (those rows
    for which `relevant(row)` holds)."""

    def __init__(
        self,
        name: str,
        stamp: Path,
        tables: tuple[type, ...],
        read: Callable[[Session], T],
        fallback: T,
        *,
        shared: Versions | None = None,
        relevant: Relevant = lambda _row: True,
    ) -> None:
        self.name, self.stamp, self.read, self.fallback = name, stamp, read, fallback
        self.shared = shared or Versions(float("inf"))  # none: this server only
        _TABLES[name] = (tables, relevant)
        _LATEST[name] = stamp
        self._lock = threading.Lock()
        self._seen: tuple[tuple[int, int], int] | None = None
        self._value = fallback
        _watch()

    def get(self, load_session: Callable[[], Session]) -> T:
        """The value; `fallback` when the database cannot say (a call goes on)."""
        stamp = _identity(self.stamp)
        version = self.shared.current(load_session)  # before the read: a later change is seen
        with self._lock:
            if stamp is not None and (stamp, version) == self._seen:
                return self._value
            try:
                value = self.read(load_session())
            except Exception:
                log.exception("could not read %s; going on without", self.name)
                return self.fallback
            if stamp is None:  # no stamp yet: make one, so that the next request can trust it
                changed(self.stamp)
                stamp = _identity(self.stamp)
            if stamp is not None:
                self._seen = (stamp, version)
            self._value = value
            return value


def _identity(stamp: Path) -> tuple[int, int] | None:
    try:
        status = stamp.stat()
    except OSError:
        return None
    return status.st_ino, status.st_mtime_ns


def changed(stamp: Path) -> None:
    """Tell every process's cache with this stamp that it changed (a new file: a new inode)."""
    try:
        write_atomically(stamp, os.urandom(8).hex().encode())
    except OSError:
        log.exception("could not mark %s as changed", stamp)


def _touched(rows: list[object]) -> set[str]:
    return {
        name
        for name, (tables, relevant) in _TABLES.items()
        if any(isinstance(row, tables) and relevant(row) for row in rows)
    }


def _flushed(session: Session, _context: object) -> None:
    changed_rows = [row for row in session.dirty if session.is_modified(row)]  # not a no-op
    names = _touched([*session.new, *changed_rows, *session.deleted])
    if names:
        session.info[CHANGED] = session.info.get(CHANGED, set()) | names


def _executed(state: ORMExecuteState) -> None:
    if state.is_update or state.is_delete:  # bulk: which rows is not known, so all count
        classes = {mapper.class_ for mapper in state.all_mappers}
        names = {name for name, (tables, _) in _TABLES.items() if classes.intersection(tables)}
        if names:
            state.session.info[CHANGED] = state.session.info.get(CHANGED, set()) | names


def _committing(session: Session) -> None:
    """Raise the shared version in the transaction that changes a cache's rows."""
    session.flush()  # what is still pending counts too
    if session.info.get(CHANGED):
        session.execute(update(CacheVersion).values(version=CacheVersion.version + 1))


def _committed(session: Session) -> None:
    for name in session.info.pop(CHANGED, set()):
        cache = current_app.extensions.get("stamped", {}).get(name) if has_app_context() else None
        # Outside a request or command (a worker's job): the process's app, the one made last.
        stamp = cache.stamp if cache is not None else _LATEST.get(name)
        if stamp is not None:
            changed(stamp)


def _rolled_back(session: Session) -> None:
    session.info.pop(CHANGED, None)


def _watch() -> None:
    """After each commit that wrote rows a cache holds, mark the change. Rows written by the
    ORM are seen in the flush, bulk UPDATE/DELETE statements where they run; the stamp is
    written only once the commit went through. Listens on every Session of this process
    (once), so sessions from any factory are seen, the tests' too."""
    if event.contains(Session, "after_commit", _committed):
        return
    event.listen(Session, "after_flush", _flushed)
    event.listen(Session, "do_orm_execute", _executed)
    event.listen(Session, "before_commit", _committing)
    event.listen(Session, "after_commit", _committed)
    event.listen(Session, "after_rollback", _rolled_back)
