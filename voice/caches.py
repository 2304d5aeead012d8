"""Values that change rarely (staff prompt recordings, staff phone numbers), read from the
database once per process and again only after a change.

A process that commits a change to one of a cache's tables writes a new stamp file beside the
audio; a reader compares the stamp's identity (inode and time) with the one it read with: one
`stat` per request instead of a query. Processes on one server share the folder; servers
sharing a database also need it shared (issue 19)."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from voice.files import write_atomically

log = logging.getLogger(__name__)
CHANGED = "stamped_caches_changed"  # Session.info: the names of caches this transaction changed
T = TypeVar("T")
# name -> the tables whose rows the cache holds; and the stamp of the cache made last in this
# process under that name (a worker's job runs outside an app context).
_TABLES: dict[str, tuple[type, ...]] = {}
_LATEST: dict[str, Path] = {}


class Stamped(Generic[T]):
    """`read(session)`, kept until a commit anywhere changes a row of `tables`."""

    def __init__(
        self,
        name: str,
        stamp: Path,
        tables: tuple[type, ...],
        read: Callable[[Session], T],
        fallback: T,
    ) -> None:
        self.name, self.stamp, self.read, self.fallback = name, stamp, read, fallback
        _TABLES[name] = tables
        _LATEST[name] = stamp
        self._lock = threading.Lock()
        self._seen: tuple[int, int] | None = None
        self._value = fallback
        _watch()

    def get(self, load_session: Callable[[], Session]) -> T:
        """The value; `fallback` when the database cannot say (a call goes on)."""
        seen = _identity(self.stamp)
        with self._lock:
            if seen is not None and seen == self._seen:
                return self._value
            try:
                value = self.read(load_session())
            except Exception:
                log.exception("could not read %s; going on without", self.name)
                return self.fallback
            if seen is None:  # no stamp yet: make one, so that the next request can trust it
                changed(self.stamp)
                seen = _identity(self.stamp)
            self._seen, self._value = seen, value
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


def _touched(classes: set[type]) -> set[str]:
    return {name for name, tables in _TABLES.items() if classes.intersection(tables)}


def _flushed(session: Session, _context: object) -> None:
    rows = (*session.new, *session.dirty, *session.deleted)
    names = _touched({type(row) for row in rows})
    if names:
        session.info[CHANGED] = session.info.get(CHANGED, set()) | names


def _executed(state: ORMExecuteState) -> None:
    if state.is_update or state.is_delete:
        names = _touched({mapper.class_ for mapper in state.all_mappers})
        if names:
            state.session.info[CHANGED] = state.session.info.get(CHANGED, set()) | names


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
    event.listen(Session, "after_commit", _committed)
    event.listen(Session, "after_rollback", _rolled_back)
